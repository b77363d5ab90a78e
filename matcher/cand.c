/*
 * cand.c - candidate pairs: for every mentee, its best `candidates` eligible mentors (or
 * all of them when the cut is off), as arcs of the graph handed to the solver.
 *
 * The search avoids scoring every pair. Mentors are indexed by skill and by language.
 * For one mentee, the skill sum (need x mastery) of every mentor sharing a skill is
 * accumulated through the skill index. Each such mentor gets an upper bound on its
 * score: its skill part, plus its region and time zone part (computed once per place,
 * that is per origin, country and offset), plus the best language the mentee could
 * share, plus the whole weight of any factor after those four (factors.c), which is
 * scored pair by pair. Mentors are then scored by decreasing bound, and the search stops once the
 * bound falls below the K-th score kept. Mentors sharing no skill are reached through
 * the language index, only when they still could enter. The cut is exact: the K kept
 * are the K best by (score, then mentor index).
 *
 * Mentees are independent, so they are split among `threads` workers; each writes its
 * own arcs, joined in mentee order afterwards, so the result does not depend on the
 * number of threads.
 *
 * The index and the workers' scratch are owned here and freed before cand_build()
 * returns; the arcs belong to m->g and are freed by graph_free().
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define SKILL_SUM_MAX (5 * 5 * MATCHER_SKILLS_MAX)
#define OFFSET_SPAN 1560 /* largest difference of two UTC offsets, minutes */
#define PLACES_MAX 4096	 /* distinct (origin, country, offset) scored per mentee */
#define FIRST_ARCS 32	 /* arcs per mentee the solver starts from, without a cut */

struct hent {
	int score;
	int32_t mentor;
};

struct elang {
	int slot, level;
};

/* Read-only index of the open mentors, shared by the workers. */
struct index {
	const struct matcher *m;
	size_t nslots;
	int16_t slot_of[LANG_CODES];
	uint8_t *level;	  /* nslots x mentors: each mentor's level in each language */
	uint32_t *ll_off; /* per language slot: mentors speaking it at min_level or more */
	int32_t *ll;
	uint32_t *post_off;	/* per skill: its postings in `post` */
	uint32_t *post;		/* mentor << 3 | mastery */
	uint32_t *place_of;	/* per mentor: its place, when places are used */
	struct mperson *places; /* one mentor of each place */
	size_t nplaces;
	int64_t tzv[2 * OFFSET_SPAN + 1];
};

/* One worker: a range of mentees, its scratch and its arcs. */
struct worker {
	const struct index *x;
	size_t lo, hi;
	int rc; /* 0, -1 out of memory, 1 over max_arcs */
	/* output */
	uint32_t *count; /* arcs per mentee of the range */
	int32_t *head, *gain;
	size_t narcs, cap;
	/* scratch for one mentee */
	uint32_t stamp;
	uint32_t *seen, *excl;
	int16_t *sum; /* per mentor: need x mastery over shared skills; 0 between mentees */
	int32_t *tj, *sel, *order; /* tj: the mentors with a sum, by first touch */
	size_t nt;
	int64_t skill_tab[SKILL_SUM_MAX + 1];
	int64_t *place_v;
	struct elang el[MATCHER_LANGUAGES_MAX];
	int nel;
	struct hent *heap, *all;
	size_t nheap, all_cap;
};

static int open_mentor(const struct matcher *m, size_t j)
{
	return m->mentors[j].free > 0;
}

/* ---------------------------------------------------------------- index */

