/*
 * matcher.h - mentor matching: pair scores with reasons, eligibility filters and an
 * optimal assignment of mentees to mentors under capacities.
 *
 * The library is pure: no I/O, no clock, no global state. Time comes in as
 * matcher_input_t.now_ms and time zones as UTC offsets computed by the caller.
 *
 * Ownership:
 * - matcher_new() copies everything it needs from the input; the caller keeps its arrays
 *   and strings and may free them as soon as matcher_new() returns.
 * - Strings returned by the library (ids, factor and filter names, reason details) belong
 *   to the instance, or are static, and stay valid until matcher_free().
 * - matcher_free(NULL) and matcher_synonyms_free(NULL) do nothing.
 * An instance may be read from several threads once matcher_run() has returned; it must
 * not be used concurrently with matcher_run(), which itself runs the candidate search on
 * config.threads threads (the result does not depend on their number).
 */
#ifndef MATCHER_H
#define MATCHER_H

#include <stddef.h>
#include <stdint.h>

/* Caps on the input; anything above is rejected with MATCHER_EINVAL. */
#define MATCHER_ID_MAX 128	 /* bytes in an id */
#define MATCHER_NAME_MAX 240	 /* bytes in a skill name: the profile's 60 characters */
#define MATCHER_LANGUAGES_MAX 20 /* languages per person, as in a profile */
#define MATCHER_SKILLS_MAX 32	 /* skills per person */
#define MATCHER_CAPACITY_MAX 20	 /* mentees per mentor */
#define MATCHER_PEOPLE_MAX 2000000
#define MATCHER_DETAIL_MAX 256 /* bytes in a reason detail, with the NUL */
#define MATCHER_ERROR_MAX 200  /* bytes in an error text, with the NUL */
#define MATCHER_FACTORS_MAX 8  /* room for factors, in a configuration and in a result */
#define MATCHER_THREADS_MAX 64

enum matcher_level {
	MATCHER_LEVEL_NONE = 0,
	MATCHER_LEVEL_A1,
	MATCHER_LEVEL_A2,
	MATCHER_LEVEL_B1,
	MATCHER_LEVEL_B2,
	MATCHER_LEVEL_C1,
	MATCHER_LEVEL_C2,
	MATCHER_LEVEL_NATIVE
};

enum matcher_code {
	MATCHER_OK = 0,
	MATCHER_EINVAL, /* bad input or configuration; nothing was changed */
	MATCHER_ENOMEM, /* out of memory */
	MATCHER_ETOOBIG /* the candidate pairs exceed config.max_arcs */
};

typedef struct matcher_error {
	int code; /* enum matcher_code */
	char text[MATCHER_ERROR_MAX];
} matcher_error_t;

typedef struct matcher_language {
	const char *code; /* ISO 639-1, two letters, any case */
	int level;	  /* enum matcher_level, A1..NATIVE */
} matcher_language_t;

typedef struct matcher_skill {
	const char *name; /* free text; case, spacing, accents and synonyms are normalised */
	int level;	  /* 1..5: a mentor's mastery, a mentee's level of need */
} matcher_skill_t;

/* One person. Mentor-only and mentee-only fields are ignored on the other side. */
typedef struct matcher_person {
	const char *id; /* unique on its side; 1..MATCHER_ID_MAX bytes */
	const matcher_language_t *languages;
	size_t nlanguages;
	const matcher_skill_t *skills;
	size_t nskills;
	const char *country; /* ISO 3166-1 alpha-2 of residence; NULL or "" if unknown */
	const char *origin;  /* country of origin; NULL or "" means the same as country */
	int utc_offset_min;  /* -720..840, at the instant of the matching round */
	/* mentors */
	int capacity; /* 0..MATCHER_CAPACITY_MAX mentees at once */
	int used;     /* places already taken by matches outside this instance */
	/* mentees */
	int64_t requested_at_ms; /* when the mentee asked; waiting earns a priority bonus */
	int declines;		 /* offers declined or expired so far; also earns a bonus */
} matcher_person_t;

typedef struct matcher_pair {
	const char *mentor;
	const char *mentee;
} matcher_pair_t;

