/*
 * test_assign.c - the assignment on thousands of random instances.
 *
 * Small instances (up to 8 x 8, capacities 1..3) are checked against a brute-force
 * optimum; larger ones against a separate, plain Bellman-Ford min-cost flow. Every
 * instance is also checked for capacities, filters, the candidate cut, points adding up
 * to the score, and the same output on a second run.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"

#define NOW 1700000000000LL
#define DAY 86400000LL
#define MAXP 128 /* people per side */

struct rng {
	uint64_t s;
};

static uint32_t rnd(struct rng *r, uint32_t n)
{
	r->s ^= r->s << 13;
	r->s ^= r->s >> 7;
	r->s ^= r->s << 17;
	return (uint32_t)((r->s >> 11) % n);
}

struct world {
	struct built mentors[MAXP], mentees[MAXP];
	matcher_person_t pm[MAXP], pe[MAXP];
	char ids[2][MAXP][8];
	matcher_pair_t excl[MAXP * MAXP], frozen[4];
	matcher_input_t in;
	matcher_config_t cfg;
	size_t nm, ne;
	/* what the test knows from the library, per pair: -1 not a candidate, else gain */
	int gain[MAXP][MAXP];
	int free_places[MAXP], load[MAXP];
};

static const char *const skills[] = {
    "Public speaking", "prise de parole", "Fundraising", "levée de fonds", "Leadership", "coding",
    "Programming",     "data analysis",	  "Law",	 "droit"};
static const char *const langs[] = {"fr", "en", "ar", "pt"};
static const char *const levels[] = {"A1", "A2", "B1", "B2", "C1", "C2", "native"};
static const char *const countries[] = {"SN", "FR", "CI", "MA", "CA", "GH", "LB", NULL};
static const int offsets[] = {-300, 0, 60, 120, 330, 600};

static void random_spec(struct rng *r, struct spec *s, char *text, int mentor)
{
	int nl = 1 + (int)rnd(r, 2), ns = 1 + (int)rnd(r, 3);
	size_t len = 0;

	for (int k = 0; k < nl; k++)
		len += (size_t)sprintf(text + len, "%s%s:%s", k ? "," : "", langs[rnd(r, 4)],
				       levels[2 + rnd(r, 5)]);
	text[len++] = '\0';
	s->langs = text;
	s->skills = text + len;
	for (int k = 0; k < ns; k++)
		len += (size_t)sprintf(text + len, "%s%s:%u", k ? "," : "", skills[rnd(r, 10)],
				       1 + rnd(r, 5));
	s->country = countries[rnd(r, 8)];
	s->origin = rnd(r, 2) ? countries[rnd(r, 8)] : NULL;
	s->offset = offsets[rnd(r, 6)];
	if (mentor) {
		s->capacity = 1 + (int)rnd(r, 3);
		s->used = rnd(r, 10) == 0 ? s->capacity + 1 : (int)rnd(r, 2);
	} else {
		s->requested_at = NOW - (int64_t)rnd(r, 40 * 24) * (DAY / 24);
		s->declines = (int)rnd(r, 3);
	}
}

static void random_world(struct world *w, struct rng *r, size_t nm, size_t ne)
{
	memset(w, 0, sizeof(*w));
	w->nm = nm;
	w->ne = ne;
	for (size_t x = 0; x < nm + ne; x++) {
		int mentor = x < nm;
		size_t k = mentor ? x : x - nm;
		char text[512];
		struct spec s = {0};
		random_spec(r, &s, text, mentor);
		/* now and then a mentee is also a mentor, under the same id */
		snprintf(w->ids[!mentor][k], 8, "%c%zu", mentor || rnd(r, 10) ? "me"[!mentor] : 'm',
			 k);
		s.id = w->ids[!mentor][k];
		build_person(mentor ? &w->mentors[k] : &w->mentees[k], &s);
		if (mentor)
			w->pm[k] = w->mentors[k].p;
		else
			w->pe[k] = w->mentees[k].p;
	}
	for (size_t j = 0; j < nm; j++)
		for (size_t i = 0; i < ne; i++)
			if (rnd(r, 8) == 0)
				w->excl[w->in.nexcluded++] =
				    (matcher_pair_t){w->ids[0][j], w->ids[1][i]};
	if (rnd(r, 4) == 0) {
		w->frozen[0] = (matcher_pair_t){w->ids[0][rnd(r, (uint32_t)nm)],
						w->ids[1][rnd(r, (uint32_t)ne)]};
		w->in.nfrozen = 1;
	}
	w->in.mentors = w->pm;
	w->in.nmentors = nm;
	w->in.mentees = w->pe;
	w->in.nmentees = ne;
	w->in.excluded = w->excl;
	w->in.frozen = w->frozen;
	w->in.now_ms = NOW;
}

