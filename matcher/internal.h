/*
 * internal.h - structures shared by the matcher's source files; not installed.
 *
 * Every array here is owned by the struct that holds it and freed with it.
 */
#ifndef MATCHER_INTERNAL_H
#define MATCHER_INTERNAL_H

#include <stdarg.h>
#include <stdint.h>

#include "matcher.h"

/* Factor values are kept in micro-points so that rounding happens once, on the sum. */
#define MICRO 1000000LL
#define LANG_CODES 676 /* two lower-case letters */

/* The factors the candidate search (cand.c) bounds with tables of its own, first in the
 * table of factors.c and in this order. A later factor is scored pair by pair there. */
enum { F_SKILLS, F_LANGUAGE, F_REGION, F_TIMEZONE, F_SEARCHED };

/* Region tiers, in tenths of the region weight. */
enum tier {
	TIER_NONE = 0,
	TIER_CONTINENT = 3,
	TIER_SUBREGION = 6,
	TIER_COUNTRY = 7,
	TIER_ORIGIN = 10
};

void error_set(matcher_error_t *err, int code, const char *fmt, ...);

/* ---------------------------------------------------------------- text.c */
/* Interned strings: each distinct key gets the next id, from 0. */
typedef struct dict {
	char *pool;
	size_t pool_len, pool_cap;
	uint32_t *offs; /* id -> offset of the key in pool */
	size_t count, offs_cap;
	uint32_t *slots; /* open addressing: id + 1, 0 when empty */
	size_t nslots;
} dict_t;

void dict_init(dict_t *d);
void dict_clear(dict_t *d);
long dict_find(const dict_t *d, const char *key, size_t len);
/* The id of `key`, added when new; -1 when out of memory. */
long dict_add(dict_t *d, const char *key, size_t len);
const char *dict_key(const dict_t *d, size_t id);

struct matcher_synonyms {
	dict_t names;
	uint32_t *canon; /* name id -> id of its canonical name */
	size_t canon_cap;
};

/* Normalisation without synonyms; same contract as matcher_normalize(). */
int text_fold(const char *name, char *out, size_t outsz, matcher_error_t *err);
int utf8_valid(const char *s, size_t len);

/* ---------------------------------------------------------------- geo.c */
/* Index of an ISO 3166-1 alpha-2 code in the country table, -1 when unknown. */
int geo_country(const char *code);
const char *geo_country_code(int country);
int geo_subregion(int country); /* UN M49 code, 0 when none */
int geo_region(int country);	/* UN M49 code, 0 when none */
const char *geo_region_name(int m49);
/* Minutes shared by the 09:00-21:00 windows of two UTC offsets, 0..720. */
int geo_overlap(int offset_a, int offset_b);
/* Index 0..675 of a two-letter language code, -1 when not two ASCII letters. */
int geo_language(const char *code);

/* ---------------------------------------------------------------- matcher.c */
struct mlang {
	uint16_t code; /* geo_language() index */
	uint8_t level;
};

struct mskill {
	uint32_t skill; /* id in matcher.skills */
	uint8_t level;
};

struct mperson {
	uint32_t langs, skills; /* offsets in matcher.langs / matcher.skill_pool */
	uint8_t nlangs, nskills;
	int16_t country, origin; /* country index, -1 unknown; origin falls back to country */
	int16_t osub, oregion;	 /* M49 sub-region and region of the origin, 0 unknown */
	int16_t offset;		 /* minutes */
	int16_t capacity, used, frozen;
	int32_t free;	  /* mentors: places open to new mentees */
	int32_t need_sum; /* mentees: sum of skill levels */
	int32_t bonus;	  /* mentees: priority bonus */
	int32_t same;	  /* index of the person with the same id on the other side, -1 */
};

/* Candidate pairs, grouped by mentee, best first. */
struct graph {
	size_t n, m;	/* mentees, mentors */
	uint32_t *off;	/* n + 1 */
	int32_t *head;	/* mentor of each arc */
	int32_t *gain;	/* score + bonus: what the pair adds to the objective */
	int32_t *slots; /* per mentor: places open to new mentees */
	int32_t *load;	/* per mentor: places already taken */
	int spread;	/* the k-th place (from 0) of a mentor costs spread * k */
	size_t narcs, cap;
	/* When not NULL, the solver uses only the arcs [off[i], end[i]) of mentee i, at
	 * first its best, and moves others in until none left out could improve the
	 * result (see flow.c). Both parts stay sorted by gain, then mentor. */
	uint32_t *end;
};