/* Skill synonyms: a canonical name and its aliases. Immutable once parsed. */
typedef struct matcher_synonyms matcher_synonyms_t;

typedef struct matcher_input {
	const matcher_person_t *mentors;
	size_t nmentors;
	const matcher_person_t *mentees;
	size_t nmentees;
	/* Pairs never to propose (declined or expired offers). Pairs naming someone who is
	 * not in this instance are ignored. */
	const matcher_pair_t *excluded;
	size_t nexcluded;
	/* Existing matches kept as they are: the mentee is not reassigned and the pair takes
	 * one of the mentor's places, on top of `used`. Both ids must exist. */
	const matcher_pair_t *frozen;
	size_t nfrozen;
	int64_t now_ms;			    /* the instant of the round, for waiting bonuses */
	const matcher_synonyms_t *synonyms; /* NULL: the table shipped in matcher/synonyms.txt */
} matcher_input_t;

/*
 * Weights and switches; matcher_config_default() fills the documented defaults and
 * matcher_config_set() changes one by name (the names are those of the fields; the weight
 * of a factor is "w_<factor>"). The factors are listed in matcher/factors.c.
 * The weights are relative: a pair that is perfect on every factor scores 100.
 */
typedef struct matcher_config {
	union {
		int weights[MATCHER_FACTORS_MAX]; /* 0..1000 each, in the order of the factors */
		struct {			  /* the first ones by name as well */
			int w_skills;		  /* 50 */
			int w_language;		  /* 20 */
			int w_region;		  /* 15 */
			int w_timezone;		  /* 15 */
		};
	};
	int min_level;	   /* 3 (B1): both sides need one shared language at this level */
	int spread;	   /* 3: points charged for each mentee a mentor already has */
	int wait_per_day;  /* 1: priority points per full day of waiting */
	int decline_bonus; /* 5: priority points per declined or expired offer */
	int bonus_max;	   /* 20: cap on the priority bonus */
	int candidates;	   /* 50: best eligible mentors kept per mentee; 0 keeps them all */
	int plain;	   /* 0: 1 turns off spreading, bonuses and the candidate cut */
	int greedy;	   /* 0: 1 assigns pairs by decreasing score instead (baseline) */
	long max_arcs;	   /* 50000000: cap on candidate pairs (about 24 bytes each) */
	int threads;	   /* 2: threads for the candidate search (the result is the same) */
} matcher_config_t;

void matcher_config_default(matcher_config_t *cfg);
/* Sets the field called `key`; MATCHER_EINVAL for an unknown key or a value out of range. */
int matcher_config_set(matcher_config_t *cfg, const char *key, long value, matcher_error_t *err);
/* The keys, NULL-terminated: the weight of each factor ("w_skills"...), in the order of
 * the factors, then the other fields in declaration order. */
const char *const *matcher_config_keys(void);
/* Checks the whole configuration (e.g. weights not all zero). */
int matcher_config_check(const matcher_config_t *cfg, matcher_error_t *err);

typedef struct matcher matcher_t;

/* Validates and copies the input; NULL on error with `err` filled. */
matcher_t *matcher_new(const matcher_config_t *cfg, const matcher_input_t *in,
		       matcher_error_t *err);
void matcher_free(matcher_t *m);

/* Computes the assignment; may be called again (same result). */
int matcher_run(matcher_t *m, matcher_error_t *err);

size_t matcher_mentor_count(const matcher_t *m);
size_t matcher_mentee_count(const matcher_t *m);
/* Index of an id, or -1. */
long matcher_mentor_index(const matcher_t *m, const char *id);
long matcher_mentee_index(const matcher_t *m, const char *id);
const char *matcher_mentor_id(const matcher_t *m, size_t mentor);
const char *matcher_mentee_id(const matcher_t *m, size_t mentee);

typedef struct matcher_reason {
	const char *factor; /* "skills", "language", "region", "timezone"... (factors.c) */
	int points;	    /* the points of all reasons add up to the score */
	char detail[MATCHER_DETAIL_MAX];
} matcher_reason_t;

