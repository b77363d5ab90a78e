/*
 * impact_report: the figures of report.sessions and report.cohort (docs/impact.md) from the
 * facts impact.lua reads. Pure: no I/O, no clock (the facts carry the report time).
 *
 * facts: {"now": ms, "sessions": [session...], "people": {uid: {country, origin, cohort}}}
 * where a session is {room, title, cohort, starts_at, ends_at, closed_at, rounds,
 * people: {uid: {a: "start-end,start-end,start", m, h, b, g}}, polls: [{poll, question,
 * state, anonymous, voters, who: [uid]}]}. Only the people of facts.people count (staff are
 * not there). Functions named _new return a new JSON reference, as jansson's do.
 */
#ifndef PASSERELLE_IMPACT_REPORT_H
#define PASSERELLE_IMPACT_REPORT_H

#include <stddef.h>

#include <jansson.h>

/* One attendee of a session: a person of facts.people with at least one presence span. */
typedef struct impact_att {
	const char *id;
	const json_t *person; /* borrowed from facts.people */
	double minutes;	      /* the sum of their spans */
	long messages, hands;
	int placed, group_spoke;
} impact_att;

/* A session's attendees in the report's scope, and all their spans. */
typedef struct impact_session {
	const json_t *j; /* the session's facts, borrowed */
	impact_att *att;
	size_t n;
	long long *starts, *ends; /* the spans' ends, each sorted ascending */
	size_t nspans;
} impact_session;

/* 1 when person (facts.people's entry; NULL: not counted) lives in region (NULL: any). */
int impact_person_in(const json_t *person, const char *region);

/* Reads the attendees of session who live in region (NULL: any); an open span ends at the
 * session's closed_at, else at now. Returns 0, or -1 out of memory. Clear s either way. */
int impact_session_load(impact_session *s, const json_t *session, const json_t *people,
			const char *region, long long now);
/* Frees what load allocated; accepts a zeroed or cleared s. */
void impact_session_clear(impact_session *s);

/* facts.sessions in starts_at order (then by room id): a new array of borrowed pointers and
 * its length in *n, or NULL out of memory. */
const json_t **impact_sessions_sorted(const json_t *facts, size_t *n);

/* report.sessions' {sessions, totals}, or NULL out of memory. */
json_t *impact_sessions_new(const json_t *facts, const char *region);
/* report.cohort's {roster, attended_any, never, sessions, retention, drop_off} for cohort,
 * or NULL out of memory. */
json_t *impact_cohort_new(const json_t *facts, const char *cohort, const char *region);

#endif