/* Every factor's weight at random, through its key, so that each factor the library
 * has is reached; not all of them 0. */
static void random_weights(matcher_config_t *c, struct rng *r)
{
	const char *const *keys = matcher_config_keys();
	int sum = 0;

	for (size_t k = 0; keys[k]; k++) {
		int w = (int)rnd(r, 3) ? (int)rnd(r, 60) : 0;
		if (strncmp(keys[k], "w_", 2) != 0)
			continue;
		CHECK(matcher_config_set(c, keys[k], w, NULL) == 0);
		sum += w;
	}
	if (!sum)
		CHECK(matcher_config_set(c, keys[0], 1, NULL) == 0);
}

/* 0 default, 1 plain, 2 random weights, 3 small candidate cut, 4 greedy, 5 no cut,
 * 6 every factor's weight at random and a small cut or none */
static void random_config(matcher_config_t *c, struct rng *r, int kind)
{
	matcher_config_default(c);
	if (kind == 1)
		c->plain = 1;
	if (kind == 2) {
		c->w_skills = (int)rnd(r, 60);
		c->w_language = (int)rnd(r, 60);
		c->w_region = (int)rnd(r, 60);
		c->w_timezone = 1 + (int)rnd(r, 60);
		c->spread = (int)rnd(r, 11);
		c->wait_per_day = (int)rnd(r, 4);
		c->decline_bonus = (int)rnd(r, 8);
		c->bonus_max = (int)rnd(r, 30);
		c->min_level = 2 + (int)rnd(r, 4);
	}
	if (kind == 3)
		c->candidates = 1 + (int)rnd(r, 3);
	if (kind == 4)
		c->greedy = 1;
	if (kind == 5) { /* no cut, but spreading and bonuses */
		c->candidates = 0;
		c->spread = 1 + (int)rnd(r, 4);
	}
	if (kind == 6) {
		random_weights(c, r);
		c->candidates = (int)rnd(r, 4);
	}
}

/* What the library uses: plain mode turns spreading off. */
static int spread(const struct world *w)
{
	return w->cfg.plain ? 0 : w->cfg.spread;
}

static int expected_bonus(const matcher_config_t *c, const matcher_person_t *p)
{
	long long b;

	if (c->plain)
		return 0;
	b = (NOW - p->requested_at_ms) / DAY * c->wait_per_day + p->declines * c->decline_bonus;
	return (int)(b < c->bonus_max ? b : c->bonus_max);
}

static int points(const matcher_reason_t *r, size_t n)
{
	int sum = 0;
	for (size_t k = 0; k < n; k++)
		sum += r[k].points;
	return sum;
}

static int frozen_mentor(const struct world *w, size_t i)
{
	for (size_t f = 0; f < w->in.nfrozen; f++)
		if (strcmp(w->frozen[f].mentee, w->ids[1][i]) == 0)
			return (int)strtol(w->frozen[f].mentor + 1, NULL, 10);
	return -1;
}

/* The top-K rule: eligible pairs by score, then mentor index, and worth something. */
static void check_candidates(const struct world *w, const matcher_t *m, size_t i, int bonus)
{
	int k = w->cfg.plain ? 0 : w->cfg.candidates;
	matcher_explain_t e[MAXP];

	for (size_t j = 0; j < w->nm; j++)
		matcher_explain(m, j, i, &e[j], NULL);
	for (size_t j = 0; j < w->nm; j++) {
		int better = 0;
		for (size_t x = 0; x < w->nm; x++)
			better += e[x].eligible &&
				  (e[x].score > e[j].score || (e[x].score == e[j].score && x < j));
		int want = e[j].eligible && (k == 0 || better < k) && e[j].score + bonus > 0 &&
			   frozen_mentor(w, i) < 0;
		checkf(e[j].candidate == want, "pair %zu/%zu candidate %d, want %d", j, i,
		       e[j].candidate, want);
		checkf(points(e[j].reasons, e[j].nreasons) == e[j].score && e[j].score >= 0 &&
			   e[j].score <= 100,
		       "pair %zu/%zu: points do not add up to %d", j, i, e[j].score);
	}
}

