/* Unit tests for service/ratelimit.c. Time is simulated; nothing sleeps. */
#include "ratelimit.h"

#include "check.h"

#include <math.h>
#include <string.h>

static void test_burst_then_wait(void)
{
	ratelimit_cfg cfg = {5, 2};
	ratelimit rl;
	int i, ok = 0;

	ratelimit_init(&rl, &cfg, 1000);
	for (i = 0; i < 5; i++)
		ok += ratelimit_take(&rl, &cfg, 1000) == 0;
	CHECK_INT(ok, 5);
	/* Empty: one token comes back every 500 ms. */
	CHECK_INT(ratelimit_take(&rl, &cfg, 1000), 500);
	CHECK_INT(ratelimit_take(&rl, &cfg, 1200), 300);
	CHECK_INT(ratelimit_take(&rl, &cfg, 1499), 1);
	CHECK_INT(ratelimit_take(&rl, &cfg, 1500), 0);
	CHECK_INT(ratelimit_take(&rl, &cfg, 1500), 500);
}

/* Refused takes take nothing: asking often does not push the wait back. */
static void test_refusal_is_free(void)
{
	ratelimit_cfg cfg = {1, 1};
	ratelimit rl;
	int64_t t;

	ratelimit_init(&rl, &cfg, 0);
	CHECK_INT(ratelimit_take(&rl, &cfg, 0), 0);
	for (t = 0; t < 1000; t += 10)
		CHECK_INT(ratelimit_take(&rl, &cfg, t), 1000 - t);
	CHECK_INT(ratelimit_take(&rl, &cfg, 1000), 0);
}

/* Waiting exactly the advertised time always succeeds, and one ms less never does. */
static void test_wait_is_exact(void)
{
	static const double rates[] = {3, 7, 0.3, 1000, 1e6, 1.0 / 3, 9.99};
	int64_t now, w;
	size_t r;
	int i, early = 0, late = 0;

	for (r = 0; r < sizeof rates / sizeof rates[0]; r++) {
		ratelimit_cfg cfg = {2, rates[r]};
		ratelimit rl;

		now = 12345;
		ratelimit_init(&rl, &cfg, now);
		for (i = 0; i < 200; i++) {
			w = ratelimit_take(&rl, &cfg, now);
			if (w == 0)
				continue;
			/* Ask one ms early on a copy, so the real bucket is unchanged. */
			if (w > 1) {
				ratelimit probe = rl;

				early += ratelimit_take(&probe, &cfg, now + w - 1) == 0;
			}
			now += w;
			if (ratelimit_take(&rl, &cfg, now) != 0)
				late++;
		}
	}
	CHECK_INT(early, 0);
	CHECK_INT(late, 0);
}

static void test_long_run_rate(void)
{
	ratelimit_cfg cfg = {1, 10};
	ratelimit rl;
	int64_t t;
	int ok = 0;

	/* Asking every ms for 10 s: the first token plus one per 100 ms. */
	ratelimit_init(&rl, &cfg, 0);
	for (t = 0; t <= 10000; t++)
		ok += ratelimit_take(&rl, &cfg, t) == 0;
	CHECK_INT(ok, 101);
}

static void test_refill_caps_at_burst(void)
{
	ratelimit_cfg cfg = {3, 100};
	ratelimit rl;
	int i, ok = 0;

	ratelimit_init(&rl, &cfg, 0);
	for (i = 0; i < 3; i++)
		ratelimit_take(&rl, &cfg, 0);
	/* An hour idle refills to the burst, not beyond. */
	for (i = 0; i < 10; i++)
		ok += ratelimit_take(&rl, &cfg, 3600000) == 0;
	CHECK_INT(ok, 3);
	CHECK(rl.tokens <= cfg.burst);
	/* A fractional burst holds that much. */
	{
		ratelimit_cfg half = {1.5, 1};

		ratelimit_init(&rl, &half, 0);
		CHECK_INT(ratelimit_take(&rl, &half, 0), 0);
		CHECK_INT(ratelimit_take(&rl, &half, 0), 500);
		CHECK_INT(ratelimit_take(&rl, &half, 100000), 0);
		CHECK_INT(ratelimit_take(&rl, &half, 100000), 500);
	}
}

