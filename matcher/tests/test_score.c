/*
 * test_score.c - pair scores and reasons, eligibility filters, input validation and
 * the configuration.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"

#define DAY 86400000LL
#define NOW (1700000000000LL)

struct cohort {
	struct built mentors[8], mentees[8];
	matcher_person_t pm[8], pe[8];
	size_t nm, ne;
	matcher_input_t in;
};

static void cohort_make(struct cohort *c, const struct spec *mentors, size_t nm,
			const struct spec *mentees, size_t ne)
{
	memset(c, 0, sizeof(*c));
	for (size_t j = 0; j < nm; j++) {
		build_person(&c->mentors[j], &mentors[j]);
		c->pm[j] = c->mentors[j].p;
	}
	for (size_t i = 0; i < ne; i++) {
		build_person(&c->mentees[i], &mentees[i]);
		c->pe[i] = c->mentees[i].p;
	}
	c->in.mentors = c->pm;
	c->in.nmentors = nm;
	c->in.mentees = c->pe;
	c->in.nmentees = ne;
	c->in.now_ms = NOW;
}

static matcher_t *run(struct cohort *c, const matcher_config_t *cfg)
{
	matcher_config_t def;
	matcher_error_t err;
	matcher_t *m;

	matcher_config_default(&def);
	m = matcher_new(cfg ? cfg : &def, &c->in, &err);
	checkf(m != NULL, "matcher_new: %s", m ? "" : err.text);
	if (m && matcher_run(m, &err) < 0) {
		checkf(0, "matcher_run: %s", err.text);
		matcher_free(m);
		return NULL;
	}
	return m;
}

static int points(const matcher_reason_t *r, size_t n)
{
	int sum = 0;
	for (size_t k = 0; k < n; k++)
		sum += r[k].points;
	return sum;
}

static const struct spec awa = {
    "awa", "fr:native,en:C1", "Public speaking:5,Levée de fonds:5", "FR", "SN", 60, 2, 0, 0, 0};

static void test_perfect_pair(void)
{
	struct spec fatou = {
	    "fatou", "fr:native", "prise de parole:4,fundraising:2", "FR", "SN", 60, 0, 0, NOW, 0};
	struct cohort c;
	matcher_result_t r;
	matcher_t *m;

	cohort_make(&c, &awa, 1, &fatou, 1);
	m = run(&c, NULL);
	CHECK(m && matcher_result(m, 0, &r, NULL) == 0);
	CHECK(r.mentor == 0 && r.score == 100 && r.nreasons == 4 && !r.frozen);
	CHECK(points(r.reasons, r.nreasons) == 100);
	CHECK(r.reasons[0].points == 50 && strcmp(r.reasons[0].factor, "skills") == 0);
	CHECK(strstr(r.reasons[0].detail, "public speaking") != NULL);
	CHECK(strstr(r.reasons[2].detail, "same country of origin (SN)") != NULL);
	CHECK(strstr(r.reasons[3].detail, "12 h") != NULL);
	matcher_free(m);
}

static void test_partial_pair(void)
{
	/* skills 50 x 10/(5 x 6) = 16.67, language 20 x 4/7 = 11.43, region: same
	 * sub-region 15 x 0.6 = 9, timezone 15 x 600/720 = 12.5: 49.6 -> 50 */
	struct spec kofi = {
	    "kofi", "en:native,fr:B2", "coding:5,finance:2", "CA", "CI", -60, 1, 0, 0, 0};
	struct spec ama = {"ama", "en:B2", "Programming:2,accounting:4", "GH", NULL, 60, 0, 0,
			   NOW,	  0};
	struct cohort c;
	matcher_explain_t e;
	matcher_t *m;

	cohort_make(&c, &kofi, 1, &ama, 1);
	m = run(&c, NULL);
	CHECK(m && matcher_explain(m, 0, 0, &e, NULL) == 0);
	CHECK(e.eligible && e.filter == NULL && e.candidate && e.assigned);
	checkf(e.score == 50, "score %d", e.score);
	CHECK(points(e.reasons, e.nreasons) == e.score);
	CHECK(e.reasons[0].points == 17 && e.reasons[1].points == 11);
	CHECK(e.reasons[2].points == 9 && e.reasons[3].points == 13);
	CHECK(strstr(e.reasons[0].detail, "covers 1 of 2") != NULL);
	CHECK(strstr(e.reasons[1].detail, "en at B2") != NULL);
	CHECK(strstr(e.reasons[2].detail, "Western Africa") != NULL);
	matcher_free(m);
}

