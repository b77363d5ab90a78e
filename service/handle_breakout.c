/* Breakout groups (see breakout.h). */
#include "breakout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "breakout_groups.h"
#include "core.h"
#include "reply.h"
#include "sizes.h"
#include "store.h"
#include "store_admin.h"
#include "store_breakout.h"
#include "store_rooms.h"
#include "token.h"
#include "util.h"

#define BREAKOUT_HELP_EVERY_MS 60000 /* one call for help a minute, per person and group */
#define BREAKOUT_FIELDS 6

/* A breakout.start between its two script calls: owns rq. */
typedef struct bk_start {
	request *rq;
	char new_id[24];
	uint64_t seed;
} bk_start;

static void bk_start_free(bk_start *s)
{
	if (!s)
		return;
	request_free(s->rq);
	free(s);
}

/* Runs breakout.start with the groups as JSON text (borrowed); hands s->rq to the answer. */
static void bk_run_start(bk_start *s, const char *groups_json, const char *how)
{
	conn *c = s->rq->c;
	json_t *body = s->rq->body;
	const char *prompt = json_string_value(json_object_get(body, "prompt"));
	char minutes[24], warning[24];
	const char *fields[BREAKOUT_FIELDS];

	snprintf(minutes, sizeof(minutes), "%lld",
		 (long long)json_integer_value(json_object_get(body, "minutes")));
	snprintf(warning, sizeof(warning), "%lld", (long long)core_cfg->breakout_warning * 1000);
	fields[0] = json_string_value(json_object_get(body, "room"));
	fields[1] = groups_json;
	fields[2] = minutes;
	fields[3] = prompt ? prompt : "";
	fields[4] = warning;
	fields[5] = how;
	log_info("admin: breakout.start by %s", c->uid);
	script_breakout(reply_answer_cb, s->rq, c->uid, c->name, "breakout.start", s->new_id,
			c->jti, BREAKOUT_FIELDS, fields);
	s->rq = NULL;
	bk_start_free(s);
}

/* The people present, as breakout.people answered them, into groups (a new JSON array of
 * arrays of uids), or NULL with a reason in err. */
static json_t *bk_split(const json_t *people, size_t ngroups, uint64_t seed, const char **err)
{
	static bg_person in[BREAKOUT_PEOPLE_MAX];
	static int group[BREAKOUT_PEOPLE_MAX];
	size_t i, n = json_array_size(people);
	json_t *out;

	if (n > BREAKOUT_PEOPLE_MAX) {
		*err = "Too many people in the room for breakout groups.";
		return NULL;
	}
	if (n < ngroups) {
		*err = "There are fewer people in the room than groups.";
		return NULL;
	}
	for (i = 0; i < n; i++) {
		json_t *p = json_array_get(people, i);
		in[i].uid = json_string_value(json_object_get(p, "id"));
		in[i].origin = json_string_value(json_object_get(p, "origin"));
		if (!in[i].uid) {
			*err = NULL;
			return NULL;
		}
	}
	if (breakout_groups(in, n, ngroups, seed, group) || !(out = json_array())) {
		*err = NULL;
		return NULL;
	}
	for (i = 0; i < ngroups; i++)
		json_array_append_new(out, json_array());
	for (i = 0; i < n; i++)
		json_array_append_new(json_array_get(out, (size_t)group[i]),
				      json_string(in[i].uid));
	return out;
}

/* breakout.people answered: split them and start. */
static void bk_people_cb(const store_answer *a, void *priv)
{
	bk_start *s = priv;
	request *rq = s->rq;
	json_t *head, *groups = NULL;
	const char *err = NULL;
	char *text = NULL;
	size_t n;

	if (!request_live(rq) || reply_answer_failed(rq->c, rq->re, a)) {
		bk_start_free(s);
		return;
	}
	n = (size_t)json_integer_value(json_object_get(rq->body, "groups"));
	head = store_answer_head(a);
	if (head)
		groups = bk_split(json_object_get(head, "people"), n, s->seed, &err);
	if (groups)
		text = json_dumps(groups, JSON_COMPACT);
	if (!text) {
		reply_error(rq->c, rq->re, err ? "bad_request" : "internal", err);
		if (!err)
			log_warn("breakout: could not split the people of %.*s", (int)a->head.len,
				 a->head.p);
	} else {
		bk_run_start(s, text, "balanced");
		s = NULL;
	}
	free(text);
	json_decref(groups);
	json_decref(head);
	bk_start_free(s);
}

/* An assignment: 2..50 groups of ids, at most BREAKOUT_PEOPLE_MAX people. The script checks
 * that they exist and appear once. */
static int bk_assignment_ok(const json_t *as)
{
	size_t i, j, total = 0;

	if (json_array_size(as) < 2 || json_array_size(as) > BREAKOUT_GROUPS_MAX)
		return 0;
	for (i = 0; i < json_array_size(as); i++) {
		const json_t *g = json_array_get(as, i);

		if (!json_is_array(g) || !json_array_size(g))
			return 0;
		for (j = 0; j < json_array_size(g); j++) {
			const char *uid = json_string_value(json_array_get(g, j));

			if (!uid || !util_is_ident(uid, ID_MAX))
				return 0;
		}
		total += json_array_size(g);
	}
	return total <= BREAKOUT_PEOPLE_MAX;
}

void admin_breakout_start(conn *c, json_t *re, json_t *body)
{
	json_t *as = json_object_get(body, "assignment");
	int has_groups = json_object_get(body, "groups") != NULL;
	const char *fields[1] = {json_string_value(json_object_get(body, "room"))};
	char id[33], hex[17], *text;
	bk_start *s;

	if (has_groups == (as != NULL)) {
		reply_error(c, re, "bad_request", "Give either groups or assignment.");
		return;
	}
	if (as && !bk_assignment_ok(as)) {
		reply_error(c, re, "bad_request",
			    "assignment is 2 to 50 non-empty lists of user ids, each person once.");
		return;
	}
	s = calloc(1, sizeof(*s));
	if (!s || token_new_id(id) || !(s->rq = request_new(c, re, body))) {
		reply_error(c, re, "internal", NULL);
		bk_start_free(s);
		return;
	}
	snprintf(s->new_id, sizeof(s->new_id), "b%.12s", id);
	/* The 16 hex digits after the ones the room id took: a new shuffle for each start. */
	memcpy(hex, id + 12, 16);
	hex[16] = '\0';
	s->seed = strtoull(hex, NULL, 16);
	if (as) {
		if (!(text = json_dumps(as, JSON_COMPACT))) {
			reply_error(c, re, "internal", NULL);
			bk_start_free(s);
			return;
		}
		bk_run_start(s, text, "assignment");
		free(text);
		return;
	}
	script_breakout(bk_people_cb, s, c->uid, c->name, "breakout.people", s->new_id, c->jti, 1,
			fields);
}

void handle_breakout_help(conn *c, json_t *re, json_t *body)
{
	const char *room = json_string_value(json_object_get(body, "room"));
	request *rq = room_request(c, re, body, room);

	if (!rq)
		return;
	script_breakout_help(reply_answer_cb, rq, room, c->uid, BREAKOUT_HELP_EVERY_MS);
}

void breakout_tick(void)
{
	script_breakout_expire(store_answer_ignore, NULL); /* failures: logged by the store */
}
