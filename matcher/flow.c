/*
 * flow.c - the assignment as a min-cost flow, solved exactly; and a greedy baseline.
 *
 * Network: source -> mentee (capacity 1) -> mentor (cost -gain) -> sink, where the k-th
 * place of a mentor (k from 0, counting places already taken) is an arc of cost
 * spread * k. Each mentee also has an arc straight to the sink at cost 0: "unmatched".
 * Costs are convex per mentor, so places fill in order.
 *
 * Primal-dual successive shortest paths: each phase runs Dijkstra on reduced costs
 * (bucket queue, integer costs) from every free mentee at once, raises the potentials,
 * then augments along zero reduced cost arcs with one depth-first sweep; paths the sweep
 * leaves behind are found by the next phase, at distance 0. Every augmenting path is a
 * shortest one, so the flow stays of minimum cost for its value. The shortest path cost
 * never falls and lies in [-max gain, 0]: with integer costs it takes at most max gain
 * + 1 values. Any path through an "unmatched" arc costs 0, so the solver stops as soon
 * as the shortest path is no longer negative and the remaining mentees take their
 * unmatched arc. The result is a minimum cost flow: an optimal assignment.
 *
 * Free mentees all sit at distance 0 and keep the potential of the source, so they are
 * never scanned: each mentor keeps its incoming arcs sorted by gain, and the best arc
 * from a still free mentee stands for all of them, in Dijkstra and in the sweeps. Work
 * per phase is then bounded by the mentors and the mentees already matched. Dijkstra
 * also notes, for each mentee it settles, the few arcs short enough to turn tight, and
 * the sweep tries only those.
 *
 * When only part of each mentee's arcs is in use (graph.end), the final potentials
 * price the arcs left out: one with a negative reduced cost could improve the result,
 * so it joins the arcs in use and the solver runs again, until none is left. The result
 * is then optimal over all the arcs, while the solver mostly works on few of them.
 *
 * Ties are broken by input order only, so the result is deterministic. All arrays
 * belong to struct solver and are freed before flow_solve() returns.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define JOIN_MAX 16 /* arcs a mentee takes in per round of pricing */

struct bucket {
	int32_t *v;
	size_t n, cap;
};

struct solver {
	const struct graph *g;
	size_t n, m, t;	     /* mentees, mentors, sink node */
	int32_t *pot, pot_s; /* potentials; a free mentee's is pot_s */
	int32_t pot_max;     /* highest mentor potential: arcs sorted by gain end early */
	int32_t *arc_of;     /* per mentee: arc in use, -1 when free */
	int32_t *tail;	     /* per arc: its mentee */
	uint32_t *in_off;    /* per mentor: incoming arcs in `in`, by gain, best first */
	int32_t *in;
	uint32_t *in_next; /* per mentor: first arc in `in` whose mentee may be free */
	uint32_t *moff;	   /* per mentor: its new mentees in mlist */
	int32_t *mcount, *mlist;
	/* Dijkstra */
	int32_t *dist, *finals;
	uint32_t *reach, *fin, phase;
	size_t nfinals;
	/* per mentee settled in the phase: the arcs that may turn tight, in near[] */
	int32_t *near;
	uint32_t *near_lo, *near_hi;
	size_t nnear;
	struct bucket *b;
	size_t nb;
	/* sweeps */
	uint32_t *dead, *cur_at, sweep;
	int32_t *cur, *stk_node, *stk_pos;
	uint8_t *onstk;
};

static void solver_free(struct solver *s)
{
	void *arrays[] = {s->pot,    s->tail,	 s->in_off, s->in,	 s->in_next, s->moff,
			  s->mcount, s->mlist,	 s->dist,   s->finals,	 s->reach,   s->fin,
			  s->dead,   s->cur_at,	 s->cur,    s->stk_node, s->stk_pos, s->onstk,
			  s->near,   s->near_lo, s->near_hi};

	for (size_t k = 0; k < sizeof(arrays) / sizeof(arrays[0]); k++)
		free(arrays[k]);
	for (size_t i = 0; s->b && i < s->nb; i++)
		free(s->b[i].v);
	free(s->b);
}

static int64_t place_cost(const struct solver *s, size_t j)
{
	return (int64_t)s->g->spread * (s->g->load[j] + s->mcount[j]);
}

