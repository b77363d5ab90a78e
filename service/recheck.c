/* After the subscription comes back, what this node missed besides messages: revoked
 * sessions, role changes and bans of the people connected here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "store_accounts.h"
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
static int two_words(store_str e, char *a, size_t asz, char *b, size_t bsz)
{
	const char *sp = memchr(e.p, ' ', e.len);

	if (!sp || (size_t)(sp - e.p) >= asz || e.len - (size_t)(sp - e.p) > bsz)
		return -1;
	memcpy(a, e.p, (size_t)(sp - e.p));
	a[sp - e.p] = '\0';
	util_strlcpy(b, sp + 1, bsz);
	return 0;
}

static void rechecked(const store_answer *ans, void *priv)
{
	static const char banned[] =
	    "{\"type\":\"moderated\",\"room\":\"%s\",\"action\":\"banned\"}";
	char a[ID_MAX + 1], b[ID_MAX + 1], ev[sizeof(banned) + ID_MAX];
	size_t l, i;

	for (l = 0; !ans->code && l < ans->nlists; l++) {
		for (i = 0; i < ans->lists[l].n; i++) {
			if (two_words(ans->lists[l].items[i], a, sizeof(a), b, sizeof(b)))
				continue;
			if (l == RECHECK_LIST_REVOKED) {
				hub_user_revoke(a, b);
			} else if (l == RECHECK_LIST_ROLES) {
				hub_user_role(a, b);
			} else {
				snprintf(ev, sizeof(ev), banned, a);
				hub_user_kick(b, a, ev, strlen(ev));
			}
		}
	}
}

void recheck_sessions(void)
{
	args a = {0};

	hub_each_conn(add_session, &a);
	hub_each_member(add_member, &a);
	if (a.sessions)
		script_recheck(rechecked, NULL, a.sessions, a.n, a.v);
	free(a.v);
}
