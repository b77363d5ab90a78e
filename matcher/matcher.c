/*
 * matcher.c - validation and copy of the input, the run, results and explanations (the
 * configuration is in factors.c). See matcher.h for the ownership rules.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define DAY_MS 86400000LL

extern const char matcher_synonyms_txt[]; /* generated from synonyms.txt */

void error_set(matcher_error_t *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->text, sizeof(err->text), fmt, ap);
	va_end(ap);
}

/* ---------------------------------------------------------------- building */

const char *matcher_synonyms_default_text(void)
{
	return matcher_synonyms_txt;
}

static void free_people(struct matcher *m)
{
	free(m->mentors);
	free(m->mentees);
	free(m->langs);
	free(m->skill_pool);
	free(m->excl_off);
	free(m->excl_mentor);
	free(m->frozen_to);
	free(m->assign);
	dict_clear(&m->mentor_ids);
	dict_clear(&m->mentee_ids);
	dict_clear(&m->skills);
}

void matcher_free(matcher_t *m)
{
	if (!m)
		return;
	free_people(m);
	graph_free(&m->g);
	free(m);
}

static const char *role_name(int mentor)
{
	return mentor ? "mentor" : "mentee";
}

static int add_languages(struct matcher *m, struct mperson *p, const matcher_person_t *in,
			 size_t *nl, int mentor, matcher_error_t *err)
{
	p->langs = (uint32_t)*nl;
	for (size_t x = 0; x < in->nlanguages; x++) {
		int code = geo_language(in->languages[x].code);
		int level = in->languages[x].level;
		int y;
		if (code < 0 || level < MATCHER_LEVEL_A1 || level > MATCHER_LEVEL_NATIVE) {
			error_set(err, MATCHER_EINVAL, "%s \"%.40s\": bad language code or level",
				  role_name(mentor), in->id);
			return -1;
		}
		for (y = 0; y < p->nlangs && m->langs[p->langs + y].code != code; y++)
			;
		if (y == p->nlangs) {
			m->langs[(*nl)++] = (struct mlang){(uint16_t)code, (uint8_t)level};
			p->nlangs++;
		} else if (m->langs[p->langs + y].level < level) {
			m->langs[p->langs + y].level = (uint8_t)level;
		}
	}
	return 0;
}

static int cmp_skill(const void *a, const void *b)
{
	const struct mskill *x = a, *y = b;
	return x->skill < y->skill ? -1 : x->skill > y->skill;
}

static int add_skills(struct matcher *m, struct mperson *p, const matcher_person_t *in,
		      const matcher_synonyms_t *syn, size_t *ns, int mentor, matcher_error_t *err)
{
	struct mskill *pool = m->skill_pool + *ns;

	p->skills = (uint32_t)*ns;
	for (size_t x = 0; x < in->nskills; x++) {
		char name[MATCHER_NAME_MAX + 1];
		int level = in->skills[x].level, len, y;
		long id;
		len = matcher_normalize(syn, in->skills[x].name, name, sizeof(name), err);
		if (len < 0 || level < 1 || level > 5) {
			error_set(err, MATCHER_EINVAL, "%s \"%.40s\": skill %zu: %s",
				  role_name(mentor), in->id, x + 1,
				  len < 0 ? "bad name" : "level outside 1..5");
			return -1;
		}
		id = dict_add(&m->skills, name, (size_t)len);
		if (id < 0) {
			error_set(err, MATCHER_ENOMEM, "out of memory");
			return -1;
		}
		for (y = 0; y < p->nskills && pool[y].skill != (uint32_t)id; y++)
			;
		if (y == p->nskills)
			pool[p->nskills++] = (struct mskill){(uint32_t)id, (uint8_t)level};
		else if (pool[y].level < level)
			pool[y].level = (uint8_t)level;
	}
	qsort(pool, p->nskills, sizeof(*pool), cmp_skill);
	*ns += p->nskills;
	for (int y = 0; y < p->nskills; y++)
		p->need_sum += pool[y].level;
	return 0;
}