/* The best arc into mentor j from a free mentee, -1 when none is left. */
static int32_t best_free(struct solver *s, size_t j)
{
	uint32_t *p = &s->in_next[j];

	while (*p < s->in_off[j + 1] && s->arc_of[s->tail[s->in[*p]]] >= 0)
		++*p;
	return *p < s->in_off[j + 1] ? s->in[*p] : -1;
}

/* Incoming arcs of each mentor, by decreasing gain then input order (counting sort). */
static int sort_incoming(struct solver *s)
{
	const struct graph *g = s->g;
	int32_t top = 0;
	size_t n = 0, *start;

	for (size_t i = 0; i < s->n; i++)
		for (uint32_t a = g->off[i]; a < arc_end(g, i); a++) {
			s->tail[a] = (int32_t)i;
			s->in_off[g->head[a] + 1]++;
			top = g->gain[a] > top ? g->gain[a] : top;
			n++;
		}
	for (size_t j = 0; j < s->m; j++)
		s->in_off[j + 1] += s->in_off[j];
	start = calloc((size_t)top + 2, sizeof(*start));
	if (!start)
		return -1;
	for (size_t i = 0; i < s->n; i++)
		for (uint32_t a = g->off[i]; a < arc_end(g, i); a++)
			start[top - g->gain[a] + 1]++;
	for (int32_t x = 0; x <= top; x++)
		start[x + 1] += start[x];
	/* arcs by gain into s->cur as scratch, then dealt to the mentors in that order */
	for (size_t i = 0; i < s->n; i++)
		for (uint32_t a = g->off[i]; a < arc_end(g, i); a++)
			s->cur[start[top - g->gain[a]]++] = (int32_t)a;
	free(start);
	memcpy(s->in_next, s->in_off, s->m * sizeof(*s->in_next));
	for (size_t x = 0; x < n; x++) {
		int32_t a = s->cur[x];
		s->in[s->in_next[g->head[a]]++] = a;
	}
	memcpy(s->in_next, s->in_off, s->m * sizeof(*s->in_next));
	return 0;
}

/* Potentials that make every reduced cost non-negative before the first phase. */
static void initial_potentials(struct solver *s)
{
	const struct graph *g = s->g;
	int64_t pt = 0;
	int any = 0;

	for (size_t i = 0; i < s->n; i++)
		for (uint32_t a = g->off[i]; a < arc_end(g, i); a++) {
			int32_t *p = &s->pot[s->n + (size_t)g->head[a]];
			if (-g->gain[a] < *p)
				*p = -g->gain[a];
		}
	for (size_t j = 0; j < s->m; j++) {
		int64_t c = s->pot[s->n + j] + place_cost(s, j);
		if (g->slots[j] > 0 && (!any || c < pt)) {
			pt = c;
			any = 1;
		}
	}
	s->pot[s->t] = (int32_t)pt;
	s->pot_s = 0;
	s->pot_max = s->m ? s->pot[s->n] : 0;
	for (size_t j = 1; j < s->m; j++)
		s->pot_max = s->pot[s->n + j] > s->pot_max ? s->pot[s->n + j] : s->pot_max;
}

