/* Per-connection state: the direct frame queue, joined rooms, identity. */
#include <stdlib.h>
#include <string.h>

#include "hub.h"
#include "presence.h"
#include "util.h"

static uint64_t conn_serial;

conn *conn_new(void *transport, const char *ip)
{
	conn *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->refs = 1;
	c->transport = transport;
	c->serial = ++conn_serial;
	util_strlcpy(c->ip, ip ? ip : "", sizeof(c->ip));
	frame_asm_init(&c->rx, MSG_FRAME_MAX);
	return c;
}

conn *conn_ref(conn *c)
{
	c->refs++;
	return c;
}

void conn_unref(conn *c)
{
	if (!c || --c->refs > 0)
		return;
	while (c->qlen) {
		wsframe_unref(c->q[c->qhead]);
		c->qhead = (c->qhead + 1) % c->qcap;
		c->qlen--;
	}
	free(c->q);
	free(c->rooms);
	free(c->name);
	free(c->shown);
	wsframe_unref(c->cur);
	frame_asm_free(&c->rx);
	free(c);
}

/* Doubles the queue (8 slots first), unwrapping the ring. -1 at the cap or out of memory. */
static int conn_queue_grow(conn *c)
{
	unsigned ncap = c->qcap ? c->qcap * 2 : 8, i;
	wsframe **nq;

	if (ncap > CONN_QUEUE || !(nq = malloc(ncap * sizeof(*nq))))
		return -1;
	for (i = 0; i < c->qlen; i++)
		nq[i] = c->q[(c->qhead + i) % c->qcap];
	free(c->q);
	c->q = nq;
	c->qhead = 0;
	c->qcap = ncap;
	return 0;
}

int conn_send(conn *c, wsframe *f)
{
	if (c->gone || c->close_code)
		return -1;
	if (c->qlen == c->qcap && conn_queue_grow(c)) {
		conn_close(c, 1008, "too slow");
		return -1;
	}
	c->q[(c->qhead + c->qlen) % c->qcap] = wsframe_ref(f);
	c->qlen++;
	hub_want_write(c);
	return 0;
}

int conn_send_text(conn *c, const char *text, size_t len)
{
	wsframe *f;
	int rc;

	if (c->gone || c->close_code)
		return -1;
	f = wsframe_new(text, len);
	if (!f)
		return -1;
	rc = conn_send(c, f);
	wsframe_unref(f);
	return rc;
}

void conn_close(conn *c, int code, const char *reason)
{
	if (c->gone || c->close_code)
		return;
	c->close_code = code;
	c->close_reason = reason;
	hub_want_write(c);
}

/* A ring entry this connection must not see: its own presence/typing, or a message that the
 * join history already held. */
static int conn_skips(const conn *c, const member *m, const room_entry *e)
{
	if (e->kind == EV_MESSAGE)
		return e->ms < m->floor_ms || (e->ms == m->floor_ms && e->seq <= m->floor_seq);
	if (e->kind == EV_PRESENCE || e->kind == EV_TYPING)
		return c->authed && !strcmp(wsframe_about(e->f), c->uid);
	return 0;
}

static wsframe *conn_next_ring(conn *c)
{
	size_t i;

	for (i = 0; i < c->nrooms; i++) {
		member *m = c->rooms[(c->rr + i) % c->nrooms];
		room *r = m->r;

		while (m->ready && m->tail < r->head) {
			room_entry *e = &r->ring[m->tail & (r->ringcap - 1)];
			m->tail++;
			if (conn_skips(c, m, e))
				continue;
			c->rr = (c->rr + i + 1) % c->nrooms;
			return e->f;
		}
	}
	return NULL;
}

wsframe *conn_next_frame(conn *c)
{
	wsframe *f = NULL;

	wsframe_unref(c->cur);
	c->cur = NULL;
	if (c->qlen) {
		f = c->q[c->qhead];
		c->qhead = (c->qhead + 1) % c->qcap;
		c->qlen--;
		c->cur = f;
		return f;
	}
	if (c->close_code || c->gone)
		return NULL;
	f = conn_next_ring(c);
	if (f)
		c->cur = wsframe_ref(f);
	return f;
}

int conn_pending(const conn *c)
{
	size_t i;

	if (c->qlen)
		return 1;
	if (c->close_code)
		return 0;
	for (i = 0; i < c->nrooms; i++)
		if (c->rooms[i]->ready && c->rooms[i]->tail < c->rooms[i]->r->head)
			return 1;
	return 0;
}

member *conn_member(conn *c, const char *room_id)
{
	size_t i;

	for (i = 0; i < c->nrooms; i++)
		if (!strcmp(c->rooms[i]->r->id, room_id))
			return c->rooms[i];
	return NULL;
}

static void conn_leave_all(conn *c)
{
	while (c->nrooms) {
		member *m = c->rooms[c->nrooms - 1];
		if (m->ready && c->authed && !m->watch)
			presence_leave(m->r->id, c->uid, 0);
		room_exit(m);
	}
}

int conn_login(conn *c, const char *uid, const char *name, const char *role, const char *jti,
	       int64_t exp_ms)
{
	user *u;

	if (c->authed)
		conn_logout(c);
	u = hub_user(uid);
	if (!u)
		return -1;
	c->name = strdup(name);
	if (!c->name) {
		hub_user_release(u);
		return -1;
	}
	util_strlcpy(c->uid, uid, sizeof(c->uid));
	util_strlcpy(c->role, role, sizeof(c->role));
	util_strlcpy(c->jti, jti, sizeof(c->jti));
	c->exp_ms = exp_ms;
	c->u = u;
	c->next_of_user = u->conns;
	u->conns = c;
	u->nconns++;
	c->authed = 1;
	return 0;
}

void conn_logout(conn *c)
{
	conn **pp;

	if (!c->authed)
		return;
	conn_leave_all(c);
	if (c->u) {
		for (pp = &c->u->conns; *pp; pp = &(*pp)->next_of_user)
			if (*pp == c) {
				*pp = c->next_of_user;
				break;
			}
		c->u->nconns--;
		hub_user_release(c->u);
		c->u = NULL;
	}
	c->authed = 0;
	c->uid[0] = c->jti[0] = '\0';
	free(c->name);
	free(c->shown);
	c->name = c->shown = NULL;
	c->country[0] = '\0';
}

int conn_show_as(conn *c, const char *shown, const char *country)
{
	char *s = strdup(shown);

	if (!s)
		return -1;
	free(c->shown);
	c->shown = s;
	util_strlcpy(c->country, country, sizeof(c->country));
	return 0;
}

const char *conn_shown_name(const conn *c)
{
	if (c->shown && c->shown[0])
		return c->shown;
	return c->name ? c->name : "";
}

void conn_gone(conn *c)
{
	conn_leave_all(c);
	conn_logout(c);
	c->gone = 1;
	c->transport = NULL;
	conn_unref(c);
}