/* Reads gains and places through the public API, checking them on the way. */
static void learn(struct world *w, const matcher_t *m)
{
	for (size_t j = 0; j < w->nm; j++) {
		int nfrozen = 0;
		for (size_t i = 0; i < w->ne; i++)
			nfrozen += frozen_mentor(w, i) == (int)j;
		w->load[j] = w->pm[j].used + nfrozen;
		w->free_places[j] = w->pm[j].capacity - w->load[j];
		if (w->free_places[j] < 0)
			w->free_places[j] = 0;
	}
	for (size_t i = 0; i < w->ne; i++) {
		matcher_result_t r;
		matcher_result(m, i, &r, NULL);
		checkf(r.bonus == expected_bonus(&w->cfg, &w->pe[i]), "mentee %zu bonus %d", i,
		       r.bonus);
		check_candidates(w, m, i, r.bonus);
		for (size_t j = 0; j < w->nm; j++) {
			matcher_explain_t e;
			matcher_explain(m, j, i, &e, NULL);
			w->gain[i][j] = e.candidate ? e.score + r.bonus : -1;
		}
	}
}

struct brute {
	const struct world *w;
	int cnt[MAXP];
	long long best, rest[MAXP + 1];
};

static void brute(struct brute *b, size_t i, long long cur)
{
	const struct world *w = b->w;

	if (i == w->ne) {
		b->best = cur > b->best ? cur : b->best;
		return;
	}
	if (cur + b->rest[i] <= b->best)
		return;
	for (size_t j = 0; j < w->nm; j++) {
		if (w->gain[i][j] <= 0 || b->cnt[j] >= w->free_places[j])
			continue;
		long long g = w->gain[i][j] - (long long)spread(w) * (w->load[j] + b->cnt[j]);
		b->cnt[j]++;
		brute(b, i + 1, cur + g);
		b->cnt[j]--;
	}
	brute(b, i + 1, cur);
}

static long long brute_optimum(const struct world *w)
{
	struct brute b;

	memset(&b, 0, sizeof(b));
	b.w = w;
	for (size_t i = w->ne; i-- > 0;) {
		int g = 0;
		for (size_t j = 0; j < w->nm; j++)
			g = w->gain[i][j] > g ? w->gain[i][j] : g;
		b.rest[i] = b.rest[i + 1] + g;
	}
	brute(&b, 0, 0);
	return b.best;
}

/* Successive shortest paths with Bellman-Ford on the plain network, as an oracle. */
static long long flow_optimum(const struct world *w)
{
	enum { SRC = 0 };
	size_t nm = w->nm, ne = w->ne, sink = 1 + ne + nm;
	int in_use[MAXP][MAXP] = {{0}}, used[MAXP] = {0}, busy[MAXP] = {0};
	long long total = 0;

	for (;;) {
		long long dist[2 * MAXP + 2];
		int prev[2 * MAXP + 2];
		for (size_t v = 0; v <= sink; v++)
			dist[v] = (long long)1 << 60, prev[v] = -1;
		dist[SRC] = 0;
		for (size_t round = 0; round <= sink; round++)
			for (size_t i = 0; i < ne; i++) {
				if (!busy[i] && dist[SRC] < dist[1 + i])
					dist[1 + i] = dist[SRC], prev[1 + i] = SRC;
				for (size_t j = 0; j < nm; j++) {
					long long c = -(long long)w->gain[i][j];
					size_t a = 1 + i, b = 1 + ne + j;
					if (w->gain[i][j] <= 0)
						continue;
					if (!in_use[i][j] && dist[a] + c < dist[b])
						dist[b] = dist[a] + c, prev[b] = (int)a;
					if (in_use[i][j] && dist[b] - c < dist[a])
						dist[a] = dist[b] - c, prev[a] = (int)b;
				}
			}
		for (size_t j = 0; j < nm; j++) {
			long long c = (long long)spread(w) * (w->load[j] + used[j]);
			if (used[j] < w->free_places[j] && dist[1 + ne + j] + c < dist[sink])
				dist[sink] = dist[1 + ne + j] + c, prev[sink] = (int)(1 + ne + j);
		}
		if (prev[sink] < 0 || dist[sink] >= 0)
			return total;
		total -= dist[sink];
		used[prev[sink] - 1 - (int)ne]++;
		for (int v = prev[sink]; prev[v] != SRC;) {
			int u = prev[v];
			if (v > (int)ne) /* mentee u -> mentor v */
				in_use[u - 1][v - 1 - (int)ne] = 1;
			else /* mentor u -> mentee v, undoing that pair */
				in_use[v - 1][u - 1 - (int)ne] = 0;
			v = u;
		}
		for (size_t i = 0; i < ne; i++) {
			busy[i] = 0;
			for (size_t j = 0; j < nm; j++)
				busy[i] |= in_use[i][j];
		}
	}
}

