/* Matching rounds: read the queue and the mentors from Redis, assign the whole pool with the
 * matcher library on a worker thread, then offer each suggestion to its mentor. */
#ifndef PASSERELLE_MATCH_H
#define PASSERELLE_MATCH_H

#include <stddef.h>

#include <jansson.h>
#include <uv.h>

#include "hub.h"

/* Reads the weights (PASSERELLE_MATCH_*) and starts the periodic round (every interval_s)
 * and offer expiry. Returns 0, or -1 with a one-line reason in err. */
int match_init(uv_loop_t *loop, long interval_s, long offer_ttl_s, char *err, size_t errsz);
void match_shutdown(void);
/* Admin match.run: a round now; answers {offers, unmatched, total_score, ms}. */
void handle_match_run(conn *c, json_t *re, json_t *body);
/* Admin match.stats. */
void handle_match_stats(conn *c, json_t *re, json_t *body);
/* Admin report.matching (handle_report_matching.c): the mentorship funnel's figures. */
void handle_report_matching(conn *c, json_t *re, json_t *body);

#endif
