/* The retention purge (PASSERELLE_RETENTION_DAYS): every PASSERELLE_RETENTION_CHECK seconds
 * a node tries to take the purge lock; the one that gets it runs retention.lua. */
#ifndef PASSERELLE_RETENTION_H
#define PASSERELLE_RETENTION_H

#include <uv.h>

#include "config.h"

/* Starts the timer on loop. cfg must outlive retention_shutdown(). */
void retention_init(uv_loop_t *loop, const config *cfg);
/* Stops and closes the timer. */
void retention_shutdown(void);

#endif