static int solver_init(struct solver *s, const struct graph *g, int32_t *arc_of)
{
	size_t nodes = g->n + g->m + 1, places = 0;

	memset(s, 0, sizeof(*s));
	s->g = g;
	s->n = g->n;
	s->m = g->m;
	s->t = g->n + g->m;
	s->arc_of = arc_of;
	for (size_t j = 0; j < g->m; j++)
		places += (size_t)(g->slots[j] > 0 ? g->slots[j] : 0);
	s->pot = calloc(nodes, sizeof(*s->pot));
	s->tail = malloc((g->narcs + 1) * sizeof(*s->tail));
	s->in_off = calloc(g->m + 2, sizeof(*s->in_off));
	s->in = malloc((g->narcs + 1) * sizeof(*s->in));
	s->in_next = calloc(g->m + 1, sizeof(*s->in_next));
	s->moff = calloc(g->m + 1, sizeof(*s->moff));
	s->mcount = calloc(g->m + 1, sizeof(*s->mcount));
	s->mlist = malloc((places + 1) * sizeof(*s->mlist));
	s->dist = calloc(nodes, sizeof(*s->dist));
	s->finals = malloc(nodes * sizeof(*s->finals));
	s->reach = calloc(nodes, sizeof(*s->reach));
	s->fin = calloc(nodes, sizeof(*s->fin));
	s->near = malloc((g->narcs + 1) * sizeof(*s->near));
	s->near_lo = calloc(g->n + 1, sizeof(*s->near_lo));
	s->near_hi = calloc(g->n + 1, sizeof(*s->near_hi));
	s->dead = calloc(nodes, sizeof(*s->dead));
	s->cur_at = calloc(nodes, sizeof(*s->cur_at));
	s->cur = calloc((nodes > g->narcs ? nodes : g->narcs) + 1, sizeof(*s->cur));
	s->stk_node = malloc(nodes * sizeof(*s->stk_node));
	s->stk_pos = malloc(nodes * sizeof(*s->stk_pos));
	s->onstk = calloc(nodes, sizeof(*s->onstk));
	if (!s->pot || !s->tail || !s->in_off || !s->in || !s->in_next || !s->moff || !s->mcount ||
	    !s->mlist || !s->dist || !s->finals || !s->reach || !s->fin || !s->dead || !s->cur_at ||
	    !s->cur || !s->stk_node || !s->stk_pos || !s->onstk || !s->near || !s->near_lo ||
	    !s->near_hi)
		return -1;
	for (size_t j = 0, at = 0; j < g->m; j++) {
		s->moff[j] = (uint32_t)at;
		at += (size_t)(g->slots[j] > 0 ? g->slots[j] : 0);
	}
	for (size_t i = 0; i < s->n; i++)
		arc_of[i] = -1;
	if (sort_incoming(s) < 0)
		return -1;
	initial_potentials(s);
	return 0;
}

/* ---------------------------------------------------------------- Dijkstra */

static int label(struct solver *s, size_t v, int64_t d, int64_t limit)
{
	struct bucket *b;

	if (d >= limit || (s->reach[s->t] == s->phase && d >= s->dist[s->t]))
		return 0;
	if (s->reach[v] == s->phase && (s->fin[v] == s->phase || s->dist[v] <= d))
		return 0;
	s->reach[v] = s->phase;
	s->dist[v] = (int32_t)d;
	b = &s->b[d];
	if (b->n == b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 256;
		int32_t *p = realloc(b->v, cap * sizeof(*p));
		if (!p)
			return -1;
		b->v = p;
		b->cap = cap;
	}
	b->v[b->n++] = (int32_t)v;
	return 0;
}

static int relax(struct solver *s, size_t v, int64_t d, int64_t limit)
{
	const struct graph *g = s->g;

	if (v < s->n) { /* a matched mentee: to every other candidate mentor */
		int64_t base = d + s->pot[v];
		s->near_lo[v] = (uint32_t)s->nnear;
		for (uint32_t a = g->off[v]; a < arc_end(g, v); a++) {
			size_t u = s->n + (size_t)g->head[a];
			int64_t to = base - g->gain[a] - s->pot[u];
			/* gains only fall from here: once even the highest potential is too
			 * far, every arc left is */
			if (base - g->gain[a] - s->pot_max >= limit)
				break;
			if ((int32_t)a == s->arc_of[v] || to >= limit ||
			    (s->reach[s->t] == s->phase && to > s->dist[s->t]))
				continue;
			s->near[s->nnear++] = (int32_t)a; /* may be tight once D is known */
			if (label(s, u, to, limit) < 0)
				return -1;
		}
		s->near_hi[v] = (uint32_t)s->nnear;
		return 0;
	}
	size_t j = v - s->n; /* a mentor: to the sink, or back to one of its mentees */
	if (s->mcount[j] < g->slots[j]) {
		int64_t rc = place_cost(s, j) + s->pot[v] - s->pot[s->t];
		if (label(s, s->t, d + rc, limit) < 0)
			return -1;
	}
	for (int32_t p = 0; p < s->mcount[j]; p++) {
		size_t k = (size_t)s->mlist[s->moff[j] + (uint32_t)p];
		int64_t rc = g->gain[s->arc_of[k]] + s->pot[v] - s->pot[k];
		if (label(s, k, d + rc, limit) < 0)
			return -1;
	}
	return 0;
}

