/* Unit tests for service/resp.c: commands as Redis reads them, the buffer reused and capped. */
#include "resp.h"

#include "check.h"

static void expect(sbuf *b, int argc, const char *const *argv, const size_t *lens, const char *want,
		   size_t want_len)
{
	CHECK_INT(resp_format(b, argc, argv, lens), 0);
	if (CHECK_INT((int)b->len, (int)want_len))
		CHECK(memcmp(b->p, want, want_len) == 0);
}

/* want is a string literal: its length counts the NULs inside it. */
#define EXPECT(b, argc, argv, lens, want) expect(b, argc, argv, lens, want, sizeof(want) - 1)

static void test_commands(void)
{
	sbuf b;
	const char *ping[] = {"PING"};
	size_t ping_l[] = {4};
	const char *set[] = {"SET", "k", ""};
	size_t set_l[] = {3, 1, 0};
	const char bin[] = {'a', '\0', '\r', '\n', 'b'};
	const char *hset[] = {"HSET", "h", "f", bin};
	size_t hset_l[] = {4, 1, 1, sizeof(bin)};

	sbuf_init(&b, 1 << 20);
	EXPECT(&b, 1, ping, ping_l, "*1\r\n$4\r\nPING\r\n");
	/* An empty argument, then bytes Redis must take as they are. */
	EXPECT(&b, 3, set, set_l, "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n");
	EXPECT(&b, 4, hset, hset_l, "*4\r\n$4\r\nHSET\r\n$1\r\nh\r\n$1\r\nf\r\n$5\r\na\0\r\nb\r\n");
	/* A shorter command after a longer one: only the new one. */
	EXPECT(&b, 1, ping, ping_l, "*1\r\n$4\r\nPING\r\n");
	sbuf_free(&b);
}

/* Counts and lengths of several digits. */
static void test_lengths(void)
{
	static char big[12345];
	const char *argv[12];
	size_t lens[12];
	sbuf b;
	int i;

	memset(big, 'x', sizeof(big));
	for (i = 0; i < 12; i++) {
		argv[i] = i == 11 ? big : "a";
		lens[i] = i == 11 ? sizeof(big) : 1;
	}
	sbuf_init(&b, 1 << 20);
	CHECK_INT(resp_format(&b, 12, argv, lens), 0);
	CHECK(!strncmp(b.p, "*12\r\n$1\r\na\r\n", 12));
	CHECK(strstr(b.p, "\r\n$12345\r\nxxx") != NULL);
	CHECK_INT((int)b.len, 5 + 11 * 7 + 8 + 12345 + 2);
	sbuf_free(&b);
}

/* Past the cap: -1 and an empty buffer that works for the next command. */
static void test_cap(void)
{
	const char *long_arg[] = {"SET", "k", "0123456789012345678901234567890123456789"};
	size_t long_l[] = {3, 1, 40};
	const char *ping[] = {"PING"};
	size_t ping_l[] = {4};
	sbuf b;

	sbuf_init(&b, 48);
	CHECK_INT(resp_format(&b, 3, long_arg, long_l), -1);
	CHECK_INT((int)b.len, 0);
	EXPECT(&b, 1, ping, ping_l, "*1\r\n$4\r\nPING\r\n");
	CHECK_INT(resp_format(&b, 0, ping, ping_l), -1);
	sbuf_free(&b);
	sbuf_free(NULL);
}

int main(void)
{
	test_commands();
	test_lengths();
	test_cap();
	return check_done("resp");
}