static void test_filters(void)
{
	struct spec mentors[] = {
	    {"x", "fr:C1", "law:3", "FR", NULL, 60, 1, 0, 0, 0},
	    {"full", "fr:C1", "law:3", "FR", NULL, 60, 2, 2, 0, 0},
	    {"a2", "fr:A2,en:B1", "law:3", "FR", NULL, 60, 1, 0, 0, 0},
	    {"ok", "fr:B1", "law:3", "FR", NULL, 60, 1, 0, 0, 0},
	};
	struct spec mentees[] = {{"x", "fr:native", "law:3", "FR", NULL, 60, 0, 0, NOW, 0}};
	matcher_pair_t excl[] = {{"x", "x"}, {"ok", "nobody"}, {"ghost", "x"}};
	const char *want[] = {"same_person", "capacity", "language", NULL};
	struct cohort c;
	matcher_explain_t e;
	matcher_t *m;

	cohort_make(&c, mentors, 4, mentees, 1);
	c.in.excluded = excl;
	c.in.nexcluded = 3;
	m = run(&c, NULL);
	for (size_t j = 0; m && j < 4; j++) {
		CHECK(matcher_explain(m, j, 0, &e, NULL) == 0);
		checkf(want[j] ? e.filter && strcmp(e.filter, want[j]) == 0 : e.filter == NULL,
		       "mentor %zu: filter %s", j, e.filter ? e.filter : "none");
		CHECK(e.eligible == (want[j] == NULL) && (e.why[0] != '\0') == !e.eligible);
		CHECK(points(e.reasons, e.nreasons) == e.score);
		CHECK(e.candidate == e.eligible && e.assigned == e.eligible);
	}
	/* every filter of a pair, not only the first */
	CHECK(m &&
	      matcher_filters(m, 0, 0) == (MATCHER_FILTER_SAME_PERSON | MATCHER_FILTER_EXCLUDED));
	CHECK(m && matcher_filters(m, 1, 0) == MATCHER_FILTER_CAPACITY);
	CHECK(m && matcher_filters(m, 2, 0) == MATCHER_FILTER_LANGUAGE);
	CHECK(m && matcher_filters(m, 3, 0) == 0 && matcher_filters(m, 4, 0) == 0);
	matcher_free(m);
	/* full and without a shared language: both */
	mentors[1].langs = "en:C1";
	cohort_make(&c, mentors, 4, mentees, 1);
	c.in.excluded = excl;
	c.in.nexcluded = 3;
	m = run(&c, NULL);
	CHECK(m && matcher_filters(m, 1, 0) == (MATCHER_FILTER_CAPACITY | MATCHER_FILTER_LANGUAGE));
	matcher_free(m);
	/* without the same id, the exclusion is what removes the first pair */
	c.pe[0].id = "y";
	excl[0].mentee = "y";
	m = run(&c, NULL);
	CHECK(m && matcher_explain(m, 0, 0, &e, NULL) == 0);
	CHECK(e.filter && strcmp(e.filter, "excluded") == 0 && !e.candidate);
	CHECK(strstr(e.why, "declined") != NULL);
	matcher_free(m);
}