static int index_languages(struct index *x)
{
	const struct matcher *m = x->m;
	size_t total = 0;

	memset(x->slot_of, 0xff, sizeof(x->slot_of));
	for (size_t j = 0; j < m->nmentors; j++)
		for (int k = 0; k < m->mentors[j].nlangs; k++) {
			int code = m->langs[m->mentors[j].langs + k].code;
			if (x->slot_of[code] < 0)
				x->slot_of[code] = (int16_t)x->nslots++;
		}
	x->level = calloc(x->nslots * m->nmentors + 1, 1);
	x->ll_off = calloc(x->nslots + 1, sizeof(*x->ll_off));
	if (!x->level || !x->ll_off)
		return -1;
	for (size_t j = 0; j < m->nmentors; j++)
		for (int k = 0; k < m->mentors[j].nlangs; k++) {
			const struct mlang *l = &m->langs[m->mentors[j].langs + k];
			size_t s = (size_t)x->slot_of[l->code];
			x->level[s * m->nmentors + j] = l->level;
			if (l->level >= m->cfg.min_level && open_mentor(m, j)) {
				x->ll_off[s + 1]++;
				total++;
			}
		}
	for (size_t s = 0; s < x->nslots; s++)
		x->ll_off[s + 1] += x->ll_off[s];
	x->ll = malloc((total + 1) * sizeof(*x->ll));
	if (!x->ll)
		return -1;
	for (size_t s = 0; s < x->nslots; s++) { /* increasing mentor index */
		uint32_t k = x->ll_off[s];
		for (size_t j = 0; j < m->nmentors; j++)
			if (x->level[s * m->nmentors + j] >= m->cfg.min_level && open_mentor(m, j))
				x->ll[k++] = (int32_t)j;
	}
	return 0;
}

