/* frame.c: capped WebSocket message reassembly; see frame.h. */
#include "frame.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* First allocation: most chat messages fit, and it is small next to the cap. */
#define FRAME_MIN_CAP 256

void frame_asm_init(frame_asm *fa, size_t max)
{
	memset(fa, 0, sizeof *fa);
	/* max + 1 bytes must be countable. */
	fa->max = max < SIZE_MAX ? max : SIZE_MAX - 1;
}

static void release(frame_asm *fa)
{
	free(fa->buf);
	fa->buf = NULL;
	fa->len = 0;
	fa->cap = 0;
	fa->done = 0;
	fa->open = 0;
}

/* Makes room for need bytes (need <= max + 1). Returns 0, or -1 when out of memory. */
static int reserve(frame_asm *fa, size_t need)
{
	size_t cap = fa->cap ? fa->cap : FRAME_MIN_CAP;
	char *p;

	if (need <= fa->cap)
		return 0;
	while (cap < need && cap <= SIZE_MAX / 2)
		cap *= 2;
	if (cap < need)
		cap = need;
	if (cap > fa->max + 1)
		cap = fa->max + 1;
	p = realloc(fa->buf, cap);
	if (p == NULL)
		return -1;
	fa->buf = p;
	fa->cap = cap;
	return 0;
}

frame_status frame_asm_feed(frame_asm *fa, const void *data, size_t len, int final)
{
	if (fa->done) {
		fa->len = 0;
		fa->done = 0;
	}
	if (fa->dropping) {
		if (final)
			fa->dropping = 0;
		return FRAME_MORE;
	}
	fa->open = !final;
	/* fa->len <= fa->max always holds, so this cannot wrap. */
	if (len > fa->max - fa->len || reserve(fa, fa->len + len + 1) < 0) {
		release(fa);
		fa->dropping = !final;
		return FRAME_TOO_LARGE;
	}
	if (len > 0)
		memcpy(fa->buf + fa->len, data, len);
	fa->len += len;
	if (!final)
		return FRAME_MORE;
	fa->buf[fa->len] = '\0';
	fa->done = 1;
	return FRAME_DONE;
}

int frame_asm_idle(const frame_asm *fa)
{
	return !fa->dropping && !fa->open;
}

void frame_asm_reset(frame_asm *fa)
{
	fa->open = 0;
	fa->len = 0;
	fa->dropping = 0;
	fa->done = 0;
	if (fa->buf != NULL)
		fa->buf[0] = '\0';
}

void frame_asm_free(frame_asm *fa)
{
	if (fa == NULL)
		return;
	release(fa);
	fa->dropping = 0;
}
