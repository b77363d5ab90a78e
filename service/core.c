/* Request decoding, validation and dispatch for the participant socket. */
#include "core.h"

#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "match.h"
#include "metrics.h"
#include "presence.h"
#include "reply.h"
#include "sbuf.h"
#include "scripts.h"
#include "store.h"
#include "util.h"
#include "validate.h"

const config *core_cfg;
uv_loop_t *core_loop;

#define ROOM_ID                                                                                    \
	{                                                                                          \
		"room", V_ID, 1, 0, ID_MAX                                                         \
	}

static const v_field f_none[] = {{NULL}};
static const v_field f_register[] = {
    {"email", V_STRING, 1, 0, 254},
    {"password", V_STRING, 1, 0, 1024},
    {"name", V_STRING, 1, 0, 80},
    {"role", V_STRING, 1, 0, 16},
    {NULL},
};
static const v_field f_login[] = {
    {"email", V_STRING, 1, 0, 254},
    {"password", V_STRING, 1, 0, 1024},
    {NULL},
};
static const v_field f_auth[] = {{"token", V_STRING, 1, 0, 512}, {NULL}};
static const v_field f_profile_set[] = {{"profile", V_OBJECT, 1, 0, 0}, {NULL}};
static const v_field f_join[] = {ROOM_ID, {"since", V_MSGID, 0, 0, 0}, {NULL}};
static const v_field f_room[] = {ROOM_ID, {NULL}};
static const v_field f_history[] = {
    ROOM_ID,
    {"before", V_MSGID, 1, 0, 0},
    {"limit", V_INT, 0, 1, 200},
    {NULL},
};
static const v_field f_offer[] = {{"offer", V_ID, 1, 0, ID_MAX}, {NULL}};
static const v_field f_decline[] = {
    {"offer", V_ID, 1, 0, ID_MAX}, {"reason", V_STRING, 0, 0, 500}, {NULL}};
static const v_field f_say[] = {
    ROOM_ID,
    {"text", V_STRING, 1, 0, 4000 * 4},
    {"nonce", V_STRING, 0, 0, 64},
    {NULL},
};

void handle_ping(conn *c, json_t *re, json_t *body)
{
	json_t *o = json_object();

	json_object_set_new(o, "type", json_string("pong"));
	if (re)
		json_object_set(o, "re", re);
	reply_event(c, o);
}

static const route routes[] = {
    {"ping", f_none, 1, handle_ping, 0, {NULL}},
    {"register", f_register, 1, handle_register, 0, {NULL}},
    {"login", f_login, 1, handle_login, 0, {NULL}},
    {"auth", f_auth, 1, handle_auth, 0, {NULL}},
    {"logout", f_none, 0, handle_logout, 0, {NULL}},
    {"profile.get", f_none, 0, handle_profile_get, 0, {NULL}},
    {"profile.set", f_profile_set, 0, handle_profile_set, 0, {NULL}},
    {"rooms.list", f_none, 0, handle_rooms_list, 0, {NULL}},
    {"join", f_join, 0, handle_join, 0, {NULL}},
    {"leave", f_room, 0, handle_leave, 0, {NULL}},
    {"history", f_history, 0, handle_history, 0, {NULL}},
    {"say", f_say, 0, handle_say, 0, {NULL}},
    {"typing", f_room, 0, handle_typing, 0, {NULL}},
    {"match.request", f_none, 0, handle_match_request, 0, {NULL}},
    {"match.status", f_none, 0, handle_match_status, 0, {NULL}},
    {"match.cancel", f_none, 0, handle_match_cancel, 0, {NULL}},
    {"match.offers", f_none, 0, handle_match_offers, 0, {NULL}},
    {"match.accept", f_offer, 0, handle_match_accept, 0, {NULL}},
    {"match.decline", f_decline, 0, handle_match_decline, 0, {NULL}},
};

/* A null member means "absent", everywhere below: take nulls out once, recursively into
 * objects (profile fields too). */
static void drop_nulls(json_t *o)
{
	const char *key;
	json_t *v;
	void *tmp;

	json_object_foreach_safe(o, tmp, key, v)
	{
		if (json_is_null(v))
			json_object_del(o, key);
		else if (json_is_object(v))
			drop_nulls(v);
	}
}

const route *route_find(const route *routes, size_t n, const char *type)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(routes[i].type, type))
			return &routes[i];
	return NULL;
}

void core_dispatch(conn *c, const char *text, size_t len, const route *routes, size_t n)
{
	json_error_t jerr;
	json_t *body = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	json_t *re, *type;
	const route *r;
	char err[160];

	metrics_now.requests++;
	if (!json_is_object(body)) {
		reply_error(c, NULL, "bad_request",
			    body ? "A request is a JSON object." : "The frame is not valid JSON.");
		goto done;
	}
	drop_nulls(body);
	re = validate_request_id(body);
	if (!re && json_object_get(body, "id")) {
		reply_error(c, NULL, "bad_request", "id must be a number or a string.");
		goto done;
	}
	type = json_object_get(body, "type");
	if (!json_is_string(type)) {
		reply_error(c, re, "bad_request", "The field 'type' (a string) is required.");
		goto done;
	}
	r = route_find(routes, n, json_string_value(type));
	if (!r) {
		reply_error(c, re, "bad_request", "Unknown request type.");
		goto done;
	}
	if (validate_fields(body, r->fields, err, sizeof(err))) {
		reply_error(c, re, "bad_request", err);
		goto done;
	}
	if (!r->open && c->authed && c->exp_ms < util_now_ms())
		conn_logout(c);
	if (!r->open && !c->authed) {
		reply_error(c, re, "unauthorized", NULL);
		goto done;
	}
	if (r->admin_only && strcmp(c->role, "admin")) {
		reply_error(c, re, "forbidden", "Only an admin may do this.");
		goto done;
	}
	r->fn(c, re, body);
done:
	json_decref(body);
}

