/*
 * bench_match.c - times the mentor matcher on a generated cohort.
 *
 * usage: bench-match --mentees N --mentors M [--seed S] [--threads T]
 *                    [--method matcher|plain|greedy] [--json FILE] [--dump-scores FILE]
 *
 * The cohort is generated here, from the seed, with a realistic skew: most mentees live
 * in a few French-speaking countries, mentors mostly live in France, Canada and Belgium
 * and often come from the mentees' countries, skills follow a Zipf law and are written
 * in English or French. Prints one line: method, seconds, peak RSS in MiB (getrusage),
 * total score, matched, objective, candidate pairs, solver phases. Only matcher_new()
 * and matcher_run() are timed.
 *
 * --json writes the cohort in the input format of passerelle-match; --dump-scores writes
 * the plain score of every pair (0 when a filter removes it) for bench/match/lsa.py:
 * int32 mentees, int32 mentors, int32 free places per mentor, then one byte per pair,
 * mentee by mentee.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "matcher.h"

#define NOW 1750000000000LL
#define DAY 86400000LL

struct weighted {
	const char *code;
	int weight;
	int offset; /* minutes, standard time */
	const char *lang;
};

/* Where mentees live, and with which local language. */
static const struct weighted mentee_countries[] = {
    {"SN", 180, 0, "wo"},  {"CI", 140, 0, "fr"},   {"CM", 120, 60, "en"}, {"CD", 80, 60, "ln"},
    {"MA", 80, 60, "ar"},  {"HT", 60, -300, "ht"}, {"ML", 50, 0, "bm"},	  {"BF", 50, 0, "ff"},
    {"TN", 40, 60, "ar"},  {"DZ", 40, 60, "ar"},   {"MG", 30, 180, "mg"}, {"BJ", 30, 60, "yo"},
    {"TG", 30, 0, "ee"},   {"GN", 20, 0, "ff"},	   {"NE", 20, 60, "ha"},  {"LB", 10, 120, "ar"},
    {"VN", 10, 420, "vi"}, {"RW", 10, 120, "rw"},  {"GA", 10, 60, "fr"},  {"CG", 10, 60, "ln"},
};

/* Where mentors live. */
static const struct weighted mentor_countries[] = {
    {"FR", 450, 60, "fr"}, {"CA", 150, -300, "en"}, {"BE", 100, 60, "nl"}, {"US", 80, -300, "en"},
    {"CH", 50, 60, "de"},  {"GB", 40, 0, "en"},	    {"DE", 30, 60, "de"},  {"SN", 30, 0, "wo"},
    {"CI", 20, 0, "fr"},   {"MA", 20, 60, "ar"},    {"LU", 10, 60, "lb"},  {"AE", 10, 240, "ar"},
};

static const char *const skills[] = {
    "Leadership",
    "Public speaking",
    "prise de parole",
    "Project management",
    "gestion de projet",
    "Fundraising",
    "levée de fonds",
    "Entrepreneurship",
    "entrepreneuriat",
    "Communication",
    "Networking",
    "réseautage",
    "Career planning",
    "Digital marketing",
    "marketing digital",
    "Software development",
    "programmation",
    "Data analysis",
    "analyse de données",
    "Finance",
    "Accounting",
    "comptabilité",
    "Negotiation",
    "Advocacy",
    "plaidoyer",
    "Public policy",
    "International relations",
    "Grant writing",
    "Writing",
    "rédaction",
    "Research",
    "Teaching",
    "Community organizing",
    "Agriculture",
    "Public health",
    "santé publique",
    "Climate",
    "Graphic design",
    "Time management",
    "Conflict resolution",
    "Law",
    "Human rights",
    "CV writing",
    "Interview preparation",
    "Job search",
    "Mentoring",
    "Budgeting",
    "Marketing",
};
#define NSKILLS (sizeof(skills) / sizeof(skills[0]))

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

static const struct weighted *pick(struct rng *r, const struct weighted *w, size_t n)
{
	int total = 0, x;

	for (size_t i = 0; i < n; i++)
		total += w[i].weight;
	x = (int)rnd(r, (uint32_t)total);
	for (size_t i = 0; i < n; i++) {
		if (x < w[i].weight)
			return &w[i];
		x -= w[i].weight;
	}
	return &w[n - 1];
}

/* Zipf-like: skill k drawn with weight 1 / (k + 2). */
static const char *pick_skill(struct rng *r)
{
	static uint32_t cum[NSKILLS];
	static uint32_t total;

	if (!total)
		for (size_t k = 0; k < NSKILLS; k++)
			cum[k] = total += 100000 / (uint32_t)(k + 2);
	uint32_t x = rnd(r, total);
	size_t k = 0;
	while (cum[k] <= x)
		k++;
	return skills[k];
}

struct cohort {
	matcher_person_t *people[2];
	matcher_language_t *langs;
	matcher_skill_t *skills;
	char *ids;
	size_t n[2];
};

static int level_between(struct rng *r, int lo, int hi)
{
	return lo + (int)rnd(r, (uint32_t)(hi - lo + 1));
}