/* Feasibility of the result and its objective recomputed from the results. */
static long long check_result(const struct world *w, const matcher_t *m)
{
	int cnt[MAXP] = {0};
	long long objective = 0;
	matcher_stats_t st;

	for (size_t i = 0; i < w->ne; i++) {
		matcher_result_t r;
		matcher_explain_t e;
		CHECK(matcher_result(m, i, &r, NULL) == 0);
		CHECK(points(r.reasons, r.nreasons) == r.score);
		if (frozen_mentor(w, i) >= 0) {
			CHECK(r.frozen && r.mentor == frozen_mentor(w, i));
			continue;
		}
		if (r.mentor < 0)
			continue;
		matcher_explain(m, (size_t)r.mentor, i, &e, NULL);
		checkf(e.eligible && e.candidate && e.assigned, "pair %ld/%zu not allowed",
		       r.mentor, i);
		objective +=
		    r.score + r.bonus - (long long)spread(w) * (w->load[r.mentor] + cnt[r.mentor]);
		cnt[r.mentor]++;
	}
	for (size_t j = 0; j < w->nm; j++)
		checkf(cnt[j] <= w->free_places[j], "mentor %zu over capacity", j);
	matcher_stats(m, &st);
	CHECK(st.matched + st.frozen + st.unmatched == w->ne);
	CHECK(st.objective == objective);
	return st.objective;
}

static void check_same(const matcher_t *a, const matcher_t *b, size_t ne)
{
	for (size_t i = 0; i < ne; i++) {
		matcher_result_t x, y;
		matcher_result(a, i, &x, NULL);
		matcher_result(b, i, &y, NULL);
		CHECK(x.mentor == y.mentor && x.score == y.score && x.bonus == y.bonus &&
		      x.nreasons == y.nreasons);
		for (size_t k = 0; k < x.nreasons && k < y.nreasons; k++)
			CHECK(strcmp(x.reasons[k].detail, y.reasons[k].detail) == 0);
	}
}

static matcher_t *build(struct world *w)
{
	matcher_error_t err;
	matcher_t *m = matcher_new(&w->cfg, &w->in, &err);

	checkf(m != NULL, "matcher_new: %s", m ? "" : err.text);
	if (m && matcher_run(m, &err) < 0) {
		checkf(0, "matcher_run: %s", err.text);
		matcher_free(m);
		return NULL;
	}
	return m;
}

/* Solves a world with a random configuration of the given kind and checks it all. */
static void solve_world(struct world *w, struct rng *r, int kind, int oracle)
{
	matcher_t *m, *again;

	random_config(&w->cfg, r, kind);
	m = build(w);
	if (!m)
		return;
	learn(w, m);
	long long got = check_result(w, m);
	long long best = oracle ? flow_optimum(w) : brute_optimum(w);
	if (kind == 4)
		checkf(got <= best, "greedy %lld above the optimum %lld", got, best);
	else
		checkf(got == best, "objective %lld, optimum %lld (kind %d)", got, best, kind);
	again = build(w);
	if (again) {
		check_same(m, again, w->ne);
		matcher_run(again, NULL);
		check_same(m, again, w->ne);
	}
	matcher_free(again);
	matcher_free(m);
}

