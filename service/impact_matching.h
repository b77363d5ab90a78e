/*
 * impact_matching: the figures of report.matching (docs/impact.md, "Mentorship funnel")
 * from the funnel records of the mentees in scope. Pure: no I/O, no clock (the report time
 * comes in). Every cell goes through the suppression rule of impact.h.
 */
#ifndef PASSERELLE_IMPACT_MATCHING_H
#define PASSERELLE_IMPACT_MATCHING_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define IM_OFFERS_MAX 50 /* offers kept per mentee (FUNNEL_OFFERS_MAX in match.lua) */
#define IM_DAY_MS 86400000LL
#define IM_ACTIVE_MS (14 * IM_DAY_MS)  /* active: a message in the pair room this recently */
#define IM_LASTING_MS (56 * IM_DAY_MS) /* lasting: a message this long after the match */

enum im_status { IM_QUEUED, IM_OFFERED, IM_MATCHED };
enum im_outcome { IM_PENDING, IM_ACCEPTED, IM_DECLINED, IM_EXPIRED, IM_WITHDRAWN };
/* What kept a mentee unmatched at their last round; IM_NOT_RUN: no round since they asked
 * or since their last offer ended. */
enum im_filter { IM_CAPACITY, IM_LANGUAGE, IM_EXCLUDED, IM_COMPETITION, IM_NOT_RUN, IM_FILTERS };

typedef struct im_offer {
	int load;    /* the mentor's mentees when the offer was made */
	int outcome; /* enum im_outcome */
} im_offer;

/* One mentee's funnel record; times in ms, 0 when none. */
typedef struct im_mentee {
	int64_t requested_at, offered_at, matched_at, last_message_at;
	int status;	 /* enum im_status */
	int filter;	 /* enum im_filter, read when queued */
	char country[3]; /* of residence, "" when unknown */
	size_t noffers;
	im_offer offers[IM_OFFERS_MAX];
} im_mentee;

/* Reads one record as report_matching.lua answers it (a JSON object text). Returns 0, or
 * -1 when it is not such a record. */
int impact_matching_read(const char *text, size_t len, im_mentee *out);

/* The figures of n mentees at the report time now (ms): a new object {funnel,
 * time_to_match, acceptance_by_load, unmatched} (docs/protocol.md), NULL when out of
 * memory. */
json_t *impact_matching_new(const im_mentee *v, size_t n, int64_t now);

#endif
