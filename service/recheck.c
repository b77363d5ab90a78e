/* After the subscription comes back, what this node missed besides messages: revoked
 * sessions, role changes and bans of the people connected here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "scripts.h"
#include "store.h"
#include "util.h"

typedef struct args {
	const char **v;
	size_t n, cap;
	int sessions;
} args;

static void args_add(args *a, const char *s)
{
	if (a->n == a->cap) {
		size_t ncap = a->cap ? a->cap * 2 : 64;
		const char **nv = realloc(a->v, ncap * sizeof(*nv));
		if (!nv)
			return; /* a shorter check; the next outage checks again */
		a->v = nv;
		a->cap = ncap;
	}
	a->v[a->n++] = s;
}

static void add_session(conn *c, void *arg)
{
	args *a = arg;

	if (!c->authed || !strcmp(c->uid, "bootstrap"))
		return;
	args_add(a, c->uid);
	args_add(a, c->jti);
	a->sessions++;
}

static void add_member(member *m, void *arg)
{
	if (m->ready && !m->watch && m->c->authed) {
		args_add(arg, m->r->id);
		args_add(arg, m->c->uid);
	}
}

/* Copies the two words of "a b" into a and b. */
static int two_words(const redisReply *e, char *a, size_t asz, char *b, size_t bsz)
{
	const char *sp = e->type == REDIS_REPLY_STRING ? memchr(e->str, ' ', e->len) : NULL;

	if (!sp || (size_t)(sp - e->str) >= asz || e->len - (size_t)(sp - e->str) > bsz)
		return -1;
	memcpy(a, e->str, (size_t)(sp - e->str));
	a[sp - e->str] = '\0';
	util_strlcpy(b, sp + 1, bsz);
	return 0;
}

static void rechecked(redisReply *r, void *priv)
{
	static const char banned[] =
	    "{\"type\":\"moderated\",\"room\":\"%s\",\"action\":\"banned\"}";
	char a[ID_MAX + 1], b[ID_MAX + 1], ev[sizeof(banned) + ID_MAX];
	size_t i;
	int part = 0;

	if (!r || r->type != REDIS_REPLY_ARRAY)
		return;
	for (i = 0; i < r->elements; i++) {
		const redisReply *e = r->element[i];
		if (e->type == REDIS_REPLY_STRING && e->len == 1 && e->str[0] == '|') {
			part++;
			continue;
		}
		if (two_words(e, a, sizeof(a), b, sizeof(b)))
			continue;
		if (part == 0) {
			hub_user_revoke(a, b);
		} else if (part == 1) {
			hub_user_role(a, b);
		} else {
			snprintf(ev, sizeof(ev), banned, a);
			hub_user_kick(b, a, ev, strlen(ev));
		}
	}
}

void recheck_sessions(void)
{
	args a = {0};
	char n[24] = "0";

	args_add(&a, n);
	hub_each_conn(add_session, &a);
	snprintf(n, sizeof(n), "%d", a.sessions);
	hub_each_member(add_member, &a);
	if (a.sessions)
		store_eval(&sc_recheck, rechecked, NULL, (int)a.n, a.v, NULL);
	free(a.v);
}