static int index_skills(struct index *x)
{
	const struct matcher *m = x->m;
	size_t nskills = m->skills.count, total = 0;

	x->post_off = calloc(nskills + 2, sizeof(*x->post_off));
	if (!x->post_off)
		return -1;
	for (size_t j = 0; j < m->nmentors; j++)
		for (int k = 0; open_mentor(m, j) && k < m->mentors[j].nskills; k++) {
			x->post_off[m->skill_pool[m->mentors[j].skills + k].skill + 2]++;
			total++;
		}
	for (size_t s = 0; s < nskills; s++) /* starts at s + 1, ends at s + 1 after filling */
		x->post_off[s + 2] += x->post_off[s + 1];
	x->post = malloc((total + 1) * sizeof(*x->post));
	if (!x->post)
		return -1;
	for (size_t j = 0; j < m->nmentors; j++)
		for (int k = 0; open_mentor(m, j) && k < m->mentors[j].nskills; k++) {
			const struct mskill *s = &m->skill_pool[m->mentors[j].skills + k];
			x->post[x->post_off[s->skill + 1]++] = (uint32_t)j << 3 | s->level;
		}
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static uint64_t place_key(const struct mperson *p)
{
	return (uint64_t)(p->origin + 1) << 32 | (uint64_t)(p->country + 1) << 16 |
	       (uint64_t)(p->offset + 2000);
}

/* Mentors grouped by (origin, country, offset): region and time zone points are then
 * computed once per group for each mentee. Skipped when groups are too many. */
static int index_places(struct index *x)
{
	const struct matcher *m = x->m;
	uint64_t *keys = malloc((m->nmentors + 1) * sizeof(*keys));
	size_t n = 0;

	if (!keys)
		return -1;
	for (size_t j = 0; j < m->nmentors; j++)
		keys[j] = place_key(&m->mentors[j]);
	qsort(keys, m->nmentors, sizeof(*keys), cmp_u64);
	for (size_t j = 0; j < m->nmentors; j++)
		if (!n || keys[j] != keys[n - 1])
			keys[n++] = keys[j];
	if (n > PLACES_MAX) {
		free(keys);
		return 0;
	}
	x->places = calloc(n + 1, sizeof(*x->places));
	x->place_of = malloc((m->nmentors + 1) * sizeof(*x->place_of));
	if (!x->places || !x->place_of) {
		free(keys);
		return -1;
	}
	x->nplaces = n;
	for (size_t j = 0; j < m->nmentors; j++) {
		uint64_t k = place_key(&m->mentors[j]);
		uint64_t *at = bsearch(&k, keys, n, sizeof(*keys), cmp_u64);
		x->place_of[j] = (uint32_t)(at - keys);
		x->places[at - keys] = m->mentors[j];
	}
	free(keys);
	return 0;
}

static void index_free(struct index *x)
{
	free(x->level);
	free(x->ll_off);
	free(x->ll);
	free(x->post_off);
	free(x->post);
	free(x->place_of);
	free(x->places);
}

static int index_build(struct index *x, const struct matcher *m)
{
	memset(x, 0, sizeof(*x));
	x->m = m;
	for (int d = -OFFSET_SPAN; d <= OFFSET_SPAN; d++)
		x->tzv[d + OFFSET_SPAN] = m->tz_v[geo_overlap(0, d)];
	if (index_languages(x) < 0 || index_places(x) < 0 || index_skills(x) < 0)
		return -1;
	return 0;
}

/* ---------------------------------------------------------------- scoring */

static int64_t place_value(const struct index *x, const struct mperson *mr,
			   const struct mperson *me)
{
	return x->m->region_v[score_tier(mr, me)] + x->tzv[mr->offset - me->offset + OFFSET_SPAN];
}

/* Score of an open mentor for the current mentee, -1 when a filter removes the pair. */
static int eval(const struct worker *w, const struct mperson *me, int32_t j, int64_t skill_v)
{
	const struct index *x = w->x;
	const struct matcher *m = x->m;
	int best = 0;

	if (w->excl[j] == w->stamp || j == me->same)
		return -1;
	for (int e = 0; e < w->nel; e++) {
		int l = x->level[(size_t)w->el[e].slot * m->nmentors + (size_t)j];
		if (l >= m->cfg.min_level) {
			l = l < w->el[e].level ? l : w->el[e].level;
			best = l > best ? l : best;
		}
	}
	if (!best)
		return -1;
	skill_v += m->lang_v[best];
	if (m->rest_max)
		skill_v += score_rest(m, &m->mentors[j], me);
	if (x->place_of)
		return score_round(skill_v + w->place_v[x->place_of[j]]);
	return score_round(skill_v + place_value(x, &m->mentors[j], me));
}

static int worse(const struct hent *a, const struct hent *b)
{
	return a->score < b->score || (a->score == b->score && a->mentor > b->mentor);
}

static void heap_push(struct worker *w, size_t k, int score, int32_t mentor)
{
	struct hent e = {score, mentor};
	size_t i;

	if (score < 0)
		return;
	if (w->nheap < k) {
		for (i = w->nheap++; i > 0 && worse(&e, &w->heap[(i - 1) / 2]); i = (i - 1) / 2)
			w->heap[i] = w->heap[(i - 1) / 2];
		w->heap[i] = e;
		return;
	}
	if (!worse(&w->heap[0], &e))
		return;
	/* replace the worst kept, at the root, and sift down */
	for (i = 0;;) {
		size_t l = 2 * i + 1, c = l;
		if (l >= k)
			break;
		if (l + 1 < k && worse(&w->heap[l + 1], &w->heap[l]))
			c = l + 1;
		if (!worse(&w->heap[c], &e))
			break;
		w->heap[i] = w->heap[c];
		i = c;
	}
	w->heap[i] = e;
}

static int cmp_hent(const void *a, const void *b)
{
	return worse(a, b) ? 1 : worse(b, a) ? -1 : 0;
}

/* The lowest score still kept, or -1 while fewer than k are kept. */
static int bar(const struct worker *w, size_t k)
{
	return w->nheap == k ? w->heap[0].score : -1;
}

/* ---------------------------------------------------------------- one mentee */

/* Prepares the per-mentee state; 0 when the mentee can have no candidate. */
static int mentee_begin(struct worker *w, size_t i, int64_t *other, int64_t *lang)
{
	const struct index *x = w->x;
	const struct matcher *m = x->m;
	const struct mperson *me = &m->mentees[i];
	int best = 0;
	int64_t place_max = 0;

	if (++w->stamp == 0) { /* wrapped: forget every stamp */
		memset(w->seen, 0, m->nmentors * sizeof(*w->seen));
		memset(w->excl, 0, m->nmentors * sizeof(*w->excl));
		w->stamp = 1;
	}
	w->nel = 0;
	w->nheap = 0;
	w->nt = 0;
	if (m->frozen_to[i] >= 0)
		return 0;
	for (int y = 0; y < me->nlangs; y++) {
		const struct mlang *l = &m->langs[me->langs + y];
		if (l->level >= m->cfg.min_level && x->slot_of[l->code] >= 0) {
			w->el[w->nel++] = (struct elang){x->slot_of[l->code], l->level};
			best = l->level > best ? l->level : best;
		}
	}
	if (!w->nel)
		return 0;
	for (uint32_t e = m->excl_off[i]; e < m->excl_off[i + 1]; e++)
		w->excl[m->excl_mentor[e]] = w->stamp;
	for (size_t p = 0; p < x->nplaces; p++) {
		w->place_v[p] = place_value(x, &x->places[p], me);
		place_max = w->place_v[p] > place_max ? w->place_v[p] : place_max;
	}
	if (!x->place_of)
		place_max = m->region_v[TIER_ORIGIN] + m->tz_v[720];
	/* the most a mentor with skill sum s can score: other factors at their best */
	*lang = m->lang_v[best] + m->rest_max;
	*other = *lang + place_max;
	for (int s = 0; s <= 5 * me->need_sum; s++)
		w->skill_tab[s] = score_skill_v(m, s, me->need_sum);
	return 1;
}

/* Sums need x mastery over shared skills, for every open mentor sharing one. */
static void accumulate(struct worker *w, const struct mperson *me)
{
	const struct index *x = w->x;
	const struct matcher *m = x->m;

	for (int y = 0; y < me->nskills; y++) {
		const struct mskill *s = &m->skill_pool[me->skills + y];
		for (uint32_t p = x->post_off[s->skill]; p < x->post_off[s->skill + 1]; p++) {
			uint32_t j = x->post[p] >> 3;
			int before = w->sum[j];
			w->tj[w->nt] = (int32_t)j; /* kept only on first touch; no branch */
			w->nt += !before;
			w->sum[j] = (int16_t)(before + (int)(x->post[p] & 7) * s->level);
		}
	}
}

static void forget_sums(struct worker *w)
{
	for (size_t t = 0; t < w->nt; t++)
		w->sum[w->tj[t]] = 0;
	w->nt = 0;
}

/* Mentors sharing no skill, through the language index. */
static void scan_languages(struct worker *w, const struct mperson *me, size_t k)
{
	const struct index *x = w->x;

	for (int e = 0; e < w->nel; e++)
		for (uint32_t p = x->ll_off[w->el[e].slot]; p < x->ll_off[w->el[e].slot + 1]; p++) {
			int32_t j = x->ll[p];
			if (w->sum[j] || w->seen[j] == w->stamp)
				continue;
			w->seen[j] = w->stamp;
			heap_push(w, k, eval(w, me, j, 0), j);
		}
}

/* Upper bound, in points, of the score of a touched mentor: its skill sum, its place,
 * the best language the mentee could share and the whole weight of later factors (all in
 * `lang`). */
static int bound_of(const struct worker *w, int32_t j, int64_t lang)
{
	const struct index *x = w->x;
	int64_t v = w->skill_tab[w->sum[j]] + lang;

	if (x->place_of)
		return score_round(v + w->place_v[x->place_of[j]]);
	return score_round(v + x->m->region_v[TIER_ORIGIN] + x->m->tz_v[720]);
}

/* The best k of one mentee into the heap, sorted best first. Touched mentors are put in
 * buckets by their bound and scored from the highest bucket down, until the bound falls
 * below the lowest score kept. */
static void mentee_top(struct worker *w, const struct mperson *me, size_t k, int64_t other,
		       int64_t lang)
{
	int32_t head[101];
	int32_t *next = w->sel; /* bucket lists, through the touched order */

	memset(head, 0xff, sizeof(head));
	accumulate(w, me);
	for (size_t t = 0; t < w->nt; t++) {
		int b = bound_of(w, w->tj[t], lang);
		next[t] = head[b];
		head[b] = (int32_t)t;
	}
	for (int b = 100; b >= 0 && b >= bar(w, k); b--)
		for (int32_t t = head[b]; t >= 0; t = next[t]) {
			int32_t j = w->tj[t];
			heap_push(w, k, eval(w, me, j, w->skill_tab[w->sum[j]]), j);
		}
	if (score_round(other) >= bar(w, k))
		scan_languages(w, me, k);
	forget_sums(w);
	qsort(w->heap, w->nheap, sizeof(*w->heap), cmp_hent);
}

/* Every eligible mentor of one mentee, best first (no cut). */
static int mentee_all(struct worker *w, const struct mperson *me)
{
	const struct matcher *m = w->x->m;
	int counts[102] = {0};
	size_t n = 0;

	accumulate(w, me);
	if (w->all_cap < m->nmentors) {
		struct hent *p = realloc(w->all, (m->nmentors + 1) * sizeof(*p));
		if (!p)
			return -1;
		w->all = p;
		w->all_cap = m->nmentors;
	}
	for (size_t j = 0; j < m->nmentors; j++) {
		int s = w->sum[j];
		int sc = open_mentor(m, j) ? eval(w, me, (int32_t)j, w->skill_tab[s]) : -1;
		if (sc >= 0) {
			w->order[n++] = (int32_t)j;
			w->sel[j] = sc;
			counts[sc]++;
		}
	}
	for (int s = 100; s > 0; s--)
		counts[s - 1] += counts[s];
	for (size_t q = n; q-- > 0;) { /* stable: mentor index ascending within a score */
		int32_t j = w->order[q];
		w->all[--counts[w->sel[j]]] = (struct hent){w->sel[j], j};
	}
	w->nheap = n;
	forget_sums(w);
	return 0;
}

/* ---------------------------------------------------------------- workers */

static int worker_append(struct worker *w, const struct hent *h, size_t n, int bonus)
{
	long max = w->x->m->cfg.max_arcs;

	if (w->narcs + n > (size_t)max)
		return 1;
	if (w->narcs + n > w->cap) {
		size_t cap = w->cap ? w->cap : 1024;
		while (cap < w->narcs + n)
			cap *= 2;
		int32_t *head = realloc(w->head, cap * sizeof(*head));
		if (head)
			w->head = head;
		int32_t *gain = realloc(w->gain, cap * sizeof(*gain));
		if (gain)
			w->gain = gain;
		if (!head || !gain)
			return -1;
		w->cap = cap;
	}
	for (size_t q = 0; q < n; q++) {
		if (h[q].score + bonus <= 0)
			continue; /* a pair that adds nothing is never worth proposing */
		w->head[w->narcs] = h[q].mentor;
		w->gain[w->narcs++] = h[q].score + bonus;
	}
	return 0;
}

static int worker_init(struct worker *w, const struct index *x, size_t lo, size_t hi)
{
	size_t nm = x->m->nmentors + 1, k = (size_t)x->m->cfg.candidates;

	memset(w, 0, sizeof(*w));
	w->x = x;
	w->lo = lo;
	w->hi = hi;
	w->count = calloc(hi - lo + 1, sizeof(*w->count));
	w->sum = calloc(nm, sizeof(*w->sum));
	w->seen = calloc(nm, sizeof(*w->seen));
	w->excl = calloc(nm, sizeof(*w->excl));
	w->tj = malloc(nm * sizeof(*w->tj));
	w->sel = malloc(nm * sizeof(*w->sel));
	w->order = malloc(nm * sizeof(*w->order));
	w->place_v = malloc((x->nplaces + 1) * sizeof(*w->place_v));
	w->heap = malloc(((k && k < nm) ? k : nm) * sizeof(*w->heap));
	if (!w->count || !w->sum || !w->seen || !w->excl || !w->tj || !w->sel || !w->order ||
	    !w->place_v || !w->heap)
		return -1;
	return 0;
}

static void worker_free(struct worker *w)
{
	void *arrays[] = {w->count, w->head, w->gain,  w->sum,	   w->seen, w->excl,
			  w->tj,    w->sel,  w->order, w->place_v, w->heap, w->all};

	for (size_t q = 0; q < sizeof(arrays) / sizeof(arrays[0]); q++)
		free(arrays[q]);
}

static void *worker_run(void *arg)
{
	struct worker *w = arg;
	const struct matcher *m = w->x->m;
	size_t k = (size_t)m->cfg.candidates;

	for (size_t i = w->lo; i < w->hi && w->rc == 0; i++) {
		const struct mperson *me = &m->mentees[i];
		size_t before = w->narcs;
		int64_t other, lang;
		if (!mentee_begin(w, i, &other, &lang))
			continue;
		if (k == 0 && mentee_all(w, me) < 0) {
			w->rc = -1;
			break;
		}
		if (k > 0)
			mentee_top(w, me, k, other, lang);
		w->rc = worker_append(w, k ? w->heap : w->all, w->nheap, me->bonus);
		w->count[i - w->lo] = (uint32_t)(w->narcs - before);
	}
	return NULL;
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
	free(g->end);
	memset(g, 0, sizeof(*g));
}

/* Joins the workers' arcs in mentee order. */
static int graph_join(struct graph *g, const struct matcher *m, struct worker *w, size_t nw)
{
	size_t total = 0;

	for (size_t t = 0; t < nw; t++)
		total += w[t].narcs;
	g->n = m->nmentees;
	g->m = m->nmentors;
	g->spread = m->cfg.spread;
	g->narcs = g->cap = total;
	g->off = calloc(g->n + 1, sizeof(*g->off));
	g->head = malloc((total + 1) * sizeof(*g->head));
	g->gain = malloc((total + 1) * sizeof(*g->gain));
	g->slots = calloc(g->m + 1, sizeof(*g->slots));
	g->load = calloc(g->m + 1, sizeof(*g->load));
	if (!g->off || !g->head || !g->gain || !g->slots || !g->load)
		return -1;
	for (size_t t = 0, at = 0; t < nw; t++) {
		if (w[t].narcs) {
			memcpy(g->head + at, w[t].head, w[t].narcs * sizeof(*g->head));
			memcpy(g->gain + at, w[t].gain, w[t].narcs * sizeof(*g->gain));
		}
		at += w[t].narcs;
		for (size_t i = w[t].lo; i < w[t].hi; i++)
			g->off[i + 1] = g->off[i] + w[t].count[i - w[t].lo];
	}
	for (size_t j = 0; j < g->m; j++) {
		g->slots[j] = m->mentors[j].free;
		g->load[j] = m->mentors[j].used + m->mentors[j].frozen;
	}
	if (m->cfg.candidates > 0)
		return 0;
	/* no cut: the solver starts from the best arcs of each mentee and adds the others
	 * only where they could improve the result */
	g->end = malloc((g->n + 1) * sizeof(*g->end));
	if (!g->end)
		return -1;
	for (size_t i = 0; i < g->n; i++)
		g->end[i] =
		    g->off[i + 1] - g->off[i] > FIRST_ARCS ? g->off[i] + FIRST_ARCS : g->off[i + 1];
	return 0;
}

/* Runs the workers, in threads when there are several; a thread that cannot start
 * leaves its share to the calling thread. */
static void run_workers(struct worker *w, size_t nw)
{
	pthread_t tid[MATCHER_THREADS_MAX];
	int started[MATCHER_THREADS_MAX] = {0};

	for (size_t t = 1; t < nw; t++)
		started[t] = pthread_create(&tid[t], NULL, worker_run, &w[t]) == 0;
	worker_run(&w[0]);
	for (size_t t = 1; t < nw; t++) {
		if (started[t])
			pthread_join(tid[t], NULL);
		else
			worker_run(&w[t]);
	}
}

int cand_build(struct matcher *m, matcher_error_t *err)
{
	struct index x;
	struct worker w[MATCHER_THREADS_MAX];
	size_t nw = (size_t)m->cfg.threads, n = m->nmentees;
	int rc = -1;

	if (nw > n / 256 + 1) /* small cohorts: threads cost more than they save */
		nw = n / 256 + 1;
	memset(w, 0, sizeof(w));
	graph_free(&m->g);
	if (index_build(&x, m) < 0)
		goto error;
	for (size_t t = 0; t < nw; t++)
		if (worker_init(&w[t], &x, n * t / nw, n * (t + 1) / nw) < 0)
			goto error;
	run_workers(w, nw);
	for (size_t t = 0; t < nw; t++)
		if (w[t].rc) {
			rc = w[t].rc < 0 ? -1 : -2;
			goto error;
		}
	if (graph_join(&m->g, m, w, nw) < 0)
		goto error;
	if (m->g.narcs > (size_t)m->cfg.max_arcs) {
		rc = -2;
		goto error;
	}
	rc = 0;
error:
	if (rc == -1)
		error_set(err, MATCHER_ENOMEM, "out of memory building candidate pairs");
	if (rc == -2)
		error_set(err, MATCHER_ETOOBIG, "more than %ld candidate pairs (max_arcs)",
			  m->cfg.max_arcs);
	for (size_t t = 0; t < nw; t++)
		worker_free(&w[t]);
	index_free(&x);
	return rc < 0 ? -1 : 0;
}
