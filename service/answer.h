/* Decoding a script's Redis answer into the one answer shape (store.h). No I/O: feed the
 * reply in, read the answer out. Used by store.c. */
#ifndef PASSERELLE_ANSWER_H
#define PASSERELLE_ANSWER_H

#include <hiredis/hiredis.h>

#include "store.h"

/* Fills a from r (NULL: no answer) as the answer of s. a points into r and its own item
 * arrays: call answer_clear() before r is freed. When r has a shape s does not declare,
 * a->code is "internal" and why says what was wrong (why may be NULL). */
void answer_decode(const redisReply *r, const store_script *s, store_answer *a, char *why,
		   size_t whysz);
/* Frees a's item arrays; accepts a cleared answer. */
void answer_clear(store_answer *a);

#endif
