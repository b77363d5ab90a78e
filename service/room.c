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
	r->ring = calloc(ROOM_RING_MIN, sizeof(*r->ring));
	r->ringcap = ROOM_RING_MIN;
	util_strlcpy(r->id, room_id, sizeof(r->id));
	if (!r->ring || strmap_put(hub_rooms, r->id, r)) {
		free(r->ring);
		free(r);
		return NULL;
	}
	return r;
}

static void room_free(room *r)
{
	size_t i;

	strmap_del(hub_rooms, r->id);
	for (i = 0; i < r->ringcap; i++)
		wsframe_unref(r->ring[i].f);
	free(r->ring);
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
	if (c->nrooms == c->roomcap) {
		unsigned ncap = c->roomcap ? c->roomcap * 2 : 1;
		member **nr = realloc(c->rooms, ncap * sizeof(*nr));
		if (!nr)
			return NULL;
		c->rooms = nr;
		c->roomcap = ncap;
	}
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

/* Doubles the ring, keeping every entry at its position. Returns 0 or -1 (no memory). */
static int room_ring_grow(room *r)
{
	size_t ncap = r->ringcap * 2;
	room_entry *nr = calloc(ncap, sizeof(*nr));
	uint64_t pos = r->head > r->ringcap ? r->head - r->ringcap : 0;

	if (!nr)
		return -1;
	for (; pos < r->head; pos++)
		nr[pos & (ncap - 1)] = r->ring[pos & (r->ringcap - 1)];
	free(r->ring);
	r->ring = nr;
	r->ringcap = ncap;
	return 0;
}

/* Frees the slot at head for the next entry. While a reader still needs the entry there, the
 * ring doubles, up to ROOM_RING; a reader further behind than that is closed instead of
 * buffering. Connections already closing read no more: they never hold the ring back. */
static void room_make_space(room *r)
{
	uint64_t oldest = r->head, cut;
	size_t i;

	for (i = 0; i < r->nmembers; i++)
		if (!r->members[i]->c->close_code && r->members[i]->tail < oldest)
			oldest = r->members[i]->tail;
	while (r->head - oldest >= r->ringcap && r->ringcap < ROOM_RING && !room_ring_grow(r))
		;
	if (r->head < r->ringcap)
		return;
	cut = r->head - r->ringcap; /* the position the next entry overwrites */
	for (i = 0; i < r->nmembers; i++) {
		member *m = r->members[i];
		if (m->tail > cut)
			continue;
		if (!m->c->close_code) {
			log_warn("room %s: connection %llu lags, closing", r->id,
				 (unsigned long long)m->c->serial);
			conn_close(m->c, 1008, "too slow");
		}
		m->tail = cut + 1;
	}
}

/* The entry's kind and message id; the user it is about (for 'p' and 't') goes in *about. */
static void room_entry_fill(room_entry *e, event_kind kind, const char *arg, const char **about)
{
	e->kind = kind;
	e->ms = e->seq = 0;
	*about = NULL;
	if (kind == EV_MESSAGE) {
		if (room_parse_id(arg, &e->ms, &e->seq))
			e->kind = EV_OTHER;
	} else if (kind == EV_PRESENCE || kind == EV_TYPING) {
		*about = arg;
	} else {
		e->kind = EV_OTHER;
	}
}

void room_publish(const char *room_id, event_kind kind, const char *arg, const char *json,
		  size_t len)
{
	room *r = room_find(room_id);
	room_entry *e, fresh;
	const char *about;
	wsframe *f;
	size_t i;

	if (!r)
		return;
	room_entry_fill(&fresh, kind, arg, &about);
	if (fresh.kind == EV_MESSAGE) {
		/* A message relayed already (a catch-up and the live event both brought it). */
		if (!id_after(fresh.ms, fresh.seq, r->last_ms, r->last_seq))
			return;
		r->last_ms = fresh.ms;
		r->last_seq = fresh.seq;
	}
	f = wsframe_new_about(json, len, about);
	if (!f) {
		log_warn("room %s: out of memory, event dropped", room_id);
		return;
	}
	room_make_space(r);
	e = &r->ring[r->head & (r->ringcap - 1)];
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
