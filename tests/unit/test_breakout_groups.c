/* Unit tests for service/breakout_groups.c: balance, mixing of origins, determinism. */
#include "breakout_groups.h"

#include "check.h"

#include <stdio.h>
#include <string.h>

#define N_MAX 64

/* Sizes of the groups of one placement; answers max - min. */
static int spread(const int *group, size_t n, size_t ngroups, int *sizes)
{
	size_t i;
	int lo = 1 << 30, hi = 0;

	memset(sizes, 0, sizeof(int) * ngroups);
	for (i = 0; i < n; i++)
		sizes[group[i]]++;
	for (i = 0; i < ngroups; i++) {
		lo = sizes[i] < lo ? sizes[i] : lo;
		hi = sizes[i] > hi ? sizes[i] : hi;
	}
	return hi - lo;
}

/* How many people of origin in group g. */
static int of_origin(const bg_person *p, const int *group, size_t n, int g, const char *origin)
{
	size_t i;
	int k = 0;

	for (i = 0; i < n; i++)
		k += group[i] == g && !strcmp(p[i].origin, origin);
	return k;
}

static void test_balance(void)
{
	static char uids[N_MAX][8];
	bg_person p[N_MAX];
	int group[N_MAX], sizes[BREAKOUT_GROUPS_MAX];
	size_t n, g, i;

	for (i = 0; i < N_MAX; i++) {
		snprintf(uids[i], sizeof(uids[i]), "u%zu", i);
		p[i].uid = uids[i];
		p[i].origin = i % 3 ? "SN" : "FR";
	}
	for (n = 0; n <= N_MAX; n += 7)
		for (g = 2; g <= 9; g++) {
			CHECK_INT(breakout_groups(p, n, g, 42, group), 0);
			CHECK_INT(spread(group, n, g, sizes), n ? (n % g != 0) : 0);
		}
}

/* A known cohort: 6 from SN, 3 from ML, 2 from GH, 1 unknown, in 3 groups. */
static void test_mixing(void)
{
	static const char *origins[] = {"SN", "SN", "SN", "SN", "SN", "SN",
					"ML", "ML", "ML", "GH", "GH", ""};
	static const char *uids[] = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"};
	bg_person p[12];
	int group[12], sizes[3], g;
	size_t i;

	for (i = 0; i < 12; i++) {
		p[i].uid = uids[i];
		p[i].origin = origins[i];
	}
	CHECK_INT(breakout_groups(p, 12, 3, 7, group), 0);
	CHECK_INT(spread(group, 12, 3, sizes), 0);
	for (g = 0; g < 3; g++) {
		CHECK_INT(of_origin(p, group, 12, g, "SN"), 2);
		CHECK_INT(of_origin(p, group, 12, g, "ML"), 1);
		CHECK(of_origin(p, group, 12, g, "GH") <= 1);
	}
}

/* Same input and seed, same groups; people in another order land the same way. */
static void test_deterministic(void)
{
	bg_person p[5] = {{"a", "SN"}, {"b", "SN"}, {"c", "FR"}, {"d", "FR"}, {"e", "ML"}};
	bg_person r[5] = {{"e", "ML"}, {"d", "FR"}, {"c", "FR"}, {"b", "SN"}, {"a", "SN"}};
	int g1[5], g2[5], g3[5];
	size_t i;

	CHECK_INT(breakout_groups(p, 5, 2, 99, g1), 0);
	CHECK_INT(breakout_groups(p, 5, 2, 99, g2), 0);
	CHECK_INT(breakout_groups(r, 5, 2, 99, g3), 0);
	for (i = 0; i < 5; i++) {
		CHECK_INT(g1[i], g2[i]);
		CHECK_INT(g1[i], g3[4 - i]);
	}
}

static void test_refusals(void)
{
	bg_person p[1] = {{"a", "SN"}};
	int group[1] = {-1};

	CHECK_INT(breakout_groups(p, 1, 0, 1, group), -1);
	CHECK_INT(breakout_groups(p, 1, BREAKOUT_GROUPS_MAX + 1, 1, group), -1);
	CHECK_INT(breakout_groups(p, BREAKOUT_PEOPLE_MAX + 1, 2, 1, group), -1);
	CHECK_INT(group[0], -1);
	/* Fewer people than groups: each alone, no one left out. */
	CHECK_INT(breakout_groups(p, 1, 4, 1, group), 0);
	CHECK(group[0] >= 0 && group[0] < 4);
}

int main(void)
{
	test_balance();
	test_mixing();
	test_deterministic();
	test_refusals();
	return check_done("breakout_groups");
}
