/*
 * cand.c - candidate pairs: for every mentee, its best `candidates` eligible mentors (or
 * all of them when the cut is off), as arcs of the graph handed to the solver.
 *
 * The search avoids scoring every pair. Mentors are indexed by skill and by language.
 * For one mentee, the skill part of every mentor sharing a skill is summed through the
 * skill index, mentors are visited by decreasing skill part, and the visit stops once
 * even a perfect score on the other factors could not enter the current best K. Mentors
 * sharing no skill are reached through the language index, only when they still could.
 * The cut is exact: the K kept are the K best by (score, then mentor index).
 *
 * The index and scratch arrays are owned by struct cand and freed before cand_build()
 * returns; the arcs belong to m->g and are freed by graph_free().
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define SKILL_SUM_MAX (5 * 5 * MATCHER_SKILLS_MAX)
#define OFFSET_SPAN 1560 /* largest difference of two UTC offsets, minutes */

struct post {
	int32_t mentor, level;
};

struct hent {
	int score;
	int32_t mentor;
};

struct elang {
	int slot, level;
};

struct cand {
	struct matcher *m;
	size_t nslots;
	int16_t slot_of[LANG_CODES];
	uint8_t *level;   /* nslots x mentors */
	uint32_t *ll_off; /* per language slot: mentors speaking it at min_level or more */
	int32_t *ll;
	uint32_t *post_off; /* per skill: mentors mastering it */
	struct post *post;
	/* scratch for one mentee */
	uint32_t stamp;
	uint32_t *mark, *seen, *excl;
	int32_t *acc, *touched, *order;
	size_t ntouched;
	int32_t count[SKILL_SUM_MAX + 2];
	int64_t skill_tab[SKILL_SUM_MAX + 1];
	int64_t tzv[2 * OFFSET_SPAN + 1];
	struct elang el[MATCHER_LANGUAGES_MAX];
	int nel;
	struct hent *heap;
	size_t nheap;
};

static int open_mentor(const struct matcher *m, size_t j)
{
	return m->mentors[j].free > 0;
}

static int index_languages(struct cand *c)
{
	struct matcher *m = c->m;
	size_t total = 0;

	memset(c->slot_of, 0xff, sizeof(c->slot_of));
	for (size_t j = 0; j < m->nmentors; j++)
		for (int x = 0; x < m->mentors[j].nlangs; x++) {
			int code = m->langs[m->mentors[j].langs + x].code;
			if (c->slot_of[code] < 0)
				c->slot_of[code] = (int16_t)c->nslots++;
		}
	c->level = calloc(c->nslots * m->nmentors + 1, 1);
	c->ll_off = calloc(c->nslots + 1, sizeof(*c->ll_off));
	if (!c->level || !c->ll_off)
		return -1;
	for (size_t j = 0; j < m->nmentors; j++)
		for (int x = 0; x < m->mentors[j].nlangs; x++) {
			const struct mlang *l = &m->langs[m->mentors[j].langs + x];
			size_t s = (size_t)c->slot_of[l->code];
			c->level[s * m->nmentors + j] = l->level;
			if (l->level >= m->cfg.min_level && open_mentor(m, j)) {
				c->ll_off[s + 1]++;
				total++;
			}
		}
	for (size_t s = 0; s < c->nslots; s++)
		c->ll_off[s + 1] += c->ll_off[s];
	c->ll = malloc((total + 1) * sizeof(*c->ll));
	if (!c->ll)
		return -1;
	/* mentors in increasing index within each language */
	for (size_t s = 0; s < c->nslots; s++) {
		uint32_t k = c->ll_off[s];
		for (size_t j = 0; j < m->nmentors; j++)
			if (c->level[s * m->nmentors + j] >= m->cfg.min_level && open_mentor(m, j))
				c->ll[k++] = (int32_t)j;
	}
	return 0;
}

