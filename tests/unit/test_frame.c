/* Unit tests for service/frame.c. */
#include "frame.h"

#include "check.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void test_single_and_fragments(void)
{
	frame_asm fa;

	frame_asm_init(&fa, 64);
	CHECK(fa.buf == NULL);
	CHECK_INT(frame_asm_feed(&fa, "{\"type\":\"ping\"}", 15, 1), FRAME_DONE);
	CHECK_UINT(fa.len, 15);
	CHECK_STR(fa.buf, "{\"type\":\"ping\"}");

	/* The next feed starts a new message by itself. */
	CHECK(frame_asm_idle(&fa));
	CHECK_INT(frame_asm_feed(&fa, "ab", 2, 0), FRAME_MORE);
	CHECK(!frame_asm_idle(&fa)); /* a final fragment now ends this message */
	CHECK_INT(frame_asm_feed(&fa, "", 0, 0), FRAME_MORE);
	CHECK_INT(frame_asm_feed(&fa, "cd", 2, 0), FRAME_MORE);
	CHECK(!frame_asm_idle(&fa));
	CHECK_INT(frame_asm_feed(&fa, "e", 1, 1), FRAME_DONE);
	CHECK(frame_asm_idle(&fa));
	CHECK_UINT(fa.len, 5);
	CHECK_STR(fa.buf, "abcde");

	/* Bytes, not strings: NULs inside are kept and counted. */
	CHECK_INT(frame_asm_feed(&fa, "a\0b", 3, 1), FRAME_DONE);
	CHECK_UINT(fa.len, 3);
	CHECK_MEM(fa.buf, "a\0b", 4);
	frame_asm_free(&fa);
}

static void test_empty_message(void)
{
	frame_asm fa;

	frame_asm_init(&fa, 64);
	CHECK_INT(frame_asm_feed(&fa, NULL, 0, 1), FRAME_DONE);
	CHECK(fa.buf != NULL);
	CHECK_UINT(fa.len, 0);
	if (fa.buf != NULL)
		CHECK_STR(fa.buf, "");
	frame_asm_free(&fa);

	/* A cap of zero still allows the empty message, and nothing else. */
	frame_asm_init(&fa, 0);
	CHECK_INT(frame_asm_feed(&fa, "", 0, 1), FRAME_DONE);
	CHECK(fa.buf != NULL && fa.buf[0] == '\0');
	CHECK_UINT(fa.cap, 1);
	CHECK_INT(frame_asm_feed(&fa, "x", 1, 1), FRAME_TOO_LARGE);
	CHECK(fa.buf == NULL);
	frame_asm_free(&fa);
}

static void test_cap_exact(void)
{
	char data[16];
	frame_asm fa;

	memset(data, 'q', sizeof data);
	frame_asm_init(&fa, 16);
	CHECK_INT(frame_asm_feed(&fa, data, 10, 0), FRAME_MORE);
	CHECK_INT(frame_asm_feed(&fa, data, 6, 1), FRAME_DONE);
	CHECK_UINT(fa.len, 16);
	CHECK(fa.cap <= 17);
	CHECK_UINT(strlen(fa.buf), 16);

	/* Exactly at the cap in one fragment too. */
	CHECK_INT(frame_asm_feed(&fa, data, 16, 1), FRAME_DONE);
	CHECK_UINT(fa.len, 16);
	frame_asm_free(&fa);
}