/* Distance to the sink in reduced costs; -1 when no path improves the objective. */
static int64_t dijkstra(struct solver *s, int *err)
{
	int64_t limit = (int64_t)s->pot_s - s->pot[s->t];

	s->phase++;
	s->nfinals = 0;
	s->nnear = 0;
	if (limit <= 0)
		return -1;
	for (size_t i = 0; i < (size_t)limit && i < s->nb; i++)
		s->b[i].n = 0;
	/* the free mentees, all at distance 0, through their best arc into each mentor */
	for (size_t j = 0; j < s->m; j++) {
		int32_t a = best_free(s, j);
		if (a >= 0 &&
		    label(s, s->n + j, -(int64_t)s->g->gain[a] + s->pot_s - s->pot[s->n + j],
			  limit) < 0)
			goto error;
	}
	for (int64_t d = 0; d < limit; d++) {
		struct bucket *b = &s->b[d];
		while (b->n) {
			size_t v = (size_t)b->v[--b->n];
			if (s->fin[v] == s->phase || s->dist[v] != d)
				continue;
			s->fin[v] = s->phase;
			s->finals[s->nfinals++] = (int32_t)v;
			if (v == s->t)
				return d;
			if (relax(s, v, d, limit) < 0)
				goto error;
		}
	}
	return -1;
error:
	*err = -1;
	return -1;
}

/* Raises the potentials by min(dist, D); nodes left out keep theirs and the source
 * (with every free mentee) goes down by D instead, which leaves the same differences. */
static void update(struct solver *s, int64_t dist_t)
{
	for (size_t x = 0; x < s->nfinals; x++) {
		size_t v = (size_t)s->finals[x];
		s->pot[v] += (int32_t)(s->dist[v] - dist_t);
	}
	s->pot_s -= (int32_t)dist_t;
	s->pot_max = s->pot[s->n];
	for (size_t j = 1; j < s->m; j++)
		s->pot_max = s->pot[s->n + j] > s->pot_max ? s->pot[s->n + j] : s->pot_max;
}

/* ---------------------------------------------------------------- sweeps */

/* Moves the mentees along the path on the stack; the last mentor takes a new place. */
static void augment(struct solver *s, int top)
{
	for (int d = 0; d < top; d += 2) {
		int32_t i = s->stk_node[d], a = s->stk_pos[d];
		size_t j = (size_t)s->stk_node[d + 1] - s->n;
		if (d == 0) /* the free mentee joins, at the potential of the source */
			s->pot[i] = s->pot_s;
		if (d + 1 == top)
			s->mlist[s->moff[j] + (uint32_t)s->mcount[j]++] = i;
		else
			s->mlist[s->moff[j] + (uint32_t)s->stk_pos[d + 1]] = i;
		s->arc_of[i] = a;
	}
	for (int d = 1; d <= top; d++)
		s->onstk[s->stk_node[d]] = 0;
}

/* Where the scan of a node's arcs resumes, within the current sweep. */
static int32_t *cursor(struct solver *s, size_t v)
{
	if (s->cur_at[v] != s->sweep) {
		s->cur_at[v] = s->sweep;
		s->cur[v] = 0;
		if (v < s->n)
			s->cur[v] = (int32_t)(s->fin[v] == s->phase ? s->near_lo[v] : s->g->off[v]);
	}
	return &s->cur[v];
}

static int open_node(const struct solver *s, size_t v)
{
	return s->dead[v] != s->sweep && !s->onstk[v];
}

/* Next admissible arc out of v towards a node still worth trying, -1 when none is left. */
static int64_t next_arc(struct solver *s, size_t v, size_t *to)
{
	const struct graph *g = s->g;
	int32_t *p = cursor(s, v);

	if (v < s->n && s->fin[v] == s->phase) { /* settled: only its near arcs */
		for (; (uint32_t)*p < s->near_hi[v]; ++*p) {
			int32_t a = s->near[*p];
			size_t u = s->n + (size_t)g->head[a];
			if (a != s->arc_of[v] && open_node(s, u) &&
			    -g->gain[a] + s->pot[v] - s->pot[u] == 0) {
				*to = u;
				return a;
			}
		}
		return -1;
	}
	if (v < s->n) { /* left at distance D: every arc */
		for (; (uint32_t)*p < arc_end(g, v); ++*p) {
			size_t u = s->n + (size_t)g->head[*p];
			if (s->pot[v] - g->gain[*p] - s->pot_max > 0) {
				*p = (int32_t)arc_end(g, v); /* no admissible arc left */
				break;
			}
			if (*p != s->arc_of[v] && open_node(s, u) &&
			    -g->gain[*p] + s->pot[v] - s->pot[u] == 0) {
				*to = u;
				return *p;
			}
		}
		return -1;
	}
	size_t j = v - s->n;
	for (; *p < s->mcount[j]; ++*p) {
		size_t k = (size_t)s->mlist[s->moff[j] + (uint32_t)*p];
		if (open_node(s, k) && g->gain[s->arc_of[k]] + s->pot[v] - s->pot[k] == 0) {
			*to = k;
			return *p;
		}
	}
	return -1;
}

