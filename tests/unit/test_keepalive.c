/* Unit tests for service/keepalive.c. Time is simulated; nothing sleeps. */
#include "keepalive.h"

#include "check.h"

/* Quiet until the ping delay, one ping, quiet again, dropped at the drop delay. */
static void test_ping_then_drop(void)
{
	keepalive k;
	uint64_t t;
	int pings = 0;

	keepalive_start(&k, 1000, 30000, 0, 7);
	CHECK_INT(keepalive_check(&k, 1000, 70000), KEEPALIVE_QUIET);
	CHECK_INT(keepalive_check(&k, 30999, 70000), KEEPALIVE_QUIET);
	CHECK_INT(keepalive_check(&k, 31000, 70000), KEEPALIVE_PING);
	for (t = 31000; t < 71000; t += 500)
		pings += keepalive_check(&k, t, 70000) == KEEPALIVE_PING;
	CHECK_INT(pings, 0);
	CHECK_INT(keepalive_check(&k, 71000, 70000), KEEPALIVE_DROP);
	CHECK_INT(keepalive_check(&k, 99000, 70000), KEEPALIVE_DROP);
}

/* Hearing the peer restarts the clock and allows the next ping. */
static void test_heard_restarts(void)
{
	keepalive k;

	keepalive_start(&k, 0, 30000, 0, 1);
	CHECK_INT(keepalive_check(&k, 30000, 70000), KEEPALIVE_PING);
	keepalive_heard(&k, 60000);
	CHECK_INT(keepalive_check(&k, 89999, 70000), KEEPALIVE_QUIET);
	CHECK_INT(keepalive_check(&k, 90000, 70000), KEEPALIVE_PING);
	CHECK_INT(keepalive_check(&k, 129999, 70000), KEEPALIVE_QUIET);
	CHECK_INT(keepalive_check(&k, 130000, 70000), KEEPALIVE_DROP);
	/* A clock read before heard_ms (another source) counts as no silence. */
	keepalive_heard(&k, 200000);
	CHECK_INT(keepalive_check(&k, 150000, 70000), KEEPALIVE_QUIET);
}

/* Connections opened together get ping delays spread over the window, each inside it. */
static void test_spread(void)
{
	enum { N = 1000, SPREAD = 10000, BUCKETS = 10 };
	int count[BUCKETS] = {0};
	keepalive k;
	uint32_t i;
	int b, inside = 1;

	for (i = 0; i < N; i++) {
		keepalive_start(&k, 0, 30000, SPREAD, i);
		inside &= k.ping_after_ms >= 30000 && k.ping_after_ms < 30000 + SPREAD;
		count[(k.ping_after_ms - 30000) / (SPREAD / BUCKETS) % BUCKETS]++;
	}
	CHECK(inside);
	for (b = 0; b < BUCKETS; b++)
		CHECK(count[b] > N / BUCKETS / 2 && count[b] < N / BUCKETS * 2);
	keepalive_start(&k, 5, 2000, 0, 99);
	CHECK_INT(k.ping_after_ms, 2000);
}

int main(void)
{
	test_ping_then_drop();
	test_heard_restarts();
	test_spread();
	return check_done("keepalive");
}
