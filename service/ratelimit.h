/*
 * ratelimit.h: token bucket. The caller passes the time in, so the same
 * code serves the event loop, tests and replays.
 *
 * Ownership: the caller owns both structs (usually embedded in a connection
 * or a per-key record); nothing allocates. One cfg may be shared by many
 * buckets. Not locked: use each bucket from one thread at a time.
 */
#ifndef PASSERELLE_RATELIMIT_H
#define PASSERELLE_RATELIMIT_H

#include <stdint.h>

/* burst: bucket size, >= 1. per_sec: refill rate, >= 0 (0 never refills). */
typedef struct ratelimit_cfg {
	double burst;
	double per_sec;
} ratelimit_cfg;

typedef struct ratelimit {
	double tokens;
	int64_t last_ms;
} ratelimit;

/* Returns 0 if cfg is usable (finite, burst >= 1, per_sec >= 0), else -1. */
int ratelimit_cfg_check(const ratelimit_cfg *cfg);

void ratelimit_init(ratelimit *rl, const ratelimit_cfg *cfg, int64_t now_ms); /* starts full */

/*
 * Takes one token: returns 0 if allowed, else the ms to wait until one is
 * available (>= 1); takes nothing then. Time going backwards takes as if no
 * time passed (and the later clock reading is kept). With per_sec 0 an empty
 * bucket, or with a cfg that fails ratelimit_cfg_check any call, returns
 * INT64_MAX.
 */
int64_t ratelimit_take(ratelimit *rl, const ratelimit_cfg *cfg, int64_t now_ms);

#endif
