/*
 * input.h - matcher input from JSON: people in the profile form of the wire contract
 * (languages with CEFR levels, skills with levels, country, origin, time zone, capacity)
 * turned into matcher_person_t, with each time zone turned into a UTC offset at the
 * round's instant through the system's tz database.
 *
 * A companion of the pure library (libpasserelle-match-input.a, next to
 * libpasserelle-match.a): it uses jansson and reads the tz database. Both the service's
 * matching round and passerelle-match read people through it.
 *
 * Threads: resolving a zone sets the TZ variable for a moment (and restores it), so use
 * readers from one thread at a time, and not while another thread reads local time.
 *
 * Ownership:
 * - matcher_reader_new() returns a new reader; matcher_reader_free() frees it (NULL ok).
 * - A matcher_people_t or matcher_cohort_t filled by a reader owns its arrays and borrows
 *   every string from the JSON it was read from: keep that JSON until matcher_new() has
 *   copied the input. matcher_people_clear() and matcher_cohort_clear() free the arrays;
 *   they accept NULL, a zeroed struct and one cleared already.
 * - The JSON is only read, never changed or referenced.
 */
#ifndef MATCHER_INPUT_H
#define MATCHER_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "matcher.h"

/* Reader flags. */
#define MATCHER_READ_NESTED 1	/* profile fields in the person's "profile" object */
#define MATCHER_READ_ANY_ZONE 2 /* an empty or unknown time zone is offset 0, not an error */

typedef struct matcher_reader matcher_reader_t;

/* A new reader for a round at now_ms; flags are MATCHER_READ_* or 0. NULL on no memory. */
matcher_reader_t *matcher_reader_new(int64_t now_ms, int flags);
void matcher_reader_free(matcher_reader_t *r);

/* UTC offset in minutes of an IANA zone ("Europe/Paris") at the reader's instant, from the
 * tz database ($TZDIR, else /usr/share/zoneinfo); offsets are remembered by name. Returns
 * 0, or -1 when zone is not a zone name the database has. */
int matcher_reader_zone(matcher_reader_t *r, const char *zone, int *offset_min);

/* One side of a round: people[i], names[i] for i < count. */
typedef struct matcher_people {
	matcher_person_t *people;
	const char **names; /* each person's "name", or NULL */
	size_t count;
	matcher_language_t *languages; /* what people[].languages point into */
	matcher_skill_t *skills;       /* what people[].skills point into */
} matcher_people_t;

/*
 * Reads a JSON array of people into *out (mentees: 1 for the mentee side, whose name is
 * used in messages). A person is an object with "id" (a string), "name", "used",
 * "requested_at" (default now), "declines"; and profile fields "languages"
 * [{code, level}], "skills" [{name, level 1..5}], "country", "origin", "capacity"
 * (default 1), "timezone" (an IANA name) or "utc_offset_min". The profile fields are on
 * the person itself, or with MATCHER_READ_NESTED in its "profile" object. A null member
 * is absent, except "languages" and "skills", which must be arrays when present.
 * Returns 0, or -1 with *out empty and err set: MATCHER_EINVAL and one sentence naming
 * the person, or MATCHER_ENOMEM.
 */
int matcher_reader_people(matcher_reader_t *r, const json_t *arr, int mentees,
			  matcher_people_t *out, matcher_error_t *err);
void matcher_people_clear(matcher_people_t *pp);

/* A whole cohort document: {"mentors": [...], "mentees": [...], "exclude": [[mentor,
 * mentee], ...], "frozen": [[mentor, mentee], ...]}. */
typedef struct matcher_cohort {
	matcher_people_t mentors, mentees;
	matcher_pair_t *excluded, *frozen;
	size_t nexcluded, nfrozen;
	int64_t now_ms; /* the reader's instant */
} matcher_cohort_t;

/* Reads a cohort document into *out (the other members, "config" among them, are
 * ignored). Returns 0, or -1 with *out empty and err set as matcher_reader_people(). */
int matcher_reader_cohort(matcher_reader_t *r, const json_t *root, matcher_cohort_t *out,
			  matcher_error_t *err);
/* Fills *in to match c (synonyms NULL); in points into c. */
void matcher_cohort_input(const matcher_cohort_t *c, matcher_input_t *in);
void matcher_cohort_clear(matcher_cohort_t *c);

#endif
