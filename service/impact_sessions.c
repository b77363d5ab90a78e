/* report.sessions' figures (see impact_report.h and docs/impact.md). */
#include "impact_report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "impact.h"
#include "matcher.h"

#define MINUTE_MS 60000LL
#define SAMPLES_MAX 20160 /* two weeks of minutes; a longer session is sampled less often */

static long long num_of(const json_t *o, const char *k)
{
	return (long long)json_number_value(json_object_get(o, k));
}

static const char *str_of(const json_t *o, const char *k)
{
	const char *v = json_string_value(json_object_get(o, k));
	return v ? v : "";
}

static double round1(double x)
{
	return round(x * 10.0) / 10.0;
}

int impact_person_in(const json_t *person, const char *region)
{
	const char *r;

	if (!person)
		return 0;
	if (!region)
		return 1;
	r = matcher_region_name(json_string_value(json_object_get(person, "country")));
	return r && !strcmp(r, region);
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

/* Adds the spans of text ("start-end,start-end,start") to s; open ones end at open_end.
 * Returns the milliseconds they cover, or -1 out of memory. */
static long long spans_add(impact_session *s, const char *text, long long open_end)
{
	const char *p = text;
	long long total = 0;

	while (p && *p) {
		char *q;
		long long a = strtoll(p, &q, 10), b = open_end;
		long long *ns, *ne;

		if (q == p)
			break;
		if (*q == '-') {
			p = q + 1;
			b = strtoll(p, &q, 10);
		}
		if (b < a)
			b = a;
		ns = realloc(s->starts, (s->nspans + 1) * sizeof(*ns));
		if (ns)
			s->starts = ns;
		ne = realloc(s->ends, (s->nspans + 1) * sizeof(*ne));
		if (ne)
			s->ends = ne;
		if (!ns || !ne)
			return -1;
		s->starts[s->nspans] = a;
		s->ends[s->nspans++] = b;
		total += b - a;
		p = *q == ',' ? q + 1 : NULL;
	}
	return total;
}

int impact_session_load(impact_session *s, const json_t *session, const json_t *people,
			const char *region, long long now)
{
	const json_t *facts = json_object_get(session, "people"), *f;
	const json_t *closed = json_object_get(session, "closed_at");
	long long open_end = json_is_number(closed) ? (long long)json_number_value(closed) : now;
	const char *uid;

	memset(s, 0, sizeof(*s));
	s->j = session;
	s->att = calloc(json_object_size(facts) + 1, sizeof(*s->att));
	if (!s->att)
		return -1;
	json_object_foreach((json_t *)facts, uid, f)
	{
		const json_t *person = json_object_get(people, uid);
		const char *a = json_string_value(json_object_get(f, "a"));
		impact_att *t = &s->att[s->n];
		long long ms;

		if (!a || !*a || !impact_person_in(person, region))
			continue;
		if ((ms = spans_add(s, a, open_end)) < 0)
			return -1;
		t->id = uid;
		t->person = person;
		t->minutes = (double)ms / (double)MINUTE_MS;
		t->messages = (long)num_of(f, "m");
		t->hands = (long)num_of(f, "h");
		t->placed = num_of(f, "b") > 0;
		t->group_spoke = t->placed && num_of(f, "g") > 0;
		s->n++;
	}
	if (s->nspans > 1) {
		qsort(s->starts, s->nspans, sizeof(*s->starts), cmp_ll);
		qsort(s->ends, s->nspans, sizeof(*s->ends), cmp_ll);
	}
	return 0;
}

void impact_session_clear(impact_session *s)
{
	if (!s)
		return;
	free(s->att);
	free(s->starts);
	free(s->ends);
	memset(s, 0, sizeof(*s));
}

/* The number present at t (spans are [start, end)); *i and *j only move forward, so t must
 * not decrease between calls with the same counters. */
static long present_at(const impact_session *s, long long t, size_t *i, size_t *j)
{
	while (*i < s->nspans && s->starts[*i] <= t)
		(*i)++;
	while (*j < s->nspans && s->ends[*j] <= t)
		(*j)++;
	return (long)(*i - *j);
}

static long peak_online(const impact_session *s)
{
	size_t i = 0, j = 0, k;
	long peak = 0, n;

	for (k = 0; k < s->nspans; k++)
		if ((n = present_at(s, s->starts[k], &i, &j)) > peak)
			peak = n;
	return peak;
}

/* The median of the number present at each whole minute from the first join to the last
 * leave; -1 out of memory. */
static double median_online(const impact_session *s)
{
	long long t0, t1, step = MINUTE_MS, t;
	size_t i = 0, j = 0, n = 0, cap;
	double *v, m;

	if (!s->nspans)
		return 0;
	t0 = s->starts[0];
	t1 = s->ends[s->nspans - 1];
	if ((t1 - t0) / MINUTE_MS + 1 > SAMPLES_MAX)
		step = ((t1 - t0) / (SAMPLES_MAX - 1) / MINUTE_MS + 1) * MINUTE_MS;
	cap = (size_t)((t1 - t0) / step + 1);
	if (!(v = malloc(cap * sizeof(*v))))
		return -1;
	for (t = t0; t <= t1 && n < cap; t += step)
		v[n++] = (double)present_at(s, t, &i, &j);
	impact_sort(v, n);
	m = impact_percentile(v, n, 50);
	free(v);
	return m;
}

/* The p-th percentiles of the attendees' minutes (messages) as over(n, 1 decimal) cells of o. */
static int percentiles_set(json_t *o, const impact_session *s, int messages,
			   const char *const *names, const double *ps, size_t np)
{
	double *v = malloc((s->n + 1) * sizeof(*v));
	size_t i;

	if (!v)
		return -1;
	for (i = 0; i < s->n; i++)
		v[i] = messages ? (double)s->att[i].messages : s->att[i].minutes;
	impact_sort(v, s->n);
	for (i = 0; i < np; i++)
		json_object_set_new(
		    o, names[i],
		    impact_over_new((long)s->n,
				    json_real(round1(impact_percentile(v, s->n, ps[i])))));
	free(v);
	return 0;
}

static json_t *minutes_new(const impact_session *s)
{
	static const char *const names[] = {"median", "p25", "p75"};
	static const double ps[] = {50, 25, 75};
	json_t *o = json_object();
	double total = 0;
	size_t i;

	for (i = 0; i < s->n; i++)
		total += s->att[i].minutes;
	json_object_set_new(o, "total", impact_over_new((long)s->n, json_real(round1(total))));
	if (percentiles_set(o, s, 0, names, ps, 3)) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *bucket_new(const char *label, long people, int hidden)
{
	return json_pack("{s:s, s:o}", "label", label, "people", impact_cell_new(people, hidden));
}

static json_t *messages_new(const impact_session *s)
{
	static const char *const names[] = {"median", "p75", "p90"};
	static const double ps[] = {50, 75, 90};
	json_t *o = json_object();
	long total = 0, b[4] = {0};
	unsigned char hide[4];
	size_t i;

	for (i = 0; i < s->n; i++) {
		long m = s->att[i].messages;
		total += m;
		b[m <= 0 ? 0 : m <= 2 ? 1 : m <= 9 ? 2 : 3]++;
	}
	json_object_set_new(o, "total", impact_over_new((long)s->n, json_integer(total)));
	if (percentiles_set(o, s, 1, names, ps, 3)) {
		json_decref(o);
		return NULL;
	}
	/* The buckets add up to the attendees: one hidden alone could be worked out. */
	impact_protect(b, 4, hide);
	json_object_set_new(
	    o, "buckets",
	    json_pack("[o,o,o,o]", bucket_new("0", b[0], hide[0]), bucket_new("1-2", b[1], hide[1]),
		      bucket_new("3-9", b[2], hide[2]), bucket_new("10+", b[3], hide[3])));
	return o;
}

static json_t *hands_new(const impact_session *s)
{
	long raised = 0, people = 0;
	size_t i;

	for (i = 0; i < s->n; i++) {
		raised += s->att[i].hands;
		people += s->att[i].hands > 0;
	}
	return json_pack("{s:o, s:o, s:o}", "raised",
			 impact_over_new((long)s->n, json_integer(raised)), "people",
			 impact_part_new(people, (long)s->n), "share",
			 impact_share_new(people, (long)s->n));
}

static const impact_att *att_find(const impact_session *s, const char *uid)
{
	size_t i;

	for (i = 0; uid && i < s->n; i++)
		if (!strcmp(s->att[i].id, uid))
			return &s->att[i];
	return NULL;
}

/* Voters: the attendees in scope among a named poll's voters; an anonymous poll stores no
 * voter, so its own count, and nothing (null) under a region filter. */
static json_t *polls_new(const impact_session *s, const char *region)
{
	json_t *out = json_array(), *p;
	size_t i, k;

	json_array_foreach(json_object_get(s->j, "polls"), i, p)
	{
		const json_t *who = json_object_get(p, "who"), *w;
		long voters = 0;
		int known = 1, anonymous = json_is_true(json_object_get(p, "anonymous"));

		if (anonymous) {
			voters = (long)num_of(p, "voters");
			known = region == NULL;
		} else {
			json_array_foreach(who, k, w) voters +=
			    att_find(s, json_string_value(w)) != NULL;
		}
		json_array_append_new(
		    out,
		    json_pack("{s:O?, s:O?, s:O?, s:o, s:o}", "poll", json_object_get(p, "poll"),
			      "question", json_object_get(p, "question"), "state",
			      json_object_get(p, "state"), "voters",
			      !known	  ? json_null()
			      : anonymous ? impact_count_new(voters)
					  : impact_part_new(voters, (long)s->n),
			      "turnout",
			      known ? impact_share_new(voters, (long)s->n) : json_null()));
	}
	return out;
}

static json_t *breakout_new(const impact_session *s)
{
	long rounds = (long)num_of(s->j, "rounds"), placed = 0, spoke = 0;
	size_t i;

	if (rounds <= 0)
		return json_null();
	for (i = 0; i < s->n; i++) {
		placed += s->att[i].placed;
		spoke += s->att[i].group_spoke;
	}
	return json_pack("{s:I, s:o, s:o, s:o, s:o}", "rounds", (json_int_t)rounds, "placed",
			 impact_part_new(placed, (long)s->n), "placed_share",
			 impact_share_new(placed, (long)s->n), "spoke",
			 impact_part_new(spoke, placed), "spoke_share",
			 impact_share_new(spoke, placed));
}

/* One row of by_origin or by_residence: a country code ("" for none given). */
typedef struct country_row {
	const char *code;
	long attended, spoke;
	double *minutes;
} country_row;

static int cmp_row(const void *a, const void *b)
{
	const country_row *x = a, *y = b;

	if (x->attended != y->attended)
		return x->attended > y->attended ? -1 : 1;
	if (!*x->code != !*y->code)
		return *x->code ? -1 : 1; /* not given: last */
	return strcmp(x->code, y->code);
}

/* Which rows' counts to hide: the rows add up to the attendees and their spoke to the
 * session's spoke, and each row's spoke is a part of its attended (docs/impact.md). */
static void rows_protect(const country_row *rows, size_t n, long *att, long *spoke,
			 unsigned char *hide_att, unsigned char *hide_spoke)
{
	size_t i;

	for (i = 0; i < n; i++) {
		att[i] = rows[i].attended;
		spoke[i] = rows[i].spoke;
	}
	impact_protect(att, n, hide_att);
	for (i = 0; i < n; i++)
		hide_spoke[i] = (unsigned char)impact_part_hidden(spoke[i], att[i], hide_att[i]);
	impact_protect(spoke, n, hide_spoke);
}

static json_t *rows_json_new(country_row *rows, size_t n)
{
	json_t *out = json_array();
	/* attended then spoke, per row; n + 1: never a zero size, which may give NULL */
	long *att = calloc(n + 1, 2 * sizeof(long));
	unsigned char *hide = calloc(n + 1, 2);
	size_t i;

	if (!att || !hide) {
		free(att);
		free(hide);
		json_decref(out);
		return NULL;
	}
	qsort(rows, n, sizeof(*rows), cmp_row);
	rows_protect(rows, n, att, att + n, hide, hide + n);
	for (i = 0; i < n; i++) {
		country_row *r = &rows[i];
		double med;

		impact_sort(r->minutes, (size_t)r->attended);
		med = round1(impact_percentile(r->minutes, (size_t)r->attended, 50));
		json_array_append_new(
		    out, json_pack("{s:o, s:o, s:o, s:o}", "country",
				   *r->code ? json_string(r->code) : json_null(), "attended",
				   impact_cell_new(r->attended, hide[i]), "spoke",
				   impact_cell_new(r->spoke, hide[n + i]), "minutes_median",
				   impact_over_new(r->attended, json_real(med))));
	}
	free(att);
	free(hide);
	return out;
}

/* The attendees by the person's field ("origin" or "country"), or NULL out of memory. */
static json_t *by_country_new(const impact_session *s, const char *field)
{
	country_row *rows = calloc(s->n + 1, sizeof(*rows));
	size_t i, k, n = 0;
	json_t *out = NULL;

	if (!rows)
		return NULL;
	for (i = 0; i < s->n; i++) {
		const char *code = json_string_value(json_object_get(s->att[i].person, field));
		country_row *r = NULL;

		code = code ? code : "";
		for (k = 0; k < n && !r; k++)
			if (!strcmp(rows[k].code, code))
				r = &rows[k];
		if (!r) {
			r = &rows[n++];
			r->code = code;
			if (!(r->minutes = calloc(s->n, sizeof(*r->minutes))))
				goto done;
		}
		r->minutes[r->attended++] = s->att[i].minutes;
		r->spoke += s->att[i].messages > 0;
	}
	out = rows_json_new(rows, n);
done:
	for (k = 0; k < n; k++)
		free(rows[k].minutes);
	free(rows);
	return out;
}

/* The figures of one loaded session, or NULL out of memory. */
static json_t *session_new(const impact_session *s, const json_t *people, const char *region)
{
	const json_t *j = s->j, *p;
	const char *cohort = json_string_value(json_object_get(j, "cohort")), *uid;
	json_t *registered = json_null(), *rate = json_null(), *o;
	long spoke = 0, reg = 0;
	size_t i;

	if (cohort) {
		json_object_foreach((json_t *)people, uid, p)
		{
			const char *c = json_string_value(json_object_get(p, "cohort"));
			reg += c && !strcmp(c, cohort) && impact_person_in(p, region);
		}
		registered = impact_count_new(reg);
		rate = impact_share_new((long)s->n, reg);
	}
	for (i = 0; i < s->n; i++)
		spoke += s->att[i].messages > 0;
	o = json_pack("{s:O?, s:O?, s:O?, s:O?, s:O?, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "room",
		      json_object_get(j, "room"), "title", json_object_get(j, "title"), "cohort",
		      json_object_get(j, "cohort"), "starts_at", json_object_get(j, "starts_at"),
		      "ends_at", json_object_get(j, "ends_at"), "registered", registered,
		      "attended", impact_count_new((long)s->n), "attendance_rate", rate,
		      "peak_online", impact_over_new((long)s->n, json_integer(peak_online(s))),
		      "median_online", impact_over_new((long)s->n, json_real(median_online(s))),
		      "spoke", impact_part_new(spoke, (long)s->n), "spoke_share",
		      impact_share_new(spoke, (long)s->n));
	if (!o)
		return NULL;
	json_object_set_new(o, "minutes", minutes_new(s));
	json_object_set_new(o, "messages", messages_new(s));
	json_object_set_new(o, "hands", hands_new(s));
	json_object_set_new(o, "polls", polls_new(s, region));
	json_object_set_new(o, "breakout", breakout_new(s));
	json_object_set_new(o, "by_origin", by_country_new(s, "origin"));
	json_object_set_new(o, "by_residence", by_country_new(s, "country"));
	return o;
}

static int cmp_session(const void *a, const void *b)
{
	const json_t *x = *(const json_t *const *)a, *y = *(const json_t *const *)b;
	long long sx = num_of(x, "starts_at"), sy = num_of(y, "starts_at");

	if (sx != sy)
		return sx < sy ? -1 : 1;
	return strcmp(str_of(x, "room"), str_of(y, "room"));
}

const json_t **impact_sessions_sorted(const json_t *facts, size_t *n)
{
	const json_t *list = json_object_get(facts, "sessions");
	const json_t **v;
	size_t i;

	*n = json_array_size(list);
	if (!(v = calloc(*n + 1, sizeof(*v))))
		return NULL;
	for (i = 0; i < *n; i++)
		v[i] = json_array_get(list, i);
	qsort(v, *n, sizeof(*v), cmp_session);
	return v;
}

json_t *impact_sessions_new(const json_t *facts, const char *region)
{
	const json_t *people = json_object_get(facts, "people");
	long long now = num_of(facts, "now");
	json_t *out = json_array(), *seen = json_object(), *res = NULL;
	const json_t **order;
	long attendances = 0;
	size_t i, k, n;

	if (!(order = impact_sessions_sorted(facts, &n)) || !out || !seen)
		goto done;
	for (i = 0; i < n; i++) {
		impact_session s;
		json_t *one = NULL;

		if (!impact_session_load(&s, order[i], people, region, now))
			one = session_new(&s, people, region);
		for (k = 0; one && k < s.n; k++)
			json_object_set_new(seen, s.att[k].id, json_true());
		attendances += (long)s.n;
		impact_session_clear(&s);
		if (!one || json_array_append_new(out, one))
			goto done;
	}
	res = json_pack("{s:O, s:{s:I, s:o, s:o}}", "sessions", out, "totals", "sessions",
			(json_int_t)n, "people", impact_count_new((long)json_object_size(seen)),
			"attendances", impact_count_new(attendances));
done:
	free(order);
	json_decref(out);
	json_decref(seen);
	return res;
}
