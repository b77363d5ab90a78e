/* profile.get and profile.set: the profile is stored as JSON in the user's hash. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "profile.h"
#include "reply.h"
#include "store.h"

static void profile_read(redisReply *r, void *priv)
{
	request *rq = priv;
	json_t *p = NULL;

	if (!request_live(rq) || reply_store_failed(rq->c, rq->re, r, "profile.get"))
		goto done;
	if (r->type == REDIS_REPLY_STRING && r->len)
		p = json_loadb(r->str, r->len, 0, NULL);
	if (!json_is_object(p)) {
		json_decref(p);
		p = profile_empty();
	}
	reply_ok(rq->c, rq->re, json_pack("{s:o}", "profile", p));
done:
	request_free(rq);
}

void handle_profile_get(conn *c, json_t *re, json_t *body)
{
	char key[ID_MAX + 8];
	const char *argv[] = {"HGET", key, "profile"};
	request *rq = request_new(c, re, body);

	if (!rq) {
		reply_error(c, re, "internal", NULL);
		return;
	}
	snprintf(key, sizeof(key), "user:%s", c->uid);
	store_cmd(profile_read, rq, 3, argv, NULL);
}

typedef struct profile_job {
	request *rq;
	json_t *profile;
} profile_job;

static void profile_written(redisReply *r, void *priv)
{
	profile_job *j = priv;

	if (request_live(j->rq) && !reply_store_failed(j->rq->c, j->rq->re, r, "profile.set"))
		reply_ok(j->rq->c, j->rq->re, json_pack("{s:O}", "profile", j->profile));
	json_decref(j->profile);
	request_free(j->rq);
	free(j);
}

void handle_profile_set(conn *c, json_t *re, json_t *body)
{
	char key[ID_MAX + 8], err[160], *text;
	const char *argv[4] = {"HSET", key, "profile", NULL};
	profile_job *j;
	json_t *p = profile_normalize(json_object_get(body, "profile"), err, sizeof(err));

	if (!p) {
		reply_error(c, re, "bad_request", err);
		return;
	}
	text = json_dumps(p, JSON_COMPACT | JSON_SORT_KEYS);
	j = malloc(sizeof(*j));
	if (!text || !j || !(j->rq = request_new(c, re, body))) {
		reply_error(c, re, "internal", NULL);
		json_decref(p);
		free(text);
		free(j);
		return;
	}
	j->profile = p;
	snprintf(key, sizeof(key), "user:%s", c->uid);
	argv[3] = text;
	store_cmd(profile_written, j, 4, argv, NULL);
	free(text);
}