static int country_of(const char *code, int16_t *out)
{
	int c = code && *code ? geo_country(code) : -1;

	*out = (int16_t)c;
	return code && *code && c < 0 ? -1 : 0;
}

static int check_person(const matcher_person_t *in, int mentor, matcher_error_t *err)
{
	const char *role = role_name(mentor);
	size_t len = in->id ? strlen(in->id) : 0;

	if (!len || len > MATCHER_ID_MAX || !utf8_valid(in->id, len)) {
		error_set(err, MATCHER_EINVAL, "%s id missing, over %d bytes or not UTF-8", role,
			  MATCHER_ID_MAX);
		return -1;
	}
	if (in->nlanguages > MATCHER_LANGUAGES_MAX || in->nskills > MATCHER_SKILLS_MAX ||
	    (in->nlanguages && !in->languages) || (in->nskills && !in->skills)) {
		error_set(err, MATCHER_EINVAL, "%s \"%.40s\": over %d languages or %d skills", role,
			  in->id, MATCHER_LANGUAGES_MAX, MATCHER_SKILLS_MAX);
		return -1;
	}
	if (in->utc_offset_min < -720 || in->utc_offset_min > 840) {
		error_set(err, MATCHER_EINVAL, "%s \"%.40s\": UTC offset outside -720..840", role,
			  in->id);
		return -1;
	}
	if (mentor && (in->capacity < 0 || in->capacity > MATCHER_CAPACITY_MAX || in->used < 0 ||
		       in->used > 1000)) {
		error_set(err, MATCHER_EINVAL,
			  "mentor \"%.40s\": capacity outside 0..%d or bad used", in->id,
			  MATCHER_CAPACITY_MAX);
		return -1;
	}
	if (!mentor && (in->declines < 0 || in->declines > 1000)) {
		error_set(err, MATCHER_EINVAL, "mentee \"%.40s\": declines outside 0..1000",
			  in->id);
		return -1;
	}
	return 0;
}

static int add_person(struct matcher *m, const matcher_person_t *in, size_t idx, int mentor,
		      const matcher_synonyms_t *syn, size_t *nl, size_t *ns, matcher_error_t *err)
{
	struct mperson *p = mentor ? &m->mentors[idx] : &m->mentees[idx];
	dict_t *ids = mentor ? &m->mentor_ids : &m->mentee_ids;
	long id;

	if (check_person(in, mentor, err) < 0)
		return -1;
	id = dict_add(ids, in->id, strlen(in->id));
	if (id < 0) {
		error_set(err, MATCHER_ENOMEM, "out of memory");
		return -1;
	}
	if ((size_t)id != idx) {
		error_set(err, MATCHER_EINVAL, "%s \"%.40s\" appears twice", role_name(mentor),
			  in->id);
		return -1;
	}
	if (country_of(in->country, &p->country) < 0 || country_of(in->origin, &p->origin) < 0) {
		error_set(err, MATCHER_EINVAL, "%s \"%.40s\": unknown country code",
			  role_name(mentor), in->id);
		return -1;
	}
	if (p->origin < 0)
		p->origin = p->country;
	p->osub = (int16_t)geo_subregion(p->origin);
	p->oregion = (int16_t)geo_region(p->origin);
	p->offset = (int16_t)in->utc_offset_min;
	p->capacity = (int16_t)in->capacity;
	p->used = (int16_t)in->used;
	if (add_languages(m, p, in, nl, mentor, err) < 0)
		return -1;
	return add_skills(m, p, in, syn, ns, mentor, err);
}

