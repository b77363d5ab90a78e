#include "impact_matching.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "impact.h"

static const char *const filter_names[IM_FILTERS] = {"capacity", "language", "excluded",
						     "competition", "not_run"};
static const char *const outcome_names[] = {"pending", "accepted",  "declined",
					    "expired", "withdrawn", NULL};
#define LOADS 4 /* rows of acceptance_by_load: 0, 1, 2, 3+ */

/* The index of s in names (NULL-terminated or of n entries), or -1. */
static int name_index(const char *s, const char *const *names, int n)
{
	int i;

	for (i = 0; s && i < n && names[i]; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

static int64_t ms_of(const json_t *o, const char *k)
{
	const json_t *v = json_object_get(o, k);

	return json_is_integer(v) && json_integer_value(v) > 0 ? (int64_t)json_integer_value(v) : 0;
}

/* The offers [[load, outcome]...] (an empty Lua table may come as {}). */
static void read_offers(const json_t *offers, im_mentee *out)
{
	size_t i;
	const json_t *e;

	json_array_foreach(offers, i, e)
	{
		int o = name_index(json_string_value(json_array_get(e, 1)), outcome_names, 5);
		json_int_t load = json_integer_value(json_array_get(e, 0));
		if (out->noffers == IM_OFFERS_MAX || o < 0 || load < 0)
			continue;
		out->offers[out->noffers].load = load > 1000 ? 1000 : (int)load;
		out->offers[out->noffers++].outcome = o;
	}
}

int impact_matching_read(const char *text, size_t len, im_mentee *out)
{
	static const char *const statuses[] = {"queued", "offered", "matched", NULL};
	json_t *o = json_loadb(text, len, 0, NULL);
	const char *country;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (!json_is_object(o))
		goto done;
	out->requested_at = ms_of(o, "requested_at");
	out->offered_at = ms_of(o, "offered_at");
	out->matched_at = ms_of(o, "matched_at");
	out->last_message_at = ms_of(o, "last_message_at");
	out->status = name_index(json_string_value(json_object_get(o, "status")), statuses, 3);
	out->filter =
	    name_index(json_string_value(json_object_get(o, "filter")), filter_names, IM_NOT_RUN);
	if (out->filter < 0)
		out->filter = IM_NOT_RUN;
	country = json_string_value(json_object_get(o, "country"));
	if (country && strlen(country) == 2)
		memcpy(out->country, country, 3);
	read_offers(json_object_get(o, "offers"), out);
	rc = out->requested_at && out->status >= 0 ? 0 : -1;
done:
	json_decref(o);
	return rc;
}

/* A step of the funnel: a part of those requested and of the step before it (prev, or -1
 * when that one is hidden), so neither difference gives away fewer than 5 people. */
static json_t *step_new(const char *step, long people, long requested, long *prev)
{
	int hidden = impact_chain_hidden(people, requested, prev);

	return json_pack("{s:s, s:o, s:o}", "step", step, "people", impact_cell_new(people, hidden),
			 "share", impact_share_hidden_new(people, requested, hidden));
}

/* The four steps from requested to active, then lasting (eligible: matched long enough). */
static json_t *funnel_new(const im_mentee *v, size_t n, int64_t now)
{
	long offered = 0, matched = 0, active = 0, eligible = 0, lasting = 0, prev = -1;
	json_t *out = json_array();
	size_t i;

	for (i = 0; i < n; i++) {
		const im_mentee *m = &v[i];
		if (m->offered_at || m->status == IM_MATCHED)
			offered++;
		if (m->status != IM_MATCHED)
			continue;
		matched++;
		active += m->last_message_at && m->last_message_at >= now - IM_ACTIVE_MS;
		if (!m->matched_at || m->matched_at > now - IM_LASTING_MS)
			continue;
		eligible++;
		lasting += m->last_message_at >= m->matched_at + IM_LASTING_MS;
	}
	json_array_append_new(out, step_new("requested", (long)n, (long)n, &prev));
	json_array_append_new(out, step_new("offered", offered, (long)n, &prev));
	json_array_append_new(out, step_new("accepted", matched, (long)n, &prev));
	json_array_append_new(out, step_new("active", active, (long)n, &prev));
	json_array_append_new(out, json_pack("{s:s, s:o, s:o, s:o}", "step", "lasting", "people",
					     impact_part_new(lasting, eligible), "eligible",
					     impact_count_new(eligible), "share",
					     impact_share_new(lasting, eligible)));
	return out;
}

static json_t *hours_new(long people, const double *sorted, size_t n, double p)
{
	return impact_over_new(people, json_real(round(impact_percentile(sorted, n, p) * 10) / 10));
}

/* Hours from the first request to the match, over the matches whose time is known. */
static json_t *time_to_match_new(const im_mentee *v, size_t n)
{
	double *h = malloc((n + 1) * sizeof(*h));
	size_t i, k = 0;
	json_t *out;

	if (!h)
		return NULL;
	for (i = 0; i < n; i++)
		if (v[i].status == IM_MATCHED && v[i].matched_at >= v[i].requested_at)
			h[k++] = (double)(v[i].matched_at - v[i].requested_at) / 3600000.0;
	impact_sort(h, k);
	out = json_pack("{s:o, s:o, s:o}", "matches", impact_count_new((long)k), "median_hours",
			hours_new((long)k, h, k, 50), "p75_hours", hours_new((long)k, h, k, 75));
	free(h);
	return out;
}

/* Offers by the mentor's load when made: 0, 1, 2, 3 or more. */
static json_t *by_load_new(const im_mentee *v, size_t n)
{
	static const char *const labels[LOADS] = {"0", "1", "2", "3+"};
	long count[LOADS][5] = {{0}}, offers[LOADS] = {0};
	json_t *out = json_array();
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < v[i].noffers; j++) {
			int l = v[i].offers[j].load < LOADS - 1 ? v[i].offers[j].load : LOADS - 1;
			offers[l]++;
			count[l][v[i].offers[j].outcome]++;
		}
	for (i = 0; i < LOADS; i++) {
		long *c = count[i];
		unsigned char h[5] = {0}; /* the outcomes, waiting ones too, add up to offers */

		impact_protect(c, 5, h);
		json_array_append_new(
		    out,
		    json_pack("{s:s, s:o, s:o, s:o, s:o, s:o}", "load", labels[i], "offers",
			      impact_count_new(offers[i]), "accepted",
			      impact_cell_new(c[IM_ACCEPTED], h[IM_ACCEPTED]), "declined",
			      impact_cell_new(c[IM_DECLINED], h[IM_DECLINED]), "expired",
			      impact_cell_new(c[IM_EXPIRED], h[IM_EXPIRED]), "rate",
			      /* hidden with any of its counts: it would tell their sum */
			      impact_share_hidden_new(
				  c[IM_ACCEPTED], c[IM_ACCEPTED] + c[IM_DECLINED] + c[IM_EXPIRED],
				  h[IM_ACCEPTED] || h[IM_DECLINED] || h[IM_EXPIRED])));
	}
	return out;
}

/* The mentees with no match now, by what kept them unmatched; "offered" counts those whose
 * offer waits for the mentor's answer. */
static json_t *unmatched_new(const im_mentee *v, size_t n)
{
	long by[IM_FILTERS + 1] = {0}, offered = 0, total = 0;
	unsigned char hide[IM_FILTERS + 1] = {0};
	json_t *rows = json_array();
	size_t i;

	for (i = 0; i < n; i++) {
		if (v[i].status == IM_MATCHED)
			continue;
		total++;
		if (v[i].status == IM_OFFERED)
			offered++;
		else
			by[v[i].filter]++;
	}
	/* The rows add up to the unmatched: one hidden alone could be worked out. */
	by[IM_FILTERS] = offered;
	impact_protect(by, IM_FILTERS + 1, hide);
	for (i = 0; i < IM_FILTERS; i++)
		json_array_append_new(rows, json_pack("{s:s, s:o}", "filter", filter_names[i],
						      "mentees", impact_cell_new(by[i], hide[i])));
	json_array_append_new(rows, json_pack("{s:s, s:o}", "filter", "offered", "mentees",
					      impact_cell_new(offered, hide[IM_FILTERS])));
	return json_pack("{s:o, s:o}", "mentees", impact_count_new(total), "by_filter", rows);
}

json_t *impact_matching_new(const im_mentee *v, size_t n, int64_t now)
{
	json_t *ttm = time_to_match_new(v, n);

	if (!ttm)
		return NULL;
	return json_pack("{s:o, s:o, s:o, s:o}", "funnel", funnel_new(v, n, now), "time_to_match",
			 ttm, "acceptance_by_load", by_load_new(v, n), "unmatched",
			 unmatched_new(v, n));
}
