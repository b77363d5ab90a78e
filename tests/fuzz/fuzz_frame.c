/*
 * fuzz_frame.c - WebSocket message reassembly (service/frame.c), checked against a model
 * of the contract in frame.h.
 *
 * The input is a program. Two bytes give the cap (0xffff: no cap, SIZE_MAX), then each
 * byte is one operation: 0xff resets, 0xfe frees, anything else feeds a fragment whose
 * length is bits 1..6 (times 64 when bit 7 is set), final when bit 0 is set. Fragment
 * bytes come from a counter, so the model knows what every message must hold.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"

struct model {
	size_t max, len;
	int dropping, done;
	unsigned char *msg; /* the message so far, msgcap bytes allocated */
	size_t msgcap;
};

static unsigned char stream_byte(size_t k)
{
	return (unsigned char)(k * 131 + 7);
}

#define EXPECT(cond)                                                                               \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "fuzz_frame: %s\n", #cond);                                \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

/* What frame_asm_feed() must answer, by frame.h; updates the model. */
static frame_status model_feed(struct model *m, const unsigned char *data, size_t len, int final)
{
	if (m->done) {
		m->len = 0;
		m->done = 0;
	}
	if (m->dropping) {
		m->dropping = !final;
		return FRAME_MORE;
	}
	if (len > m->max - m->len) {
		m->len = 0;
		m->dropping = !final;
		return FRAME_TOO_LARGE;
	}
	if (m->len + len > m->msgcap) {
		m->msgcap = (m->len + len) * 2;
		m->msg = realloc(m->msg, m->msgcap);
		EXPECT(m->msg != NULL);
	}
	if (len > 0)
		memcpy(m->msg + m->len, data, len);
	m->len += len;
	if (!final)
		return FRAME_MORE;
	m->done = 1;
	return FRAME_DONE;
}

static void feed(frame_asm *fa, struct model *m, uint8_t op, size_t *stream)
{
	static unsigned char chunk[63 * 64];
	size_t len = (size_t)((op >> 1) & 0x3f) * (op & 0x80 ? 64 : 1);
	int final = op & 1;
	frame_status got, want;

	for (size_t i = 0; i < len; i++)
		chunk[i] = stream_byte((*stream)++);
	want = model_feed(m, chunk, len, final);
	got = frame_asm_feed(fa, len ? chunk : NULL, len, final);
	EXPECT(got == want);
	EXPECT(fa->len <= fa->max && fa->cap <= fa->max + 1);
	if (got == FRAME_DONE) {
		EXPECT(fa->buf != NULL && fa->len == m->len);
		EXPECT(m->len == 0 || memcmp(fa->buf, m->msg, m->len) == 0);
		EXPECT(fa->buf[fa->len] == '\0');
	}
	if (got == FRAME_TOO_LARGE)
		EXPECT(fa->buf == NULL && fa->len == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct model m = {0};
	size_t stream = 0, cap;
	frame_asm fa;

	if (size < 2)
		return 0;
	cap = (size_t)data[0] << 8 | data[1];
	frame_asm_init(&fa, cap == 0xffff ? SIZE_MAX : cap % 4097);
	m.max = fa.max;
	EXPECT(cap == 0xffff ? fa.max == SIZE_MAX - 1 : fa.max == cap % 4097);
	for (size_t pos = 2; pos < size; pos++) {
		if (data[pos] == 0xff) {
			frame_asm_reset(&fa);
			EXPECT(fa.len == 0 && (!fa.buf || fa.buf[0] == '\0'));
			m.len = 0;
			m.dropping = m.done = 0;
		} else if (data[pos] == 0xfe) {
			frame_asm_free(&fa);
			EXPECT(fa.buf == NULL && fa.len == 0 && fa.cap == 0 && fa.max == m.max);
			m.len = 0;
			m.dropping = m.done = 0;
		} else {
			feed(&fa, &m, data[pos], &stream);
		}
	}
	frame_asm_free(&fa);
	frame_asm_free(NULL);
	free(m.msg);
	return 0;
}