static int alloc_people(struct matcher *m, const matcher_input_t *in, matcher_error_t *err)
{
	size_t nl = 0, ns = 0;

	for (size_t r = 0; r < 2; r++) {
		const matcher_person_t *p = r ? in->mentees : in->mentors;
		size_t n = r ? in->nmentees : in->nmentors;
		if (n > MATCHER_PEOPLE_MAX || (n && !p)) {
			error_set(err, MATCHER_EINVAL, "%s: missing, or more than %d",
				  r ? "mentees" : "mentors", MATCHER_PEOPLE_MAX);
			return -1;
		}
		for (size_t i = 0; i < n; i++) {
			nl += p[i].nlanguages <= MATCHER_LANGUAGES_MAX ? p[i].nlanguages : 0;
			ns += p[i].nskills <= MATCHER_SKILLS_MAX ? p[i].nskills : 0;
		}
	}
	m->mentors = calloc(in->nmentors + 1, sizeof(*m->mentors));
	m->mentees = calloc(in->nmentees + 1, sizeof(*m->mentees));
	m->langs = calloc(nl + 1, sizeof(*m->langs));
	m->skill_pool = calloc(ns + 1, sizeof(*m->skill_pool));
	m->frozen_to = malloc((in->nmentees + 1) * sizeof(*m->frozen_to));
	m->excl_off = calloc(in->nmentees + 2, sizeof(*m->excl_off));
	if (!m->mentors || !m->mentees || !m->langs || !m->skill_pool || !m->frozen_to ||
	    !m->excl_off) {
		error_set(err, MATCHER_ENOMEM, "out of memory");
		return -1;
	}
	return 0;
}

static int add_frozen(struct matcher *m, const matcher_input_t *in, matcher_error_t *err)
{
	for (size_t i = 0; i < m->nmentees; i++)
		m->frozen_to[i] = -1;
	if (in->nfrozen && !in->frozen) {
		error_set(err, MATCHER_EINVAL, "frozen pairs missing");
		return -1;
	}
	for (size_t x = 0; x < in->nfrozen; x++) {
		const matcher_pair_t *f = &in->frozen[x];
		long j = f->mentor ? dict_find(&m->mentor_ids, f->mentor, strlen(f->mentor)) : -1;
		long i = f->mentee ? dict_find(&m->mentee_ids, f->mentee, strlen(f->mentee)) : -1;
		if (j < 0 || i < 0) {
			error_set(err, MATCHER_EINVAL, "frozen pair %zu: unknown mentor or mentee",
				  x + 1);
			return -1;
		}
		if (m->frozen_to[i] >= 0) {
			error_set(err, MATCHER_EINVAL,
				  "frozen pair %zu: mentee \"%.40s\" is frozen twice", x + 1,
				  f->mentee);
			return -1;
		}
		m->frozen_to[i] = (int32_t)j;
		m->mentors[j].frozen++;
	}
	return 0;
}

static int cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return x < y ? -1 : x > y;
}

/* Exclusions as lists of mentors per mentee; pairs naming strangers are dropped. */
static int add_excluded(struct matcher *m, const matcher_input_t *in, matcher_error_t *err)
{
	int32_t *res = NULL; /* per pair: mentee and mentor, -1 when unknown */

	if (in->nexcluded && !in->excluded) {
		error_set(err, MATCHER_EINVAL, "excluded pairs missing");
		return -1;
	}
	res = malloc((2 * in->nexcluded + 1) * sizeof(*res));
	m->excl_mentor = malloc((in->nexcluded + 1) * sizeof(*m->excl_mentor));
	if (!res || !m->excl_mentor) {
		free(res);
		error_set(err, MATCHER_ENOMEM, "out of memory");
		return -1;
	}
	for (size_t x = 0; x < in->nexcluded; x++) {
		const matcher_pair_t *e = &in->excluded[x];
		long j = e->mentor ? dict_find(&m->mentor_ids, e->mentor, strlen(e->mentor)) : -1;
		long i = e->mentee ? dict_find(&m->mentee_ids, e->mentee, strlen(e->mentee)) : -1;
		res[2 * x] = j < 0 ? -1 : (int32_t)i;
		res[2 * x + 1] = (int32_t)j;
		if (res[2 * x] >= 0)
			m->excl_off[i + 2]++;
	}
	/* counts at i + 2, starts at i + 1 after the sum, ends at i + 1 after the fill */
	for (size_t i = 0; i < m->nmentees; i++)
		m->excl_off[i + 2] += m->excl_off[i + 1];
	for (size_t x = 0; x < in->nexcluded; x++)
		if (res[2 * x] >= 0)
			m->excl_mentor[m->excl_off[res[2 * x] + 1]++] = res[2 * x + 1];
	for (size_t i = 0; i < m->nmentees; i++)
		qsort(m->excl_mentor + m->excl_off[i], m->excl_off[i + 1] - m->excl_off[i],
		      sizeof(*m->excl_mentor), cmp_i32);
	free(res);
	return 0;
}