static void test_frozen(void)
{
	struct spec mentors[] = {{"m", "fr:C1", "law:5", "FR", NULL, 60, 2, 1, 0, 0}};
	struct spec mentees[] = {
	    {"old", "en:C1", "cooking:3", "US", NULL, -300, 0, 0, NOW, 0},
	    {"new1", "fr:C1", "law:5", "FR", NULL, 60, 0, 0, NOW, 0},
	    {"new2", "fr:C1", "law:5", "FR", NULL, 60, 0, 0, NOW, 0},
	};
	matcher_pair_t frozen[] = {{"m", "old"}};
	struct cohort c;
	matcher_result_t r;
	matcher_explain_t e;
	matcher_stats_t st;
	matcher_t *m;

	cohort_make(&c, mentors, 1, mentees, 3);
	c.in.frozen = frozen;
	c.in.nfrozen = 1;
	m = run(&c, NULL);
	CHECK(m && matcher_result(m, 0, &r, NULL) == 0);
	CHECK(r.mentor == 0 && r.frozen && points(r.reasons, r.nreasons) == r.score);
	/* capacity 2, one used elsewhere, one frozen: no place left for the others */
	CHECK(matcher_result(m, 1, &r, NULL) == 0 && r.mentor == -1);
	CHECK(matcher_result(m, 2, &r, NULL) == 0 && r.mentor == -1);
	CHECK(matcher_explain(m, 0, 1, &e, NULL) == 0 && e.filter &&
	      strcmp(e.filter, "capacity") == 0 && strstr(e.why, "2 taken"));
	CHECK(matcher_explain(m, 0, 0, &e, NULL) == 0 && e.frozen && e.assigned);
	matcher_stats(m, &st);
	CHECK(st.frozen == 1 && st.matched == 0 && st.unmatched == 2 && st.frozen_score > 0);
	matcher_free(m);
}

static void test_waiting_bonus(void)
{
	struct spec mentors[] = {{"m", "fr:C1", "law:5", "FR", NULL, 60, 1, 0, 0, 0}};
	struct spec mentees[] = {
	    {"fresh", "fr:C1", "law:5", "FR", NULL, 60, 0, 0, NOW, 0},
	    {"waited", "fr:C1", "law:5", "FR", NULL, 60, 0, 0, NOW - 3 * DAY - 5, 0},
	    {"declined", "fr:C1", "law:5", "FR", NULL, 60, 0, 0, NOW - 40 * DAY, 4},
	};
	struct cohort c;
	matcher_config_t cfg;
	matcher_result_t r[3];
	matcher_t *m;

	cohort_make(&c, mentors, 1, mentees, 2);
	m = run(&c, NULL);
	for (size_t i = 0; m && i < 2; i++)
		CHECK(matcher_result(m, i, &r[i], NULL) == 0);
	CHECK(m && r[0].mentor == -1 && r[1].mentor == 0);
	CHECK(m && r[0].bonus == 0 && r[1].bonus == 3);
	matcher_free(m);
	/* the bonus is capped */
	cohort_make(&c, mentors, 1, mentees, 3);
	m = run(&c, NULL);
	CHECK(m && matcher_result(m, 2, &r[2], NULL) == 0 && r[2].bonus == 20 && r[2].mentor == 0);
	matcher_free(m);
	/* plain mode: no bonus, so the tie goes to the first mentee */
	matcher_config_default(&cfg);
	cfg.plain = 1;
	cohort_make(&c, mentors, 1, mentees, 2);
	m = run(&c, &cfg);
	CHECK(m && matcher_result(m, 1, &r[1], NULL) == 0 && r[1].bonus == 0);
	CHECK(m && matcher_result(m, 0, &r[0], NULL) == 0 && r[0].mentor == 0);
	matcher_free(m);
}

