/* report.cohort's figures (see impact_report.h and docs/impact.md). */
#include "impact_report.h"

#include <stdlib.h>
#include <string.h>

#include "impact.h"

/* What one person did across the cohort's sessions. */
typedef struct cohort_person {
	long sessions; /* attended */
	size_t first;  /* the index of the first one */
} cohort_person;

/* The cohort's attendance: who attended what, by session. */
typedef struct cohort_tally {
	json_t *index; /* uid -> index in people */
	cohort_person *people;
	size_t n, cap;
	long *attended, *first_time; /* per session */
	size_t nsessions;
} cohort_tally;

static int tally_add(cohort_tally *t, const char *uid, size_t session)
{
	json_t *at = json_object_get(t->index, uid);
	cohort_person *p;

	if (at) {
		t->people[json_integer_value(at)].sessions++;
		return 0;
	}
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		cohort_person *np = realloc(t->people, cap * sizeof(*np));
		if (!np)
			return -1;
		t->people = np;
		t->cap = cap;
	}
	if (json_object_set_new(t->index, uid, json_integer((json_int_t)t->n)))
		return -1;
	p = &t->people[t->n++];
	p->sessions = 1;
	p->first = session;
	t->first_time[session]++;
	return 0;
}

/* Reads every session's attendees in starts_at order into t; order as sorted. */
static int tally_load(cohort_tally *t, const json_t *facts, const json_t **order, size_t n,
		      const char *region)
{
	const json_t *people = json_object_get(facts, "people");
	long long now = (long long)json_number_value(json_object_get(facts, "now"));
	size_t i, k;

	t->nsessions = n;
	t->index = json_object();
	t->attended = calloc(n + 1, sizeof(*t->attended));
	t->first_time = calloc(n + 1, sizeof(*t->first_time));
	if (!t->index || !t->attended || !t->first_time)
		return -1;
	for (i = 0; i < n; i++) {
		impact_session s;
		int err = impact_session_load(&s, order[i], people, region, now);

		t->attended[i] = (long)s.n;
		for (k = 0; !err && k < s.n; k++)
			err = tally_add(t, s.att[k].id, i);
		impact_session_clear(&s);
		if (err)
			return -1;
	}
	return 0;
}

static void tally_clear(cohort_tally *t)
{
	json_decref(t->index);
	free(t->people);
	free(t->attended);
	free(t->first_time);
}

static json_t *sessions_json_new(const cohort_tally *t, const json_t **order)
{
	json_t *out = json_array();
	size_t i;

	for (i = 0; i < t->nsessions; i++)
		json_array_append_new(
		    out,
		    json_pack("{s:O?, s:O?, s:O?, s:o, s:o, s:o}", "room",
			      json_object_get(order[i], "room"), "title",
			      json_object_get(order[i], "title"), "starts_at",
			      json_object_get(order[i], "starts_at"), "attended",
			      impact_count_new(t->attended[i]), "first_time",
			      impact_part_new(t->first_time[i], t->attended[i]), "returning",
			      impact_part_new(t->attended[i] - t->first_time[i], t->attended[i])));
	return out;
}

static json_t *retention_new(const cohort_tally *t)
{
	json_t *out = json_array();
	long prev = -1;
	size_t k, i;

	/* People at k or more and at k + 1 or more would count those at exactly k. */
	for (k = 1; k <= t->nsessions; k++) {
		long people = 0;
		int hidden;

		for (i = 0; i < t->n; i++)
			people += t->people[i].sessions >= (long)k;
		hidden = impact_chain_hidden(people, (long)t->n, &prev);
		json_array_append_new(
		    out, json_pack("{s:I, s:o, s:o}", "sessions", (json_int_t)k, "people",
				   impact_cell_new(people, hidden), "share",
				   impact_share_hidden_new(people, (long)t->n, hidden)));
	}
	return out;
}

static json_t *drop_off_new(const cohort_tally *t)
{
	long first = 0, back = 0, once = 0;
	size_t i;

	for (i = 0; i < t->n; i++) {
		const cohort_person *p = &t->people[i];

		once += p->sessions == 1;
		if (p->first == 0) {
			first++;
			back += p->sessions > 1;
		}
	}
	return json_pack("{s:o, s:o, s:o, s:o, s:o}", "attended_first", impact_count_new(first),
			 "came_back", impact_part_new(back, first), "dropped",
			 impact_part_new(first - back, first), "dropped_share",
			 impact_share_new(first - back, first), "one_time",
			 impact_part_new(once, (long)t->n));
}

json_t *impact_cohort_new(const json_t *facts, const char *cohort, const char *region)
{
	const json_t *people = json_object_get(facts, "people"), *p;
	cohort_tally t = {0};
	const json_t **order;
	json_t *res = NULL;
	long roster = 0, never = 0;
	const char *uid;
	size_t n;

	if (!(order = impact_sessions_sorted(facts, &n)) || tally_load(&t, facts, order, n, region))
		goto done;
	json_object_foreach((json_t *)people, uid, p)
	{
		const char *c = json_string_value(json_object_get(p, "cohort"));

		if (!c || strcmp(c, cohort) || !impact_person_in(p, region))
			continue;
		roster++;
		never += json_object_get(t.index, uid) == NULL;
	}
	res = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "roster", impact_count_new(roster),
			"attended_any", impact_count_new((long)t.n), "never",
			impact_count_new(never), "sessions", sessions_json_new(&t, order),
			"retention", retention_new(&t), "drop_off", drop_off_new(&t));
done:
	tally_clear(&t);
	free(order);
	return res;
}
