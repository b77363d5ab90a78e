/* Building and queueing replies and events for one connection. */
#ifndef PASSERELLE_REPLY_H
#define PASSERELLE_REPLY_H

#include <stddef.h>
#include <stdint.h>

#include <hiredis/hiredis.h>
#include <jansson.h>

#include "hub.h"
#include "sbuf.h"

/* {"type":"ok","re":re, ...fields}. fields is stolen (NULL for none); re borrowed. */
void reply_ok(conn *c, json_t *re, json_t *fields);
/* Same, with fields given as trusted JSON text: `"a":1,"b":[...]` (no braces). */
void reply_ok_raw(conn *c, json_t *re, const char *fields, size_t len);
/* reply_ok_raw() of an assembled buffer; `internal` when assembling it failed (too large). */
void reply_ok_sbuf(conn *c, json_t *re, const sbuf *b);
/* {"type":"error","re":re,"code":code,"message":message}; message NULL = the code's default. */
void reply_error(conn *c, json_t *re, const char *code, const char *message);
/* Same with "retry_after_ms" (rate_limited, slow_mode). */
void reply_error_retry(conn *c, json_t *re, const char *code, const char *message,
		       int64_t retry_ms);
/* Checks a Redis answer: no answer or a Redis error -> `unavailable` (logged); a script's
 * "!code [ms]" -> that error. Returns 1 when it has answered the client, 0 when r is a result. */
int reply_store_failed(conn *c, json_t *re, const redisReply *r, const char *what);
/* A store_cb for scripts that answer a JSON object (or "!code"): the object's members become
 * the ok reply's fields. priv is a request (core.h), freed here. */
void reply_object_cb(redisReply *r, void *priv);
/* Queues an event; ev is stolen. */
void reply_event(conn *c, json_t *ev);

#endif