static void test_spreading(void)
{
	/* "star" is one point better for both mentees (an hour closer): 97 against 96;
	 * spreading (3 points for a second mentee) sends one of them to "other" */
	struct spec mentors[] = {
	    {"star", "fr:C2", "law:5", "FR", NULL, 60, 2, 0, 0, 0},
	    {"other", "fr:C2", "law:5", "FR", NULL, 0, 2, 0, 0, 0},
	};
	struct spec mentees[] = {
	    {"a", "fr:native", "law:5", "FR", NULL, 60, 0, 0, NOW, 0},
	    {"b", "fr:native", "law:5", "FR", NULL, 60, 0, 0, NOW, 0},
	};
	struct cohort c;
	matcher_config_t cfg;
	matcher_result_t r0, r1;
	matcher_stats_t st;
	matcher_t *m;

	cohort_make(&c, mentors, 2, mentees, 2);
	m = run(&c, NULL);
	CHECK(m && matcher_result(m, 0, &r0, NULL) == 0 && matcher_result(m, 1, &r1, NULL) == 0);
	CHECK(m && r0.mentor != r1.mentor && r0.mentor >= 0 && r1.mentor >= 0);
	CHECK(m && r0.score + r1.score == 97 + 96);
	matcher_free(m);
	matcher_config_default(&cfg);
	cfg.spread = 0;
	m = run(&c, &cfg);
	CHECK(m && matcher_result(m, 0, &r0, NULL) == 0 && matcher_result(m, 1, &r1, NULL) == 0);
	CHECK(m && r0.mentor == 0 && r1.mentor == 0);
	matcher_stats(m, &st);
	CHECK(st.matched == 2 && st.total_score == r0.score + r1.score);
	CHECK(st.objective == st.total_score);
	matcher_free(m);
}

static matcher_t *try_new(const struct spec *mentor, const struct spec *mentee,
			  matcher_error_t *err)
{
	struct cohort c;
	matcher_config_t cfg;

	matcher_config_default(&cfg);
	cohort_make(&c, mentor, 1, mentee, 1);
	return matcher_new(&cfg, &c.in, err);
}

static void test_bad_input(void)
{
	static const struct spec bad_mentors[] = {
	    {"", "fr:C1", "law:3", "FR", NULL, 0, 1, 0, 0, 0},
	    {"m", "fr:C1", "law:3", "XX", NULL, 0, 1, 0, 0, 0},
	    {"m", "fr:C1", "law:3", "FR", "Senegal", 0, 1, 0, 0, 0},
	    {"m", "french:C1", "law:3", "FR", NULL, 0, 1, 0, 0, 0},
	    {"m", "fr:D1", "law:3", "FR", NULL, 0, 1, 0, 0, 0},
	    {"m", "fr:C1", "law:6", "FR", NULL, 0, 1, 0, 0, 0},
	    {"m", "fr:C1", " - :3", "FR", NULL, 0, 1, 0, 0, 0},
	    {"m", "fr:C1", "law:3", "FR", NULL, 900, 1, 0, 0, 0},
	    {"m", "fr:C1", "law:3", "FR", NULL, 0, 21, 0, 0, 0},
	    {"m", "fr:C1", "law:3", "FR", NULL, 0, 1, -1, 0, 0},
	    {"\xC3(", "fr:C1", "law:3", "FR", NULL, 0, 1, 0, 0, 0},
	};
	static const struct spec ok = {"e", "fr:C1", "law:3", "FR", NULL, 0, 0, 0, NOW, 0};
	matcher_error_t err;
	matcher_t *m;

	for (size_t k = 0; k < sizeof(bad_mentors) / sizeof(bad_mentors[0]); k++) {
		memset(&err, 0, sizeof(err));
		m = try_new(&bad_mentors[k], &ok, &err);
		checkf(!m && err.code == MATCHER_EINVAL && err.text[0], "case %zu accepted", k);
		matcher_free(m);
	}
	m = try_new(&ok, &ok, &err); /* the same id on both sides is fine */
	CHECK(m != NULL);
	matcher_free(m);
	matcher_free(NULL);
}

