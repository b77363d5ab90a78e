/* say and typing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "contact.h"
#include "core.h"
#include "metrics.h"
#include "reply.h"
#include "store_rooms.h"
#include "util.h"

#define TYPING_EVERY_MS 1000

static void said(const store_answer *a, void *priv)
{
	request *rq = priv;

	if (!request_live(rq) || reply_answer_failed(rq->c, rq->re, a))
		goto done;
	/* new is false for a repeated nonce: only messages stored now count. */
	if (store_answer_flag(a, "new"))
		metrics_now.messages_in++;
	reply_ok_answer(rq->c, rq->re, a);
done:
	request_free(rq);
}

/* The kind of contact detail in a message, else "". The say script decides whether the
 * filter covers its author (everyone, or people under 18). A scan that runs out of memory
 * counts as a find. */
static const char *say_contact(const char *text, size_t len)
{
	contact_kind k = contact_find(text, len);

	return k == CONTACT_NOMEM ? "unknown" : contact_kind_name(k);
}

void handle_say(conn *c, json_t *re, json_t *body)
{
	const char *room = json_string_value(json_object_get(body, "room"));
	json_t *jt = json_object_get(body, "text");
	const char *nonce = json_string_value(json_object_get(body, "nonce"));
	size_t len = json_string_length(jt);
	const char *text = util_trim(json_string_value(jt), &len);
	member *m = conn_member(c, room);
	request *rq;

	if (!m || !m->ready) {
		room_not_joined(c, re, body, room);
		return;
	}
	rq = request_new(c, re, body);
	if (!rq) {
		reply_error(c, re, "internal", NULL);
		return;
	}
	script_say(said, rq, room, c->uid, conn_shown_name(c), c->role, c->country, text, len,
		   nonce ? nonce : "", core_cfg->history_max,
		   (long long)hub_say_take(c->uid, util_now_ms()), say_contact(text, len),
		   !strcmp(core_cfg->contact_filter, "all"), util_year_now());
}

void handle_typing(conn *c, json_t *re, json_t *body)
{
	const char *room = json_string_value(json_object_get(body, "room"));
	member *m = conn_member(c, room);
	int64_t now = util_now_ms();
	char *ev;
	json_t *o;
	request *rq;

	if (!m || !m->ready) {
		room_not_joined(c, re, body, room);
		return;
	}
	if (now - m->typing_ms < TYPING_EVERY_MS) {
		reply_ok(c, re, NULL); /* already told the room a moment ago */
		return;
	}
	m->typing_ms = now;
	o = json_pack("{s:s, s:s, s:o}", "type", "typing", "room", room, "user",
		      account_conn_json(c, 1));
	ev = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	rq = request_new(c, re, body);
	if (!ev || !rq) {
		reply_error(c, re, "internal", NULL);
		request_free(rq);
		free(ev);
		return;
	}
	script_typing(reply_answer_cb, rq, room, c->uid, ev);
	free(ev);
}
