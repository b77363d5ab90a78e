/* Redis commands in RESP (an array of bulk strings), built in a buffer the caller keeps
 * between commands so that sending one allocates nothing once the buffer has grown. */
#ifndef PASSERELLE_RESP_H
#define PASSERELLE_RESP_H

#include "sbuf.h"

/* Replaces what b holds with the command argv[0..argc) (lens[i] bytes each; any bytes).
 * Returns 0, or -1 when the command does not fit under b->max or memory ran out (b is then
 * empty and usable again). b keeps its memory: the caller frees it with sbuf_free. */
int resp_format(sbuf *b, int argc, const char *const *argv, const size_t *lens);

#endif