static void test_bad_pairs(void)
{
	struct spec mentors[] = {{"m", "fr:C1", "law:3", "FR", NULL, 0, 1, 0, 0, 0},
				 {"m", "fr:C1", "law:3", "FR", NULL, 0, 1, 0, 0, 0}};
	struct spec mentees[] = {{"e", "fr:C1", "law:3", "FR", NULL, 0, 0, 0, NOW, 0}};
	matcher_pair_t unknown[] = {{"m", "nobody"}}, twice[] = {{"m", "e"}, {"m", "e"}};
	matcher_config_t cfg;
	matcher_error_t err;
	struct cohort c;
	matcher_t *m;

	matcher_config_default(&cfg);
	cohort_make(&c, mentors, 2, mentees, 1);
	m = matcher_new(&cfg, &c.in, &err);
	CHECK(!m && strstr(err.text, "twice"));
	cohort_make(&c, mentors, 1, mentees, 1);
	c.in.frozen = unknown;
	c.in.nfrozen = 1;
	m = matcher_new(&cfg, &c.in, &err);
	CHECK(!m && strstr(err.text, "frozen"));
	c.in.frozen = twice;
	c.in.nfrozen = 2;
	m = matcher_new(&cfg, &c.in, &err);
	CHECK(!m && strstr(err.text, "frozen twice"));
	c.in.frozen = NULL;
	c.in.nfrozen = 0;
	cfg.max_arcs = 1;
	mentors[1].id = "m2";
	cohort_make(&c, mentors, 2, mentees, 1);
	m = matcher_new(&cfg, &c.in, &err);
	CHECK(m && matcher_run(m, &err) < 0 && err.code == MATCHER_ETOOBIG);
	matcher_free(m);
}

static void test_config(void)
{
	matcher_config_t cfg;
	matcher_error_t err;
	const char *const *keys = matcher_config_keys();
	size_t n = 0;

	matcher_config_default(&cfg);
	CHECK(cfg.w_skills == 50 && cfg.w_language == 20 && cfg.w_region == 15 &&
	      cfg.w_timezone == 15 && cfg.min_level == MATCHER_LEVEL_B1 && cfg.candidates == 50);
	CHECK(cfg.spread == 3 && cfg.bonus_max == 20 && !cfg.plain && !cfg.greedy);
	CHECK(matcher_config_check(&cfg, &err) == 0);
	CHECK(matcher_config_set(&cfg, "w_skills", 70, &err) == 0 && cfg.w_skills == 70);
	CHECK(matcher_config_set(&cfg, "max_arcs", 5000, &err) == 0 && cfg.max_arcs == 5000);
	CHECK(matcher_config_set(&cfg, "w_skills", -1, &err) < 0 && cfg.w_skills == 70);
	CHECK(matcher_config_set(&cfg, "min_level", 8, &err) < 0);
	CHECK(matcher_config_set(&cfg, "nope", 1, &err) < 0 && strstr(err.text, "unknown"));
	for (; keys[n]; n++)
		CHECK(matcher_config_set(&cfg, keys[n], 1, &err) == 0);
	CHECK(n == 14);
	matcher_config_default(&cfg);
	cfg.w_skills = cfg.w_language = cfg.w_region = cfg.w_timezone = 0;
	CHECK(matcher_config_check(&cfg, &err) < 0 && strstr(err.text, "zero"));
	cfg.w_region = 1;
	cfg.spread = 101;
	CHECK(matcher_config_check(&cfg, &err) < 0 && strstr(err.text, "spread"));
}

static void test_weights(void)
{
	/* only the language counts: native both sides is 100, B2 is 4/7 */
	struct spec mentors[] = {{"m", "fr:native,en:B2", "law:5", "FR", NULL, 60, 2, 0, 0, 0}};
	struct spec mentees[] = {{"a", "fr:native", "law:1", "US", NULL, -600, 0, 0, NOW, 0},
				 {"b", "en:native", "cooking:2", "US", NULL, -600, 0, 0, NOW, 0}};
	matcher_config_t cfg;
	matcher_result_t r;
	struct cohort c;
	matcher_t *m;

	matcher_config_default(&cfg);
	cfg.w_skills = cfg.w_region = cfg.w_timezone = 0;
	cfg.w_language = 7;
	cohort_make(&c, mentors, 1, mentees, 2);
	m = run(&c, &cfg);
	CHECK(m && matcher_result(m, 0, &r, NULL) == 0 && r.score == 100 && r.nreasons == 1);
	CHECK(m && matcher_result(m, 1, &r, NULL) == 0 && r.score == 57);
	CHECK(m && strcmp(r.reasons[0].factor, "language") == 0 && r.reasons[0].points == 57);
	matcher_free(m);
}

