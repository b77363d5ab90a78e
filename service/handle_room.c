/* rooms.list, join, leave, history. Replies are assembled from JSON the scripts produced. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "presence.h"
#include "reply.h"
#include "sbuf.h"
#include "scripts.h"
#include "store.h"
#include "util.h"

#define JOIN_HISTORY "50"
#define SINCE_MAX "1000"
#define ANSWER_MAX (24 * 1024 * 1024) /* 1000 messages of 4000 four-byte characters */

/* Appends "name":[e1,e2,...] from elements [from, to) of an array reply. */
static void json_list(sbuf *b, const char *name, const redisReply *r, size_t from, size_t to)
{
	size_t i;

	sbuf_adds(b, "\"");
	sbuf_adds(b, name);
	sbuf_adds(b, "\":[");
	for (i = from; i < to && i < r->elements; i++) {
		if (i > from)
			sbuf_adds(b, ",");
		sbuf_add(b, r->element[i]->str, r->element[i]->len);
	}
	sbuf_adds(b, "]");
}

static void rooms_listed(redisReply *r, void *priv)
{
	request *rq = priv;
	sbuf b;

	if (!request_live(rq) || reply_store_failed(rq->c, rq->re, r, "rooms.list"))
		goto done;
	sbuf_init(&b, ANSWER_MAX);
	json_list(&b, "rooms", r, 0, r->elements);
	reply_ok_sbuf(rq->c, rq->re, &b);
	sbuf_free(&b);
done:
	request_free(rq);
}

void handle_rooms_list(conn *c, json_t *re, json_t *body)
{
	request *rq = request_new(c, re, body);
	const char *argv[] = {c->uid};

	if (!rq) {
		reply_error(c, re, "internal", NULL);
		return;
	}
	store_eval(&sc_rooms, rooms_listed, rq, 1, argv, NULL);
}

typedef struct join_job {
	request *rq;
	member *m;
	int rejoin;
	int watch;
	uint64_t serial; /* of j->m: the pointer alone may be a new membership */
	char room[ID_MAX + 1];
	char uid[ID_MAX + 1];
	char since[48];
} join_job;

/* The id of the newest message in the answer into seen ("" when none). */
static void join_seen(const redisReply *r, size_t first_msg, char *seen, size_t seensz)
{
	json_t *last;

	seen[0] = '\0';
	if (r->elements <= first_msg)
		return;
	last =
	    json_loadb(r->element[r->elements - 1]->str, r->element[r->elements - 1]->len, 0, NULL);
	if (json_is_string(json_object_get(last, "id")))
		util_strlcpy(seen, json_string_value(json_object_get(last, "id")), seensz);
	json_decref(last);
}

static void join_answer(join_job *j, const redisReply *r)
{
	size_t nmembers, first_msg;
	char seen[48];
	sbuf b;

	nmembers = (size_t)r->element[2]->integer;
	first_msg = 3 + nmembers;
	sbuf_init(&b, ANSWER_MAX);
	sbuf_adds(&b, "\"room\":");
	sbuf_add(&b, r->element[0]->str, r->element[0]->len);
	sbuf_adds(&b, ",");
	json_list(&b, "members", r, 3, first_msg);
	sbuf_adds(&b, ",");
	json_list(&b, "history", r, first_msg, r->elements);
	sbuf_adds(&b, r->element[1]->integer ? ",\"gap\":true" : ",\"gap\":false");
	reply_ok_sbuf(j->rq->c, j->rq->re, &b);
	if (b.failed) {
		/* Told it failed: not joined, and no longer present. */
		sbuf_free(&b);
		if (!j->rejoin && !j->watch)
			presence_leave(j->room, j->uid);
		if (!j->rejoin)
			room_exit(j->m);
		return;
	}
	sbuf_free(&b);
	join_seen(r, first_msg, seen, sizeof(seen));
	/* Skip what the answer held, or what the client said it has. */
	room_ready(j->m, seen[0] ? seen : j->since[0] ? j->since : NULL, seen[0] ? seen : NULL);
}

static int join_reply_ok(const redisReply *r)
{
	return r && r->type == REDIS_REPLY_ARRAY && r->elements >= 3 &&
	       r->element[0]->type == REDIS_REPLY_STRING &&
	       r->element[1]->type == REDIS_REPLY_INTEGER &&
	       r->element[2]->type == REDIS_REPLY_INTEGER &&
	       r->elements >= 3 + (size_t)r->element[2]->integer;
}

static void joined(redisReply *r, void *priv)
{
	join_job *j = priv;
	conn *c = j->rq->c;
	int still = request_live(j->rq) && c->authed && !strcmp(c->uid, j->uid) &&
		    conn_member(c, j->room) == j->m && j->m->serial == j->serial;

	if (!still) {
		/* The connection went away meanwhile: undo the presence the script added. */
		if (join_reply_ok(r) && !j->rejoin && !j->watch)
			presence_leave(j->room, j->uid);
		goto done;
	}
	if (reply_store_failed(c, j->rq->re, r, "join"))
		goto fail;
	if (!join_reply_ok(r)) {
		reply_error(c, j->rq->re, "internal", NULL);
		goto fail;
	}
	join_answer(j, r);
	goto done;
fail:
	if (!j->rejoin)
		room_exit(j->m);
done:
	request_free(j->rq);
	free(j);
}