static int index_skills(struct cand *c)
{
	struct matcher *m = c->m;
	size_t nskills = m->skills.count, total = 0;

	c->post_off = calloc(nskills + 2, sizeof(*c->post_off));
	if (!c->post_off)
		return -1;
	for (size_t j = 0; j < m->nmentors; j++)
		for (int x = 0; open_mentor(m, j) && x < m->mentors[j].nskills; x++) {
			c->post_off[m->skill_pool[m->mentors[j].skills + x].skill + 1]++;
			total++;
		}
	for (size_t s = 0; s < nskills; s++)
		c->post_off[s + 1] += c->post_off[s];
	c->post = malloc((total + 1) * sizeof(*c->post));
	if (!c->post)
		return -1;
	uint32_t *fill = c->post_off; /* shifted by one: fill[s] is the next free place */
	for (size_t j = 0; j < m->nmentors; j++)
		for (int x = 0; open_mentor(m, j) && x < m->mentors[j].nskills; x++) {
			const struct mskill *k = &m->skill_pool[m->mentors[j].skills + x];
			c->post[fill[k->skill]++] = (struct post){(int32_t)j, k->level};
		}
	memmove(c->post_off + 1, c->post_off, nskills * sizeof(*c->post_off));
	c->post_off[0] = 0;
	return 0;
}

static int cand_init(struct cand *c, struct matcher *m)
{
	size_t nm = m->nmentors + 1;
	size_t k = m->cfg.candidates > 0 ? (size_t)m->cfg.candidates : 1;

	memset(c, 0, sizeof(*c));
	c->m = m;
	c->mark = calloc(nm, sizeof(*c->mark));
	c->seen = calloc(nm, sizeof(*c->seen));
	c->excl = calloc(nm, sizeof(*c->excl));
	c->acc = calloc(nm, sizeof(*c->acc));
	c->touched = malloc(nm * sizeof(*c->touched));
	c->order = malloc(nm * sizeof(*c->order));
	c->heap = malloc((k < nm ? k : nm) * sizeof(*c->heap));
	if (!c->mark || !c->seen || !c->excl || !c->acc || !c->touched || !c->order || !c->heap)
		return -1;
	for (int d = -OFFSET_SPAN; d <= OFFSET_SPAN; d++)
		c->tzv[d + OFFSET_SPAN] = m->tz_v[geo_overlap(0, d)];
	if (index_languages(c) < 0 || index_skills(c) < 0)
		return -1;
	return 0;
}

static void cand_free(struct cand *c)
{
	free(c->level);
	free(c->ll_off);
	free(c->ll);
	free(c->post_off);
	free(c->post);
	free(c->mark);
	free(c->seen);
	free(c->excl);
	free(c->acc);
	free(c->touched);
	free(c->order);
	free(c->heap);
}

/* Score of an open mentor for the current mentee, -1 when a filter removes the pair. */
static int eval(const struct cand *c, const struct mperson *me, int32_t j, int64_t skill_v)
{
	const struct matcher *m = c->m;
	const struct mperson *mr = &m->mentors[j];
	int best = 0;

	if (c->excl[j] == c->stamp || j == me->same)
		return -1;
	for (int e = 0; e < c->nel; e++) {
		int l = c->level[(size_t)c->el[e].slot * m->nmentors + (size_t)j];
		if (l >= m->cfg.min_level) {
			l = l < c->el[e].level ? l : c->el[e].level;
			best = l > best ? l : best;
		}
	}
	if (!best)
		return -1;
	skill_v += m->lang_v[best] + m->region_v[score_tier(mr, me)];
	return score_round(skill_v + c->tzv[mr->offset - me->offset + OFFSET_SPAN]);
}

static int worse(const struct hent *a, const struct hent *b)
{
	return a->score < b->score || (a->score == b->score && a->mentor > b->mentor);
}

static void heap_push(struct cand *c, size_t k, int score, int32_t mentor)
{
	struct hent e = {score, mentor};
	size_t i;

	if (c->nheap < k) {
		for (i = c->nheap++; i > 0 && worse(&e, &c->heap[(i - 1) / 2]); i = (i - 1) / 2)
			c->heap[i] = c->heap[(i - 1) / 2];
		c->heap[i] = e;
		return;
	}
	if (!worse(&c->heap[0], &e))
		return;
	/* replace the worst kept, at the root, and sift down */
	for (i = 0;;) {
		size_t l = 2 * i + 1, w = l;
		if (l >= k)
			break;
		if (l + 1 < k && worse(&c->heap[l + 1], &c->heap[l]))
			w = l + 1;
		if (!worse(&c->heap[w], &e))
			break;
		c->heap[i] = c->heap[w];
		i = w;
	}
	c->heap[i] = e;
}

