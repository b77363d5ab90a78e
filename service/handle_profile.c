/* profile.get, profile.set, account.export and consent.set: the profile and the consents are
 * stored in the user's hash. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "profile.h"
#include "reply.h"
#include "store_accounts.h"
#include "util.h"

static void profile_read(const store_answer *a, void *priv)
{
	request *rq = priv;
	json_t *head, *p;

	if (!request_live(rq) || reply_answer_failed(rq->c, rq->re, a))
		goto done;
	head = store_answer_head(a);
	p = json_incref(json_object_get(head, "profile"));
	json_decref(head);
	if (!json_is_object(p)) {
		json_decref(p);
		p = profile_empty();
	}
	reply_ok(rq->c, rq->re, json_pack("{s:o}", "profile", p));
done:
	request_free(rq);
}

/* Everything stored about the person signed in on c, as one document. */
void handle_account_export(conn *c, json_t *re, json_t *body)
{
	request *rq = request_new(c, re, body);

	if (!rq) {
		reply_error(c, re, "internal", NULL);
		return;
	}
	log_info("account.export by %s", c->uid);
	script_export(reply_answer_cb, rq, c->uid);
}

/* A consent field as script text: "1" given, "0" withdrawn, "" absent (left as it is). */
static const char *consent_arg(const json_t *v)
{
	return v ? (json_is_true(v) ? "1" : "0") : "";
}

void handle_consent_set(conn *c, json_t *re, json_t *body)
{
	json_t *rooms = json_object_get(body, "rooms"),
	       *matching = json_object_get(body, "matching");
	request *rq;

	if (!rooms && !matching) {
		reply_error(c, re, "bad_request", "consent.set needs rooms, matching or both.");
		return;
	}
	if (!(rq = request_new(c, re, body))) {
		reply_error(c, re, "internal", NULL);
		return;
	}
	log_info("consent.set by %s: rooms %s, matching %s", c->uid, consent_arg(rooms),
		 consent_arg(matching));
	script_consent(reply_answer_cb, rq, c->uid, consent_arg(rooms), consent_arg(matching));
}

void handle_profile_get(conn *c, json_t *re, json_t *body)
{
	request *rq = request_new(c, re, body);

	if (!rq) {
		reply_error(c, re, "internal", NULL);
		return;
	}
	script_profile(profile_read, rq, c->uid, "get", "");
}

typedef struct profile_job {
	request *rq;
	json_t *profile;
} profile_job;

static void profile_written(const store_answer *a, void *priv)
{
	profile_job *j = priv;

	if (request_live(j->rq) && !reply_answer_failed(j->rq->c, j->rq->re, a))
		reply_ok(j->rq->c, j->rq->re, json_pack("{s:O}", "profile", j->profile));
	json_decref(j->profile);
	request_free(j->rq);
	free(j);
}

void handle_profile_set(conn *c, json_t *re, json_t *body)
{
	char err[160], *text;
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
	script_profile(profile_written, j, c->uid, "set", text);
	free(text);
}