static int64_t bonus_of(const matcher_config_t *c, const matcher_person_t *p, int64_t now)
{
	int64_t days = now > p->requested_at_ms ? (now - p->requested_at_ms) / DAY_MS : 0;
	int64_t b = p->declines * (int64_t)c->decline_bonus;

	b += days < 100000 ? days * c->wait_per_day : 100000;
	return b < c->bonus_max ? b : c->bonus_max;
}

static void finish_people(struct matcher *m, const matcher_input_t *in)
{
	for (size_t j = 0; j < m->nmentors; j++) {
		struct mperson *p = &m->mentors[j];
		int free_places = p->capacity - p->used - p->frozen;
		const char *id = dict_key(&m->mentor_ids, j);
		p->free = free_places > 0 ? free_places : 0;
		p->same = (int32_t)dict_find(&m->mentee_ids, id, strlen(id));
	}
	for (size_t i = 0; i < m->nmentees; i++) {
		struct mperson *p = &m->mentees[i];
		const char *id = dict_key(&m->mentee_ids, i);
		p->same = (int32_t)dict_find(&m->mentor_ids, id, strlen(id));
		p->bonus = (int32_t)bonus_of(&m->cfg, &in->mentees[i], in->now_ms);
	}
}

static void effective_config(matcher_config_t *c)
{
	if (!c->plain)
		return;
	c->spread = 0;
	c->wait_per_day = 0;
	c->decline_bonus = 0;
	c->bonus_max = 0;
	c->candidates = 0;
}

static int add_all(struct matcher *m, const matcher_input_t *in, const matcher_synonyms_t *syn,
		   matcher_error_t *err)
{
	size_t nl = 0, ns = 0;

	if (alloc_people(m, in, err) < 0)
		return -1;
	for (size_t j = 0; j < in->nmentors; j++, m->nmentors++)
		if (add_person(m, &in->mentors[j], j, 1, syn, &nl, &ns, err) < 0)
			return -1;
	for (size_t i = 0; i < in->nmentees; i++, m->nmentees++)
		if (add_person(m, &in->mentees[i], i, 0, syn, &nl, &ns, err) < 0)
			return -1;
	if (add_frozen(m, in, err) < 0 || add_excluded(m, in, err) < 0)
		return -1;
	finish_people(m, in);
	return 0;
}

matcher_t *matcher_new(const matcher_config_t *cfg, const matcher_input_t *in, matcher_error_t *err)
{
	matcher_synonyms_t *own = NULL;
	const matcher_synonyms_t *syn;
	struct matcher *m = NULL;

	if (!cfg || !in) {
		error_set(err, MATCHER_EINVAL, "missing configuration or input");
		return NULL;
	}
	if (matcher_config_check(cfg, err) < 0)
		return NULL;
	syn = in->synonyms;
	if (!syn) {
		const char *text = matcher_synonyms_default_text();
		syn = own = matcher_synonyms_parse(text, strlen(text), err);
		if (!own)
			return NULL;
	}
	m = calloc(1, sizeof(*m));
	if (!m) {
		error_set(err, MATCHER_ENOMEM, "out of memory");
		goto error;
	}
	m->cfg = *cfg;
	effective_config(&m->cfg);
	if (add_all(m, in, syn, err) < 0)
		goto error;
	score_tables(m);
	matcher_synonyms_free(own);
	return m;
error:
	matcher_synonyms_free(own);
	matcher_free(m);
	return NULL;
}

/* ---------------------------------------------------------------- running */

