#include "breakout_groups.h"

#include <string.h>

/* Person indices with the fields the ordering needs. */
typedef struct bg_slot {
	size_t i;	  /* index into people */
	size_t origin_n;  /* how many share this person's origin */
	uint64_t shuffle; /* seeded tie-break, so equal origins are not in input order */
} bg_slot;

static uint64_t bg_mix(uint64_t x)
{
	/* splitmix64: cheap, well spread, and the same everywhere. */
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static uint64_t bg_hash(const char *s, uint64_t seed)
{
	uint64_t h = bg_mix(seed);

	for (; s && *s; s++)
		h = bg_mix(h ^ (unsigned char)*s);
	return h;
}

static const char *bg_origin(const bg_person *p)
{
	return p->origin ? p->origin : "";
}

/* Larger origin first, then by origin, then by the seeded shuffle: the people of one origin
 * come together, so dealing them in turn spreads them over the groups. */
static int bg_before(const bg_slot *a, const bg_slot *b, const bg_person *people)
{
	int c;

	if (a->origin_n != b->origin_n)
		return a->origin_n > b->origin_n;
	c = strcmp(bg_origin(&people[a->i]), bg_origin(&people[b->i]));
	if (c)
		return c < 0;
	if (a->shuffle != b->shuffle)
		return a->shuffle < b->shuffle;
	return a->i < b->i;
}

/* Insertion sort: n is small and this keeps the module free of qsort's context problem. */
static void bg_sort(bg_slot *s, size_t n, const bg_person *people)
{
	size_t i, j;
	bg_slot t;

	for (i = 1; i < n; i++) {
		t = s[i];
		for (j = i; j > 0 && bg_before(&t, &s[j - 1], people); j--)
			s[j] = s[j - 1];
		s[j] = t;
	}
}

int breakout_groups(const bg_person *people, size_t n, size_t ngroups, uint64_t seed, int *group)
{
	static bg_slot slots[BREAKOUT_PEOPLE_MAX];
	size_t i, j;

	if (ngroups < 1 || ngroups > BREAKOUT_GROUPS_MAX || n > BREAKOUT_PEOPLE_MAX)
		return -1;
	for (i = 0; i < n; i++) {
		slots[i].i = i;
		slots[i].origin_n = 0;
		slots[i].shuffle = bg_hash(people[i].uid, seed);
		for (j = 0; j < n; j++)
			slots[i].origin_n += !strcmp(bg_origin(&people[i]), bg_origin(&people[j]));
	}
	bg_sort(slots, n, people);
	/* Dealt in turn, the group that starts each origin rotates on, so sizes stay within
	 * one of each other and an origin with k people reaches min(k, ngroups) groups. */
	for (i = 0; i < n; i++)
		group[slots[i].i] = (int)(i % ngroups);
	return 0;
}
