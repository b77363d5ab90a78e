/* proto.c: sign-in, join, say and delivery recognition per protocol (see proto.h). */
#include "proto.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define MARKER "\"text\":\"L "

int proto_kind_of(const char *name)
{
	if (strcmp(name, "passerelle") == 0)
		return PROTO_PASSERELLE;
	if (strcmp(name, "socketio") == 0)
		return PROTO_SOCKETIO;
	if (strcmp(name, "mirror") == 0)
		return PROTO_MIRROR;
	return -1;
}

const char *proto_subprotocol(int kind)
{
	if (kind == PROTO_PASSERELLE)
		return "passerelle.v1";
	if (kind == PROTO_MIRROR)
		return "lws-mirror-protocol";
	return NULL;
}

/* snprintf into out, with the length in *outlen; 0 if it did not fit. */
static int put(char *out, size_t cap, size_t *outlen, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(out, cap, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= cap) {
		*outlen = 0;
		return 0;
	}
	*outlen = (size_t)n;
	return 1;
}

int proto_path(const struct proto_conf *pc, const char *url_path, uint32_t room, char *out,
	       size_t cap)
{
	size_t n;
	int ok;

	if (pc->kind == PROTO_SOCKETIO)
		ok = put(out, cap, &n, "/socket.io/?EIO=4&transport=websocket");
	else if (pc->kind == PROTO_MIRROR)
		ok = put(out, cap, &n, "/?mirror=%s%u", pc->room_prefix, room);
	else
		ok = put(out, cap, &n, "%s",
			 url_path[0] && strcmp(url_path, "/") ? url_path : "/ws");
	return ok ? 0 : -1;
}

int proto_start(const struct proto_conf *pc, int *stage, uint32_t index, uint32_t room, char *out,
		size_t cap, size_t *outlen)
{
	(void)room;
	*outlen = 0;
	switch (pc->kind) {
	case PROTO_PASSERELLE:
		*stage = PROTO_SIGNING_IN;
		put(out, cap, outlen,
		    "{\"type\":\"login\",\"id\":1,\"email\":\"%s%u@bench.invalid\",\"password\":\"%"
		    "s\"}",
		    pc->prefix, index, pc->password);
		return PROTO_REPLY;
	case PROTO_SOCKETIO:
		*stage = PROTO_OPENING; /* the server speaks first: its open packet */
		return PROTO_NOTHING;
	default:
		*stage = PROTO_READY;
		return PROTO_JOINED;
	}
}

/* Where the value of the first "key": in text starts (after optional blanks), or NULL. */
static const char *json_value(const char *text, size_t len, const char *key, size_t klen)
{
	const char *end = text + len;
	const char *p = memmem(text, len, key, klen);

	if (p == NULL)
		return NULL;
	p += klen;
	while (p < end && (*p == ' ' || *p == ':'))
		p++;
	return p < end ? p : NULL;
}

/* 1 when the top-level "type" of text is the string want (the first "type" key). */
static int type_is(const char *text, size_t len, const char *want)
{
	const char *v = json_value(text, len, "\"type\"", 6);
	size_t n = strlen(want);

	return v && v + n + 2 <= text + len && v[0] == '"' && memcmp(v + 1, want, n) == 0 &&
	       v[n + 1] == '"';
}

int proto_parse_marker(const char *p, size_t len, struct delivery *d)
{
	const char *end = p + len;
	uint64_t v[3];

	if (len < 2 || p[0] != 'L' || p[1] != ' ')
		return 0;
	p += 2;
	for (int i = 0; i < 3; i++) {
		if (i > 0 && (p >= end || *p++ != ' '))
			return 0;
		if (p >= end || *p < '0' || *p > '9')
			return 0;
		for (v[i] = 0; p < end && *p >= '0' && *p <= '9'; p++)
			v[i] = v[i] * 10 + (uint64_t)(*p - '0');
	}
	if (v[0] > UINT32_MAX || v[1] > UINT32_MAX)
		return 0;
	d->sender = (uint32_t)v[0];
	d->seq = (uint32_t)v[1];
	d->sched_us = v[2];
	return 1;
}

/* Finds the marker after "text":" in a JSON frame; 1 with *d set, or 0. */
static int json_marker(const char *text, size_t len, struct delivery *d)
{
	const char *p = memmem(text, len, MARKER, sizeof MARKER - 1);

	if (p == NULL)
		return 0;
	p += sizeof MARKER - 3; /* back to the 'L' */
	return proto_parse_marker(p, (size_t)(text + len - p), d);
}

/* A short reason from an error reply: its "code" value, or the frame's start. */
static void reason(const char *text, size_t len, char *out, size_t cap, size_t *outlen)
{
	const char *v = json_value(text, len, "\"code\"", 6);
	const char *q;

	if (v && *v == '"' && (q = memchr(v + 1, '"', (size_t)(text + len - v - 1))) != NULL)
		put(out, cap, outlen, "%.*s", (int)(q - v - 1), v + 1);
	else
		put(out, cap, outlen, "%.*s", (int)(len < 120 ? len : 120), text);
}

