/* Breakout grouping: splits people into balanced groups that mix countries of origin. Pure:
 * no I/O, no allocation beyond what the caller gives; the same input and seed always give
 * the same groups. */
#ifndef PASSERELLE_BREAKOUT_GROUPS_H
#define PASSERELLE_BREAKOUT_GROUPS_H

#include <stddef.h>
#include <stdint.h>

#define BREAKOUT_GROUPS_MAX 50
#define BREAKOUT_PEOPLE_MAX 2000

/* One person to place: borrowed strings; origin "" when unknown (its own kind of origin). */
typedef struct bg_person {
	const char *uid;
	const char *origin;
} bg_person;

/* Places each of the n people in one of ngroups groups: group[i] gets 0..ngroups-1 for
 * people[i]. Sizes differ by at most one, and the people of one origin are spread over as
 * many groups as they can be (each group gets the floor or the ceiling of their share).
 * Returns 0, or -1 when ngroups is not 1..BREAKOUT_GROUPS_MAX or n is over
 * BREAKOUT_PEOPLE_MAX. n may be smaller than ngroups (some groups stay empty). Not
 * reentrant: one static work area (the service has one loop). */
int breakout_groups(const bg_person *people, size_t n, size_t ngroups, uint64_t seed, int *group);

#endif
