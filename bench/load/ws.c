/* ws.c: WebSocket client framing and handshake, without I/O (see ws.h). */
#include "ws.h"

#include <openssl/evp.h>
#include <openssl/sha.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#define WS_GUID "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
/* A handshake answer longer than this is not one we sent a request for. */
#define WS_MAX_RESPONSE 16384
/* A buffer this large that has drained is given back, so idle connections stay small. */
#define WS_KEEP_BUF 4096

void ws_reader_init(struct ws_reader *r, size_t max)
{
	memset(r, 0, sizeof *r);
	r->max = max;
}

void ws_reader_free(struct ws_reader *r)
{
	if (r == NULL)
		return;
	free(r->buf);
	free(r->msg);
	r->buf = r->msg = NULL;
	r->data = NULL;
	r->pos = r->len = r->cap = r->msg_len = r->msg_cap = 0;
	r->msg_op = 0;
}

static int fail(struct ws_reader *r, int err, const char *fmt, ...)
{
	va_list ap;

	r->err = err;
	r->data = NULL; /* may be the caller's: never read again */
	r->pos = r->len = 0;
	va_start(ap, fmt);
	vsnprintf(r->errstr, sizeof r->errstr, fmt, ap);
	va_end(ap);
	return -1;
}

/* Makes room for need bytes at *buf, doubling; 0 or -1. */
static int grow(uint8_t **buf, size_t *cap, size_t need)
{
	size_t n = *cap ? *cap : 512;
	uint8_t *p;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	p = realloc(*buf, n);
	if (p == NULL)
		return -1;
	*buf = p;
	*cap = n;
	return 0;
}

/* Moves what is unconsumed to the front of the reader's own buffer, with extra bytes free. */
static int own(struct ws_reader *r, size_t extra)
{
	size_t left = r->len - r->pos;

	if (r->data == r->buf && r->pos > 0)
		memmove(r->buf, r->buf + r->pos, left);
	if (r->data == r->buf)
		r->pos = 0;
	if (grow(&r->buf, &r->cap, left + extra) < 0)
		return fail(r, WS_ERR_OOM, "out of memory");
	if (r->data != r->buf && r->data != NULL && left > 0)
		memcpy(r->buf, r->data + r->pos, left);
	r->data = r->buf;
	r->pos = 0;
	r->len = left;
	return 0;
}

/* Nothing left to parse: let go of the caller's bytes and of a big buffer. */
static int settle(struct ws_reader *r)
{
	if (r->pos < r->len)
		return r->data == r->buf ? 0 : own(r, 0);
	r->pos = r->len = 0;
	r->data = NULL;
	if (r->cap > WS_KEEP_BUF) {
		free(r->buf);
		r->buf = NULL;
		r->cap = 0;
	}
	return 0;
}

int ws_reader_feed(struct ws_reader *r, const void *data, size_t len)
{
	if (r->err)
		return -1;
	if (len == 0)
		return 0;
	if (r->pos == r->len) {
		r->data = data; /* parsed in place; what is left is copied by settle */
		r->pos = 0;
		r->len = len;
		return 0;
	}
	if (own(r, len) < 0)
		return -1;
	memcpy(r->buf + r->len, data, len);
	r->len += len;
	return 0;
}

const uint8_t *ws_reader_peek(struct ws_reader *r, size_t *len)
{
	*len = 0;
	if (r->err || (r->pos < r->len && r->data != r->buf && own(r, 0) < 0))
		return NULL;
	*len = r->len - r->pos;
	return *len ? r->data + r->pos : (const uint8_t *)"";
}

void ws_reader_consume(struct ws_reader *r, size_t n)
{
	if (n > r->len - r->pos)
		n = r->len - r->pos;
	r->pos += n;
}

/* Adds a fragment to the message in progress; 0 or -1. */
static int msg_append(struct ws_reader *r, const uint8_t *p, size_t n)
{
	if (r->msg_len + n > r->max)
		return fail(r, WS_ERR_TOO_BIG, "message over %zu bytes", r->max);
	if (grow(&r->msg, &r->msg_cap, r->msg_len + n) < 0)
		return fail(r, WS_ERR_OOM, "out of memory");
	if (n > 0)
		memcpy(r->msg + r->msg_len, p, n);
	r->msg_len += n;
	return 0;
}

/*
 * Reads the header at p (avail bytes): 1 with *hdr and *plen set, 0 when it
 * is not whole, -1 on a header the RFC forbids.
 */