static void test_cut_ties(void)
{
	/* both score 70: b = 20 + 20 + 15 + 15 (perfect but for skills), a = 25 + 20 + 10.5
	 * + 14.5; a is seen first (more skill) and b reaches the bound exactly, so the cut
	 * must still look at b, which wins the tie by its index */
	struct spec mentors[] = {{"b", "fr:native", "x:4", "FR", "SN", 0, 1, 0, 0, 0},
				 {"a", "fr:native", "x:5", "SN", "FR", 24, 1, 0, 0, 0}};
	struct spec mentees[] = {{"e", "fr:native", "x:5,y:5", "SN", NULL, 0, 0, 0, NOW, 0}};
	matcher_config_t cfg;
	matcher_explain_t e0, e1;
	struct cohort c;
	matcher_t *m;

	matcher_config_default(&cfg);
	cfg.candidates = 1;
	cohort_make(&c, mentors, 2, mentees, 1);
	m = run(&c, &cfg);
	CHECK(m && matcher_explain(m, 0, 0, &e0, NULL) == 0 &&
	      matcher_explain(m, 1, 0, &e1, NULL) == 0);
	CHECK(m && e0.score == 70 && e1.score == 70);
	CHECK(m && e0.candidate && !e1.candidate);
	matcher_free(m);
}

/* Each factor alone, set through its key: one reason, named after the key and worth the
 * whole score; with every weight on, one reason per factor in the order of the keys. The
 * weights come first among the keys. */
static void test_each_factor(void)
{
	struct spec mentors[] = {
	    awa, {"kofi", "en:native,fr:B1", "fundraising:3,law:2", "GH", NULL, -300, 1, 0, 0, 0}};
	struct spec mentees[] = {
	    {"fatou", "fr:native", "prise de parole:4,fundraising:2", "SN", NULL, 0, 0, 0, NOW, 0},
	    {"lina", "ar:native", "cooking:3", "LB", NULL, 120, 0, 0, NOW, 0}};
	const char *const *keys = matcher_config_keys();
	size_t nw = 0;
	struct cohort c;

	while (keys[nw] && strncmp(keys[nw], "w_", 2) == 0)
		nw++;
	CHECK(nw >= 4 && nw <= MATCHER_FACTORS_MAX);
	for (size_t n = nw; keys[n]; n++)
		CHECK(strncmp(keys[n], "w_", 2) != 0);
	cohort_make(&c, mentors, 2, mentees, 2);
	for (size_t k = 0; k <= nw; k++) { /* k == nw: every weight on */
		matcher_config_t cfg;
		matcher_explain_t e;
		matcher_t *m;
		matcher_config_default(&cfg);
		for (size_t w = 0; w < nw; w++)
			CHECK(matcher_config_set(&cfg, keys[w], w == k || k == nw, NULL) == 0);
		CHECK(k == nw || cfg.weights[k] == 1);
		m = run(&c, &cfg);
		for (size_t x = 0; m && x < 4; x++) {
			CHECK(matcher_explain(m, x / 2, x % 2, &e, NULL) == 0);
			CHECK(e.nreasons == (k == nw ? nw : 1) &&
			      points(e.reasons, e.nreasons) == e.score);
			for (size_t y = 0; y < e.nreasons; y++)
				checkf(strcmp(e.reasons[y].factor, keys[k == nw ? y : k] + 2) ==
					       0 &&
					   e.reasons[y].detail[0],
				       "factor %s, key %s", e.reasons[y].factor,
				       keys[k == nw ? y : k]);
		}
		matcher_free(m);
	}
}

const struct test score_tests[] = {
    {"each_factor", test_each_factor},
    {"cut_ties", test_cut_ties},
    {"perfect_pair", test_perfect_pair},
    {"partial_pair", test_partial_pair},
    {"filters", test_filters},
    {"frozen", test_frozen},
    {"waiting_bonus", test_waiting_bonus},
    {"spreading", test_spreading},
    {"bad_input", test_bad_input},
    {"bad_pairs", test_bad_pairs},
    {"config", test_config},
    {"weights", test_weights},
    {NULL, NULL},
};
