/*
 * score.c - the score of a (mentor, mentee) pair and its reasons.
 *
 * Each factor yields a value in micro-points; the score is the rounded sum, and the
 * points of the reasons are apportioned by largest remainder so that they add up to
 * exactly the score. The candidate search in cand.c uses the same tables so that both
 * paths give the same score. Nothing here allocates.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char *const factor_names[MATCHER_FACTORS] = {"skills", "language", "region",
							  "timezone"};

void score_tables(struct matcher *m)
{
	const matcher_config_t *c = &m->cfg;
	int64_t w = (int64_t)c->w_skills + c->w_language + c->w_region + c->w_timezone;
	int64_t full = 100 * MICRO;

	m->weight_sum = w;
	for (int l = 0; l <= MATCHER_LEVEL_NATIVE; l++)
		m->lang_v[l] = l * full * c->w_language / (MATCHER_LEVEL_NATIVE * w);
	for (int t = 0; t <= TIER_ORIGIN; t++)
		m->region_v[t] = t * full * c->w_region / (TIER_ORIGIN * w);
	for (int min = 0; min <= 720; min++)
		m->tz_v[min] = min * full * c->w_timezone / (720 * w);
}

/* `s` is the sum over shared skills of need x mastery; 5 x need_sum means full cover. */
int64_t score_skill_v(const struct matcher *m, int64_t s, int32_t need_sum)
{
	if (need_sum <= 0)
		return 0;
	return s * 100 * MICRO * m->cfg.w_skills / (5 * (int64_t)need_sum * m->weight_sum);
}

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

/* The best level both speak a language at: the lower of the two, maximised. */
static int shared_level(const struct matcher *m, const struct mperson *mr, const struct mperson *me,
			struct factors *f)
{
	const struct mlang *a = m->langs + mr->langs, *b = m->langs + me->langs;

	f->shared = -1;
	f->level = f->mentor_level = f->mentee_level = 0;
	for (int x = 0; x < mr->nlangs; x++)
		for (int y = 0; y < me->nlangs; y++) {
			if (a[x].code != b[y].code)
				continue;
			int l = a[x].level < b[y].level ? a[x].level : b[y].level;
			if (l > f->level) {
				f->level = l;
				f->shared = a[x].code;
				f->mentor_level = a[x].level;
				f->mentee_level = b[y].level;
			}
		}
	return f->level;
}

int score_shared_level(const struct matcher *m, const struct mperson *mentor,
		       const struct mperson *mentee, int *code)
{
	struct factors f;
	int l = shared_level(m, mentor, mentee, &f);
	if (code)
		*code = f.shared;
	return l;
}

static int64_t skill_sum(const struct matcher *m, const struct mperson *mr,
			 const struct mperson *me, int *covered)
{
	const struct mskill *a = m->skill_pool + mr->skills, *b = m->skill_pool + me->skills;
	int x = 0, y = 0;
	int64_t s = 0;

	*covered = 0;
	while (x < mr->nskills && y < me->nskills) {
		if (a[x].skill < b[y].skill) {
			x++;
		} else if (a[x].skill > b[y].skill) {
			y++;
		} else {
			s += (int64_t)a[x++].level * b[y++].level;
			++*covered;
		}
	}
	return s;
}

void score_pair(const struct matcher *m, size_t mentor, size_t mentee, struct factors *f)
{
	const struct mperson *mr = &m->mentors[mentor], *me = &m->mentees[mentee];
	int64_t sum = 0;

	f->v[F_SKILLS] = score_skill_v(m, skill_sum(m, mr, me, &f->covered), me->need_sum);
	f->needed = me->nskills;
	f->v[F_LANGUAGE] = m->lang_v[shared_level(m, mr, me, f)];
	f->tier = score_tier(mr, me);
	f->v[F_REGION] = m->region_v[f->tier];
	f->overlap = geo_overlap(me->offset, mr->offset);
	f->v[F_TIMEZONE] = m->tz_v[f->overlap];
	for (int k = 0; k < MATCHER_FACTORS; k++)
		sum += f->v[k];
	f->score = score_round(sum);
}