static void one_instance(struct rng *r, size_t nm, size_t ne, int kind, int oracle)
{
	static struct world w;

	random_world(&w, r, nm, ne);
	solve_world(&w, r, kind, oracle);
}

static void test_brute_force(void)
{
	struct rng r = {0x9E3779B97F4A7C15ULL};

	for (int n = 0; n < 3000 && check_failures == 0; n++)
		one_instance(&r, 1 + rnd(&r, 8), 1 + rnd(&r, 8), n % 5, 0);
}

static void test_against_flow(void)
{
	struct rng r = {12345};

	for (int n = 0; n < 300 && check_failures == 0; n++)
		one_instance(&r, 4 + rnd(&r, 12), 10 + rnd(&r, 30), n % 4, 1);
}

/* The same checks with every factor weighted at random through its key: the exact cut
 * and the optimum hold whatever the factors are. */
static void test_every_factor(void)
{
	struct rng r = {0xFAC7025ULL};

	for (int n = 0; n < 1000 && check_failures == 0; n++)
		one_instance(&r, 1 + rnd(&r, 8), 1 + rnd(&r, 8), 6, 0);
	for (int n = 0; n < 100 && check_failures == 0; n++)
		one_instance(&r, 4 + rnd(&r, 12), 10 + rnd(&r, 30), 6, 1);
}

/* Without a cut the solver starts from a few arcs per mentee and prices the others:
 * more mentors than it starts from, checked against the plain min-cost flow. */
static void test_pricing(void)
{
	static struct world w_big;
	struct rng r = {4242};

	for (int n = 0; n < 6 && check_failures == 0; n++) {
		random_world(&w_big, &r, 70 + rnd(&r, MAXP - 70), 60 + rnd(&r, 20));
		/* one place per mentor and mentees alike, so that most of them must go far
		 * down their lists */
		for (size_t j = 0; j < w_big.nm; j++) {
			w_big.pm[j].capacity = 1;
			w_big.pm[j].used = 0;
		}
		for (size_t i = 1; i < w_big.ne; i++) {
			w_big.pe[i] = w_big.pe[i % 3];
			w_big.pe[i].id = w_big.ids[1][i];
		}
		w_big.in.nfrozen = 0;
		solve_world(&w_big, &r, n % 2 ? 1 : 5, 1);
	}
}

/* Many mentors and many ties: the cut must keep exactly the best K, ties by index. */
static void test_candidate_cut(void)
{
	static struct world w;
	struct rng r = {777};

	for (int n = 0; n < 40 && check_failures == 0; n++) {
		matcher_t *m;
		random_world(&w, &r, 60 + rnd(&r, MAXP - 60), 5 + rnd(&r, 10));
		/* mentors cloned from four profiles, mentees that share one of them */
		for (size_t j = 4; j < w.nm; j++) {
			w.pm[j] = w.pm[j % 4];
			w.pm[j].id = w.ids[0][j];
		}
		for (size_t i = 0; i < w.ne; i += 2) {
			w.pe[i] = w.pm[i % 4];
			w.pe[i].id = w.ids[1][i];
			w.pe[i].requested_at_ms = NOW;
		}
		random_config(&w.cfg, &r, 3);
		w.cfg.candidates = 1 + (int)rnd(&r, 12);
		m = build(&w);
		if (!m)
			return;
		learn(&w, m);
		check_result(&w, m);
		matcher_free(m);
	}
}

static void test_empty(void)
{
	matcher_config_t cfg;
	matcher_input_t in;
	matcher_stats_t st;
	matcher_t *m;

	memset(&in, 0, sizeof(in));
	matcher_config_default(&cfg);
	m = matcher_new(&cfg, &in, NULL);
	CHECK(m && matcher_run(m, NULL) == 0);
	matcher_stats(m, &st);
	CHECK(st.matched == 0 && st.unmatched == 0 && st.arcs == 0);
	matcher_free(m);
}

const struct test assign_tests[] = {
    {"brute_force_3000", test_brute_force},
    {"against_flow_300", test_against_flow},
    {"every_factor", test_every_factor},
    {"candidate_cut", test_candidate_cut},
    {"pricing", test_pricing},
    {"empty", test_empty},
    {NULL, NULL},
};