typedef struct matcher_result {
	long mentor; /* index of the chosen mentor, -1 when unmatched */
	int frozen;  /* 1 for a pair given in input.frozen */
	int score;   /* 0..100 */
	int bonus;   /* the mentee's priority bonus in this round */
	size_t nreasons;
	matcher_reason_t reasons[MATCHER_FACTORS_MAX];
} matcher_result_t;

/* The outcome for one mentee, after matcher_run(). */
int matcher_result(const matcher_t *m, size_t mentee, matcher_result_t *out, matcher_error_t *err);

typedef struct matcher_explain {
	int eligible;	    /* 1 when no filter removes the pair */
	const char *filter; /* when not: "same_person", "excluded", "capacity", "language" */
	char why[MATCHER_DETAIL_MAX]; /* a sentence naming the filter, or "" */
	int candidate; /* after a run: 1 if the pair was among the mentee's candidates */
	int assigned;  /* after a run: 1 if the pair is in the assignment */
	int frozen;    /* 1 for a frozen pair */
	int score;     /* computed even for an ineligible pair */
	size_t nreasons;
	matcher_reason_t reasons[MATCHER_FACTORS_MAX];
} matcher_explain_t;

/* Score and reasons of one pair, and the first filter that removes it. Filters are
 * checked in this order: same_person, excluded, capacity, language. */
int matcher_explain(const matcher_t *m, size_t mentor, size_t mentee, matcher_explain_t *out,
		    matcher_error_t *err);

/* The score of one pair without reasons, for bulk use; -1 when a filter removes the
 * pair, its name then in *filter when filter is not NULL. */
int matcher_score(const matcher_t *m, size_t mentor, size_t mentee, const char **filter);

/* Every filter that removes a pair, as a mask of MATCHER_FILTER_* (0: eligible; also 0 for
 * an index out of range). Unlike matcher_score(), which names the first filter only, it
 * tells e.g. a full mentor who shares no language from a full one who does. */
#define MATCHER_FILTER_SAME_PERSON 1u
#define MATCHER_FILTER_EXCLUDED 2u
#define MATCHER_FILTER_CAPACITY 4u
#define MATCHER_FILTER_LANGUAGE 8u
unsigned matcher_filters(const matcher_t *m, size_t mentor, size_t mentee);

typedef struct matcher_stats {
	size_t matched;		/* new pairs */
	size_t frozen;		/* frozen pairs */
	size_t unmatched;	/* mentees without a mentor */
	long long total_score;	/* sum of the scores of the new pairs */
	long long frozen_score; /* sum of the scores of the frozen pairs */
	long long objective;	/* new pairs: scores + bonuses - spreading costs */
	size_t arcs;		/* candidate pairs considered */
	size_t phases;		/* rounds of the solver */
} matcher_stats_t;

void matcher_stats(const matcher_t *m, matcher_stats_t *out);

/* 1 when code is an ISO 3166-1 alpha-2 code of the library's table (any case), else 0. */
int matcher_country_known(const char *code);
/* The UN M49 world region of a country (alpha-2, any case): "Africa", "Americas", "Asia",
 * "Europe" or "Oceania"; NULL for an unknown code or one with no region (AQ). Static. */
const char *matcher_region_name(const char *alpha2);

/* "A1".."C2", "native" (any case) to enum matcher_level; 0 when unknown. */
int matcher_level_parse(const char *s);
const char *matcher_level_name(int level);

/* Parses synonym lines "canonical: alias, alias" ('#' starts a comment). */
matcher_synonyms_t *matcher_synonyms_parse(const char *text, size_t len, matcher_error_t *err);
void matcher_synonyms_free(matcher_synonyms_t *syn);
/* The text of matcher/synonyms.txt, built into the library. */
const char *matcher_synonyms_default_text(void);

/* Normalises a skill name into `out` (lower case, accents of Latin-1 letters removed,
 * punctuation and spacing folded to single spaces) then maps an alias to its canonical
 * name when `syn` is not NULL. Returns the length, or -1 (error set) for an empty,
 * oversized or non-UTF-8 name. */
int matcher_normalize(const matcher_synonyms_t *syn, const char *name, char *out, size_t outsz,
		      matcher_error_t *err);

#endif
