/* Unit tests for service/impact.c: the suppression rule and the percentiles. */
#include "impact.h"

#include <string.h>

#include "check.h"

static int is_suppressed(json_t *v)
{
	int r = json_is_string(v) && !strcmp(json_string_value(v), IMPACT_SUPPRESSED);
	json_decref(v);
	return r;
}

static int is_hidden(json_t *v)
{
	int r = json_is_string(v) && !strcmp(json_string_value(v), IMPACT_HIDDEN);
	json_decref(v);
	return r;
}

static long int_of(json_t *v)
{
	long r = json_is_integer(v) ? (long)json_integer_value(v) : -1;
	json_decref(v);
	return r;
}

static double real_of(json_t *v)
{
	double r = json_is_real(v) ? json_real_value(v) : -1;
	json_decref(v);
	return r;
}

static void test_counts(void)
{
	CHECK_INT(int_of(impact_count_new(0)), 0);
	CHECK_INT(is_suppressed(impact_count_new(1)), 1);
	CHECK_INT(is_suppressed(impact_count_new(4)), 1);
	CHECK_INT(int_of(impact_count_new(5)), 5);
	CHECK_INT(int_of(impact_count_new(120)), 120);
}

static void test_over(void)
{
	json_t *v = impact_over_new(0, json_integer(3));
	CHECK_INT(json_is_null(v), 1);
	json_decref(v);
	CHECK_INT(is_suppressed(impact_over_new(4, json_integer(3))), 1);
	CHECK_INT(int_of(impact_over_new(5, json_integer(3))), 3);
	v = impact_over_new(7, NULL);
	CHECK_INT(json_is_null(v), 1);
	json_decref(v);
}

static void test_share(void)
{
	json_t *v = impact_share_new(0, 0);
	CHECK_INT(json_is_null(v), 1);
	json_decref(v);
	CHECK_INT(real_of(impact_share_new(5, 10)) == 0.5, 1);
	CHECK_INT(real_of(impact_share_new(0, 10)) == 0.0, 1);
	CHECK_INT(real_of(impact_share_new(10, 10)) == 1.0, 1);
	CHECK_INT(real_of(impact_share_new(5, 15)) == 0.333, 1);
	CHECK_INT(is_suppressed(impact_share_new(3, 10)), 1); /* 3 people */
	CHECK_INT(is_suppressed(impact_share_new(8, 10)), 1); /* the 2 others */
	CHECK_INT(is_suppressed(impact_share_new(0, 4)), 1);  /* 4 people in all */
}

/* The hidden cells of n[0..k) as a bit mask, after impact_protect. */
static unsigned protect_mask(const long *n, size_t k)
{
	unsigned char hide[8] = {0};
	unsigned mask = 0;
	size_t i;

	impact_protect(n, k, hide);
	for (i = 0; i < k; i++)
		mask |= hide[i] ? 1u << i : 0;
	return mask;
}

static void test_protect(void)
{
	const long none[] = {5, 9, 0}, lone[] = {6, 1, 8}, pair[] = {1, 2, 7, 9};
	const long enough[] = {3, 4, 6}, all_small[] = {2, 0, 0}, zero_left[] = {4, 0, 12};

	CHECK_INT(protect_mask(none, 3), 0);
	CHECK_INT(protect_mask(lone, 3), 0x3);	    /* 1 hidden: the 6 goes with it */
	CHECK_INT(protect_mask(pair, 4), 0x7);	    /* 1 + 2 = 3 people: the 7 too */
	CHECK_INT(protect_mask(enough, 3), 0x3);    /* 3 + 4 = 7 hidden: enough */
	CHECK_INT(protect_mask(all_small, 3), 0x1); /* nothing else to hide; zeros stay */
	CHECK_INT(protect_mask(zero_left, 3), 0x5); /* never a zero: the 12 */
	{
		const long rows[] = {9, 7, 6};
		unsigned char hide[3] = {0, 1, 0}; /* hidden by another rule: the 6 goes too */

		impact_protect(rows, 3, hide);
		CHECK_INT(hide[0] == 0 && hide[1] == 1 && hide[2] == 1, 1);
	}
	/* Parts of a shown total: 6 of 10 spoke, so the 4 silent ones hide the 6. */
	CHECK_INT(is_hidden(impact_part_new(6, 10)), 1);
	CHECK_INT(is_suppressed(impact_cell_new(3, 1)), 1); /* under 5 stays "<5" */
	CHECK_INT(is_hidden(impact_share_hidden_new(5, 10, 1)), 1);
	CHECK_INT(is_suppressed(impact_share_hidden_new(8, 10, 1)), 1); /* the share rule's */
	CHECK_INT(real_of(impact_share_hidden_new(5, 10, 0)) == 0.5, 1);
	CHECK_INT(is_suppressed(impact_part_new(2, 10)), 1);
	CHECK_INT(int_of(impact_part_new(5, 10)), 5);
	CHECK_INT(int_of(impact_part_new(10, 10)), 10);
	CHECK_INT(int_of(impact_part_new(0, 10)), 0);
	CHECK_INT(int_of(impact_cell_new(0, 1)), 0);
}

/* A chain of shrinking counts out of 20: each against the whole and the one before. */
static void test_chain(void)
{
	long prev = -1;

	CHECK_INT(impact_chain_hidden(20, 20, &prev), 0);
	CHECK_INT(impact_chain_hidden(15, 20, &prev), 0);
	CHECK_INT(impact_chain_hidden(13, 20, &prev), 1); /* 2 between 15 and 13 */
	CHECK_INT(prev, -1);
	CHECK_INT(impact_chain_hidden(11, 20, &prev), 0); /* the 13 is hidden: 9 from 20 */
	CHECK_INT(impact_chain_hidden(17, 20, &prev), 1); /* 3 from the whole */
	CHECK_INT(impact_chain_hidden(0, 20, &prev), 0);
}

static void test_percentile(void)
{
	double v[] = {9, 1, 5, 3, 7};
	impact_sort(v, 5);
	CHECK_INT(v[0] == 1 && v[4] == 9, 1);
	CHECK_INT(impact_percentile(v, 5, 50) == 5, 1);
	CHECK_INT(impact_percentile(v, 5, 25) == 3, 1);
	CHECK_INT(impact_percentile(v, 4, 50) == 4, 1); /* 1 3 5 7: between 3 and 5 */
	CHECK_INT(impact_percentile(v, 5, 100) == 9, 1);
	CHECK_INT(impact_percentile(v, 0, 50) == 0, 1);
	CHECK_INT(impact_percentile(v, 1, 90) == 1, 1);
}

int main(void)
{
	test_counts();
	test_over();
	test_share();
	test_protect();
	test_chain();
	test_percentile();
	return check_done("impact");
}