static int compute_stats(struct matcher *m)
{
	matcher_stats_t *st = &m->stats;
	int32_t *count = calloc(m->nmentors + 1, sizeof(*count));

	memset(st, 0, sizeof(*st));
	if (!count)
		return -1;
	st->arcs = m->g.narcs;
	for (size_t i = 0; i < m->nmentees; i++) {
		struct factors f;
		int32_t j = m->assign[i];
		if (j < 0) {
			st->unmatched++;
			continue;
		}
		score_pair(m, (size_t)j, i, &f);
		if (m->frozen_to[i] >= 0) {
			st->frozen++;
			st->frozen_score += f.score;
			continue;
		}
		st->matched++;
		st->total_score += f.score;
		/* the k-th new place of a mentor costs spread x (places taken + k) */
		st->objective += f.score + m->mentees[i].bonus;
		st->objective -= (long long)m->cfg.spread * (m->g.load[j] + count[j]++);
	}
	free(count);
	return 0;
}

int matcher_run(matcher_t *m, matcher_error_t *err)
{
	int32_t *arc_of = NULL;
	size_t phases = 0;

	if (!m) {
		error_set(err, MATCHER_EINVAL, "no instance");
		return -1;
	}
	m->ran = 0;
	if (cand_build(m, err) < 0)
		return -1;
	arc_of = malloc((m->nmentees + 1) * sizeof(*arc_of));
	if (!m->assign)
		m->assign = malloc((m->nmentees + 1) * sizeof(*m->assign));
	if (!arc_of || !m->assign)
		goto error;
	if (m->cfg.greedy ? flow_greedy(&m->g, arc_of) : flow_solve(&m->g, arc_of, &phases))
		goto error;
	for (size_t i = 0; i < m->nmentees; i++)
		m->assign[i] = m->frozen_to[i] >= 0 ? m->frozen_to[i]
			       : arc_of[i] >= 0	    ? m->g.head[arc_of[i]]
						    : -1;
	free(arc_of);
	arc_of = NULL;
	if (compute_stats(m) < 0)
		goto error;
	m->stats.phases = phases;
	m->ran = 1;
	return 0;
error:
	free(arc_of);
	error_set(err, MATCHER_ENOMEM, "out of memory in the assignment");
	return -1;
}

/* ---------------------------------------------------------------- reading */

size_t matcher_mentor_count(const matcher_t *m)
{
	return m ? m->nmentors : 0;
}

size_t matcher_mentee_count(const matcher_t *m)
{
	return m ? m->nmentees : 0;
}

long matcher_mentor_index(const matcher_t *m, const char *id)
{
	return m && id ? dict_find(&m->mentor_ids, id, strlen(id)) : -1;
}

long matcher_mentee_index(const matcher_t *m, const char *id)
{
	return m && id ? dict_find(&m->mentee_ids, id, strlen(id)) : -1;
}

const char *matcher_mentor_id(const matcher_t *m, size_t mentor)
{
	return m && mentor < m->nmentors ? dict_key(&m->mentor_ids, mentor) : NULL;
}

const char *matcher_mentee_id(const matcher_t *m, size_t mentee)
{
	return m && mentee < m->nmentees ? dict_key(&m->mentee_ids, mentee) : NULL;
}

int matcher_result(const matcher_t *m, size_t mentee, matcher_result_t *out, matcher_error_t *err)
{
	struct factors f;

	if (!m || !out || !m->ran || mentee >= m->nmentees) {
		error_set(err, MATCHER_EINVAL, "no result: not run yet or bad mentee index");
		return -1;
	}
	memset(out, 0, sizeof(*out));
	out->mentor = m->assign[mentee];
	out->frozen = m->frozen_to[mentee] >= 0;
	out->bonus = m->mentees[mentee].bonus;
	if (out->mentor < 0)
		return 0;
	score_pair(m, (size_t)out->mentor, mentee, &f);
	out->score = f.score;
	out->nreasons = score_reasons(m, (size_t)out->mentor, mentee, &f, out->reasons);
	return 0;
}

