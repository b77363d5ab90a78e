/* Unit tests for bench/load/ws.c: the client frame reader, writer and handshake. */
#include "../../bench/load/ws.h"

#include "check.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Writes one unmasked server frame; returns its length. */
static size_t server_frame(uint8_t *out, int fin, int op, const uint8_t *p, size_t len)
{
	size_t h = 2;

	out[0] = (uint8_t)((fin ? 0x80 : 0) | op);
	if (len < 126) {
		out[1] = (uint8_t)len;
	} else if (len <= 0xffff) {
		out[1] = 126;
		out[2] = (uint8_t)(len >> 8);
		out[3] = (uint8_t)len;
		h = 4;
	} else {
		out[1] = 127;
		for (int i = 0; i < 8; i++)
			out[2 + i] = (uint8_t)((uint64_t)len >> (56 - 8 * i));
		h = 10;
	}
	memcpy(out + h, p, len);
	return h + len;
}

static uint8_t *pattern(size_t len, uint8_t seed)
{
	uint8_t *p = malloc(len ? len : 1);

	for (size_t i = 0; i < len; i++)
		p[i] = (uint8_t)(seed + i * 7);
	return p;
}

static void test_lengths(void)
{
	static const size_t lens[] = {0, 1, 125, 126, 127, 65535, 65536, 70000};

	for (size_t k = 0; k < sizeof lens / sizeof lens[0]; k++) {
		uint8_t *p = pattern(lens[k], (uint8_t)k);
		uint8_t *buf = malloc(lens[k] + 16);
		size_t n = server_frame(buf, 1, WS_TEXT, p, lens[k]);
		struct ws_reader r;
		struct ws_frame f;

		CHECK_UINT(n, lens[k] + (lens[k] < 126 ? 2 : lens[k] <= 0xffff ? 4 : 10));
		ws_reader_init(&r, 1 << 20);
		/* One byte short: not yet a frame. */
		CHECK_INT(ws_reader_feed(&r, buf, n - 1), 0);
		CHECK_INT(ws_reader_next(&r, &f), 0);
		CHECK_INT(ws_reader_feed(&r, buf + n - 1, 1), 0);
		CHECK_INT(ws_reader_next(&r, &f), 1);
		CHECK_INT(f.opcode, WS_TEXT);
		CHECK_UINT(f.len, lens[k]);
		CHECK(lens[k] == 0 || memcmp(f.payload, p, lens[k]) == 0);
		CHECK_INT(ws_reader_next(&r, &f), 0);
		ws_reader_free(&r);
		free(buf);
		free(p);
	}
}

/* The stream: a 125-byte text, a 126-byte binary, "ab"+"cd"+"ef" in three
 * fragments with a ping between the second and third, a close. */
static size_t build_stream(uint8_t *out)
{
	uint8_t *a = pattern(125, 1), *b = pattern(126, 2);
	size_t n = 0;

	n += server_frame(out + n, 1, WS_TEXT, a, 125);
	n += server_frame(out + n, 1, WS_BINARY, b, 126);
	n += server_frame(out + n, 0, WS_TEXT, (const uint8_t *)"ab", 2);
	n += server_frame(out + n, 0, WS_CONT, (const uint8_t *)"cd", 2);
	n += server_frame(out + n, 1, WS_PING, (const uint8_t *)"hi", 2);
	n += server_frame(out + n, 1, WS_CONT, (const uint8_t *)"ef", 2);
	n += server_frame(out + n, 1, WS_CLOSE, (const uint8_t *)"\x03\xe8", 2);
	free(a);
	free(b);
	return n;
}

/* Pulls every frame; appends "op:len:first-byte;" per frame to log. */
static int drain(struct ws_reader *r, char *log, size_t cap)
{
	struct ws_frame f;
	int rc;

	while ((rc = ws_reader_next(r, &f)) > 0) {
		size_t used = strlen(log);

		snprintf(log + used, cap - used, "%d:%zu:%.*s;", f.opcode, f.len,
			 f.opcode == WS_TEXT && f.len <= 6 ? (int)f.len : 0,
			 (const char *)f.payload);
	}
	return rc;
}

/*
 * Feeds n bytes from a copy that is freed once the reader has been drained,
 * as the caller's read buffer is reused: under ASan a reader that kept a
 * pointer into it fails here.
 */
static int feed_drain(struct ws_reader *r, const uint8_t *p, size_t n, char *log, size_t cap)
{
	uint8_t *tmp = malloc(n ? n : 1);
	int rc;

	memcpy(tmp, p, n);
	ws_reader_feed(r, tmp, n);
	rc = drain(r, log, cap);
	memset(tmp, 0xaa, n);
	free(tmp);
	return rc;
}

