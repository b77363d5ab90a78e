#include "reply.h"

#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "metrics.h"
#include "sbuf.h"
#include "util.h"

#define REPLY_MAX (32 * 1024 * 1024)

static const struct {
	const char *code, *message;
} reply_defaults[] = {
    {"bad_request", "The request is malformed."},
    {"unauthorized", "Sign in first, or sign in again."},
    {"forbidden", "You are not allowed to do this."},
    {"not_found", "No such thing."},
    {"conflict", "That already exists."},
    {"too_large", "The frame is over 16 KiB."},
    {"rate_limited", "Too many requests; try again shortly."},
    {"weak_password", "The password needs at least 10 characters."},
    {"muted", "You are muted in this room."},
    {"banned", "You are banned from this room."},
    {"room_locked", "The room is read-only for now."},
    {"room_closed", "The room is closed."},
    {"slow_mode", "Slow mode is on: wait before writing again."},
    {"profile_incomplete", "Add languages and skills to your profile first."},
    {"contact_blocked", "Contact details stay out of this room."},
    {"consent_required", "A parent or guardian must agree first: a facilitator records it."},
    {"unavailable", "Storage is unreachable; nothing was stored. Try again."},
    {"internal", "Something went wrong on the server."},
};

const char *reply_code(size_t i)
{
	return i < sizeof(reply_defaults) / sizeof(reply_defaults[0]) ? reply_defaults[i].code
								      : NULL;
}

static const char *reply_default(const char *code)
{
	size_t i;

	for (i = 0; i < sizeof(reply_defaults) / sizeof(reply_defaults[0]); i++)
		if (!strcmp(reply_defaults[i].code, code))
			return reply_defaults[i].message;
	return "Error.";
}

static void reply_send_json(conn *c, json_t *o)
{
	char *s = json_dumps(o, JSON_COMPACT);

	if (s) {
		conn_send_text(c, s, strlen(s));
		free(s);
	}
	json_decref(o);
}

void reply_ok(conn *c, json_t *re, json_t *fields)
{
	json_t *o = fields ? fields : json_object();

	json_object_set_new(o, "type", json_string("ok"));
	if (re)
		json_object_set(o, "re", re);
	reply_send_json(c, o);
}

void reply_error_retry(conn *c, json_t *re, const char *code, const char *message, int64_t retry_ms)
{
	json_t *o = json_object();

	metrics_error(code);
	json_object_set_new(o, "type", json_string("error"));
	if (re)
		json_object_set(o, "re", re);
	json_object_set_new(o, "code", json_string(code));
	json_object_set_new(o, "message", json_string(message ? message : reply_default(code)));
	if (retry_ms > 0)
		json_object_set_new(o, "retry_after_ms", json_integer(retry_ms));
	reply_send_json(c, o);
}

void reply_error(conn *c, json_t *re, const char *code, const char *message)
{
	reply_error_retry(c, re, code, message, 0);
}

int reply_answer_failed(conn *c, json_t *re, const store_answer *a)
{
	if (!a->code)
		return 0;
	reply_error_retry(c, re, a->code, a->message, a->retry_ms);
	return 1;
}

/* Appends "name":[item,...] for list l of a. */
static void reply_list(sbuf *b, const store_answer *a, size_t l)
{
	size_t i;

	sbuf_adds(b, "\"");
	sbuf_adds(b, a->script->lists[l]);
	sbuf_adds(b, "\":[");
	for (i = 0; i < a->lists[l].n; i++) {
		if (i)
			sbuf_adds(b, ",");
		sbuf_add(b, a->lists[l].items[i].p, a->lists[l].items[i].len);
	}
	sbuf_adds(b, "]");
}

int reply_ok_answer(conn *c, json_t *re, const store_answer *a)
{
	char *r = re ? json_dumps(re, JSON_ENCODE_ANY) : NULL;
	sbuf b;
	size_t l;
	int failed;

	/* One pass into the frame: {"type":"ok","re":..., the head's members, the lists}. */
	sbuf_init(&b, REPLY_MAX);
	sbuf_adds(&b, "{\"type\":\"ok\"");
	if (r) {
		sbuf_adds(&b, ",\"re\":");
		sbuf_adds(&b, r);
	}
	if (a->head.len > 2) {
		sbuf_adds(&b, ",");
		sbuf_add(&b, a->head.p + 1, a->head.len - 2);
	}
	for (l = 0; l < a->nlists; l++) {
		sbuf_adds(&b, ",");
		reply_list(&b, a, l);
	}
	sbuf_adds(&b, "}");
	failed = b.failed;
	if (failed) {
		log_warn("%s answer over %zu bytes refused", a->script->name, b.max);
		reply_error(c, re, "internal", "The answer is too large.");
	} else {
		conn_send_text(c, b.p, b.len);
	}
	sbuf_free(&b);
	free(r);
	return failed ? -1 : 0;
}

void reply_answer_cb(const store_answer *a, void *priv)
{
	request *rq = priv;

	if (request_live(rq) && !reply_answer_failed(rq->c, rq->re, a))
		reply_ok_answer(rq->c, rq->re, a);
	request_free(rq);
}

void reply_event(conn *c, json_t *ev)
{
	reply_send_json(c, ev);
}
