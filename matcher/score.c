/*
 * score.c - the score of a (mentor, mentee) pair and its reasons, from the factors of
 * factors.c.
 *
 * Each factor yields a value in micro-points; the score is the rounded sum, and the
 * points of the reasons are apportioned by largest remainder so that they add up to
 * exactly the score. The candidate search in cand.c uses the same values (through the
 * tables of factor_tables() and score_rest()) so that both paths give the same score.
 * Nothing here allocates.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void score_tables(struct matcher *m)
{
	m->weight_sum = 0;
	for (size_t k = 0; k < nfactors; k++)
		m->weight_sum += m->cfg.weights[k];
	m->rest_max = 0;
	for (size_t k = F_SEARCHED; k < nfactors; k++)
		m->rest_max += score_micro(m, k, 1, 1);
	factor_tables(m);
}

int64_t score_rest(const struct matcher *m, const struct mperson *mentor,
		   const struct mperson *mentee)
{
	int64_t sum = 0;

	for (size_t k = F_SEARCHED; k < nfactors; k++) {
		struct fvalue v;
		if (!m->cfg.weights[k])
			continue;
		factors[k].value(m, mentor, mentee, &v);
		sum += score_micro(m, k, v.num, v.den);
	}
	return sum;
}

void score_pair(const struct matcher *m, size_t mentor, size_t mentee, struct factors *f)
{
	const struct mperson *mr = &m->mentors[mentor], *me = &m->mentees[mentee];
	int64_t sum = 0;

	for (size_t k = 0; k < nfactors; k++) {
		factors[k].value(m, mr, me, &f->f[k]);
		f->v[k] = score_micro(m, k, f->f[k].num, f->f[k].den);
		sum += f->v[k];
	}
	f->score = score_round(sum);
}

/* Largest remainder: floors first, then one more point to the largest fractions. */
static void apportion(const struct factors *f, int pts[MATCHER_FACTORS_MAX])
{
	int sum = 0, bumped[MATCHER_FACTORS_MAX] = {0};

	for (size_t k = 0; k < nfactors; k++) {
		pts[k] = (int)(f->v[k] / MICRO);
		sum += pts[k];
	}
	while (sum < f->score) {
		int best = -1;
		for (size_t k = 0; k < nfactors; k++)
			if (!bumped[k] && (best < 0 || f->v[k] % MICRO > f->v[best] % MICRO))
				best = (int)k;
		bumped[best] = 1;
		pts[best]++;
		sum++;
	}
}

size_t score_reasons(const struct matcher *m, size_t mentor, size_t mentee, const struct factors *f,
		     matcher_reason_t *out)
{
	const struct mperson *mr = &m->mentors[mentor], *me = &m->mentees[mentee];
	int pts[MATCHER_FACTORS_MAX];
	size_t n = 0;

	apportion(f, pts);
	for (size_t k = 0; k < nfactors; k++) {
		matcher_reason_t *r = &out[n];
		if (!m->cfg.weights[k])
			continue;
		r->factor = factors[k].name;
		r->points = pts[k];
		r->detail[0] = '\0';
		factors[k].detail(m, mr, me, &f->f[k], r->detail);
		n++;
	}
	return n;
}