static int excluded(const struct matcher *m, size_t mentor, size_t mentee)
{
	int32_t key = (int32_t)mentor;

	return bsearch(&key, m->excl_mentor + m->excl_off[mentee],
		       m->excl_off[mentee + 1] - m->excl_off[mentee], sizeof(key), cmp_i32) != NULL;
}

unsigned matcher_filters(const matcher_t *m, size_t j, size_t i)
{
	const struct mperson *mr, *me;
	unsigned f = 0;

	if (!m || j >= m->nmentors || i >= m->nmentees)
		return 0;
	mr = &m->mentors[j];
	me = &m->mentees[i];
	if (me->same == (int32_t)j)
		f |= MATCHER_FILTER_SAME_PERSON;
	if (excluded(m, j, i))
		f |= MATCHER_FILTER_EXCLUDED;
	if (m->frozen_to[i] != (int32_t)j && mr->free <= 0)
		f |= MATCHER_FILTER_CAPACITY;
	if (score_shared_level(m, mr, me, NULL) < m->cfg.min_level)
		f |= MATCHER_FILTER_LANGUAGE;
	return f;
}

/* The first filter that removes the pair, and its sentence when `why` is not NULL;
 * NULL when none does. */
static const char *filter_of(const struct matcher *m, size_t j, size_t i, char *why)
{
	const struct mperson *mr = &m->mentors[j];
	unsigned f = matcher_filters(m, j, i);
	char none[MATCHER_DETAIL_MAX];

	why = why ? why : none;
	if (f & MATCHER_FILTER_SAME_PERSON) {
		snprintf(why, MATCHER_DETAIL_MAX, "mentor and mentee are the same person");
		return "same_person";
	}
	if (f & MATCHER_FILTER_EXCLUDED) {
		snprintf(why, MATCHER_DETAIL_MAX, "this pair was declined or expired before");
		return "excluded";
	}
	if (f & MATCHER_FILTER_CAPACITY) {
		snprintf(why, MATCHER_DETAIL_MAX,
			 "mentor has no free place (capacity %d, %d taken)", mr->capacity,
			 mr->used + mr->frozen);
		return "capacity";
	}
	if (f & MATCHER_FILTER_LANGUAGE) {
		snprintf(why, MATCHER_DETAIL_MAX, "no language both speak at %s or above",
			 matcher_level_name(m->cfg.min_level));
		return "language";
	}
	return NULL;
}

int matcher_score(const matcher_t *m, size_t mentor, size_t mentee, const char **filter)
{
	struct factors f;
	const char *name;

	if (!m || mentor >= m->nmentors || mentee >= m->nmentees)
		return -1;
	name = filter_of(m, mentor, mentee, NULL);
	if (filter)
		*filter = name;
	if (name)
		return -1;
	score_pair(m, mentor, mentee, &f);
	return f.score;
}

int matcher_explain(const matcher_t *m, size_t mentor, size_t mentee, matcher_explain_t *out,
		    matcher_error_t *err)
{
	struct factors f;

	if (!m || !out || mentor >= m->nmentors || mentee >= m->nmentees) {
		error_set(err, MATCHER_EINVAL, "bad mentor or mentee index");
		return -1;
	}
	memset(out, 0, sizeof(*out));
	out->filter = filter_of(m, mentor, mentee, out->why);
	out->eligible = out->filter == NULL;
	out->frozen = m->frozen_to[mentee] == (int32_t)mentor;
	if (m->ran) {
		out->assigned = m->assign[mentee] == (int32_t)mentor;
		for (uint32_t a = m->g.off[mentee]; a < m->g.off[mentee + 1]; a++)
			out->candidate |= m->g.head[a] == (int32_t)mentor;
	}
	score_pair(m, mentor, mentee, &f);
	out->score = f.score;
	out->nreasons = score_reasons(m, mentor, mentee, &f, out->reasons);
	return 0;
}

void matcher_stats(const matcher_t *m, matcher_stats_t *out)
{
	if (!out)
		return;
	memset(out, 0, sizeof(*out));
	if (m && m->ran)
		*out = m->stats;
}