/* Arcs of mentee i in use by the solver. */
static inline uint32_t arc_end(const struct graph *g, size_t i)
{
	return g->end ? g->end[i] : g->off[i + 1];
}

struct matcher {
	matcher_config_t cfg;
	size_t nmentors, nmentees;
	struct mperson *mentors, *mentees;
	dict_t mentor_ids, mentee_ids, skills;
	struct mlang *langs;
	struct mskill *skill_pool;
	uint32_t *excl_off; /* per mentee: range in excl_mentor, sorted */
	int32_t *excl_mentor;
	int32_t *frozen_to; /* per mentee: frozen mentor or -1 */
	/* score tables, in micro-points */
	int64_t lang_v[MATCHER_LEVEL_NATIVE + 1];
	int64_t region_v[TIER_ORIGIN + 1];
	int64_t tz_v[721];
	int64_t weight_sum;
	int64_t rest_max; /* the most the factors from F_SEARCHED on can add to a pair */
	/* results of matcher_run */
	int ran;
	int32_t *assign; /* per mentee: mentor or -1 */
	struct graph g;
	matcher_stats_t stats;
};

/* ---------------------------------------------------------------- factors.c */
/* What one factor makes of a pair: num / den of the factor's weight, with 0 <= num <= den
 * <= 1000000 (den 0 counts as 0), and what its reason needs to say why. */
struct fvalue {
	int64_t num, den;
	int d[4]; /* details of the factor's own, for its reason */
};

struct factor {
	const char *name; /* the reason's factor */
	const char *key;  /* the config key of its weight, "w_" name */
	int def;	  /* default weight */
	void (*value)(const struct matcher *m, const struct mperson *mentor,
		      const struct mperson *mentee, struct fvalue *out);
	/* The reason's detail from the value: a sentence into out, MATCHER_DETAIL_MAX bytes,
	 * empty on entry. */
	void (*detail)(const struct matcher *m, const struct mperson *mentor,
		       const struct mperson *mentee, const struct fvalue *v, char *out);
};

extern const struct factor factors[];
extern const size_t nfactors;

/* The tables of the factors before F_SEARCHED (lang_v, region_v, tz_v). */
void factor_tables(struct matcher *m);
int64_t score_skill_v(const struct matcher *m, int64_t s, int32_t need_sum);
int score_tier(const struct mperson *mentor, const struct mperson *mentee);
int score_shared_level(const struct matcher *m, const struct mperson *mentor,
		       const struct mperson *mentee, int *code);

/* ---------------------------------------------------------------- score.c */
struct factors {
	int64_t v[MATCHER_FACTORS_MAX]; /* micro-points */
	struct fvalue f[MATCHER_FACTORS_MAX];
	int score;
};

/* Micro-points of factor k at num / den of its weight; den <= 0 gives 0. */
static inline int64_t score_micro(const struct matcher *m, size_t k, int64_t num, int64_t den)
{
	if (den <= 0)
		return 0;
	return num * 100 * MICRO * m->cfg.weights[k] / (den * m->weight_sum);
}

static inline int score_round(int64_t micro)
{
	return (int)((micro + MICRO / 2) / MICRO);
}

void score_tables(struct matcher *m);
/* What the factors from F_SEARCHED on add to a pair, in micro-points. */
int64_t score_rest(const struct matcher *m, const struct mperson *mentor,
		   const struct mperson *mentee);
void score_pair(const struct matcher *m, size_t mentor, size_t mentee, struct factors *f);
size_t score_reasons(const struct matcher *m, size_t mentor, size_t mentee, const struct factors *f,
		     matcher_reason_t *out);

/* ---------------------------------------------------------------- cand.c */
/* Fills m->g with the candidate pairs of every mentee that is not frozen. */
int cand_build(struct matcher *m, matcher_error_t *err);
void graph_free(struct graph *g);

/* ---------------------------------------------------------------- flow.c */
/* Optimal assignment on the graph: arc_of[i] is the chosen arc of mentee i, or -1. */
int flow_solve(struct graph *g, int32_t *arc_of, size_t *phases);
int flow_greedy(const struct graph *g, int32_t *arc_of);

#endif
