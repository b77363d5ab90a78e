/*
 * frame.h: WebSocket message reassembly with a hard size cap. libwebsockets
 * hands a message over in fragments; this joins them and refuses a message
 * as soon as it would exceed the cap, without ever holding more than cap + 1
 * bytes.
 *
 * Ownership: the caller owns the frame_asm (usually inside the per-connection
 * data) and must call frame_asm_free; the struct owns buf. The data given to
 * frame_asm_feed is copied, never kept. Not locked: one thread per frame_asm.
 */
#ifndef PASSERELLE_FRAME_H
#define PASSERELLE_FRAME_H

#include <stddef.h>

typedef enum { FRAME_MORE = 0, FRAME_DONE, FRAME_TOO_LARGE } frame_status;

typedef struct frame_asm {
	char *buf;	      /* message so far, NUL-terminated once FRAME_DONE */
	size_t len, cap, max; /* bytes held, bytes allocated, largest message */
	int dropping;	      /* discarding the rest of a message that was too large */
	int done;	      /* buf holds a finished message; the next feed starts anew */
	int open;	      /* a message has begun and its final fragment is still to come */
} frame_asm;

void frame_asm_init(frame_asm *fa, size_t max); /* no allocation yet */

/*
 * Appends a fragment of len bytes (data may be NULL when len is 0); final is
 * non-zero on the last fragment of the message.
 * FRAME_DONE when final: the message (NUL-terminated) is fa->buf/fa->len
 * until the next feed or reset; buf is never NULL then, even for an empty
 * message. FRAME_TOO_LARGE as soon as the total would exceed max (a message
 * of exactly max bytes is fine), or when memory runs out: the buffer is
 * released. The remaining fragments of that message are then discarded with
 * FRAME_MORE, the final one included, so the caller reports the error once;
 * the message after it is assembled normally. FRAME_MORE otherwise.
 * Grows geometrically, never beyond max+1.
 */
frame_status frame_asm_feed(frame_asm *fa, const void *data, size_t len, int final);

/* 1 when no message is in progress: a final fragment now is a whole message, which the
 * caller may read in place instead of feeding (a copy saved on the usual one-piece frame). */
int frame_asm_idle(const frame_asm *fa);

void frame_asm_reset(frame_asm *fa); /* ready for the next message, keeps memory */
void frame_asm_free(frame_asm *fa);  /* accepts NULL and a zeroed struct; keeps max */

#endif
