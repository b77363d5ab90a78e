/* ratelimit.c: token bucket; see ratelimit.h. */
#include "ratelimit.h"

#include <stddef.h>

/*
 * Refills are sums of fractions, so a bucket that should hold exactly one
 * token may hold 0.9999999999; this slack keeps the advertised wait honest.
 */
#define SLACK 1e-9

static int finite_nonneg(double x)
{
	/* False for NaN and for both infinities. */
	return x >= 0 && x <= 1e300;
}

int ratelimit_cfg_check(const ratelimit_cfg *cfg)
{
	if (cfg == NULL || !finite_nonneg(cfg->burst) || !finite_nonneg(cfg->per_sec) ||
	    cfg->burst < 1)
		return -1;
	return 0;
}

void ratelimit_init(ratelimit *rl, const ratelimit_cfg *cfg, int64_t now_ms)
{
	if (rl == NULL)
		return;
	rl->tokens = ratelimit_cfg_check(cfg) == 0 ? cfg->burst : 0;
	rl->last_ms = now_ms;
}

int64_t ratelimit_take(ratelimit *rl, const ratelimit_cfg *cfg, int64_t now_ms)
{
	double wait;
	int64_t w;

	if (rl == NULL || ratelimit_cfg_check(cfg) < 0)
		return INT64_MAX;
	if (now_ms > rl->last_ms) {
		/* The difference fits in uint64_t even across the whole int64_t range. */
		double elapsed = (double)((uint64_t)now_ms - (uint64_t)rl->last_ms);

		rl->tokens += elapsed * cfg->per_sec / 1000.0;
		rl->last_ms = now_ms;
	}
	if (rl->tokens > cfg->burst)
		rl->tokens = cfg->burst;
	if (rl->tokens >= 1.0 - SLACK) {
		rl->tokens -= 1.0;
		if (rl->tokens < 0)
			rl->tokens = 0;
		return 0;
	}
	if (cfg->per_sec <= 0)
		return INT64_MAX;
	/* Aim between the threshold and 1 so rounding cannot make the wait short. */
	wait = (1.0 - SLACK / 2 - rl->tokens) * 1000.0 / cfg->per_sec;
	if (wait >= 9.0e18)
		return INT64_MAX;
	w = (int64_t)wait;
	if ((double)w < wait)
		w++;
	return w < 1 ? 1 : w;
}