void core_on_message(conn *c, const char *text, size_t len)
{
	core_dispatch(c, text, len, routes, sizeof(routes) / sizeof(routes[0]));
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
	const char *nl = memchr(payload, '\n', len);
	char hdr[128], id[ID_MAX + 1];
	size_t hlen;

	metrics_now.events_in++;
	if (!nl || (hlen = (size_t)(nl - payload)) >= sizeof(hdr))
		return;
	memcpy(hdr, payload, hlen);
	hdr[hlen] = '\0';
	nl++;
	if (!strncmp(channel, "room:", 5)) {
		room_publish(channel + 5, hdr, nl, len - (size_t)(nl - payload));
	} else if (!strncmp(channel, "user:", 5)) {
		if (util_strlcpy(id, channel + 5, sizeof(id)))
			return;
		if (hdr[0] == 'r' && hdr[1] == ' ')
			hub_user_revoke(id, hdr + 2);
		else if (hdr[0] == 'o' && hdr[1] == ' ')
			hub_user_role(id, hdr + 2);
		else if (hdr[0] == 'k' && hdr[1] == ' ')
			hub_user_kick(id, hdr + 2, nl, len - (size_t)(nl - payload));
		else
			hub_user_send(id, nl, len - (size_t)(nl - payload));
	}
}

void core_on_store_up(void)
{
	presence_sync();
}

typedef struct catchup {
	char room[ID_MAX + 1];
} catchup;

static void core_caught_up(redisReply *r, void *priv)
{
	catchup *cu = priv;
	size_t i, k;
	sbuf b;

	if (!r || r->type != REDIS_REPLY_ARRAY)
		goto done;
	for (i = 0; i < r->elements; i++) {
		redisReply *e = r->element[i], *f;
		if (e->type != REDIS_REPLY_ARRAY || e->elements != 2)
			continue;
		f = e->element[1];
		for (k = 0; k + 1 < f->elements; k += 2) {
			char hdr[64];
			if (strcmp(f->element[k]->str, "j"))
				continue;
			snprintf(hdr, sizeof(hdr), "m %s", e->element[0]->str);
			sbuf_init(&b, MSG_FRAME_MAX * 8);
			sbuf_adds(&b, "{\"type\":\"message\",\"room\":\"");
			sbuf_adds(&b, cu->room);
			sbuf_adds(&b, "\",\"message\":");
			sbuf_add(&b, f->element[k + 1]->str, f->element[k + 1]->len);
			sbuf_adds(&b, "}");
			if (!b.failed)
				room_publish(cu->room, hdr, b.p, b.len);
			sbuf_free(&b);
		}
	}
done:
	free(cu);
}

/* Fetches what each local room missed while the subscription was down. */
static void core_catch_up(room *rm, void *arg)
{
	catchup *cu;
	char key[ID_MAX + 16], from[48];
	const char *argv[] = {"XRANGE", key, from, "+", "COUNT", "1000"};
	uint64_t ms, seq;

	if (!rm->nmembers || !(cu = malloc(sizeof(*cu))))
		return;
	room_catchup_from(rm, &ms, &seq);
	util_strlcpy(cu->room, rm->id, sizeof(cu->room));
	snprintf(key, sizeof(key), "room:%s:log", rm->id);
	snprintf(from, sizeof(from), "(%llu-%llu", (unsigned long long)ms, (unsigned long long)seq);
	store_cmd(core_caught_up, cu, 6, argv, NULL);
}

void core_on_sub_up(void)
{
	hub_each_room(core_catch_up, NULL);
	recheck_sessions();
}

#define EXPIRE_EVERY_MS 15000

static uv_timer_t core_expire_timer;

/* Rooms past their end close by themselves; any node may do it. */
static void core_expire_tick(uv_timer_t *t)
{
	if (store_ready())
		store_eval(&sc_rooms_expire, store_ignore, NULL, 0, NULL, NULL);
}

int core_init(const config *cfg, uv_loop_t *loop, char *err, size_t errsz)
{
	core_cfg = cfg;
	core_loop = loop;
	uv_timer_init(loop, &core_expire_timer);
	uv_timer_start(&core_expire_timer, core_expire_tick, EXPIRE_EVERY_MS, EXPIRE_EVERY_MS);
	if (scripts_init() || account_init()) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	if (match_init(loop, cfg->match_interval, cfg->offer_ttl, err, errsz))
		return -1;
	return presence_init(loop, cfg->node, cfg->presence_ttl);
}

void core_shutdown(void)
{
	uv_timer_stop(&core_expire_timer);
	uv_close((uv_handle_t *)&core_expire_timer, NULL);
	presence_shutdown();
	match_shutdown();
}
