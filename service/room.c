/* Local rooms: one ring of serialized frames per room, a tail per member connection. */
#include <stdlib.h>
#include <string.h>

#include "hub.h"
#include "strmap.h"
#include "util.h"

extern strmap *hub_rooms;

room *room_find(const char *room_id)
{
	return strmap_get(hub_rooms, room_id);
}

static room *room_get(const char *room_id)
{
	room *r = room_find(room_id);

	if (r)
		return r;
	r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	util_strlcpy(r->id, room_id, sizeof(r->id));
	if (strmap_put(hub_rooms, r->id, r)) {
		free(r);
		return NULL;
	}
	return r;
}

static void room_free(room *r)
{
	size_t i;

	strmap_del(hub_rooms, r->id);
	for (i = 0; i < ROOM_RING; i++)
		wsframe_unref(r->ring[i].f);
	free(r->members);
	free(r);
}

member *room_enter(conn *c, const char *room_id)
{
	room *r;
	static uint64_t member_serial;
	member *m;

	if (c->nrooms == CONN_MAX_ROOMS)
		return NULL;
	r = room_get(room_id);
	if (!r)
		return NULL;
	if (r->nmembers == r->cap) {
		size_t ncap = r->cap ? r->cap * 2 : 8;
		member **nm = realloc(r->members, ncap * sizeof(*nm));
		if (!nm)
			goto error;
		r->members = nm;
		r->cap = ncap;
	}
	m = calloc(1, sizeof(*m));
	if (!m)
		goto error;
	m->c = c;
	m->r = r;
	m->serial = ++member_serial;
	m->tail = r->head;
	r->members[r->nmembers++] = m;
	c->rooms[c->nrooms++] = m;
	return m;
error:
	if (!r->nmembers)
		room_free(r);
	return NULL;
}

void room_exit(member *m)
{
	room *r = m->r;
	conn *c = m->c;
	size_t i;

	for (i = 0; i < r->nmembers; i++)
		if (r->members[i] == m) {
			r->members[i] = r->members[--r->nmembers];
			break;
		}
	for (i = 0; i < c->nrooms; i++)
		if (c->rooms[i] == m) {
			c->rooms[i] = c->rooms[--c->nrooms];
			break;
		}
	if (c->rr >= c->nrooms)
		c->rr = 0;
	free(m);
	if (!r->nmembers)
		room_free(r);
}

int room_parse_id(const char *s, uint64_t *ms, uint64_t *seq)
{
	char *end;

	if (!s || *s < '0' || *s > '9')
		return -1;
	*ms = strtoull(s, &end, 10);
	if (*end != '-' || end[1] < '0' || end[1] > '9')
		return -1;
	*seq = strtoull(end + 1, &end, 10);
	return *end ? -1 : 0;
}

static int id_after(uint64_t ms, uint64_t seq, uint64_t ref_ms, uint64_t ref_seq)
{
	return ms > ref_ms || (ms == ref_ms && seq > ref_seq);
}

void room_ready(member *m, const char *floor_id, const char *seen_id)
{
	if (floor_id)
		room_parse_id(floor_id, &m->floor_ms, &m->floor_seq);
	if (seen_id)
		room_parse_id(seen_id, &m->seen_ms, &m->seen_seq);
	m->ready = 1;
	if (m->tail < m->r->head)
		hub_want_write(m->c);
}

/* Members whose tail would be overwritten lag too far: close them instead of buffering. */
static void room_cull(room *r)
{
	size_t i;

	if (r->head < ROOM_RING)
		return;
	for (i = 0; i < r->nmembers; i++) {
		member *m = r->members[i];
		if (m->tail <= r->head - ROOM_RING && !m->c->close_code) {
			log_warn("room %s: connection %llu lags, closing", r->id,
				 (unsigned long long)m->c->serial);
			conn_close(m->c, 1008, "too slow");
		}
		if (m->tail <= r->head - ROOM_RING)
			m->tail = r->head - ROOM_RING + 1;
	}
}

static void room_entry_fill(room_entry *e, event_kind kind, const char *arg)
{
	e->kind = kind;
	e->ms = e->seq = 0;
	e->subject[0] = '\0';
	if (kind == EV_MESSAGE) {
		if (room_parse_id(arg, &e->ms, &e->seq))
			e->kind = EV_OTHER;
	} else if (kind == EV_PRESENCE || kind == EV_TYPING) {
		util_strlcpy(e->subject, arg, sizeof(e->subject));
	} else {
		e->kind = EV_OTHER;
	}
}

void room_publish(const char *room_id, event_kind kind, const char *arg, const char *json,
		  size_t len)
{
	room *r = room_find(room_id);
	room_entry *e, fresh;
	wsframe *f;
	size_t i;

	if (!r)
		return;
	room_entry_fill(&fresh, kind, arg);
	if (fresh.kind == EV_MESSAGE) {
		/* A message relayed already (a catch-up and the live event both brought it). */
		if (!id_after(fresh.ms, fresh.seq, r->last_ms, r->last_seq))
			return;
		r->last_ms = fresh.ms;
		r->last_seq = fresh.seq;
	}
	f = wsframe_new(json, len);
	if (!f) {
		log_warn("room %s: out of memory, event dropped", room_id);
		return;
	}
	room_cull(r);
	e = &r->ring[r->head % ROOM_RING];
	wsframe_unref(e->f);
	*e = fresh;
	e->f = f;
	r->head++;
	for (i = 0; i < r->nmembers; i++)
		if (r->members[i]->ready)
			hub_want_write(r->members[i]->c);
}

void room_catchup_from(const room *r, uint64_t *ms, uint64_t *seq)
{
	size_t i;
	int any = 0;

	*ms = r->last_ms;
	*seq = r->last_seq;
	if (*ms)
		return;
	/* Nothing relayed yet: from the oldest message a member saw when joining. */
	for (i = 0; i < r->nmembers; i++) {
		const member *m = r->members[i];
		if (!m->ready)
			continue;
		if (!any || !id_after(m->seen_ms, m->seen_seq, *ms, *seq)) {
			*ms = m->seen_ms;
			*seq = m->seen_seq;
		}
		any = 1;
	}
}