static int cmp_hent(const void *a, const void *b)
{
	return worse(a, b) ? 1 : worse(b, a) ? -1 : 0;
}

/* Sums need x mastery over shared skills for every mentor sharing one. */
static void accumulate(struct cand *c, const struct mperson *me)
{
	const struct matcher *m = c->m;

	c->ntouched = 0;
	for (int y = 0; y < me->nskills; y++) {
		const struct mskill *s = &m->skill_pool[me->skills + y];
		for (uint32_t p = c->post_off[s->skill]; p < c->post_off[s->skill + 1]; p++) {
			int32_t j = c->post[p].mentor;
			if (c->mark[j] != c->stamp) {
				c->mark[j] = c->stamp;
				c->acc[j] = 0;
				c->touched[c->ntouched++] = j;
			}
			c->acc[j] += c->post[p].level * s->level;
		}
	}
}

/* Prepares the per-mentee state; 0 when the mentee can have no candidate. */
static int mentee_begin(struct cand *c, size_t i)
{
	const struct matcher *m = c->m;
	const struct mperson *me = &m->mentees[i];

	c->stamp++;
	c->nel = 0;
	c->nheap = 0;
	if (m->frozen_to[i] >= 0)
		return 0;
	for (int y = 0; y < me->nlangs; y++) {
		const struct mlang *l = &m->langs[me->langs + y];
		if (l->level >= m->cfg.min_level && c->slot_of[l->code] >= 0)
			c->el[c->nel++] = (struct elang){c->slot_of[l->code], l->level};
	}
	if (!c->nel)
		return 0;
	for (uint32_t e = m->excl_off[i]; e < m->excl_off[i + 1]; e++)
		c->excl[m->excl_mentor[e]] = c->stamp;
	for (int64_t s = 0; s <= 5 * (int64_t)me->need_sum; s++)
		c->skill_tab[s] = score_skill_v(m, s, me->need_sum);
	accumulate(c, me);
	return 1;
}

/* The best K of one mentee into the heap, sorted best first. */
static void mentee_top(struct cand *c, const struct mperson *me, size_t k)
{
	const struct matcher *m = c->m;
	int smax = 5 * me->need_sum, best = 0;
	int64_t other;

	for (int e = 0; e < c->nel; e++)
		best = c->el[e].level > best ? c->el[e].level : best;
	other = m->lang_v[best] + m->region_v[TIER_ORIGIN] + m->tz_v[720];
	/* counting sort of the mentors sharing a skill, by skill sum */
	memset(c->count, 0, (size_t)(smax + 2) * sizeof(c->count[0]));
	for (size_t t = 0; t < c->ntouched; t++)
		c->count[c->acc[c->touched[t]]]++;
	for (int s = smax; s > 0; s--)
		c->count[s - 1] += c->count[s];
	for (size_t t = 0; t < c->ntouched; t++)
		c->order[--c->count[c->acc[c->touched[t]]]] = c->touched[t];
	size_t t = 0;
	for (int s = smax; s >= 0; s--) {
		if (c->nheap == k && score_round(c->skill_tab[s] + other) < c->heap[0].score)
			goto done;
		for (; s > 0 && t < c->ntouched && c->acc[c->order[t]] == s; t++) {
			int sc = eval(c, me, c->order[t], c->skill_tab[s]);
			if (sc >= 0)
				heap_push(c, k, sc, c->order[t]);
		}
	}
	for (int e = 0; e < c->nel; e++)
		for (uint32_t p = c->ll_off[c->el[e].slot]; p < c->ll_off[c->el[e].slot + 1]; p++) {
			int32_t j = c->ll[p];
			if (c->mark[j] == c->stamp || c->seen[j] == c->stamp)
				continue;
			c->seen[j] = c->stamp;
			int sc = eval(c, me, j, 0);
			if (sc >= 0)
				heap_push(c, k, sc, j);
		}
done:
	qsort(c->heap, c->nheap, sizeof(*c->heap), cmp_hent);
}

