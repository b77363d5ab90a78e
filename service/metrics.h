/* Counters for GET /metrics (Prometheus text format). */
#ifndef PASSERELLE_METRICS_H
#define PASSERELLE_METRICS_H

#include <stdint.h>

#include "sbuf.h"

typedef struct metrics {
	uint64_t requests;
	uint64_t messages_in; /* say stored */
	uint64_t deliveries;  /* frames written to sockets */
	uint64_t events_in;   /* events received from Redis */
	uint64_t connections_total;
	uint64_t connections_refused;
} metrics;

extern metrics metrics_now;

/* Counts one error reply by its code. */
void metrics_error(const char *code);
/* Appends the whole exposition to b. */
void metrics_render(sbuf *b, const char *node);

#endif