static int place_open(const struct solver *s, size_t j)
{
	return s->mcount[j] < s->g->slots[j] &&
	       place_cost(s, j) + s->pot[s->n + j] - s->pot[s->t] == 0;
}

/* The admissible arc from a free mentee into mentor j, -1 when there is none. */
static int32_t free_entry(struct solver *s, size_t j)
{
	int32_t a = best_free(s, j);

	if (a < 0 || -s->g->gain[a] + s->pot_s - s->pot[s->n + j] != 0)
		return -1;
	return a;
}

/*
 * Depth-first search for one admissible path from mentor j, entered from a free mentee,
 * to the sink. A node that leads nowhere is marked dead for the rest of the sweep; a
 * sweep that finds no path at all has therefore proved that none exists.
 */
static int dfs(struct solver *s, size_t j, int32_t entry)
{
	int depth = 1;

	s->stk_node[0] = s->tail[entry];
	s->stk_pos[0] = entry;
	s->stk_node[1] = (int32_t)(s->n + j);
	s->onstk[s->n + j] = 1;
	while (depth >= 1) {
		size_t v = (size_t)s->stk_node[depth], to = 0;
		if (v >= s->n && place_open(s, v - s->n)) {
			augment(s, depth);
			return 1;
		}
		int64_t p = next_arc(s, v, &to);
		if (p < 0) {
			s->dead[v] = s->sweep;
			s->onstk[v] = 0;
			depth--;
			continue;
		}
		s->stk_pos[depth++] = (int32_t)p;
		s->stk_node[depth] = (int32_t)to;
		s->onstk[to] = 1;
	}
	return 0;
}

static size_t sweep(struct solver *s)
{
	size_t found = 0;
	int32_t entry;

	s->sweep++;
	for (size_t j = 0; j < s->m; j++)
		while (s->dead[s->n + j] != s->sweep && (entry = free_entry(s, j)) >= 0) {
			if (!dfs(s, j, entry))
				break;
			found++;
		}
	return found;
}

/* Phases until no path improves the objective. The potentials are then left so that
 * every residual arc has a non-negative reduced cost and the sink sits at the level of
 * the source: a proof that the flow is optimal on the arcs in use. */
static int run_phases(struct solver *s, size_t *phases)
{
	int err = 0;

	s->nb = (size_t)((int64_t)s->pot_s - s->pot[s->t] > 0 ? s->pot_s - s->pot[s->t] : 0);
	s->b = calloc(s->nb + 1, sizeof(*s->b));
	if (!s->b)
		return -1;
	for (;;) {
		int64_t d = dijkstra(s, &err);
		if (err < 0)
			return -1;
		if (d < 0)
			break;
		update(s, d);
		sweep(s);
		++*phases;
	}
	if ((int64_t)s->pot_s - s->pot[s->t] > 0) /* the sink was out of reach */
		update(s, (int64_t)s->pot_s - s->pot[s->t]);
	return 0;
}

static int before(const struct graph *g, int32_t gain, int32_t head, uint32_t b)
{
	return gain > g->gain[b] || (gain == g->gain[b] && head < g->head[b]);
}

/* Moves the arcs of mentee i flagged in `take` (from its unused part) into its used
 * part; both parts stay sorted by gain, then mentor. */