static int header(struct ws_reader *r, const uint8_t *p, size_t avail, size_t *hdr, uint64_t *plen)
{
	int op = p[0] & 0x0f;

	if (p[0] & 0x70)
		return fail(r, WS_ERR_PROTOCOL, "RSV bits set");
	if (p[1] & 0x80)
		return fail(r, WS_ERR_PROTOCOL, "masked frame from the server");
	if (op > WS_BINARY && op < WS_CLOSE)
		return fail(r, WS_ERR_PROTOCOL, "bad opcode %d", op);
	if (op > WS_PONG)
		return fail(r, WS_ERR_PROTOCOL, "bad opcode %d", op);
	*plen = p[1] & 0x7f;
	*hdr = 2;
	if (*plen == 126) {
		if (avail < 4)
			return 0;
		*plen = (uint64_t)p[2] << 8 | p[3];
		*hdr = 4;
	} else if (*plen == 127) {
		if (avail < 10)
			return 0;
		*plen = 0;
		for (int i = 2; i < 10; i++)
			*plen = *plen << 8 | p[i];
		if (*plen >> 63)
			return fail(r, WS_ERR_PROTOCOL, "64-bit length with the top bit set");
		*hdr = 10;
	}
	if ((op & 0x08) && !(p[0] & 0x80))
		return fail(r, WS_ERR_PROTOCOL, "fragmented control frame");
	if ((op & 0x08) && *plen > 125)
		return fail(r, WS_ERR_PROTOCOL, "control frame over 125 bytes");
	if (*plen > r->max)
		return fail(r, WS_ERR_TOO_BIG, "frame over %zu bytes", r->max);
	return 1;
}

/* Handles a data or continuation frame: 1 when a message is whole, 0 or -1. */
static int data_frame(struct ws_reader *r, int op, int fin, const uint8_t *p, size_t n,
		      struct ws_frame *f)
{
	if (op == WS_CONT) {
		if (!r->msg_op)
			return fail(r, WS_ERR_PROTOCOL, "continuation with no message");
		if (msg_append(r, p, n) < 0)
			return -1;
		if (!fin)
			return 0;
		f->opcode = r->msg_op;
		f->payload = r->msg;
		f->len = r->msg_len;
		r->msg_op = 0;
		return 1;
	}
	if (r->msg_op)
		return fail(r, WS_ERR_PROTOCOL, "new message inside a fragmented one");
	if (fin) {
		f->opcode = op;
		f->payload = p;
		f->len = n;
		return 1;
	}
	r->msg_op = op;
	r->msg_len = 0;
	return msg_append(r, p, n);
}

int ws_reader_next(struct ws_reader *r, struct ws_frame *f)
{
	for (;;) {
		const uint8_t *p;
		size_t avail = r->len - r->pos, hdr = 0;
		uint64_t plen = 0;
		int rc, op;

		if (r->err)
			return -1;
		if (avail < 2)
			return settle(r);
		p = r->data + r->pos;
		rc = header(r, p, avail, &hdr, &plen);
		if (rc < 0)
			return -1;
		if (rc == 0 || avail - hdr < plen)
			return settle(r);
		r->pos += hdr + (size_t)plen;
		op = p[0] & 0x0f;
		if (op & 0x08) {
			f->opcode = op;
			f->payload = p + hdr;
			f->len = (size_t)plen;
			return 1;
		}
		rc = data_frame(r, op, p[0] & 0x80, p + hdr, (size_t)plen, f);
		if (rc != 0)
			return rc;
	}
}

size_t ws_frame_write(uint8_t *out, size_t cap, int opcode, const void *payload, size_t len,
		      uint32_t mask)
{
	const uint8_t *in = payload;
	uint8_t key[4] = {mask >> 24, mask >> 16, mask >> 8, mask};
	size_t h = 2;

	if (cap < WS_MAX_HEADER || len > cap - WS_MAX_HEADER)
		return 0;
	out[0] = 0x80 | (opcode & 0x0f);
	if (len < 126) {
		out[1] = 0x80 | len;
	} else if (len <= 0xffff) {
		out[1] = 0x80 | 126;
		out[2] = len >> 8;
		out[3] = len;
		h = 4;
	} else {
		out[1] = 0x80 | 127;
		for (int i = 0; i < 8; i++)
			out[2 + i] = (uint64_t)len >> (56 - 8 * i);
		h = 10;
	}
	memcpy(out + h, key, 4);
	h += 4;
	for (size_t i = 0; i < len; i++)
		out[h + i] = in[i] ^ key[i & 3];
	return h + len;
}

