#include "admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "core.h"
#include "match.h"
#include "reply.h"
#include "scripts.h"
#include "store.h"
#include "token.h"
#include "util.h"
#include "validate.h"

#define ROOM_ID                                                                                    \
	{                                                                                          \
		"room", V_ID, 1, 0, ID_MAX                                                         \
	}
#define USER_ID                                                                                    \
	{                                                                                          \
		"user", V_ID, 1, 0, ID_MAX                                                         \
	}
#define REASON                                                                                     \
	{                                                                                          \
		"reason", V_STRING, 0, 0, 500                                                      \
	}
#define DAY_S (86400LL * 365)
#define MS_MAX 32503680000000LL /* year 3000 */

static const v_field f_none[] = {{NULL}};
static const v_field f_auth[] = {
    {"token", V_STRING, 0, 0, 512}, {"secret", V_STRING, 0, 0, 512}, {NULL}};
static const v_field f_login[] = {
    {"email", V_STRING, 1, 0, 254}, {"password", V_STRING, 1, 0, 1024}, {NULL}};
static const v_field f_room[] = {ROOM_ID, {NULL}};
static const v_field f_watch[] = {ROOM_ID, {"since", V_MSGID, 0, 0, 0}, {NULL}};
static const v_field f_room_opt[] = {{"room", V_ID, 0, 0, ID_MAX}, {NULL}};
static const v_field f_create[] = {
    {"title", V_STRING, 1, 1, 200},	{"topic", V_STRING, 0, 0, 1000},
    {"starts_at", V_INT, 0, 0, MS_MAX}, {"ends_at", V_INT, 0, 0, MS_MAX},
    {"kind", V_STRING, 0, 0, 16},	{NULL}};
static const v_field f_slow[] = {ROOM_ID, {"seconds", V_INT, 1, 0, 3600}, {NULL}};
static const v_field f_mute[] = {ROOM_ID, USER_ID, {"seconds", V_INT, 1, 1, DAY_S}, REASON, {NULL}};
static const v_field f_target[] = {ROOM_ID, USER_ID, {NULL}};
static const v_field f_kick[] = {ROOM_ID, USER_ID, REASON, {NULL}};
static const v_field f_ban[] = {ROOM_ID, USER_ID, {"seconds", V_INT, 0, 1, DAY_S}, REASON, {NULL}};
/* The message id is `id` as in the contract (then also the request id), or `message`. */
static const v_field f_delete[] = {ROOM_ID, {"message", V_MSGID, 0, 0, 0}, {NULL}};
static const v_field f_delete_id[] = {{"id", V_MSGID, 1, 0, 0}, {NULL}};
static const v_field f_announce[] = {
    {"room", V_ID, 0, 0, ID_MAX}, {"text", V_STRING, 1, 1, 4000}, {NULL}};
static const v_field f_audit[] = {
    {"room", V_ID, 0, 0, ID_MAX}, {"limit", V_INT, 0, 1, 1000}, {NULL}};
static const v_field f_find[] = {{"email", V_STRING, 1, 1, 254}, {NULL}};
static const v_field f_role[] = {USER_ID, {"role", V_STRING, 1, 1, 16}, {NULL}};

static void admin_auth(conn *c, json_t *re, json_t *body);
static void admin_script(conn *c, json_t *re, json_t *body);
static void admin_watch(conn *c, json_t *re, json_t *body);
static void admin_create(conn *c, json_t *re, json_t *body);
static void admin_delete(conn *c, json_t *re, json_t *body);
static void admin_unwatch(conn *c, json_t *re, json_t *body);

static const route admin_routes[] = {
    {"ping", f_none, 1, handle_ping, 0, {NULL}},
    {"auth", f_auth, 1, admin_auth, 0, {NULL}},
    {"auth.login", f_login, 1, handle_login, 0, {NULL}},
    {"room.create",
     f_create,
     0,
     admin_create,
     0,
     {"title", "topic", "starts_at", "ends_at", "kind"}},
    {"room.close", f_room, 0, admin_script, 0, {"room"}},
    {"room.lock", f_room, 0, admin_script, 0, {"room"}},
    {"room.unlock", f_room, 0, admin_script, 0, {"room"}},
    {"room.slowmode", f_slow, 0, admin_script, 0, {"room", "seconds"}},
    {"user.mute", f_mute, 0, admin_script, 0, {"room", "user", "seconds", "reason"}},
    {"user.unmute", f_target, 0, admin_script, 0, {"room", "user"}},
    {"user.kick", f_kick, 0, admin_script, 0, {"room", "user", "reason"}},
    {"user.ban", f_ban, 0, admin_script, 0, {"room", "user", "seconds", "reason"}},
    {"user.unban", f_target, 0, admin_script, 0, {"room", "user"}},
    {"message.delete", f_delete, 0, admin_delete, 0, {"room", "message"}},
    {"announce", f_announce, 0, admin_script, 0, {"room", "text"}},
    {"room.watch", f_watch, 0, admin_watch, 0, {NULL}},
    {"room.unwatch", f_room, 0, admin_unwatch, 0, {NULL}},
    {"room.stats", f_room_opt, 0, admin_script, 0, {"room"}},
    {"audit.list", f_audit, 0, admin_script, 0, {"room", "limit"}},
    {"user.find", f_find, 0, admin_script, 0, {"email"}},
    {"user.role", f_role, 0, admin_script, 1, {"user", "role"}},
    {"match.run", f_none, 0, handle_match_run, 0, {NULL}},
    {"match.stats", f_none, 0, handle_match_stats, 0, {NULL}},
};