static void take_arcs(struct graph *g, size_t i, const uint8_t *take, int32_t *h, int32_t *v)
{
	uint32_t lo = g->off[i], mid = g->end[i], hi = g->off[i + 1], n = 0, x = lo, y = mid;

	while (x < mid || y < hi) { /* merge the used part with the arcs taken */
		while (y < hi && !take[y - mid])
			y++;
		if (y < hi && (x == mid || before(g, g->gain[y], g->head[y], x))) {
			h[n] = g->head[y], v[n++] = g->gain[y++];
		} else if (x < mid) {
			h[n] = g->head[x], v[n++] = g->gain[x++];
		}
	}
	uint32_t used = n;
	for (y = mid; y < hi; y++) /* then what is left out, in order */
		if (!take[y - mid])
			h[n] = g->head[y], v[n++] = g->gain[y];
	memcpy(g->head + lo, h, n * sizeof(*h));
	memcpy(g->gain + lo, v, n * sizeof(*v));
	g->end[i] = lo + used;
}

/* Arcs left out whose reduced cost is negative could improve the result: they join the
 * arcs in use, the best JOIN_MAX of each mentee per round (the next round finds the
 * rest if they still matter). Returns how many joined, -1 when out of memory. */
static long price(struct solver *s, struct graph *g)
{
	size_t most = 0;
	long joined = 0;
	uint8_t *take;
	int32_t *h, *v;

	for (size_t i = 0; i < s->n; i++)
		most = g->off[i + 1] - g->off[i] > most ? g->off[i + 1] - g->off[i] : most;
	take = calloc(most + 1, 1);
	h = malloc((most + 1) * sizeof(*h));
	v = malloc((most + 1) * sizeof(*v));
	if (!take || !h || !v)
		joined = -1;
	for (size_t i = 0; joined >= 0 && i < s->n; i++) {
		int32_t pi = s->arc_of[i] < 0 ? s->pot_s : s->pot[i];
		long found = 0;
		for (uint32_t a = g->end[i]; a < g->off[i + 1]; a++) {
			if (pi - g->gain[a] - s->pot_max >= 0)
				break; /* gains only fall: no arc further can be negative */
			take[a - g->end[i]] =
			    found < JOIN_MAX &&
			    pi - g->gain[a] - s->pot[s->n + (size_t)g->head[a]] < 0;
			found += take[a - g->end[i]];
		}
		if (found)
			take_arcs(g, i, take, h, v);
		memset(take, 0, g->off[i + 1] - g->off[i]);
		joined += found;
	}
	free(take);
	free(h);
	free(v);
	return joined;
}

int flow_solve(struct graph *g, int32_t *arc_of, size_t *phases)
{
	struct solver s;
	long joined;

	*phases = 0;
	do {
		if (solver_init(&s, g, arc_of) < 0 || run_phases(&s, phases) < 0)
			goto error;
		joined = g->end ? price(&s, g) : 0;
		solver_free(&s);
	} while (joined > 0);
	return joined < 0 ? -1 : 0;
error:
	solver_free(&s);
	return -1;
}

/* ---------------------------------------------------------------- greedy */

int flow_greedy(const struct graph *g, int32_t *arc_of)
{
	int32_t top = 0, *order = NULL, *owner = NULL, *left = NULL;
	size_t *start = NULL;
	int rc = -1;

	for (size_t a = 0; a < g->narcs; a++)
		top = g->gain[a] > top ? g->gain[a] : top;
	order = malloc((g->narcs + 1) * sizeof(*order));
	owner = malloc((g->narcs + 1) * sizeof(*owner));
	left = malloc((g->m + 1) * sizeof(*left));
	start = calloc((size_t)top + 2, sizeof(*start));
	if (!order || !owner || !left || !start)
		goto error;
	/* counting sort by gain, best first; mentee then candidate order within a gain */
	for (size_t a = 0; a < g->narcs; a++)
		start[top - g->gain[a] + 1]++;
	for (int32_t x = 0; x <= top; x++)
		start[x + 1] += start[x];
	for (size_t i = 0; i < g->n; i++) {
		arc_of[i] = -1;
		for (uint32_t a = g->off[i]; a < g->off[i + 1]; a++) {
			size_t at = start[top - g->gain[a]]++;
			order[at] = (int32_t)a;
			owner[at] = (int32_t)i;
		}
	}
	memcpy(left, g->slots, g->m * sizeof(*left));
	for (size_t x = 0; x < g->narcs; x++) {
		int32_t a = order[x], i = owner[x], j = g->head[a];
		if (arc_of[i] < 0 && left[j] > 0) {
			arc_of[i] = a;
			left[j]--;
		}
	}
	rc = 0;
error:
	free(order);
	free(owner);
	free(left);
	free(start);
	return rc;
}