/* Every eligible mentor of one mentee, best first (no cut). */
static int mentee_all(struct cand *c, const struct mperson *me, struct hent **all, size_t *cap)
{
	const struct matcher *m = c->m;
	size_t n = 0;
	int counts[102] = {0};

	for (size_t j = 0; j < m->nmentors; j++) {
		if (!open_mentor(m, j))
			continue;
		int64_t s = c->mark[j] == c->stamp ? c->acc[j] : 0;
		int sc = eval(c, me, (int32_t)j, c->skill_tab[s]);
		if (sc >= 0) {
			c->order[n] = (int32_t)j;
			c->acc[j] = sc; /* reused as the score from here on */
			c->mark[j] = c->stamp;
			counts[sc]++;
			n++;
		}
	}
	if (n > *cap) {
		struct hent *p = realloc(*all, n * sizeof(*p));
		if (!p)
			return -1;
		*all = p;
		*cap = n;
	}
	for (int s = 100; s > 0; s--)
		counts[s - 1] += counts[s];
	for (size_t x = n; x-- > 0;) { /* stable: mentor index ascending within a score */
		int32_t j = c->order[x];
		(*all)[--counts[c->acc[j]]] = (struct hent){c->acc[j], j};
	}
	c->nheap = n;
	return 0;
}

static int graph_append(struct graph *g, const struct hent *h, size_t n, int bonus, long max)
{
	if (g->narcs + n > (size_t)max)
		return 1;
	if (g->narcs + n > g->cap) {
		size_t cap = g->cap ? g->cap : 1024;
		while (cap < g->narcs + n)
			cap *= 2;
		int32_t *head = realloc(g->head, cap * sizeof(*head));
		if (head)
			g->head = head;
		int32_t *gain = realloc(g->gain, cap * sizeof(*gain));
		if (gain)
			g->gain = gain;
		if (!head || !gain)
			return -1;
		g->cap = cap;
	}
	for (size_t x = 0; x < n; x++) {
		if (h[x].score + bonus <= 0)
			continue; /* a pair that adds nothing is never worth proposing */
		g->head[g->narcs] = h[x].mentor;
		g->gain[g->narcs++] = h[x].score + bonus;
	}
	return 0;
}

void graph_free(struct graph *g)
{
	if (!g)
		return;
	free(g->off);
	free(g->head);
	free(g->gain);
	free(g->slots);
	free(g->load);
	memset(g, 0, sizeof(*g));
}

static int graph_init(struct graph *g, const struct matcher *m)
{
	g->n = m->nmentees;
	g->m = m->nmentors;
	g->spread = m->cfg.spread;
	g->off = calloc(g->n + 1, sizeof(*g->off));
	g->slots = calloc(g->m + 1, sizeof(*g->slots));
	g->load = calloc(g->m + 1, sizeof(*g->load));
	if (!g->off || !g->slots || !g->load)
		return -1;
	for (size_t j = 0; j < g->m; j++) {
		g->slots[j] = m->mentors[j].free;
		g->load[j] = m->mentors[j].used + m->mentors[j].frozen;
	}
	return 0;
}

int cand_build(struct matcher *m, matcher_error_t *err)
{
	struct cand c;
	struct hent *all = NULL;
	size_t cap = 0, k = (size_t)m->cfg.candidates;
	int rc = -1;

	memset(&c, 0, sizeof(c));
	graph_free(&m->g);
	if (graph_init(&m->g, m) < 0 || cand_init(&c, m) < 0)
		goto error;
	for (size_t i = 0; i < m->nmentees; i++) {
		const struct mperson *me = &m->mentees[i];
		int full = 0;
		if (mentee_begin(&c, i)) {
			if (k == 0 && mentee_all(&c, me, &all, &cap) < 0)
				goto error;
			if (k > 0)
				mentee_top(&c, me, k);
			full = graph_append(&m->g, k ? c.heap : all, c.nheap, me->bonus,
					    m->cfg.max_arcs);
		}
		if (full < 0)
			goto error;
		if (full > 0) {
			error_set(err, MATCHER_ETOOBIG, "more than %ld candidate pairs (max_arcs)",
				  m->cfg.max_arcs);
			rc = -2;
			goto error;
		}
		m->g.off[i + 1] = (uint32_t)m->g.narcs;
	}
	rc = 0;
error:
	if (rc == -1)
		error_set(err, MATCHER_ENOMEM, "out of memory building candidate pairs");
	cand_free(&c);
	free(all);
	return rc < 0 ? -1 : 0;
}
