/*
 * factors.c - what a pair is scored on, and the configuration that derives from it.
 *
 * FACTORS lists the factors, in the order of their reasons. Each NAME there has
 *   - NAME_value(): what the pair is worth on it, as num / den of its weight;
 *   - NAME_detail(): the sentence of its reason;
 *   - the config key "w_NAME" for its weight (0..1000, the default given in the list), so
 *     the variable PASSERELLE_MATCH_W_NAME of the CLI and of the service;
 *   - its reason in results and explanations, left out while its weight is 0.
 * The score of a pair, the points of its reasons and the candidate search all go through
 * factors[] (score.c, cand.c), and matcher_config_*() through FACTORS and SETTINGS below.
 *
 * The candidate search bounds the first four (F_SKILLS..F_TIMEZONE in internal.h) with
 * tables of its own, from factor_tables(); a later factor is scored for each pair it looks
 * at and bounded by its whole weight, so the cut stays exact.
 *
 * Nothing here allocates; the tables are constant.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* X(name, default weight); add a factor here, with its two functions below. */
#define FACTORS(X)                                                                                 \
	X(skills, 50)                                                                              \
	X(language, 20)                                                                            \
	X(region, 15)                                                                              \
	X(timezone, 15)

#define WEIGHT_MAX 1000

/* The other settings: X(field of matcher_config_t, min, max, default). */
#define SETTINGS(X)                                                                                \
	X(min_level, 1, 7, 3)                                                                      \
	X(spread, 0, 100, 3)                                                                       \
	X(wait_per_day, 0, 100, 1)                                                                 \
	X(decline_bonus, 0, 100, 5)                                                                \
	X(bonus_max, 0, 100, 20)                                                                   \
	X(candidates, 0, 1000000, 50)                                                              \
	X(plain, 0, 1, 0)                                                                          \
	X(greedy, 0, 1, 0)                                                                         \
	X(max_arcs, 1, 2000000000, 50000000)                                                       \
	X(threads, 1, MATCHER_THREADS_MAX, 2)

/* Appends to a detail only whole pieces, so that UTF-8 is never cut. */
static void add(char *buf, const char *fmt, const char *a, int x, int y)
{
	char piece[MATCHER_DETAIL_MAX];
	size_t len = strlen(buf);
	int n = snprintf(piece, sizeof(piece), fmt, a, x, y);

	if (n > 0 && len + (size_t)n < MATCHER_DETAIL_MAX)
		memcpy(buf + len, piece, (size_t)n + 1);
}

/* ---------------------------------------------------------------- skills */

/* Sum over shared skills of need x mastery; 5 x need_sum means full cover. */
static void skills_value(const struct matcher *m, const struct mperson *mr,
			 const struct mperson *me, struct fvalue *v)
{
	const struct mskill *a = m->skill_pool + mr->skills, *b = m->skill_pool + me->skills;
	int x = 0, y = 0, covered = 0;
	int64_t s = 0;

	while (x < mr->nskills && y < me->nskills) {
		if (a[x].skill < b[y].skill) {
			x++;
		} else if (a[x].skill > b[y].skill) {
			y++;
		} else {
			s += (int64_t)a[x++].level * b[y++].level;
			covered++;
		}
	}
	v->num = s;
	v->den = 5 * (int64_t)me->need_sum;
	v->d[0] = covered;
	v->d[1] = me->nskills;
}

/* The same value for cand.c, from the skill sum `s`. */
int64_t score_skill_v(const struct matcher *m, int64_t s, int32_t need_sum)
{
	return score_micro(m, F_SKILLS, s, 5 * (int64_t)need_sum);
}

static void skills_detail(const struct matcher *m, const struct mperson *mr,
			  const struct mperson *me, const struct fvalue *v, char *out)
{
	const struct mskill *a = m->skill_pool + mr->skills, *b = m->skill_pool + me->skills;
	int covered = v->d[0], needed = v->d[1], shown = 0;

	if (!needed) {
		add(out, "%sno skills listed by the mentee", "", 0, 0);
		return;
	}
	if (!covered) {
		add(out,
		    needed == 1 ? "%snone of the %d needed skill"
				: "%snone of the %d needed skills",
		    "", needed, 0);
		return;
	}
	snprintf(out, MATCHER_DETAIL_MAX, "covers %d of %d needed skill%s:", covered, needed,
		 needed == 1 ? "" : "s");
	/* the best covered skills, by need x mastery */
	for (int best = 25; best > 0 && shown < 3; best--)
		for (int y = 0; y < me->nskills && shown < 3; y++)
			for (int x = 0; x < mr->nskills; x++) {
				if (a[x].skill != b[y].skill || a[x].level * b[y].level != best)
					continue;
				add(out,
				    shown ? ", %s (mastery %d, need %d)"
					  : " %s (mastery %d, need %d)",
				    dict_key(&m->skills, b[y].skill), a[x].level, b[y].level);
				shown++;
			}
	if (covered > shown)
		add(out, "%s, and %d more", "", covered - shown, 0);
}

