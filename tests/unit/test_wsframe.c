/* Unit tests for service/wsframe.c: shared frames and the server frame header. */
#include "wsframe.h"

#include "check.h"

static void test_head_lengths(void)
{
	unsigned char h[WSFRAME_HEAD_MAX];

	CHECK_INT(wsframe_head(h, 0), 2);
	CHECK_INT(h[0], 0x81);
	CHECK_INT(h[1], 0);
	CHECK_INT(wsframe_head(h, 125), 2);
	CHECK_INT(h[1], 125);
	CHECK_INT(wsframe_head(h, 126), 4);
	CHECK_INT(h[1], 126);
	CHECK_INT(h[2] << 8 | h[3], 126);
	CHECK_INT(wsframe_head(h, 65535), 4);
	CHECK_INT(h[2] << 8 | h[3], 65535);
	CHECK_INT(wsframe_head(h, 65536), 10);
	CHECK_INT(h[1], 127);
	CHECK(!memcmp(h + 2, "\0\0\0\0\0\x01\0\0", 8));
	CHECK_INT(wsframe_head(h, 0x0102030405ull), 10);
	CHECK(!memcmp(h + 2, "\0\0\0\x01\x02\x03\x04\x05", 8));
}

static void test_refs_and_about(void)
{
	wsframe *f = wsframe_new_about("{\"a\":1}", 7, "u1");

	CHECK(f != NULL);
	CHECK_INT(f->len, 7);
	CHECK(!memcmp(wsframe_data(f), "{\"a\":1}", 7));
	CHECK_INT(wsframe_data(f)[7], 0);
	CHECK_STR(wsframe_about(f), "u1");
	CHECK(wsframe_ref(f) == f);
	CHECK_INT(f->refs, 2);
	wsframe_unref(f);
	wsframe_unref(f); /* the last: freed (LeakSanitizer checks) */
	wsframe_unref(NULL);
	f = wsframe_new("x", 1);
	CHECK_STR(wsframe_about(f), "");
	wsframe_unref(f);
}

int main(void)
{
	test_head_lengths();
	test_refs_and_about();
	return check_done("wsframe");
}
