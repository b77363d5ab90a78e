/* Unit tests for bench/load/check.c: loss, duplicates, order, percentiles. */
#include "../../bench/load/check.h"

#include "check.h"

#include <stdint.h>
#include <stdlib.h>

static void test_in_order(void)
{
	struct check c;

	CHECK_INT(check_init(&c, 3, 2), 0);
	for (uint32_t seq = 1; seq <= 100; seq++)
		for (size_t r = 0; r < 3; r++)
			for (size_t s = 0; s < 2; s++)
				CHECK_INT(check_record(&c, r, s, seq, 1), CHECK_NEW);
	CHECK_UINT(c.received, 600);
	CHECK_UINT(c.dup, 0);
	CHECK_UINT(c.order, 0);
	CHECK_UINT(check_lost(&c, 600), 0);
	check_free(&c);
	check_free(NULL);
}

static void test_loss(void)
{
	struct check c;

	check_init(&c, 1, 1);
	/* Every 5th missing: a gap alone is neither a duplicate nor out of order. */
	for (uint32_t seq = 1; seq <= 100; seq++)
		if (seq % 5 != 0)
			CHECK_INT(check_record(&c, 0, 0, seq, 1), CHECK_NEW);
	CHECK_UINT(c.received, 80);
	CHECK_UINT(check_lost(&c, 100), 20);
	CHECK_UINT(c.dup + c.order, 0);
	CHECK_UINT(check_lost(&c, 50), 0);
	check_free(&c);
}

static void test_dup_and_order(void)
{
	struct check c;

	check_init(&c, 2, 1);
	CHECK_INT(check_record(&c, 0, 0, 1, 1), CHECK_NEW);
	CHECK_INT(check_record(&c, 0, 0, 1, 1), CHECK_DUP);
	CHECK_INT(check_record(&c, 0, 0, 3, 1), CHECK_NEW);
	CHECK_INT(check_record(&c, 0, 0, 2, 1), CHECK_ORDER); /* late, but the first copy */
	CHECK_INT(check_record(&c, 0, 0, 2, 1), CHECK_DUP);
	CHECK_INT(check_record(&c, 0, 0, 3, 1), CHECK_DUP);
	/* Pairs are apart: receiver 1 has seen nothing. */
	CHECK_INT(check_record(&c, 1, 0, 2, 1), CHECK_NEW);
	CHECK_UINT(c.received, 4);
	CHECK_UINT(c.dup, 3);
	CHECK_UINT(c.order, 1);
	CHECK_UINT(check_lost(&c, 4), 0);
	/* Far behind the window of 32: counted as out of order. */
	CHECK_INT(check_record(&c, 0, 0, 100, 1), CHECK_NEW);
	CHECK_INT(check_record(&c, 0, 0, 60, 1), CHECK_ORDER);
	CHECK_INT(check_record(&c, 0, 0, 40, 1), CHECK_ORDER);
	/* A jump of 32 or more forgets what came before it. */
	CHECK_INT(check_record(&c, 0, 0, 69, 1), CHECK_ORDER);
	CHECK_INT(check_record(&c, 0, 0, 69, 1), CHECK_DUP);

	/* Not counted: the state moves, the counters do not. */
	check_reset_counts(&c);
	CHECK_INT(check_record(&c, 1, 0, 3, 0), CHECK_NEW);
	CHECK_INT(check_record(&c, 1, 0, 3, 0), CHECK_DUP);
	CHECK_UINT(c.received + c.dup + c.order, 0);
	CHECK_INT(check_record(&c, 1, 0, 3, 1), CHECK_DUP);
	CHECK_UINT(c.dup, 1);
	check_free(&c);
}

static void test_percentiles(void)
{
	struct hist *h = malloc(sizeof *h);

	hist_reset(h);
	CHECK_UINT(hist_percentile(h, 0.5), 0);
	/* Exact below 64. */
	for (uint64_t v = 1; v <= 50; v++)
		hist_add(h, v);
	CHECK_UINT(hist_percentile(h, 0.5), 25);
	CHECK_UINT(hist_percentile(h, 0.99), 50);
	CHECK_UINT(hist_percentile(h, 1.0), 50);
	CHECK_UINT(h->max, 50);

	/* 1..100000 us: each percentile within 1/32 above the true value. */
	hist_reset(h);
	for (uint64_t v = 1; v <= 100000; v++)
		hist_add(h, v);
	CHECK_UINT(h->total, 100000);
	uint64_t p50 = hist_percentile(h, 0.5), p99 = hist_percentile(h, 0.99);
	uint64_t p999 = hist_percentile(h, 0.999);
	CHECK(p50 >= 50000 && p50 <= 50000 + 50000 / 32);
	CHECK(p99 >= 99000 && p99 <= 99000 + 99000 / 32);
	CHECK(p999 >= 99900 && p999 <= 100000);
	CHECK_UINT(hist_percentile(h, 1.0), 100000);

	/* One slow outlier among fast values moves p999 only when it is over 0.1%. */
	hist_reset(h);
	for (int i = 0; i < 999; i++)
		hist_add(h, 1000);
	hist_add(h, 5000000);
	CHECK(hist_percentile(h, 0.99) <= 1000 + 1000 / 32);
	CHECK(hist_percentile(h, 0.999) <= 1000 + 1000 / 32);
	CHECK_UINT(h->max, 5000000);
	hist_add(h, 5000000);
	CHECK(hist_percentile(h, 0.999) >= 5000000);
	/* Enormous values land in the last bucket instead of past it. */
	hist_add(h, UINT64_MAX);
	CHECK(h->max > 5000000);
	free(h);
}

int main(void)
{
	test_in_order();
	test_loss();
	test_dup_and_order();
	test_percentiles();
	return check_done("loadcheck");
}
