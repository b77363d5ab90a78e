/* rooms.list, join, leave, history. Replies are assembled from JSON the scripts produced. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "presence.h"
#include "reply.h"
#include "store_rooms.h"
#include "util.h"

#define JOIN_HISTORY 50
#define SINCE_MAX 1000

void handle_rooms_list(conn *c, json_t *re, json_t *body)
{
	request *rq = request_new(c, re, body);

	if (!rq) {
		reply_error(c, re, "internal", NULL);
		return;
	}
	script_rooms(reply_answer_cb, rq, c->uid);
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
static void join_seen(const store_answer *a, char *seen, size_t seensz)
{
	size_t n = a->lists[JOIN_LIST_HISTORY].n;
	store_str s = store_answer_item(a, JOIN_LIST_HISTORY, n ? n - 1 : 0);
	json_t *last = n ? json_loadb(s.p, s.len, 0, NULL) : NULL;

	seen[0] = '\0';
	if (json_is_string(json_object_get(last, "id")))
		util_strlcpy(seen, json_string_value(json_object_get(last, "id")), seensz);
	json_decref(last);
}

static void join_answer(join_job *j, const store_answer *a)
{
	char seen[48];

	if (reply_ok_answer(j->rq->c, j->rq->re, a)) {
		/* Told it failed: not joined, and no longer present. */
		if (!j->rejoin && !j->watch)
			presence_leave(j->room, j->uid, 0);
		if (!j->rejoin)
			room_exit(j->m);
		return;
	}
	join_seen(a, seen, sizeof(seen));
	/* Skip what the answer held, or what the client said it has. */
	room_ready(j->m, seen[0] ? seen : j->since[0] ? j->since : NULL, seen[0] ? seen : NULL);
}

static void joined(const store_answer *a, void *priv)
{
	join_job *j = priv;
	conn *c = j->rq->c;
	int still = request_live(j->rq) && c->authed && !strcmp(c->uid, j->uid) &&
		    conn_member(c, j->room) == j->m && j->m->serial == j->serial;

	if (!still) {
		/* The connection went away, or a kick or ban took the membership meanwhile: undo
		 * the presence the script added, and answer a connection that is still there. */
		if (!a->code && !j->rejoin && !j->watch)
			presence_leave(j->room, j->uid, 0);
		if (request_live(j->rq) && !reply_answer_failed(c, j->rq->re, a))
			reply_error(c, j->rq->re, "forbidden",
				    "You were removed from the room meanwhile.");
		goto done;
	}
	if (reply_answer_failed(c, j->rq->re, a)) {
		if (!j->rejoin)
			room_exit(j->m);
		goto done;
	}
	join_answer(j, a);
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
	if (!j->rq) {
		reply_error(c, re, "internal", NULL);
		if (!j->rejoin)
			room_exit(j->m);
		free(j);
		return;
	}
	script_join(joined, j, j->room, j->uid, core_cfg->node, j->since, j->rejoin, JOIN_HISTORY,
		    SINCE_MAX, watch);
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
			presence_leave(room, c->uid, 1);
		room_exit(m);
	}
	reply_ok(c, re, NULL);
}

request *room_request(conn *c, json_t *re, json_t *body, const char *room)
{
	member *m = conn_member(c, room);
	request *rq;

	if (!m || !m->ready) {
		room_not_joined(c, re, body, room);
		return NULL;
	}
	if (!(rq = request_new(c, re, body)))
		reply_error(c, re, "internal", NULL);
	return rq;
}

void handle_history(conn *c, json_t *re, json_t *body)
{
	const char *room = json_string_value(json_object_get(body, "room"));
	json_t *lim = json_object_get(body, "limit");
	request *rq = room_request(c, re, body, room);

	if (!rq)
		return;
	script_history(reply_answer_cb, rq, room, c->uid,
		       json_string_value(json_object_get(body, "before")),
		       lim ? (long long)json_integer_value(lim) : 50LL);
}

static void not_joined_checked(const store_answer *a, void *priv)
{
	request *rq = priv;

	if (!request_live(rq) || reply_answer_failed(rq->c, rq->re, a))
		goto done;
	if (store_answer_flag(a, "exists"))
		reply_error(rq->c, rq->re, "forbidden", "Join the room first.");
	else
		reply_error(rq->c, rq->re, "not_found", "No such room.");
done:
	request_free(rq);
}

void room_not_joined(conn *c, json_t *re, json_t *body, const char *room_id)
{
	request *rq = request_new(c, re, body);

	if (!rq) {
		reply_error(c, re, "internal", NULL);
		return;
	}
	script_room_check(not_joined_checked, rq, room_id);
}