/* ---------------------------------------------------------------- language */

/* The best level both speak a language at: the lower of the two, maximised, out of
 * native; d: the language code, the mentor's and the mentee's levels. */
static void language_value(const struct matcher *m, const struct mperson *mr,
			   const struct mperson *me, struct fvalue *v)
{
	const struct mlang *a = m->langs + mr->langs, *b = m->langs + me->langs;

	v->num = 0;
	v->den = MATCHER_LEVEL_NATIVE;
	v->d[0] = -1;
	v->d[1] = v->d[2] = 0;
	for (int x = 0; x < mr->nlangs; x++)
		for (int y = 0; y < me->nlangs; y++) {
			if (a[x].code != b[y].code)
				continue;
			int l = a[x].level < b[y].level ? a[x].level : b[y].level;
			if (l > v->num) {
				v->num = l;
				v->d[0] = a[x].code;
				v->d[1] = a[x].level;
				v->d[2] = b[y].level;
			}
		}
}

int score_shared_level(const struct matcher *m, const struct mperson *mentor,
		       const struct mperson *mentee, int *code)
{
	struct fvalue v;

	language_value(m, mentor, mentee, &v);
	if (code)
		*code = v.d[0];
	return (int)v.num;
}

static void language_detail(const struct matcher *m, const struct mperson *mr,
			    const struct mperson *me, const struct fvalue *v, char *out)
{
	char code[3] = {0};

	if (v->num <= 0) {
		add(out, "%sno shared language", "", 0, 0);
		return;
	}
	code[0] = (char)('a' + v->d[0] / 26);
	code[1] = (char)('a' + v->d[0] % 26);
	snprintf(out, MATCHER_DETAIL_MAX, "shared language %s at %s (mentor %s, mentee %s)", code,
		 matcher_level_name((int)v->num), matcher_level_name(v->d[1]),
		 matcher_level_name(v->d[2]));
}

/* ---------------------------------------------------------------- region */

int score_tier(const struct mperson *mr, const struct mperson *me)
{
	if (me->origin >= 0 && me->origin == mr->origin)
		return TIER_ORIGIN;
	if (me->country >= 0 && me->country == mr->country)
		return TIER_COUNTRY;
	if (me->osub && me->osub == mr->osub)
		return TIER_SUBREGION;
	if (me->oregion && me->oregion == mr->oregion)
		return TIER_CONTINENT;
	return TIER_NONE;
}

static void region_value(const struct matcher *m, const struct mperson *mr,
			 const struct mperson *me, struct fvalue *v)
{
	v->num = score_tier(mr, me);
	v->den = TIER_ORIGIN;
}

static void region_detail(const struct matcher *m, const struct mperson *mr,
			  const struct mperson *me, const struct fvalue *v, char *out)
{
	switch (v->num) {
	case TIER_ORIGIN:
		add(out, "same country of origin (%s)", geo_country_code(me->origin), 0, 0);
		break;
	case TIER_COUNTRY:
		add(out, "mentor lives in the mentee's country (%s)", geo_country_code(me->country),
		    0, 0);
		break;
	case TIER_SUBREGION:
		add(out, "origins in the same region (%s)", geo_region_name(me->osub), 0, 0);
		break;
	case TIER_CONTINENT:
		add(out, "origins in the same part of the world (%s)", geo_region_name(me->oregion),
		    0, 0);
		break;
	default:
		add(out, "%sno shared origin or region", "", 0, 0);
	}
}

/* ---------------------------------------------------------------- timezone */

/* Minutes shared by the two 09:00-21:00 local days, out of 12 hours. */
static void timezone_value(const struct matcher *m, const struct mperson *mr,
			   const struct mperson *me, struct fvalue *v)
{
	v->num = geo_overlap(me->offset, mr->offset);
	v->den = 720;
}

static void offset_text(char *buf, size_t size, int off)
{
	int a = off < 0 ? -off : off;
	snprintf(buf, size, "UTC%c%02d:%02d", off < 0 ? '-' : '+', a / 60, a % 60);
}

static void timezone_detail(const struct matcher *m, const struct mperson *mr,
			    const struct mperson *me, const struct fvalue *v, char *out)
{
	int overlap = (int)v->num;
	char a[16], b[16];

	offset_text(a, sizeof(a), mr->offset);
	offset_text(b, sizeof(b), me->offset);
	if (overlap % 60)
		snprintf(out, MATCHER_DETAIL_MAX,
			 "%d h %02d of shared daytime, 09:00-21:00 (mentor %s, mentee %s)",
			 overlap / 60, overlap % 60, a, b);
	else
		snprintf(out, MATCHER_DETAIL_MAX,
			 "%d h of shared daytime, 09:00-21:00 (mentor %s, mentee %s)", overlap / 60,
			 a, b);
}

