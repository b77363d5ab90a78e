/* Live sessions: the participant's session.get, hand.raise and hand.lower; the admin
 * agenda.set (its items checked here); and the sweep that ends room timers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "core.h"
#include "reply.h"
#include "store_session.h"

#define TIMER_SWEEP_MAX 100 /* timers ended per sweep; the rest wait for the next */

static const v_field f_item[] = {
    {"title", V_STRING, 1, 1, 200}, {"minutes", V_INT, 1, 1, 600}, {NULL}};

/* One of the participant's requests in a room this connection joined. */
static void session_member(conn *c, json_t *re, json_t *body, const char *action)
{
	const char *room = json_string_value(json_object_get(body, "room"));
	request *rq = room_request(c, re, body, room);

	if (!rq)
		return;
	script_session_member(reply_answer_cb, rq, action, room, c->uid);
}

void handle_session_get(conn *c, json_t *re, json_t *body)
{
	session_member(c, re, body, "get");
}

void handle_hand_raise(conn *c, json_t *re, json_t *body)
{
	session_member(c, re, body, "raise");
}

void handle_hand_lower(conn *c, json_t *re, json_t *body)
{
	session_member(c, re, body, "lower");
}

/* The items as the script stores them: each checked, only title and minutes kept. Returns
 * a new array, or NULL with err. */
static json_t *agenda_items(const json_t *items, char *err, size_t errsz)
{
	json_t *out = json_array(), *it;
	size_t i;

	json_array_foreach(items, i, it)
	{
		if (!json_is_object(it) || validate_fields(it, f_item, err, errsz)) {
			if (!json_is_object(it))
				snprintf(err, errsz, "each agenda item must be an object.");
			json_decref(out);
			return NULL;
		}
		json_array_append_new(out,
				      json_pack("{s:O, s:O}", "title", json_object_get(it, "title"),
						"minutes", json_object_get(it, "minutes")));
	}
	return out;
}

void admin_agenda_set(conn *c, json_t *re, json_t *body)
{
	char err[160];
	json_t *items = agenda_items(json_object_get(body, "items"), err, sizeof(err));
	char *text;

	if (!items) {
		reply_error(c, re, "bad_request", err);
		return;
	}
	text = json_dumps(items, JSON_COMPACT);
	json_decref(items);
	if (!text) {
		reply_error(c, re, "internal", NULL);
		return;
	}
	/* The script takes the items as one JSON text. */
	json_object_set_new(body, "items", json_string(text));
	free(text);
	admin_script(c, re, body);
}

void session_timers_tick(void)
{
	script_session_timers(store_answer_ignore, NULL, TIMER_SWEEP_MAX);
}