void handle_join(conn *c, json_t *re, json_t *body)
{
	room_join(c, re, body, 0);
}

void room_join(conn *c, json_t *re, json_t *body, int watch)
{
	const char *room = json_string_value(json_object_get(body, "room"));
	const char *since = json_string_value(json_object_get(body, "since"));
	join_job *j;
	const char *argv[8];

	j = calloc(1, sizeof(*j));
	if (!j) {
		reply_error(c, re, "internal", NULL);
		return;
	}
	j->m = conn_member(c, room);
	if (j->m && !j->m->ready) {
		reply_error(c, re, "conflict", "A join of this room is already under way.");
		free(j);
		return;
	}
	j->rejoin = j->m != NULL;
	j->watch = watch;
	if (!j->m && !(j->m = room_enter(c, room))) {
		reply_error(c, re, "forbidden", "Too many rooms joined on this connection.");
		free(j);
		return;
	}
	j->m->watch = watch;
	j->serial = j->m->serial;
	j->rq = request_new(c, re, body);
	util_strlcpy(j->room, room, sizeof(j->room));
	util_strlcpy(j->uid, c->uid, sizeof(j->uid));
	util_strlcpy(j->since, since ? since : "", sizeof(j->since));
	argv[0] = j->room;
	argv[1] = j->uid;
	argv[2] = core_cfg->node;
	argv[3] = j->since;
	argv[4] = j->rejoin ? "1" : "0";
	argv[5] = JOIN_HISTORY;
	argv[6] = SINCE_MAX;
	argv[7] = watch ? "1" : "0";
	if (!j->rq) {
		reply_error(c, re, "internal", NULL);
		if (!j->rejoin)
			room_exit(j->m);
		free(j);
		return;
	}
	store_eval(&sc_join, joined, j, 8, argv, NULL);
}

void handle_leave(conn *c, json_t *re, json_t *body)
{
	const char *room = json_string_value(json_object_get(body, "room"));
	member *m = conn_member(c, room);

	if (m && !m->ready) {
		reply_error(c, re, "conflict", "The join of this room is still under way.");
		return;
	}
	if (m) {
		if (!m->watch)
			presence_leave(room, c->uid);
		room_exit(m);
	}
	reply_ok(c, re, NULL);
}

static void history_read(redisReply *r, void *priv)
{
	request *rq = priv;
	sbuf b;

	if (!request_live(rq) || reply_store_failed(rq->c, rq->re, r, "history"))
		goto done;
	if (r->type != REDIS_REPLY_ARRAY || r->elements < 1) {
		reply_error(rq->c, rq->re, "internal", NULL);
		goto done;
	}
	sbuf_init(&b, ANSWER_MAX);
	json_list(&b, "messages", r, 1, r->elements);
	sbuf_adds(&b, r->element[0]->integer ? ",\"more\":true" : ",\"more\":false");
	reply_ok_sbuf(rq->c, rq->re, &b);
	sbuf_free(&b);
done:
	request_free(rq);
}

void handle_history(conn *c, json_t *re, json_t *body)
{
	const char *room = json_string_value(json_object_get(body, "room"));
	member *m = conn_member(c, room);
	json_t *lim = json_object_get(body, "limit");
	char limit[16];
	const char *argv[4];
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
	snprintf(limit, sizeof(limit), "%lld", lim ? (long long)json_integer_value(lim) : 50LL);
	argv[0] = room;
	argv[1] = c->uid;
	argv[2] = json_string_value(json_object_get(body, "before"));
	argv[3] = limit;
	store_eval(&sc_history, history_read, rq, 4, argv, NULL);
}

static void not_joined_checked(redisReply *r, void *priv)
{
	request *rq = priv;

	if (!request_live(rq) || reply_store_failed(rq->c, rq->re, r, "room check"))
		goto done;
	if (r->type == REDIS_REPLY_INTEGER && r->integer == 0)
		reply_error(rq->c, rq->re, "not_found", "No such room.");
	else
		reply_error(rq->c, rq->re, "forbidden", "Join the room first.");
done:
	request_free(rq);
}

void room_not_joined(conn *c, json_t *re, json_t *body, const char *room_id)
{
	char key[ID_MAX + 8];
	const char *argv[] = {"EXISTS", key};
	request *rq = request_new(c, re, body);

	if (!rq) {
		reply_error(c, re, "internal", NULL);
		return;
	}
	snprintf(key, sizeof(key), "room:%s", room_id);
	store_cmd(not_joined_checked, rq, 2, argv, NULL);
}