/* ---------------------------------------------------------------- the table */

#define ROW(name, def) {#name, "w_" #name, def, name##_value, name##_detail},
const struct factor factors[] = {FACTORS(ROW)};
#undef ROW
const size_t nfactors = sizeof(factors) / sizeof(factors[0]);

_Static_assert(sizeof(factors) / sizeof(factors[0]) <= MATCHER_FACTORS_MAX,
	       "more factors than MATCHER_FACTORS_MAX in matcher.h");
_Static_assert(sizeof(factors) / sizeof(factors[0]) >= F_SEARCHED,
	       "F_SKILLS..F_TIMEZONE come first");

/* The values of the first four at every num, for the candidate search. */
void factor_tables(struct matcher *m)
{
	for (int l = 0; l <= MATCHER_LEVEL_NATIVE; l++)
		m->lang_v[l] = score_micro(m, F_LANGUAGE, l, MATCHER_LEVEL_NATIVE);
	for (int t = 0; t <= TIER_ORIGIN; t++)
		m->region_v[t] = score_micro(m, F_REGION, t, TIER_ORIGIN);
	for (int min = 0; min <= 720; min++)
		m->tz_v[min] = score_micro(m, F_TIMEZONE, min, 720);
}

/* ---------------------------------------------------------------- config */

struct key {
	const char *name;
	size_t off;
	long min, max, def;
};

#define KEY(f, lo, hi, d) {#f, offsetof(matcher_config_t, f), lo, hi, d},
static const struct key keys[] = {SETTINGS(KEY)};
#undef KEY
#define NKEYS (sizeof(keys) / sizeof(keys[0]))

#define WEIGHT_NAME(name, def) "w_" #name,
#define KEY_NAME(f, lo, hi, d) #f,
static const char *const key_names[] = {FACTORS(WEIGHT_NAME) SETTINGS(KEY_NAME) NULL};
#undef WEIGHT_NAME
#undef KEY_NAME

const char *const *matcher_config_keys(void)
{
	return key_names;
}

static void key_store(matcher_config_t *cfg, const struct key *k, long v)
{
	char *p = (char *)cfg + k->off;

	if (k->off == offsetof(matcher_config_t, max_arcs))
		memcpy(p, &v, sizeof(v));
	else
		*(int *)(void *)p = (int)v;
}

static long key_load(const matcher_config_t *cfg, const struct key *k)
{
	const char *p = (const char *)cfg + k->off;

	if (k->off == offsetof(matcher_config_t, max_arcs))
		return cfg->max_arcs;
	return *(const int *)(const void *)p;
}

void matcher_config_default(matcher_config_t *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	for (size_t k = 0; k < nfactors; k++)
		cfg->weights[k] = factors[k].def;
	for (size_t i = 0; i < NKEYS; i++)
		key_store(cfg, &keys[i], keys[i].def);
}

static int out_of_range(const char *key, long v, long min, long max, matcher_error_t *err)
{
	if (v >= min && v <= max)
		return 0;
	error_set(err, MATCHER_EINVAL, "config %s: %ld is outside %ld..%ld", key, v, min, max);
	return 1;
}

int matcher_config_set(matcher_config_t *cfg, const char *key, long value, matcher_error_t *err)
{
	for (size_t k = 0; key && k < nfactors; k++) {
		if (strcmp(key, factors[k].key) != 0)
			continue;
		if (out_of_range(key, value, 0, WEIGHT_MAX, err))
			return -1;
		cfg->weights[k] = (int)value;
		return 0;
	}
	for (size_t i = 0; key && i < NKEYS; i++) {
		if (strcmp(key, keys[i].name) != 0)
			continue;
		if (out_of_range(key, value, keys[i].min, keys[i].max, err))
			return -1;
		key_store(cfg, &keys[i], value);
		return 0;
	}
	error_set(err, MATCHER_EINVAL, "config: unknown key \"%.64s\"", key ? key : "");
	return -1;
}

int matcher_config_check(const matcher_config_t *cfg, matcher_error_t *err)
{
	long sum = 0;

	for (size_t k = 0; k < nfactors; k++) {
		if (out_of_range(factors[k].key, cfg->weights[k], 0, WEIGHT_MAX, err))
			return -1;
		sum += cfg->weights[k];
	}
	for (size_t i = 0; i < NKEYS; i++)
		if (out_of_range(keys[i].name, key_load(cfg, &keys[i]), keys[i].min, keys[i].max,
				 err))
			return -1;
	if (sum == 0) {
		error_set(err, MATCHER_EINVAL, "config: the weights are all zero");
		return -1;
	}
	return 0;
}