static void add_lang(matcher_person_t *p, matcher_language_t *l, const char *code, int level)
{
	for (size_t k = 0; k < p->nlanguages; k++)
		if (strcmp(l[k].code, code) == 0)
			return;
	l[p->nlanguages++] = (matcher_language_t){code, level};
}

static void make_person(struct rng *r, struct cohort *c, int mentee, size_t k)
{
	size_t x = mentee ? c->n[0] + k : k;
	matcher_person_t *p = &c->people[mentee][k];
	matcher_language_t *l = &c->langs[x * 4];
	matcher_skill_t *s = &c->skills[x * 6];
	const struct weighted *home =
	    mentee ? pick(r, mentee_countries, 20) : pick(r, mentor_countries, 12);
	const struct weighted *orig =
	    mentee || rnd(r, 4) == 0 ? home : pick(r, mentee_countries, 20);
	int ns = mentee ? 2 + (int)rnd(r, 4) : 3 + (int)rnd(r, 4);

	snprintf(c->ids + x * 12, 12, "%c%zu", mentee ? 'e' : 'm', k);
	p->id = c->ids + x * 12;
	p->country = home->code;
	p->origin = mentee && rnd(r, 10) == 0 ? pick(r, mentee_countries, 20)->code : orig->code;
	p->utc_offset_min = home->offset + (home->offset == -300 && rnd(r, 3) == 0 ? -180 : 0);
	p->languages = l;
	p->skills = s;
	if (rnd(r, 10))
		add_lang(p, l, "fr", mentee ? level_between(r, 2, 7) : level_between(r, 5, 7));
	if (rnd(r, mentee ? 2 : 10) < (mentee ? 1u : 7u))
		add_lang(p, l, "en", mentee ? level_between(r, 2, 6) : level_between(r, 4, 7));
	add_lang(p, l, orig->lang, mentee ? 7 : level_between(r, 3, 7));
	if (!mentee && strcmp(home->lang, orig->lang) != 0)
		add_lang(p, l, home->lang, level_between(r, 3, 7));
	for (int t = 0; t < ns; t++) {
		s[p->nskills].name = pick_skill(r);
		s[p->nskills++].level = mentee ? level_between(r, 2, 5) : level_between(r, 2, 5);
	}
	p->capacity = 1 + (int)rnd(r, 5);
	p->requested_at_ms = NOW - (int64_t)rnd(r, 90 * 24) * (DAY / 24);
	p->declines = rnd(r, 20) == 0 ? 2 : rnd(r, 10) == 0 ? 1 : 0;
}

static int generate(struct cohort *c, size_t nmentors, size_t nmentees, uint64_t seed)
{
	struct rng r = {seed * 0x9E3779B97F4A7C15ULL + 1};
	size_t total = nmentors + nmentees;

	c->n[0] = nmentors;
	c->n[1] = nmentees;
	c->people[0] = calloc(nmentors + 1, sizeof(matcher_person_t));
	c->people[1] = calloc(nmentees + 1, sizeof(matcher_person_t));
	c->langs = calloc(total * 4 + 1, sizeof(matcher_language_t));
	c->skills = calloc(total * 6 + 1, sizeof(matcher_skill_t));
	c->ids = calloc(total * 12 + 1, 1);
	if (!c->people[0] || !c->people[1] || !c->langs || !c->skills || !c->ids)
		return -1;
	for (size_t k = 0; k < nmentors; k++)
		make_person(&r, c, 0, k);
	for (size_t k = 0; k < nmentees; k++)
		make_person(&r, c, 1, k);
	return 0;
}

static void write_json_person(FILE *f, const matcher_person_t *p, int mentee)
{
	fprintf(f, "{\"id\":\"%s\",\"country\":\"%s\",\"origin\":\"%s\",\"utc_offset_min\":%d,",
		p->id, p->country, p->origin, p->utc_offset_min);
	fprintf(f, "\"languages\":[");
	for (size_t k = 0; k < p->nlanguages; k++)
		fprintf(f, "%s{\"code\":\"%s\",\"level\":\"%s\"}", k ? "," : "",
			p->languages[k].code, matcher_level_name(p->languages[k].level));
	fprintf(f, "],\"skills\":[");
	for (size_t k = 0; k < p->nskills; k++)
		fprintf(f, "%s{\"name\":\"%s\",\"level\":%d}", k ? "," : "", p->skills[k].name,
			p->skills[k].level);
	if (mentee)
		fprintf(f, "],\"requested_at\":%lld,\"declines\":%d}",
			(long long)p->requested_at_ms, p->declines);
	else
		fprintf(f, "],\"capacity\":%d}", p->capacity);
}

static int write_json(const struct cohort *c, const char *file)
{
	FILE *f = fopen(file, "w");

	if (!f)
		return -1;
	for (int r = 0; r < 2; r++) {
		fprintf(f, r ? "],\n\"mentees\":[\n" : "{\"mentors\":[\n");
		for (size_t k = 0; k < c->n[r]; k++) {
			write_json_person(f, &c->people[r][k], r);
			fputs(k + 1 < c->n[r] ? ",\n" : "\n", f);
		}
	}
	fputs("]}\n", f);
	return fclose(f);
}

