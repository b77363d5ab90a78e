/* say and typing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "core.h"
#include "metrics.h"
#include "reply.h"
#include "sbuf.h"
#include "scripts.h"
#include "store.h"
#include "util.h"

#define TYPING_EVERY_MS 1000

static void said(redisReply *r, void *priv)
{
	request *rq = priv;
	sbuf b;

	if (!request_live(rq) || reply_store_failed(rq->c, rq->re, r, "say"))
		goto done;
	if (r->type != REDIS_REPLY_ARRAY || r->elements != 2 ||
	    r->element[1]->type != REDIS_REPLY_STRING) {
		reply_error(rq->c, rq->re, "internal", NULL);
		goto done;
	}
	if (!strcmp(r->element[0]->str, "new"))
		metrics_now.messages_in++;
	sbuf_init(&b, 64 * 1024);
	sbuf_adds(&b, "\"message\":");
	sbuf_add(&b, r->element[1]->str, r->element[1]->len);
	reply_ok_sbuf(rq->c, rq->re, &b);
	sbuf_free(&b);
done:
	request_free(rq);
}

void handle_say(conn *c, json_t *re, json_t *body)
{
	const char *room = json_string_value(json_object_get(body, "room"));
	json_t *jt = json_object_get(body, "text");
	const char *nonce = json_string_value(json_object_get(body, "nonce"));
	size_t len = json_string_length(jt);
	const char *text = util_trim(json_string_value(jt), &len);
	member *m = conn_member(c, room);
	char hist[24], retry[24];
	const char *argv[8];
	size_t lens[8];
	request *rq;
	int i;

	if (!m || !m->ready) {
		room_not_joined(c, re, body, room);
		return;
	}
	rq = request_new(c, re, body);
	if (!rq) {
		reply_error(c, re, "internal", NULL);
		return;
	}
	snprintf(hist, sizeof(hist), "%ld", core_cfg->history_max);
	snprintf(retry, sizeof(retry), "%lld", (long long)hub_say_take(c->uid, util_now_ms()));
	argv[0] = room;
	argv[1] = c->uid;
	argv[2] = c->name;
	argv[3] = c->role;
	argv[4] = text;
	argv[5] = nonce ? nonce : "";
	argv[6] = hist;
	argv[7] = retry;
	for (i = 0; i < 8; i++)
		lens[i] = i == 4 ? len : strlen(argv[i]);
	store_eval(&sc_say, said, rq, 8, argv, lens);
}

static void typing_sent(redisReply *r, void *priv)
{
	request *rq = priv;

	if (request_live(rq) && !reply_store_failed(rq->c, rq->re, r, "typing"))
		reply_ok(rq->c, rq->re, NULL);
	request_free(rq);
}

void handle_typing(conn *c, json_t *re, json_t *body)
{
	const char *room = json_string_value(json_object_get(body, "room"));
	member *m = conn_member(c, room);
	int64_t now = util_now_ms();
	char chan[ID_MAX + 16], *ev = NULL;
	json_t *o;
	sbuf b;
	const char *argv[3] = {"PUBLISH", chan, NULL};
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
		      account_user_json(c->uid, c->name, c->role));
	ev = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	rq = request_new(c, re, body);
	sbuf_init(&b, 4096);
	sbuf_adds(&b, "t ");
	sbuf_adds(&b, c->uid);
	sbuf_adds(&b, "\n");
	sbuf_adds(&b, ev ? ev : "");
	if (!ev || !rq || b.failed) {
		reply_error(c, re, "internal", NULL);
		request_free(rq);
		goto done;
	}
	snprintf(chan, sizeof(chan), "ev:room:%s", room);
	argv[2] = b.p;
	store_cmd(typing_sent, rq, 3, argv, NULL);
done:
	sbuf_free(&b);
	free(ev);
}
