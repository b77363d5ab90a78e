#include "admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "core.h"
#include "impact.h"
#include "match.h"
#include "reply.h"
#include "store_admin.h"
#include "token.h"
#include "util.h"
#include "route.h"
#include "validate.h"

void admin_on_message(conn *c, const char *text, size_t len)
{
	core_dispatch(c, text, len, admin_routes, admin_nroutes);
}

void admin_auth(conn *c, json_t *re, json_t *body)
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

/* A field's value as script text: strings as they are, integers in decimal, booleans "1" or
 * "0", absent = "". */
static void admin_arg(const json_t *v, char *buf, size_t bufsz, const char **out)
{
	if (json_is_string(v)) {
		*out = json_string_value(v);
	} else if (json_is_boolean(v)) {
		*out = json_is_true(v) ? "1" : "0";
	} else if (json_is_integer(v)) {
		snprintf(buf, bufsz, "%lld", (long long)json_integer_value(v));
		*out = buf;
	} else {
		*out = "";
	}
}

/* Requests that change nothing: not logged, as consoles ask them often. */
static int admin_is_read(const char *type)
{
	static const char *const reads[] = {
	    "room.stats",      "audit.list",   "user.find", "report.list", "session.get",
	    "breakout.status", "poll.results", "poll.list", "cohort.list", NULL};
	size_t i;

	for (i = 0; reads[i]; i++)
		if (!strcmp(type, reads[i]))
			return 1;
	return 0;
}

void admin_script(conn *c, json_t *re, json_t *body)
{
	const char *type = json_string_value(json_object_get(body, "type"));
	const route *rt = route_find(admin_routes, admin_nroutes, type);
	char nums[6][24], new_id[24], id[33];
	const char *fields[6];
	request *rq;
	int n = 0;

	if (token_new_id(id)) {
		reply_error(c, re, "internal", NULL);
		return;
	}
	snprintf(new_id, sizeof(new_id), "r%.12s", id);
	for (n = 0; n < 6 && rt->args[n]; n++)
		admin_arg(json_object_get(body, rt->args[n]), nums[n], sizeof(nums[n]), &fields[n]);
	rq = request_new(c, re, body);
	if (!rq) {
		reply_error(c, re, "internal", NULL);
		return;
	}
	if (!admin_is_read(type))
		log_info("admin: %s by %s", type, c->uid);
	(rt->run ? rt->run : script_admin)(reply_answer_cb, rq, c->uid, c->name, type, new_id,
					   c->jti, (size_t)n, fields);
}

void admin_watch(conn *c, json_t *re, json_t *body)
{
	room_join(c, re, body, 1);
}

void admin_unwatch(conn *c, json_t *re, json_t *body)
{
	member *m = conn_member(c, json_string_value(json_object_get(body, "room")));

	if (m && m->watch && m->ready)
		room_exit(m);
	reply_ok(c, re, NULL);
}

#define DEFAULT_SESSION_MS (2 * 3600 * 1000LL)

/* Times: starts now by default, ends two hours later by default, and never before it starts. */
void admin_create(conn *c, json_t *re, json_t *body)
{
	json_t *s = json_object_get(body, "starts_at"), *e = json_object_get(body, "ends_at");
	json_int_t starts = s ? json_integer_value(s) : util_now_ms();
	json_int_t ends = e ? json_integer_value(e) : starts + DEFAULT_SESSION_MS;

	if (ends <= starts) {
		reply_error(c, re, "bad_request", "ends_at must come after starts_at.");
		return;
	}
	if (json_object_get(body, "cohort") &&
	    !impact_cohort_ok(json_string_value(json_object_get(body, "cohort")))) {
		reply_error(c, re, "bad_request", IMPACT_COHORT_ERROR);
		return;
	}
	json_object_set_new(body, "starts_at", json_integer(starts));
	json_object_set_new(body, "ends_at", json_integer(ends));
	admin_script(c, re, body);
}

void admin_delete(conn *c, json_t *re, json_t *body)
{
	char err[160];

	if (!json_object_get(body, "message")) {
		if (validate_fields(body, admin_f_delete_id, err, sizeof(err))) {
			reply_error(c, re, "bad_request", err);
			return;
		}
		json_object_set(body, "message", json_object_get(body, "id"));
	}
	admin_script(c, re, body);
}