#define NROUTES (sizeof(admin_routes) / sizeof(admin_routes[0]))

void admin_on_message(conn *c, const char *text, size_t len)
{
	core_dispatch(c, text, len, admin_routes, NROUTES);
}

static void admin_auth(conn *c, json_t *re, json_t *body)
{
	const char *secret = json_string_value(json_object_get(body, "secret"));
	const char *want = core_cfg->admin_secret;
	size_t n;

	if (json_object_get(body, "token")) {
		handle_auth(c, re, body);
		return;
	}
	if (!secret) {
		reply_error(c, re, "bad_request", "auth needs a token or a secret.");
		return;
	}
	n = strlen(secret);
	/* An unset secret disables this way in; lengths are not secret. */
	if (!want[0] || n != strlen(want) || CRYPTO_memcmp(secret, want, n)) {
		log_warn("admin: wrong secret from %s", c->ip);
		reply_error(c, re, "unauthorized", "Wrong secret.");
		return;
	}
	conn_login(c, "bootstrap", "bootstrap", "admin", "", INT64_MAX);
	log_info("admin: bootstrap secret accepted from %s", c->ip);
	reply_ok(c, re,
		 json_pack("{s:{s:s, s:s, s:s}}", "user", "id", "bootstrap", "name", "bootstrap",
			   "role", "admin"));
}

/* A field's value as script text: strings as they are, integers in decimal, absent = "". */
static void admin_arg(const json_t *v, char *buf, size_t bufsz, const char **out)
{
	if (json_is_string(v)) {
		*out = json_string_value(v);
	} else if (json_is_integer(v)) {
		snprintf(buf, bufsz, "%lld", (long long)json_integer_value(v));
		*out = buf;
	} else {
		*out = "";
	}
}

static void admin_script(conn *c, json_t *re, json_t *body)
{
	const char *type = json_string_value(json_object_get(body, "type"));
	const route *rt = route_find(admin_routes, NROUTES, type);
	char nums[6][24], new_id[24], id[33];
	const char *argv[11];
	request *rq;
	int i, n = 5;

	if (token_new_id(id)) {
		reply_error(c, re, "internal", NULL);
		return;
	}
	snprintf(new_id, sizeof(new_id), "r%.12s", id);
	argv[0] = c->uid;
	argv[1] = c->name;
	argv[2] = type;
	argv[3] = new_id;
	argv[4] = c->jti;
	for (i = 0; i < 6 && rt->args[i]; i++)
		admin_arg(json_object_get(body, rt->args[i]), nums[i], sizeof(nums[i]), &argv[n++]);
	rq = request_new(c, re, body);
	if (!rq) {
		reply_error(c, re, "internal", NULL);
		return;
	}
	if (strcmp(type, "room.stats") && strcmp(type, "audit.list") && strcmp(type, "user.find"))
		log_info("admin: %s by %s", type, c->uid);
	store_eval(&sc_admin, reply_object_cb, rq, n, argv, NULL);
}

static void admin_watch(conn *c, json_t *re, json_t *body)
{
	room_join(c, re, body, 1);
}

static void admin_unwatch(conn *c, json_t *re, json_t *body)
{
	member *m = conn_member(c, json_string_value(json_object_get(body, "room")));

	if (m && m->watch && m->ready)
		room_exit(m);
	reply_ok(c, re, NULL);
}

#define DEFAULT_SESSION_MS (2 * 3600 * 1000LL)

/* Times: starts now by default, ends two hours later by default, and never before it starts. */
static void admin_create(conn *c, json_t *re, json_t *body)
{
	json_t *s = json_object_get(body, "starts_at"), *e = json_object_get(body, "ends_at");
	json_int_t starts = s ? json_integer_value(s) : util_now_ms();
	json_int_t ends = e ? json_integer_value(e) : starts + DEFAULT_SESSION_MS;

	if (ends <= starts) {
		reply_error(c, re, "bad_request", "ends_at must come after starts_at.");
		return;
	}
	json_object_set_new(body, "starts_at", json_integer(starts));
	json_object_set_new(body, "ends_at", json_integer(ends));
	admin_script(c, re, body);
}

static void admin_delete(conn *c, json_t *re, json_t *body)
{
	char err[160];

	if (!json_object_get(body, "message")) {
		if (validate_fields(body, f_delete_id, err, sizeof(err))) {
			reply_error(c, re, "bad_request", err);
			return;
		}
		json_object_set(body, "message", json_object_get(body, "id"));
	}
	admin_script(c, re, body);
}
