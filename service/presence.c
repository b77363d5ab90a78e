#include "presence.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hub.h"
#include "scripts.h"
#include "store.h"
#include "strmap.h"
#include "util.h"

static struct {
	uv_timer_t timer;
	char node[64];
	char ttl_ms[24];
	int dirty; /* Redis may not hold what this node has: resync on the next beat */
	int syncing;
} pr;

static void presence_beat_done(redisReply *r, void *priv)
{
	if (!r || r->type != REDIS_REPLY_ARRAY || r->elements != 2 ||
	    r->element[0]->type != REDIS_REPLY_INTEGER ||
	    r->element[1]->type != REDIS_REPLY_INTEGER)
		return;
	if (r->element[1]->integer > 0)
		log_info("presence: cleared %lld dead node(s)", r->element[1]->integer);
	if (r->element[0]->integer) {
		log_warn("presence: this node's heartbeat had lapsed; writing its presence again");
		presence_sync();
	}
}

static void presence_tick(uv_timer_t *t)
{
	const char *argv[] = {pr.node, pr.ttl_ms};

	if (!store_ready())
		return;
	if (pr.dirty) {
		presence_sync();
		return;
	}
	store_eval(&sc_presence_beat, presence_beat_done, NULL, 2, argv, NULL);
}

int presence_init(uv_loop_t *loop, const char *node, long ttl_s)
{
	uint64_t every = (uint64_t)ttl_s * 1000 / 3;

	util_strlcpy(pr.node, node, sizeof(pr.node));
	snprintf(pr.ttl_ms, sizeof(pr.ttl_ms), "%ld", ttl_s * 1000);
	uv_timer_init(loop, &pr.timer);
	return uv_timer_start(&pr.timer, presence_tick, every, every) ? -1 : 0;
}

void presence_shutdown(void)
{
	uv_timer_stop(&pr.timer);
	uv_close((uv_handle_t *)&pr.timer, NULL);
}

static void presence_leave_done(redisReply *r, void *priv)
{
	if (!r || r->type == REDIS_REPLY_ERROR)
		pr.dirty = 1;
}

void presence_leave(const char *room, const char *uid)
{
	const char *argv[] = {room, uid, pr.node};

	store_eval(&sc_leave, presence_leave_done, NULL, 3, argv, NULL);
}

/* Counts connections per (room, uid) into a map keyed "room\nuid". */
static void presence_count(member *m, void *arg)
{
	strmap *counts = arg;
	char key[2 * ID_MAX + 2];
	long n;

	if (!m->ready || !m->c->authed || m->watch)
		return;
	snprintf(key, sizeof(key), "%s\n%s", m->r->id, m->c->uid);
	n = (long)(intptr_t)strmap_get(counts, key);
	strmap_put(counts, key, (void *)(intptr_t)(n + 1));
}

static void presence_sync_done(redisReply *r, void *priv)
{
	pr.syncing = 0;
	if (!r || r->type == REDIS_REPLY_ERROR) {
		pr.dirty = 1;
		return;
	}
	log_info("presence: resynchronised");
}

void presence_sync(void)
{
	strmap *counts = strmap_new();
	size_t n, it = 0, i = 2;
	const char **argv = NULL;
	char *bufs = NULL;
	const char *key;
	void *val;

	if (!counts || pr.syncing)
		goto done;
	hub_each_member(presence_count, counts);
	n = strmap_count(counts);
	argv = malloc((2 + 3 * n) * sizeof(*argv));
	bufs = malloc(n * (2 * ID_MAX + 2 + 24) + 1);
	if (!argv || !bufs)
		goto done;
	argv[0] = pr.node;
	argv[1] = pr.ttl_ms;
	char *p = bufs;
	while (strmap_next(counts, &it, &key, &val)) {
		size_t klen = strlen(key);
		memcpy(p, key, klen + 1);
		char *nl = strchr(p, '\n');
		*nl = '\0';
		argv[i++] = p;
		argv[i++] = nl + 1;
		p += klen + 1;
		argv[i++] = p;
		p += sprintf(p, "%ld", (long)(intptr_t)val) + 1;
	}
	pr.dirty = 0;
	pr.syncing = 1;
	store_eval(&sc_presence_sync, presence_sync_done, NULL, (int)i, argv, NULL);
done:
	free(argv);
	free(bufs);
	strmap_free(counts);
}
