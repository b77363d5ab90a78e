/* A growable byte buffer with a cap, for assembling JSON from trusted fragments. */
#ifndef PASSERELLE_SBUF_H
#define PASSERELLE_SBUF_H

#include <stddef.h>

typedef struct sbuf {
	char *p;
	size_t len, cap, max;
	int failed; /* an append hit the cap or ran out of memory */
} sbuf;

void sbuf_init(sbuf *b, size_t max);
/* Appends; on failure sets b->failed and keeps what was there. */
void sbuf_add(sbuf *b, const char *s, size_t len);
void sbuf_adds(sbuf *b, const char *s);
/* Frees the buffer; accepts NULL and a zeroed struct. */
void sbuf_free(sbuf *b);

#endif
