/* Building and queueing replies and events for one connection. */
#ifndef PASSERELLE_REPLY_H
#define PASSERELLE_REPLY_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "hub.h"
#include "store.h"

/* {"type":"ok","re":re, ...fields}. fields is stolen (NULL for none); re borrowed. */
void reply_ok(conn *c, json_t *re, json_t *fields);
/* {"type":"error","re":re,"code":code,"message":message}; message NULL = the code's default. */
void reply_error(conn *c, json_t *re, const char *code, const char *message);
/* Same with "retry_after_ms" (rate_limited, slow_mode). */
void reply_error_retry(conn *c, json_t *re, const char *code, const char *message,
		       int64_t retry_ms);
/* Answers a script's error (a refusal, `unavailable`, `internal`) with that error. Returns 1
 * when it did, 0 when a is a result. */
int reply_answer_failed(conn *c, json_t *re, const store_answer *a);
/* ok with the head's members and each declared list as an array of its items (JSON texts):
 * {"type":"ok","re":re,<head members>,"<list>":[...]...}. Returns 0, or -1 when it was too
 * large and `internal` was answered instead. */
int reply_ok_answer(conn *c, json_t *re, const store_answer *a);
/* A store_answer_fn that does reply_answer_failed() or reply_ok_answer(). priv is a request
 * (core.h), freed here. */
void reply_answer_cb(const store_answer *a, void *priv);
/* Queues an event; ev is stolen. */
void reply_event(conn *c, json_t *ev);

/* The i-th error code the server answers (the table of their default messages), NULL past
 * the last: what /metrics counts. */
const char *reply_code(size_t i);

#endif