static int passerelle_text(const struct proto_conf *pc, int *stage, uint32_t room, const char *text,
			   size_t len, char *out, size_t cap, size_t *outlen, struct delivery *d)
{
	if (*stage == PROTO_READY) {
		if (type_is(text, len, "message"))
			return json_marker(text, len, d) ? PROTO_DELIVERY : PROTO_NOTHING;
		if (type_is(text, len, "error")) {
			reason(text, len, out, cap, outlen);
			return PROTO_SEND_ERROR;
		}
		return PROTO_NOTHING;
	}
	if (type_is(text, len, "error")) {
		reason(text, len, out, cap, outlen);
		return PROTO_FAILED;
	}
	if (!type_is(text, len, "ok"))
		return PROTO_NOTHING; /* presence of the others joining, and the like */
	if (*stage == PROTO_SIGNING_IN) {
		*stage = PROTO_JOINING;
		put(out, cap, outlen, "{\"type\":\"join\",\"id\":2,\"room\":\"%s%u\"}",
		    pc->room_prefix, room);
		return PROTO_REPLY;
	}
	*stage = PROTO_READY;
	return PROTO_JOINED;
}

static int socketio_text(const struct proto_conf *pc, int *stage, uint32_t room, const char *text,
			 size_t len, char *out, size_t cap, size_t *outlen, struct delivery *d)
{
	if (len == 1 && text[0] == '2') { /* Engine.IO ping: the client answers pong */
		put(out, cap, outlen, "3");
		return PROTO_REPLY;
	}
	if (*stage == PROTO_READY) {
		if (len > 12 && memcmp(text, "42[\"message\"", 12) == 0)
			return json_marker(text, len, d) ? PROTO_DELIVERY : PROTO_NOTHING;
		if (len > 10 && memcmp(text, "42[\"error\"", 10) == 0) {
			put(out, cap, outlen, "%.*s", (int)(len < 120 ? len : 120), text);
			return PROTO_SEND_ERROR;
		}
		return PROTO_NOTHING;
	}
	if (*stage == PROTO_OPENING && len > 0 && text[0] == '0') {
		*stage = PROTO_SIGNING_IN;
		put(out, cap, outlen, "40");
		return PROTO_REPLY;
	}
	if (*stage == PROTO_SIGNING_IN && len >= 2 && memcmp(text, "40", 2) == 0) {
		*stage = PROTO_JOINING;
		put(out, cap, outlen, "420[\"join\",\"%s%u\"]", pc->room_prefix, room);
		return PROTO_REPLY;
	}
	if (*stage == PROTO_JOINING && len >= 3 && memcmp(text, "430", 3) == 0) {
		*stage = PROTO_READY;
		return PROTO_JOINED;
	}
	if ((len >= 2 && memcmp(text, "44", 2) == 0) || (len >= 1 && text[0] == '1')) {
		put(out, cap, outlen, "refused: %.*s", (int)(len < 120 ? len : 120), text);
		return PROTO_FAILED;
	}
	return PROTO_NOTHING;
}

int proto_on_text(const struct proto_conf *pc, int *stage, uint32_t room, const char *text,
		  size_t len, char *out, size_t cap, size_t *outlen, struct delivery *d)
{
	*outlen = 0;
	switch (pc->kind) {
	case PROTO_PASSERELLE:
		return passerelle_text(pc, stage, room, text, len, out, cap, outlen, d);
	case PROTO_SOCKETIO:
		return socketio_text(pc, stage, room, text, len, out, cap, outlen, d);
	default:
		return proto_parse_marker(text, len, d) ? PROTO_DELIVERY : PROTO_NOTHING;
	}
}

size_t proto_say(const struct proto_conf *pc, uint32_t room, uint32_t id, uint32_t sender,
		 uint32_t seq, uint64_t sched_us, char *out, size_t cap)
{
	size_t n = 0;

	switch (pc->kind) {
	case PROTO_PASSERELLE:
		put(out, cap, &n,
		    "{\"type\":\"say\",\"id\":%u,\"room\":\"%s%u\",\"text\":\"L %u %u %llu\"}", id,
		    pc->room_prefix, room, sender, seq, (unsigned long long)sched_us);
		break;
	case PROTO_SOCKETIO:
		put(out, cap, &n, "42[\"say\",{\"room\":\"%s%u\",\"text\":\"L %u %u %llu\"}]",
		    pc->room_prefix, room, sender, seq, (unsigned long long)sched_us);
		break;
	default:
		put(out, cap, &n, "L %u %u %llu", sender, seq, (unsigned long long)sched_us);
	}
	return n;
}