/* Largest remainder: floors first, then one more point to the largest fractions. */
static void apportion(const struct factors *f, int pts[MATCHER_FACTORS])
{
	int sum = 0, bumped[MATCHER_FACTORS] = {0};

	for (int k = 0; k < MATCHER_FACTORS; k++) {
		pts[k] = (int)(f->v[k] / MICRO);
		sum += pts[k];
	}
	while (sum < f->score) {
		int best = -1;
		for (int k = 0; k < MATCHER_FACTORS; k++)
			if (!bumped[k] && (best < 0 || f->v[k] % MICRO > f->v[best] % MICRO))
				best = k;
		bumped[best] = 1;
		pts[best]++;
		sum++;
	}
}

/* Appends to a detail only whole pieces, so that UTF-8 is never cut. */
static void add(char *buf, const char *fmt, const char *a, int x, int y)
{
	char piece[MATCHER_DETAIL_MAX];
	size_t len = strlen(buf);
	int n = snprintf(piece, sizeof(piece), fmt, a, x, y);

	if (n > 0 && len + (size_t)n < MATCHER_DETAIL_MAX)
		memcpy(buf + len, piece, (size_t)n + 1);
}

static void skills_detail(const struct matcher *m, const struct mperson *mr,
			  const struct mperson *me, const struct factors *f, char *out)
{
	const struct mskill *a = m->skill_pool + mr->skills, *b = m->skill_pool + me->skills;
	int shown = 0;

	if (!f->needed) {
		add(out, "%sno skills listed by the mentee", "", 0, 0);
		return;
	}
	if (!f->covered) {
		add(out,
		    f->needed == 1 ? "%snone of the %d needed skill"
				   : "%snone of the %d needed skills",
		    "", f->needed, 0);
		return;
	}
	snprintf(out, MATCHER_DETAIL_MAX, "covers %d of %d needed skill%s:", f->covered, f->needed,
		 f->needed == 1 ? "" : "s");
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
	if (f->covered > shown)
		add(out, "%s, and %d more", "", f->covered - shown, 0);
}

static void language_detail(const struct factors *f, char *out)
{
	char code[3] = {0};

	if (f->level <= 0) {
		add(out, "%sno shared language", "", 0, 0);
		return;
	}
	code[0] = (char)('a' + f->shared / 26);
	code[1] = (char)('a' + f->shared % 26);
	snprintf(out, MATCHER_DETAIL_MAX, "shared language %s at %s (mentor %s, mentee %s)", code,
		 matcher_level_name(f->level), matcher_level_name(f->mentor_level),
		 matcher_level_name(f->mentee_level));
}

static void region_detail(const struct mperson *me, const struct factors *f, char *out)
{
	switch (f->tier) {
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

static void offset_text(char *buf, size_t size, int off)
{
	int a = off < 0 ? -off : off;
	snprintf(buf, size, "UTC%c%02d:%02d", off < 0 ? '-' : '+', a / 60, a % 60);
}

static void timezone_detail(const struct mperson *mr, const struct mperson *me,
			    const struct factors *f, char *out)
{
	char a[16], b[16];

	offset_text(a, sizeof(a), mr->offset);
	offset_text(b, sizeof(b), me->offset);
	if (f->overlap % 60)
		snprintf(out, MATCHER_DETAIL_MAX,
			 "%d h %02d of shared daytime, 09:00-21:00 (mentor %s, mentee %s)",
			 f->overlap / 60, f->overlap % 60, a, b);
	else
		snprintf(out, MATCHER_DETAIL_MAX,
			 "%d h of shared daytime, 09:00-21:00 (mentor %s, mentee %s)",
			 f->overlap / 60, a, b);
}

size_t score_reasons(const struct matcher *m, size_t mentor, size_t mentee, const struct factors *f,
		     matcher_reason_t *out)
{
	const struct mperson *mr = &m->mentors[mentor], *me = &m->mentees[mentee];
	const int weights[MATCHER_FACTORS] = {m->cfg.w_skills, m->cfg.w_language, m->cfg.w_region,
					      m->cfg.w_timezone};
	int pts[MATCHER_FACTORS];
	size_t n = 0;

	apportion(f, pts);
	for (int k = 0; k < MATCHER_FACTORS; k++) {
		matcher_reason_t *r = &out[n];
		if (!weights[k])
			continue;
		r->factor = factor_names[k];
		r->points = pts[k];
		r->detail[0] = '\0';
		if (k == F_SKILLS)
			skills_detail(m, mr, me, f, r->detail);
		else if (k == F_LANGUAGE)
			language_detail(f, r->detail);
		else if (k == F_REGION)
			region_detail(me, f, r->detail);
		else
			timezone_detail(mr, me, f, r->detail);
		n++;
	}
	return n;
}