void ws_key_make(char key[25])
{
	unsigned char raw[16];

	/* getrandom on 16 bytes does not fail short after boot on Linux >= 3.17. */
	if (getrandom(raw, sizeof raw, 0) != sizeof raw)
		memset(raw, 0x5a, sizeof raw);
	EVP_EncodeBlock((unsigned char *)key, raw, sizeof raw);
}

void ws_accept_for(const char *key, char out[29])
{
	char joined[128];
	unsigned char md[SHA_DIGEST_LENGTH];
	int n = snprintf(joined, sizeof joined, "%s" WS_GUID, key);

	if (n < 0 || (size_t)n >= sizeof joined)
		n = 0;
	SHA1((const unsigned char *)joined, (size_t)n, md);
	EVP_EncodeBlock((unsigned char *)out, md, sizeof md);
}

size_t ws_request_write(char *out, size_t cap, const char *host, const char *path,
			const char *protocol, const char *key)
{
	int n = snprintf(out, cap,
			 "GET %s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\n"
			 "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
			 "Sec-WebSocket-Version: 13\r\n%s%s%s\r\n",
			 path, host, key, protocol ? "Sec-WebSocket-Protocol: " : "",
			 protocol ? protocol : "", protocol ? "\r\n" : "");

	return n < 0 || (size_t)n >= cap ? 0 : (size_t)n;
}

/* The value of header name in head (lines after the status line), or NULL; *vlen set. */
static const char *header_value(const char *head, const char *end, const char *name, size_t *vlen)
{
	size_t nlen = strlen(name);
	const char *line = memchr(head, '\n', (size_t)(end - head));

	while (line != NULL && ++line < end) {
		const char *eol = memchr(line, '\n', (size_t)(end - line));
		const char *v = line + nlen + 1;

		if (eol == NULL)
			eol = end;
		if ((size_t)(eol - line) > nlen && line[nlen] == ':' &&
		    strncasecmp(line, name, nlen) == 0) {
			while (v < eol && (*v == ' ' || *v == '\t'))
				v++;
			*vlen = (size_t)(eol - v);
			while (*vlen > 0 && (v[*vlen - 1] == '\r' || v[*vlen - 1] == ' '))
				(*vlen)--;
			return v;
		}
		line = eol;
	}
	return NULL;
}

/* 1 when header name is there with exactly value (case-insensitive if nocase). */
static int header_is(const char *head, const char *end, const char *name, const char *value,
		     int nocase)
{
	size_t vlen, want = strlen(value);
	const char *v = header_value(head, end, name, &vlen);

	if (v == NULL || vlen != want)
		return 0;
	return nocase ? strncasecmp(v, value, want) == 0 : memcmp(v, value, want) == 0;
}

long ws_response_parse(const char *buf, size_t len, const char *key, const char *protocol,
		       char *errstr, size_t errcap)
{
	const char *end = memmem(buf, len, "\r\n\r\n", 4);
	char accept[29];
	int status;

	if (end == NULL) {
		if (len <= WS_MAX_RESPONSE)
			return 0;
		snprintf(errstr, errcap, "handshake answer over %d bytes", WS_MAX_RESPONSE);
		return -1;
	}
	end += 2; /* keep the last header's CRLF inside [buf, end) */
	if (sscanf(buf, "HTTP/1.%*1[01] %3d", &status) != 1) {
		snprintf(errstr, errcap, "not an HTTP answer");
		return -1;
	}
	if (status != 101) {
		const char *eol = memchr(buf, '\r', (size_t)(end - buf));

		snprintf(errstr, errcap, "upgrade refused: %.*s", (int)(eol - buf), buf);
		return -1;
	}
	if (!header_is(buf, end, "Upgrade", "websocket", 1)) {
		snprintf(errstr, errcap, "101 without Upgrade: websocket");
		return -1;
	}
	ws_accept_for(key, accept);
	if (!header_is(buf, end, "Sec-WebSocket-Accept", accept, 0)) {
		snprintf(errstr, errcap, "wrong or missing Sec-WebSocket-Accept");
		return -1;
	}
	if (protocol && !header_is(buf, end, "Sec-WebSocket-Protocol", protocol, 0)) {
		snprintf(errstr, errcap, "server did not agree to subprotocol %s", protocol);
		return -1;
	}
	return (long)(end + 2 - buf);
}