static void test_split_everywhere(void)
{
	uint8_t buf[512];
	size_t n = build_stream(buf);
	char whole[256] = "", split[256];
	struct ws_reader r;

	ws_reader_init(&r, 4096);
	CHECK_INT(feed_drain(&r, buf, n, whole, sizeof whole), 0);
	CHECK_STR(whole, "1:125:;2:126:;9:2:;1:6:abcdef;8:2:;");
	ws_reader_free(&r);
	for (size_t k = 0; k <= n; k++) {
		split[0] = '\0';
		ws_reader_init(&r, 4096);
		CHECK_INT(feed_drain(&r, buf, k, split, sizeof split), 0);
		CHECK_INT(feed_drain(&r, buf + k, n - k, split, sizeof split), 0);
		if (!CHECK_STR(split, whole))
			fprintf(stderr, "  split at byte %zu\n", k);
		ws_reader_free(&r);
	}
	/* One byte at a time, then in three pieces with two feeds before a drain. */
	split[0] = '\0';
	ws_reader_init(&r, 4096);
	for (size_t k = 0; k < n; k++)
		CHECK_INT(feed_drain(&r, buf + k, 1, split, sizeof split), 0);
	CHECK_STR(split, whole);
	split[0] = '\0';
	ws_reader_feed(&r, buf, 100);
	ws_reader_feed(&r, buf + 100, 100);
	CHECK_INT(feed_drain(&r, buf + 200, n - 200, split, sizeof split), 0);
	CHECK_STR(split, whole);
	ws_reader_free(&r);
}

/* The upgrade answer and the first frames in one read, as a server sends them. */
static void test_peek_then_frames(void)
{
	const char *head = "HTTP/1.1 101 OK\r\n\r\n";
	uint8_t bytes[64];
	size_t hl = strlen(head), n, len;
	struct ws_reader r;
	struct ws_frame f;
	const uint8_t *p;

	memcpy(bytes, head, hl);
	n = hl + server_frame(bytes + hl, 1, WS_TEXT, (const uint8_t *)"hey", 3);
	ws_reader_init(&r, 100);
	ws_reader_feed(&r, bytes, n - 1);
	p = ws_reader_peek(&r, &len);
	CHECK_UINT(len, n - 1);
	memset(bytes, 0, n - 1); /* peek copied them: the reader no longer needs the caller's */
	CHECK(memcmp(p, head, hl) == 0);
	ws_reader_consume(&r, hl);
	CHECK_INT(ws_reader_next(&r, &f), 0);
	ws_reader_feed(&r, "y", 1);
	CHECK_INT(ws_reader_next(&r, &f), 1);
	CHECK_UINT(f.len, 3);
	CHECK_MEM(f.payload, "hey", 3);
	ws_reader_free(&r);
}

/* Feeds bytes and expects the reader to fail with err, and to stay failed. */
static void expect_error(const uint8_t *bytes, size_t n, size_t max, int err)
{
	struct ws_reader r;
	struct ws_frame f;

	ws_reader_init(&r, max);
	ws_reader_feed(&r, bytes, n);
	CHECK_INT(drain(&r, (char[256]){0}, 256), -1);
	CHECK_INT(r.err, err);
	CHECK(r.errstr[0] != '\0');
	CHECK_INT(ws_reader_next(&r, &f), -1);
	CHECK_INT(ws_reader_feed(&r, "x", 1), -1);
	ws_reader_free(&r);
}

static void test_errors(void)
{
	uint8_t big[200], buf[300];

	memset(big, 'x', sizeof big);
	expect_error((const uint8_t *)"\x83\x00", 2, 100, WS_ERR_PROTOCOL); /* opcode 3 */
	expect_error((const uint8_t *)"\x8b\x00", 2, 100, WS_ERR_PROTOCOL); /* opcode 11 */
	expect_error((const uint8_t *)"\xc1\x00", 2, 100, WS_ERR_PROTOCOL); /* RSV1 */
	expect_error((const uint8_t *)"\x81\x81\x01\x02\x03\x04x", 7, 100, WS_ERR_PROTOCOL);
	expect_error((const uint8_t *)"\x80\x01x", 3, 100, WS_ERR_PROTOCOL); /* lone CONT */
	expect_error((const uint8_t *)"\x09\x00", 2, 100, WS_ERR_PROTOCOL);  /* unfinished ping */
	expect_error((const uint8_t *)"\x01\x01"
				      "a"
				      "\x81\x01"
				      "b",
		     6, 100, WS_ERR_PROTOCOL);
	CHECK_UINT(server_frame(buf, 1, WS_PING, big, 126), 130);
	expect_error(buf, 130, 1000, WS_ERR_PROTOCOL); /* control frame over 125 */
	expect_error(buf, server_frame(buf, 1, WS_TEXT, big, 101), 100, WS_ERR_TOO_BIG);
	/* Fragments over the limit together, each under it. */
	size_t n = server_frame(buf, 0, WS_TEXT, big, 60);
	n += server_frame(buf + n, 1, WS_CONT, big, 60);
	expect_error(buf, n, 100, WS_ERR_TOO_BIG);
	/* A 64-bit length with the top bit set. */
	expect_error((const uint8_t *)"\x82\x7f\x80\0\0\0\0\0\0\0", 10, 100, WS_ERR_PROTOCOL);
}

