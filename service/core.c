/* Request decoding, validation and dispatch for the participant socket. */
#include "core.h"

#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "breakout.h"
#include "event.h"
#include "match.h"
#include "metrics.h"
#include "presence.h"
#include "retention.h"
#include "reply.h"
#include "scripts.h"
#include "store_rooms.h"
#include "store.h"
#include "util.h"
#include "validate.h"

const config *core_cfg;
uv_loop_t *core_loop;

void handle_ping(conn *c, json_t *re, json_t *body)
{
	json_t *o = json_object();

	json_object_set_new(o, "type", json_string("pong"));
	if (re)
		json_object_set(o, "re", re);
	reply_event(c, o);
}

void core_dispatch(conn *c, const char *text, size_t len, const route *routes, size_t n)
{
	decoded d;
	const route *r;
	const char *refusal;

	metrics_now.requests++;
	if (decode_request(text, len, routes, n, &d)) {
		reply_error(c, d.re, "bad_request", d.err);
		goto done;
	}
	r = d.route;
	if (!r->open && c->authed && c->exp_ms < util_now_ms())
		conn_logout(c);
	refusal = route_refusal(r, c->authed, c->role);
	if (refusal) {
		reply_error(c, d.re, refusal,
			    strcmp(refusal, "forbidden") ? NULL : "Only an admin may do this.");
		goto done;
	}
	r->fn(c, d.re, d.body);
done:
	decoded_clear(&d);
}

void core_on_message(conn *c, const char *text, size_t len)
{
	core_dispatch(c, text, len, core_routes, core_nroutes);
}

void core_on_too_large(conn *c)
{
	reply_error(c, NULL, "too_large", NULL);
	conn_close(c, 1009, "frame too large");
}

request *request_new(conn *c, json_t *re, json_t *body)
{
	request *rq = malloc(sizeof(*rq));

	if (!rq)
		return NULL;
	rq->c = conn_ref(c);
	rq->re = json_incref(re);
	rq->body = json_incref(body);
	return rq;
}

void request_free(request *rq)
{
	if (!rq)
		return;
	conn_unref(rq->c);
	json_decref(rq->re);
	json_decref(rq->body);
	free(rq);
}

int request_live(const request *rq)
{
	return !rq->c->gone;
}

void core_on_event(const char *channel, const char *payload, size_t len)
{
	event ev;

	metrics_now.events_in++;
	if (event_parse(channel, payload, len, &ev))
		return;
	if (ev.scope == EV_SCOPE_ROOM)
		room_publish(ev.id, ev.kind, ev.arg, ev.json, ev.len);
	else if (ev.scope == EV_SCOPE_ADMIN)
		hub_admin_send(ev.json, ev.len);
	else if (ev.kind == EV_REVOKE)
		hub_user_revoke(ev.id, ev.arg);
	else if (ev.kind == EV_ROLE)
		hub_user_role(ev.id, ev.arg);
	else if (ev.kind == EV_KICK)
		hub_user_kick(ev.id, ev.arg, ev.json, ev.len);
	else
		hub_user_send(ev.id, ev.json, ev.len);
}

void core_on_store_up(void)
{
	presence_sync();
}

typedef struct catchup {
	char room[ID_MAX + 1];
} catchup;

static void core_caught_up(const store_answer *a, void *priv)
{
	catchup *cu = priv;
	size_t i;

	for (i = 0; !a->code && i + 1 < a->lists[CATCHUP_LIST_MESSAGES].n; i += 2) {
		store_str id = a->lists[CATCHUP_LIST_MESSAGES].items[i];
		store_str ev = a->lists[CATCHUP_LIST_MESSAGES].items[i + 1];
		char arg[48];
		if (id.len >= sizeof(arg))
			continue;
		memcpy(arg, id.p, id.len);
		arg[id.len] = '\0';
		room_publish(cu->room, EV_MESSAGE, arg, ev.p, ev.len);
	}
	free(cu);
}

/* Fetches what each local room missed while the subscription was down. */
static void core_catch_up(room *rm, void *arg)
{
	catchup *cu;
	char from[48];
	uint64_t ms, seq;

	if (!rm->nmembers || !(cu = malloc(sizeof(*cu))))
		return;
	room_catchup_from(rm, &ms, &seq);
	util_strlcpy(cu->room, rm->id, sizeof(cu->room));
	snprintf(from, sizeof(from), "%llu-%llu", (unsigned long long)ms, (unsigned long long)seq);
	script_catchup(core_caught_up, cu, cu->room, from, 1000);
}

void core_on_sub_up(void)
{
	hub_each_room(core_catch_up, NULL);
	recheck_sessions();
}

#define CLOCK_MS 1000	/* how late a room timer or a breakout step may be */
#define EXPIRE_TICKS 15 /* rooms past their end are looked for every 15 ticks */

static uv_timer_t core_clock;
static unsigned core_ticks;

/* The timed steps no request triggers, on every node: each script claims its work atomically,
 * so any node may do it and it happens once. */
static void core_clock_tick(uv_timer_t *t)
{
	if (!store_ready())
		return;
	session_timers_tick();
	breakout_tick();
	if (++core_ticks % EXPIRE_TICKS == 0)
		script_rooms_expire(store_answer_ignore, NULL);
}

int core_init(const config *cfg, uv_loop_t *loop, char *err, size_t errsz)
{
	core_cfg = cfg;
	core_loop = loop;
	uv_timer_init(loop, &core_clock);
	uv_timer_start(&core_clock, core_clock_tick, CLOCK_MS, CLOCK_MS);
	if (scripts_init()) {
		snprintf(err, errsz, "a script could not be registered (too many scripts or keys)");
		return -1;
	}
	if (account_init()) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	if (match_init(loop, cfg->match_interval, cfg->offer_ttl, err, errsz))
		return -1;
	retention_init(loop, cfg);
	return presence_init(loop, cfg->node, cfg->presence_ttl);
}

void core_shutdown(void)
{
	uv_timer_stop(&core_clock);
	uv_close((uv_handle_t *)&core_clock, NULL);
	presence_shutdown();
	match_shutdown();
	retention_shutdown();
}
