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
	unsigned char buf[]; /* WSFRAME_PRE bytes, then len bytes of payload, then NUL */
} wsframe;

/* New frame holding a copy of data; the caller owns the one reference. NULL on no memory. */
wsframe *wsframe_new(const char *data, size_t len);
/* Takes another reference; returns f. */
wsframe *wsframe_ref(wsframe *f);
/* Drops a reference; frees on the last. Accepts NULL. */
void wsframe_unref(wsframe *f);

static inline unsigned char *wsframe_data(wsframe *f)
{
	return f->buf + WSFRAME_PRE;
}

#endif
