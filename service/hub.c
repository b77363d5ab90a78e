/* Node registry: rooms and users that have local connections. */
#include <stdlib.h>
#include <string.h>

#include "hub.h"
#include "presence.h"
#include "strmap.h"
#include "util.h"

strmap *hub_rooms;
static strmap *hub_users;
static strmap *hub_buckets; /* uid -> ratelimit of say */
static hub_transport hub_t;
static ratelimit_cfg hub_say_cfg;
static size_t hub_nconns;

int hub_init(const hub_transport *t, double say_burst, double say_rate)
{
	hub_t = *t;
	hub_say_cfg.burst = say_burst;
	hub_say_cfg.per_sec = say_rate;
	hub_rooms = strmap_new();
	hub_users = strmap_new();
	hub_buckets = strmap_new();
	return hub_rooms && hub_users && hub_buckets ? 0 : -1;
}

void hub_shutdown(void)
{
	strmap_free(hub_rooms);
	strmap_free(hub_users);
	if (hub_buckets) {
		size_t it = 0;
		const char *key;
		void *val;
		while (strmap_next(hub_buckets, &it, &key, &val))
			free(val);
	}
	strmap_free(hub_buckets);
	hub_rooms = hub_users = hub_buckets = NULL;
}

#define SAY_BUCKETS_MAX 100000

/* Drops the buckets that have refilled: forgetting them changes nothing. */
static void hub_buckets_prune(int64_t now_ms)
{
	int64_t full_ms = (int64_t)(hub_say_cfg.burst / hub_say_cfg.per_sec * 1000.0) + 1;
	size_t it = 0;
	const char *key;
	void *val;
	strmap *keep = strmap_new();

	if (!keep)
		return;
	while (strmap_next(hub_buckets, &it, &key, &val)) {
		ratelimit *rl = val;
		if (now_ms - rl->last_ms < full_ms && !strmap_put(keep, key, rl))
			continue;
		free(rl);
	}
	strmap_free(hub_buckets);
	hub_buckets = keep;
}

int64_t hub_say_take(const char *uid, int64_t now_ms)
{
	ratelimit *rl = strmap_get(hub_buckets, uid);

	if (!rl) {
		if (strmap_count(hub_buckets) >= SAY_BUCKETS_MAX)
			hub_buckets_prune(now_ms);
		rl = malloc(sizeof(*rl));
		if (!rl || strmap_put(hub_buckets, uid, rl)) {
			free(rl);
			return 0; /* out of memory: do not refuse people for it */
		}
		ratelimit_init(rl, &hub_say_cfg, now_ms);
	}
	return ratelimit_take(rl, &hub_say_cfg, now_ms);
}

user *hub_user(const char *uid)
{
	user *u = strmap_get(hub_users, uid);

	if (u)
		return u;
	u = calloc(1, sizeof(*u));
	if (!u)
		return NULL;
	util_strlcpy(u->id, uid, sizeof(u->id));
	if (strmap_put(hub_users, u->id, u)) {
		free(u);
		return NULL;
	}
	return u;
}

void hub_user_release(user *u)
{
	if (u->nconns)
		return;
	strmap_del(hub_users, u->id);
	free(u);
}

void hub_user_send(const char *uid, const char *json, size_t len)
{
	user *u = strmap_get(hub_users, uid);
	wsframe *f;
	conn *c;

	if (!u)
		return;
	f = wsframe_new(json, len);
	if (!f)
		return;
	for (c = u->conns; c; c = c->next_of_user)
		if (!c->admin) /* personal events are for the participant client */
			conn_send(c, f);
	wsframe_unref(f);
}

static void admin_send_one(conn *c, void *f)
{
	if (c->admin && c->authed)
		conn_send(c, f);
}

void hub_admin_send(const char *json, size_t len)
{
	wsframe *f = wsframe_new(json, len);

	if (!f)
		return;
	hub_each_conn(admin_send_one, f);
	wsframe_unref(f);
}

/* Calls fn for each connection of uid here; fn may sign the connection out. */
static void hub_user_each(const char *uid, void (*fn)(conn *c, const void *arg), const void *arg)
{
	user *u = strmap_get(hub_users, uid);
	conn *c, *next;

	if (!u)
		return;
	u->nconns++; /* keep the record while its connections log out */
	for (c = u->conns; c; c = next) {
		next = c->next_of_user;
		fn(c, arg);
	}
	u->nconns--;
	hub_user_release(u);
}

/* The connection loses its identity and is told so. */
static void hub_sign_out(conn *c)
{
	static const char ev[] = "{\"type\":\"logged_out\"}";

	conn_logout(c);
	conn_send_text(c, ev, sizeof(ev) - 1);
}

/* jti "*": every session of the person (an erased account). */
static void revoke_one(conn *c, const void *jti)
{
	if (!strcmp(jti, "*") || !strcmp(c->jti, jti))
		hub_sign_out(c);
}

void hub_user_revoke(const char *uid, const char *jti)
{
	hub_user_each(uid, revoke_one, jti);
}

typedef struct kick {
	const char *room_id, *json;
	size_t len;
} kick;

static void kick_one(conn *c, const void *arg)
{
	const kick *k = arg;
	member *m = conn_member(c, k->room_id);

	if (!m || c->admin)
		return;
	conn_send_text(c, k->json, k->len);
	if (m->ready)
		presence_leave(k->room_id, c->uid, 1);
	room_exit(m);
}

void hub_user_kick(const char *uid, const char *room_id, const char *json, size_t len)
{
	kick k = {room_id, json, len};

	hub_user_each(uid, kick_one, &k);
}

static void role_one(conn *c, const void *role)
{
	int staff = util_role_is_staff(role);

	util_strlcpy(c->role, role, sizeof(c->role));
	if (c->admin && !staff)
		hub_sign_out(c);
}

void hub_user_role(const char *uid, const char *role)
{
	hub_user_each(uid, role_one, role);
}

void hub_want_write(conn *c)
{
	if (!c->gone && c->transport && hub_t.want_write)
		hub_t.want_write(c->transport);
}

void hub_conn_counted(int delta)
{
	hub_nconns += delta;
}

size_t hub_conn_count(void)
{
	return hub_nconns;
}

size_t hub_room_count(void)
{
	return hub_rooms ? strmap_count(hub_rooms) : 0;
}

void hub_each_member(void (*fn)(member *m, void *arg), void *arg)
{
	size_t it = 0, i;
	const char *key;
	void *val;

	while (strmap_next(hub_rooms, &it, &key, &val)) {
		room *r = val;
		for (i = 0; i < r->nmembers; i++)
			fn(r->members[i], arg);
	}
}

void hub_each_room(void (*fn)(room *r, void *arg), void *arg)
{
	size_t it = 0;
	const char *key;
	void *val;

	while (strmap_next(hub_rooms, &it, &key, &val))
		fn(val, arg);
}

void hub_each_conn(void (*fn)(conn *c, void *arg), void *arg)
{
	size_t it = 0;
	const char *key;
	void *val;
	conn *c;

	while (strmap_next(hub_users, &it, &key, &val))
		for (c = ((user *)val)->conns; c; c = c->next_of_user)
			fn(c, arg);
}
