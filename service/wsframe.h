/* A serialized outgoing WebSocket text frame, shared by reference between every connection
 * that sends it (one allocation per message per node, whatever the fan-out). */
#ifndef PASSERELLE_WSFRAME_H
#define PASSERELLE_WSFRAME_H

#include <stddef.h>

/* Head room that the socket layer may write its framing header into (LWS_PRE). */
#define WSFRAME_PRE 16

typedef struct wsframe {
	int refs;
	size_t len;
	unsigned char buf[]; /* WSFRAME_PRE bytes, len bytes of payload, NUL, the about string */
} wsframe;

/* New frame holding a copy of data; the caller owns the one reference. NULL on no memory. */
wsframe *wsframe_new(const char *data, size_t len);
/* The same, remembering about (NULL: ""), the user the frame is about, for readers that filter
 * without parsing. */
wsframe *wsframe_new_about(const char *data, size_t len, const char *about);
/* The longest header of an unmasked server frame. */
#define WSFRAME_HEAD_MAX 10

/* Writes into out (WSFRAME_HEAD_MAX bytes) the header of an unmasked, final text frame of len
 * payload bytes, as a server sends it (RFC 6455 5.2); returns its length. */
size_t wsframe_head(unsigned char *out, size_t len);
/* Takes another reference; returns f. */
wsframe *wsframe_ref(wsframe *f);
/* Drops a reference; frees on the last. Accepts NULL. */
void wsframe_unref(wsframe *f);

static inline unsigned char *wsframe_data(wsframe *f)
{
	return f->buf + WSFRAME_PRE;
}

/* The about string of wsframe_new_about ("" for wsframe_new), valid as long as f. */
static inline const char *wsframe_about(const wsframe *f)
{
	return (const char *)f->buf + WSFRAME_PRE + f->len + 1;
}

#endif