/* Plain scores of every pair, for the comparison with scipy. */
static int dump_scores(const struct cohort *c, const char *file)
{
	matcher_config_t cfg;
	matcher_input_t in = {0};
	matcher_error_t err;
	matcher_t *m;
	FILE *f = fopen(file, "wb");
	unsigned char *row = malloc(c->n[0] + 1);
	int32_t head[2] = {(int32_t)c->n[1], (int32_t)c->n[0]};
	int rc = 0;

	matcher_config_default(&cfg);
	cfg.plain = 1;
	in.mentors = c->people[0];
	in.nmentors = c->n[0];
	in.mentees = c->people[1];
	in.nmentees = c->n[1];
	in.now_ms = NOW;
	m = matcher_new(&cfg, &in, &err);
	if (!f || !row || !m) {
		free(row);
		matcher_free(m);
		return -1;
	}
	fwrite(head, sizeof(head), 1, f);
	for (size_t j = 0; j < c->n[0]; j++) {
		int32_t places = c->people[0][j].capacity;
		fwrite(&places, sizeof(places), 1, f);
	}
	for (size_t i = 0; i < c->n[1]; i++) {
		for (size_t j = 0; j < c->n[0]; j++) {
			int s = matcher_score(m, j, i, NULL);
			row[j] = (unsigned char)(s > 0 ? s : 0);
		}
		if (fwrite(row, 1, c->n[0], f) != c->n[0])
			rc = -1;
	}
	free(row);
	matcher_free(m);
	return fclose(f) || rc ? -1 : 0;
}

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int threads = 2;

static int run(const struct cohort *c, const char *method)
{
	matcher_config_t cfg;
	matcher_input_t in = {0};
	matcher_error_t err;
	matcher_stats_t st;
	struct rusage ru;
	matcher_t *m;
	double t0, t1;

	matcher_config_default(&cfg);
	cfg.threads = threads;
	if (strcmp(method, "plain") == 0) {
		cfg.plain = 1;
	} else if (strcmp(method, "greedy") == 0) {
		cfg.greedy = 1;
		cfg.spread = cfg.wait_per_day = cfg.decline_bonus = cfg.bonus_max = 0;
	} else if (strcmp(method, "matcher") != 0) {
		fprintf(stderr, "bench-match: unknown method %s\n", method);
		return 2;
	}
	in.mentors = c->people[0];
	in.nmentors = c->n[0];
	in.mentees = c->people[1];
	in.nmentees = c->n[1];
	in.now_ms = NOW;
	t0 = seconds();
	m = matcher_new(&cfg, &in, &err);
	if (!m || matcher_run(m, &err) < 0) {
		fprintf(stderr, "bench-match: %s\n", err.text);
		matcher_free(m);
		return err.code == MATCHER_ETOOBIG || err.code == MATCHER_ENOMEM ? 3 : 1;
	}
	t1 = seconds();
	matcher_stats(m, &st);
	getrusage(RUSAGE_SELF, &ru);
	printf("%s %.3f %.0f %lld %zu %lld %zu %zu\n", method, t1 - t0, (double)ru.ru_maxrss / 1024,
	       st.total_score, st.matched, st.objective, st.arcs, st.phases);
	matcher_free(m);
	return 0;
}

int main(int argc, char **argv)
{
	size_t nm = 200, ne = 1000;
	unsigned long long seed = 1;
	const char *method = "matcher", *json = NULL, *dump = NULL;
	int bad = argc % 2 == 0;
	struct cohort c = {0};

	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--mentees") == 0)
			ne = strtoul(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--mentors") == 0)
			nm = strtoul(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--seed") == 0)
			seed = strtoull(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--method") == 0)
			method = argv[i + 1];
		else if (strcmp(argv[i], "--threads") == 0)
			threads = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--json") == 0)
			json = argv[i + 1];
		else if (strcmp(argv[i], "--dump-scores") == 0)
			dump = argv[i + 1];
		else
			bad = 1;
	}
	if (bad || !nm || !ne || threads < 1 || threads > MATCHER_THREADS_MAX) {
		fprintf(
		    stderr,
		    "usage: bench-match --mentees N --mentors M [--seed S] [--threads T]\n"
		    "       [--method matcher|plain|greedy] [--json FILE] [--dump-scores FILE]\n");
		return 2;
	}
	if (generate(&c, nm, ne, seed) < 0) {
		fprintf(stderr, "bench-match: out of memory\n");
		return 1;
	}
	if (json && write_json(&c, json) < 0) {
		fprintf(stderr, "bench-match: cannot write %s\n", json);
		return 1;
	}
	if (dump && dump_scores(&c, dump) < 0) {
		fprintf(stderr, "bench-match: cannot write %s\n", dump);
		return 1;
	}
	return json || dump ? 0 : run(&c, method);
}
