/* resp.c: see resp.h. */
#include "resp.h"

/* Appends the header of an array ('*') or a bulk string ('$') of n. Written by hand: this
 * runs for every argument of every command. */
static void header_add(sbuf *b, char tag, size_t n)
{
	char h[32];
	size_t i = sizeof(h);

	h[--i] = '\n';
	h[--i] = '\r';
	do {
		h[--i] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	h[--i] = tag;
	sbuf_add(b, h + i, sizeof(h) - i);
}

int resp_format(sbuf *b, int argc, const char *const *argv, const size_t *lens)
{
	int i;

	b->len = 0;
	b->failed = argc < 1;
	header_add(b, '*', (size_t)argc);
	for (i = 0; i < argc && !b->failed; i++) {
		header_add(b, '$', lens[i]);
		sbuf_add(b, argv[i], lens[i]);
		sbuf_add(b, "\r\n", 2);
	}
	if (!b->failed)
		return 0;
	b->len = 0;
	b->failed = 0;
	return -1;
}