static void test_write(void)
{
	static const size_t lens[] = {0, 125, 126, 65535, 65536};

	for (size_t k = 0; k < sizeof lens / sizeof lens[0]; k++) {
		uint8_t *p = pattern(lens[k], 3);
		uint8_t *out = malloc(lens[k] + WS_MAX_HEADER);
		size_t h = lens[k] < 126 ? 6 : lens[k] <= 0xffff ? 8 : 14;
		size_t n =
		    ws_frame_write(out, lens[k] + WS_MAX_HEADER, WS_BINARY, p, lens[k], 0x11223344);
		int same = 1;

		CHECK_UINT(n, h + lens[k]);
		CHECK_INT(out[0], 0x82);
		CHECK(out[1] & 0x80);
		CHECK_MEM(out + h - 4, "\x11\x22\x33\x44", 4);
		for (size_t i = 0; i < lens[k]; i++)
			same &= (out[h + i] ^ out[h - 4 + (i & 3)]) == p[i];
		CHECK(same);
		CHECK_UINT(
		    ws_frame_write(out, lens[k] + WS_MAX_HEADER - 1, WS_BINARY, p, lens[k], 1), 0);
		free(out);
		free(p);
	}
}

#define KEY "dGhlIHNhbXBsZSBub25jZQ=="
#define ACCEPT "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=" /* RFC 6455 section 1.3 */

static void test_handshake(void)
{
	char accept[29], key[25], req[512], why[200];
	const char *ok = "HTTP/1.1 101 Switching Protocols\r\nupgrade: WebSocket\r\n"
			 "Connection: Upgrade\r\nSec-WebSocket-Accept: " ACCEPT "\r\n"
			 "Sec-WebSocket-Protocol: passerelle.v1\r\n\r\n\x81\x02hi";
	size_t oklen = strlen(ok);

	ws_accept_for(KEY, accept);
	CHECK_STR(accept, ACCEPT);
	ws_key_make(key);
	CHECK_UINT(strlen(key), 24);
	CHECK(key[22] == '=' && key[23] == '=');
	CHECK(ws_request_write(req, sizeof req, "h:1", "/ws", "p.v1", KEY) > 0);
	CHECK(strstr(req, "GET /ws HTTP/1.1\r\n") == req);
	CHECK(strstr(req, "Sec-WebSocket-Key: " KEY "\r\n") != NULL);
	CHECK(strstr(req, "Sec-WebSocket-Protocol: p.v1\r\n") != NULL);
	CHECK(ws_request_write(req, sizeof req, "h:1", "/", NULL, KEY) > 0);
	CHECK(strstr(req, "Sec-WebSocket-Protocol") == NULL);
	CHECK_UINT(ws_request_write(req, 20, "h:1", "/ws", NULL, KEY), 0);

	CHECK_INT(ws_response_parse(ok, oklen, KEY, "passerelle.v1", why, sizeof why),
		  (long)oklen - 4);
	CHECK_INT(ws_response_parse(ok, oklen, KEY, NULL, why, sizeof why), (long)oklen - 4);
	for (size_t k = 0; k < oklen - 4; k++)
		CHECK_INT(ws_response_parse(ok, k, KEY, NULL, why, sizeof why), 0);
	CHECK_INT(ws_response_parse(ok, oklen, KEY, "other", why, sizeof why), -1);
	CHECK(strstr(why, "subprotocol") != NULL);
	CHECK_INT(ws_response_parse(ok, oklen, "AAAAAAAAAAAAAAAAAAAAAA==", NULL, why, sizeof why),
		  -1);
	CHECK(strstr(why, "Accept") != NULL);

	const char *refused = "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n";
	CHECK_INT(ws_response_parse(refused, strlen(refused), KEY, NULL, why, sizeof why), -1);
	CHECK_STR(why, "upgrade refused: HTTP/1.1 403 Forbidden");
	const char *noupgrade = "HTTP/1.1 101 OK\r\nSec-WebSocket-Accept: " ACCEPT "\r\n\r\n";
	CHECK_INT(ws_response_parse(noupgrade, strlen(noupgrade), KEY, NULL, why, sizeof why), -1);
	CHECK_INT(ws_response_parse("SSH-2.0\r\n\r\n", 11, KEY, NULL, why, sizeof why), -1);
}

int main(void)
{
	test_lengths();
	test_split_everywhere();
	test_peek_then_frames();
	test_errors();
	test_write();
	test_handshake();
	return check_done("loadws");
}