static void test_backwards_clock(void)
{
	ratelimit_cfg cfg = {1, 1};
	ratelimit rl;

	ratelimit_init(&rl, &cfg, 10000);
	CHECK_INT(ratelimit_take(&rl, &cfg, 10000), 0);
	/* Earlier than the last reading: as if no time passed. */
	CHECK_INT(ratelimit_take(&rl, &cfg, 9000), 1000);
	CHECK_INT(ratelimit_take(&rl, &cfg, 0), 1000);
	CHECK_INT(ratelimit_take(&rl, &cfg, -5000000), 1000);
	CHECK_INT(rl.last_ms, 10000);
	/* Coming back must not count the same interval twice. */
	CHECK_INT(ratelimit_take(&rl, &cfg, 10500), 500);
	CHECK_INT(ratelimit_take(&rl, &cfg, 9000), 500);
	CHECK_INT(ratelimit_take(&rl, &cfg, 11000), 0);
	CHECK_INT(ratelimit_take(&rl, &cfg, 11000), 1000);
	/* A backwards reading with tokens left still allows. */
	ratelimit_init(&rl, &(ratelimit_cfg){2, 1}, 5000);
	CHECK_INT(ratelimit_take(&rl, &(ratelimit_cfg){2, 1}, 4000), 0);
	CHECK_INT(rl.last_ms, 5000);
}

static void test_extreme_times(void)
{
	ratelimit_cfg cfg = {2, 1e6};
	ratelimit rl;

	/* The whole int64_t range at once: no overflow, refill to burst. */
	ratelimit_init(&rl, &cfg, INT64_MIN);
	CHECK_INT(ratelimit_take(&rl, &cfg, INT64_MIN), 0);
	CHECK_INT(ratelimit_take(&rl, &cfg, INT64_MIN), 0);
	CHECK_INT(ratelimit_take(&rl, &cfg, INT64_MAX), 0);
	CHECK_INT(ratelimit_take(&rl, &cfg, INT64_MAX), 0);
	/* Very slow refill: the wait is huge but still a real number of ms. */
	{
		ratelimit_cfg slow = {1, 1.0 / 1048576};

		ratelimit_init(&rl, &slow, 0);
		CHECK_INT(ratelimit_take(&rl, &slow, 0), 0);
		CHECK_INT(ratelimit_take(&rl, &slow, 0), 1048576000LL);
	}
	{
		ratelimit_cfg slower = {1, 1e-300};

		ratelimit_init(&rl, &slower, 0);
		CHECK_INT(ratelimit_take(&rl, &slower, 0), 0);
		CHECK_INT(ratelimit_take(&rl, &slower, 0), INT64_MAX);
	}
}

static void test_no_refill(void)
{
	ratelimit_cfg cfg = {2, 0};
	ratelimit rl;

	ratelimit_init(&rl, &cfg, 0);
	CHECK_INT(ratelimit_take(&rl, &cfg, 0), 0);
	CHECK_INT(ratelimit_take(&rl, &cfg, 1), 0);
	CHECK_INT(ratelimit_take(&rl, &cfg, 2), INT64_MAX);
	CHECK_INT(ratelimit_take(&rl, &cfg, INT64_MAX), INT64_MAX);
}

static void test_bad_cfg(void)
{
	static const ratelimit_cfg bad[] = {
	    {0, 1}, {0.5, 1}, {-1, 1}, {2, -1}, {NAN, 1}, {2, NAN}, {INFINITY, 1}, {2, INFINITY},
	};
	ratelimit_cfg good = {2, 1};
	ratelimit rl, before;
	size_t i;

	CHECK_INT(ratelimit_cfg_check(&good), 0);
	CHECK_INT(ratelimit_cfg_check(&(ratelimit_cfg){1, 0}), 0);
	CHECK_INT(ratelimit_cfg_check(NULL), -1);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (!CHECK_INT(ratelimit_cfg_check(&bad[i]), -1))
			fprintf(stderr, "    cfg {%g, %g}\n", bad[i].burst, bad[i].per_sec);
		ratelimit_init(&rl, &good, 0);
		before = rl;
		CHECK_INT(ratelimit_take(&rl, &bad[i], 1000), INT64_MAX);
		CHECK(memcmp(&rl, &before, sizeof rl) == 0);
		/* A bucket made with a bad cfg starts empty. */
		ratelimit_init(&rl, &bad[i], 0);
		CHECK(rl.tokens == 0);
	}
	CHECK_INT(ratelimit_take(NULL, &good, 0), INT64_MAX);
}

int main(void)
{
	test_burst_then_wait();
	test_refusal_is_free();
	test_wait_is_exact();
	test_long_run_rate();
	test_refill_caps_at_burst();
	test_backwards_clock();
	test_extreme_times();
	test_no_refill();
	test_bad_cfg();
	return check_done("ratelimit");
}
