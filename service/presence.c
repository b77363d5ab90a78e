#include "presence.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hub.h"
#include "store_presence.h"
#include "strmap.h"
#include "util.h"

static struct {
	uv_timer_t timer;
	char node[64];
	long long ttl_ms;
	int dirty; /* Redis may not hold what this node has: resync on the next beat */
	int syncing;
} pr;

static void presence_beat_done(const store_answer *a, void *priv)
{
	json_t *head = a->code ? NULL : store_answer_head(a);
	json_int_t dead = json_integer_value(json_object_get(head, "dead"));
	int lapsed = json_is_true(json_object_get(head, "lapsed"));

	json_decref(head);
	if (dead > 0)
		log_info("presence: cleared %lld dead node(s)", (long long)dead);
	if (lapsed) {
		log_warn("presence: this node's heartbeat had lapsed; writing its presence again");
		presence_sync();
	}
}

static void presence_tick(uv_timer_t *t)
{
	if (!store_ready())
		return;
	if (pr.dirty) {
		presence_sync();
		return;
	}
	script_presence_beat(presence_beat_done, NULL, pr.node, pr.ttl_ms);
}

int presence_init(uv_loop_t *loop, const char *node, long ttl_s)
{
	uint64_t every = (uint64_t)ttl_s * 1000 / 3;

	util_strlcpy(pr.node, node, sizeof(pr.node));
	pr.ttl_ms = (long long)ttl_s * 1000;
	uv_timer_init(loop, &pr.timer);
	return uv_timer_start(&pr.timer, presence_tick, every, every) ? -1 : 0;
}

void presence_shutdown(void)
{
	uv_timer_stop(&pr.timer);
	uv_close((uv_handle_t *)&pr.timer, NULL);
}

static void presence_leave_done(const store_answer *a, void *priv)
{
	if (a->code)
		pr.dirty = 1;
}

void presence_leave(const char *room, const char *uid, int by_choice)
{
	script_leave(presence_leave_done, NULL, room, uid, pr.node, by_choice);
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

static void presence_sync_done(const store_answer *a, void *priv)
{
	pr.syncing = 0;
	if (a->code) {
		pr.dirty = 1;
		return;
	}
	log_info("presence: resynchronised");
}

void presence_sync(void)
{
	strmap *counts = strmap_new();
	size_t n, it = 0, i = 0;
	const char **argv = NULL;
	char *bufs = NULL;
	const char *key;
	void *val;

	if (!counts || pr.syncing)
		goto done;
	hub_each_member(presence_count, counts);
	n = strmap_count(counts);
	argv = malloc((3 * n + 1) * sizeof(*argv));
	bufs = malloc(n * (2 * ID_MAX + 2 + 24) + 1);
	if (!argv || !bufs)
		goto done;
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
	script_presence_sync(presence_sync_done, NULL, pr.node, pr.ttl_ms, i, argv);
done:
	free(argv);
	free(bufs);
	strmap_free(counts);
}
