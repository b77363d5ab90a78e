/* The retention timer (see retention.h). */
#include "retention.h"

#include <stdio.h>

#include "store.h"
#include "store_safety.h"
#include "util.h"

#define DAY_MS (24 * 3600 * 1000LL)
#define FIRST_RUN_MAX_MS 60000 /* soon after start, then once a period */

static struct {
	uv_timer_t timer;
	const config *cfg;
	int started;
} ret;

static void retention_done(const store_answer *a, void *priv)
{
	(void)priv;
	if (a->code)
		log_warn("retention: purge failed (%s)", a->code);
	else if (store_answer_flag(a, "ran"))
		log_info("retention: %.*s", (int)a->head.len, a->head.p);
}

static void retention_tick(uv_timer_t *t)
{
	long long period_ms = ret.cfg->retention_check * 1000LL;

	(void)t;
	if (!store_ready())
		return;
	/* The lock lasts a little less than the period, so the next period can take it. */
	script_retention(retention_done, NULL, ret.cfg->node,
			 util_now_ms() - ret.cfg->retention_days * DAY_MS,
			 period_ms > 2000 ? period_ms - 1000 : period_ms / 2);
}

void retention_init(uv_loop_t *loop, const config *cfg)
{
	uint64_t period = (uint64_t)cfg->retention_check * 1000;

	ret.cfg = cfg;
	uv_timer_init(loop, &ret.timer);
	uv_timer_start(&ret.timer, retention_tick,
		       period < FIRST_RUN_MAX_MS ? period : FIRST_RUN_MAX_MS, period);
	ret.started = 1;
}

void retention_shutdown(void)
{
	if (!ret.started)
		return;
	ret.started = 0;
	uv_timer_stop(&ret.timer);
	uv_close((uv_handle_t *)&ret.timer, NULL);
}