static void test_one_over_across_fragments(void)
{
	char data[16];
	frame_asm fa;

	memset(data, 'q', sizeof data);
	frame_asm_init(&fa, 16);
	CHECK_INT(frame_asm_feed(&fa, data, 10, 0), FRAME_MORE);
	CHECK_INT(frame_asm_feed(&fa, data, 6, 0), FRAME_MORE);
	CHECK_INT(frame_asm_feed(&fa, data, 1, 0), FRAME_TOO_LARGE);
	/* Released at once. */
	CHECK(fa.buf == NULL);
	CHECK_UINT(fa.len, 0);
	CHECK_UINT(fa.cap, 0);
	CHECK(fa.dropping);
	CHECK(!frame_asm_idle(&fa)); /* its final fragment must not be read as a message */
	/* The rest of that message is swallowed quietly, the final fragment included. */
	CHECK_INT(frame_asm_feed(&fa, data, 16, 0), FRAME_MORE);
	CHECK_INT(frame_asm_feed(&fa, data, 3, 1), FRAME_MORE);
	CHECK(fa.buf == NULL);
	CHECK(!fa.dropping);
	/* The next message is fine. */
	CHECK_INT(frame_asm_feed(&fa, "ok", 2, 1), FRAME_DONE);
	CHECK_STR(fa.buf, "ok");

	/* Over on the final fragment: nothing left to drop. */
	CHECK_INT(frame_asm_feed(&fa, data, 16, 0), FRAME_MORE);
	CHECK_INT(frame_asm_feed(&fa, data, 1, 1), FRAME_TOO_LARGE);
	CHECK(!fa.dropping);
	CHECK_INT(frame_asm_feed(&fa, "x", 1, 1), FRAME_DONE);
	CHECK_STR(fa.buf, "x");

	/* A single fragment over the cap, and a huge length that must not wrap. */
	CHECK_INT(frame_asm_feed(&fa, data, 10, 0), FRAME_MORE);
	CHECK_INT(frame_asm_feed(&fa, data, SIZE_MAX, 0), FRAME_TOO_LARGE);
	frame_asm_reset(&fa);
	CHECK(!fa.dropping);
	CHECK_INT(frame_asm_feed(&fa, "y", 1, 1), FRAME_DONE);
	frame_asm_free(&fa);
}

/* Growth by doubling, clamped to max + 1, fed one byte at a time. */
static void test_growth(void)
{
	enum { MAX = 16384 };
	size_t i, last_cap = 0, grows = 0, over = 0;
	frame_asm fa;
	char *msg = malloc(MAX);
	frame_status st = FRAME_MORE;

	if (!CHECK(msg != NULL))
		return;
	for (i = 0; i < MAX; i++)
		msg[i] = (char)('a' + i % 26);
	frame_asm_init(&fa, MAX);
	for (i = 0; i < MAX; i++) {
		st = frame_asm_feed(&fa, msg + i, 1, i == MAX - 1);
		if (fa.cap != last_cap) {
			grows++;
			last_cap = fa.cap;
		}
		over += fa.cap > MAX + 1;
	}
	CHECK_INT(st, FRAME_DONE);
	CHECK_UINT(fa.len, MAX);
	CHECK_MEM(fa.buf, msg, MAX);
	CHECK(fa.buf[MAX] == '\0');
	CHECK_UINT(fa.cap, MAX + 1);
	CHECK_UINT(over, 0);
	/* 256, 512, ... 16384, then 16385: eight sizes, not thousands. */
	CHECK(grows <= 8);

	/* Reset keeps the memory for the next message. */
	{
		char *buf = fa.buf;

		frame_asm_reset(&fa);
		CHECK_UINT(fa.len, 0);
		CHECK(fa.buf == buf);
		CHECK_UINT(fa.cap, MAX + 1);
		CHECK_INT(frame_asm_feed(&fa, msg, MAX, 1), FRAME_DONE);
		CHECK(fa.buf == buf);
	}
	frame_asm_free(&fa);
	free(msg);
}

static void test_free_and_reuse(void)
{
	frame_asm fa, zero;

	memset(&zero, 0, sizeof zero);
	frame_asm_free(&zero);
	frame_asm_free(NULL);
	frame_asm_reset(&zero);
	CHECK(zero.buf == NULL);

	frame_asm_init(&fa, 8);
	CHECK_INT(frame_asm_feed(&fa, "abc", 3, 0), FRAME_MORE);
	frame_asm_free(&fa);
	CHECK(fa.buf == NULL);
	CHECK_UINT(fa.len, 0);
	/* Still usable with the same cap after a free. */
	CHECK_UINT(fa.max, 8);
	CHECK_INT(frame_asm_feed(&fa, "12345678", 8, 1), FRAME_DONE);
	CHECK_INT(frame_asm_feed(&fa, "123456789", 9, 1), FRAME_TOO_LARGE);
	frame_asm_free(&fa);

	/* A cap of SIZE_MAX must not overflow max + 1. */
	frame_asm_init(&fa, SIZE_MAX);
	CHECK(fa.max < SIZE_MAX);
	CHECK_INT(frame_asm_feed(&fa, "big", 3, 1), FRAME_DONE);
	CHECK_STR(fa.buf, "big");
	frame_asm_free(&fa);
}

int main(void)
{
	test_single_and_fragments();
	test_empty_message();
	test_cap_exact();
	test_one_over_across_fragments();
	test_growth();
	test_free_and_reuse();
	return check_done("frame");
}
