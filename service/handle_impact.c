/* Programme impact on the admin socket (see impact_admin.h). */
#include "impact_admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "core.h"
#include "impact.h"
#include "impact_report.h"
#include "reply.h"
#include "sbuf.h"
#include "sizes.h"
#include "store_admin.h"
#include "token.h"
#include "util.h"

/* The ids of body's array field name as one comma list in body (ids hold no comma). Returns
 * the number of ids, or -1 when one is not an id (err set). */
static int cohort_ids(json_t *body, const char *name, char *err, size_t errsz)
{
	json_t *ids = json_object_get(body, name), *v;
	sbuf b;
	size_t i;
	int n = (int)json_array_size(ids);

	sbuf_init(&b, COHORT_IDS_MAX * (ID_MAX + 1) + 1);
	json_array_foreach(ids, i, v)
	{
		const char *id = json_string_value(v);

		if (!id || !util_is_ident(id, ID_MAX)) {
			snprintf(err, errsz, "field '%s' must list ids", name);
			sbuf_free(&b);
			return -1;
		}
		if (i)
			sbuf_adds(&b, ",");
		sbuf_adds(&b, id);
	}
	if (b.failed) {
		snprintf(err, errsz, "field '%s' is too long", name);
		n = -1;
	} else {
		json_object_set_new(body, name, json_string(b.len ? b.p : ""));
	}
	sbuf_free(&b);
	return n;
}

void admin_cohort_set(conn *c, json_t *re, json_t *body)
{
	const char *type = json_string_value(json_object_get(body, "type"));
	json_t *name = json_object_get(body, "cohort");
	char err[160];
	int rooms, users;

	if (!strcmp(type, "cohort.set") && !impact_cohort_ok(json_string_value(name))) {
		reply_error(c, re, "bad_request", IMPACT_COHORT_ERROR);
		return;
	}
	if ((rooms = cohort_ids(body, "rooms", err, sizeof(err))) < 0 ||
	    (users = cohort_ids(body, "users", err, sizeof(err))) < 0) {
		reply_error(c, re, "bad_request", err);
		return;
	}
	if (rooms + users == 0) {
		reply_error(c, re, "bad_request", "Give rooms or users.");
		return;
	}
	admin_script(c, re, body);
}

/* The facts of impact.lua's answer as impact_report.h reads them (new), or NULL. */
static json_t *report_facts_new(const store_answer *a)
{
	json_t *head = store_answer_head(a), *sessions = json_array(), *people = json_object();
	json_t *facts = NULL;
	size_t i;

	for (i = 0; head && sessions && people && i < a->lists[0].n; i++) {
		store_str it = store_answer_item(a, 0, i);
		if (json_array_append_new(sessions, json_loadb(it.p, it.len, 0, NULL)))
			goto done;
	}
	for (i = 0; head && sessions && people && i < a->lists[1].n; i++) {
		store_str it = store_answer_item(a, 1, i);
		json_t *p = json_loadb(it.p, it.len, 0, NULL);
		const char *id = json_string_value(json_object_get(p, "id"));

		if (!id || json_object_set_new(people, id, p)) {
			json_decref(p);
			goto done;
		}
	}
	if (head && sessions && people)
		facts = json_pack("{s:O, s:O, s:O}", "now", json_object_get(head, "now"),
				  "sessions", sessions, "people", people);
done:
	json_decref(head);
	json_decref(sessions);
	json_decref(people);
	return facts;
}

/* The filters echoed in an answer, as sent (null when absent). */
static void report_echo(json_t *out, const json_t *body, int sessions)
{
	static const char *const names[] = {"from", "to", "cohort", "region", "room"};
	size_t i;

	for (i = 0; i < (sessions ? 5u : 4u); i++) {
		json_t *v = json_object_get(body, names[i]);
		json_object_set_new(out, names[i], v ? json_incref(v) : json_null());
	}
}

static void report_cb(const store_answer *a, void *priv)
{
	request *rq = priv;
	json_t *facts = NULL, *out = NULL;
	const char *type, *region, *cohort;

	if (!request_live(rq) || reply_answer_failed(rq->c, rq->re, a)) {
		request_free(rq);
		return;
	}
	type = json_string_value(json_object_get(rq->body, "type"));
	region = json_string_value(json_object_get(rq->body, "region"));
	cohort = json_string_value(json_object_get(rq->body, "cohort"));
	if ((facts = report_facts_new(a)))
		out = !strcmp(type, "report.cohort") ? impact_cohort_new(facts, cohort, region)
						     : impact_sessions_new(facts, region);
	if (!out) {
		log_warn("impact: could not build %s", type);
		reply_error(rq->c, rq->re, "internal", NULL);
	} else {
		report_echo(out, rq->body, strcmp(type, "report.cohort"));
		json_object_set(out, "generated_at", json_object_get(facts, "now"));
		json_object_set_new(out, "min_cell", json_integer(IMPACT_MIN_CELL));
		reply_ok(rq->c, rq->re, out);
	}
	json_decref(facts);
	request_free(rq);
}

void admin_report(conn *c, json_t *re, json_t *body)
{
	const char *type = json_string_value(json_object_get(body, "type"));
	const char *bad = impact_filters_error(body);
	static const char *const names[] = {"from", "to", "cohort", "room"};
	char nums[2][24], new_id[24], id[33];
	const char *fields[4];
	request *rq;
	size_t i;

	if (bad) {
		reply_error(c, re, "bad_request", bad);
		return;
	}
	for (i = 0; i < 4; i++) {
		json_t *v = json_object_get(body, names[i]);

		if (json_is_integer(v)) {
			snprintf(nums[i], sizeof(nums[i]), "%lld",
				 (long long)json_integer_value(v));
			fields[i] = nums[i];
		} else {
			fields[i] = v ? json_string_value(v) : "";
		}
	}
	if (token_new_id(id) || !(rq = request_new(c, re, body))) {
		reply_error(c, re, "internal", NULL);
		return;
	}
	snprintf(new_id, sizeof(new_id), "r%.12s", id);
	script_impact(report_cb, rq, c->uid, c->name, type, new_id, c->jti, 4, fields);
}
