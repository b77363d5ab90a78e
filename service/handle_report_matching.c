/* Admin report.matching (docs/impact.md, "Mentorship funnel"): report_matching.lua reads the
 * funnel records of the mentees in range and cohort, this file keeps those living in the
 * region and impact_matching.c computes the figures at the node's clock. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "impact.h"
#include "impact_matching.h"
#include "match.h"
#include "matcher.h"
#include "reply.h"
#include "store_admin.h"
#include "util.h"

/* The request's filters as the answer echoes them: from, to, cohort, region (null when
 * absent). A new reference. */
static json_t *report_filters_new(const json_t *body)
{
	static const char *const names[] = {"from", "to", "cohort", "region", NULL};
	json_t *out = json_object();
	size_t i;

	for (i = 0; names[i]; i++) {
		json_t *v = json_object_get(body, names[i]);
		json_object_set_new(out, names[i], v ? json_incref(v) : json_null());
	}
	return out;
}

/* The figures of the records of list 0 whose mentee lives in region (NULL: anywhere), or
 * NULL when out of memory. A new reference. */
static json_t *report_figures_new(const store_answer *a, const char *region, int64_t now)
{
	size_t i, n = a->lists[REPORT_MATCHING_LIST_MENTEES].n, k = 0;
	im_mentee *v = malloc((n + 1) * sizeof(*v));
	json_t *out;

	if (!v)
		return NULL;
	for (i = 0; i < n; i++) {
		store_str e = a->lists[REPORT_MATCHING_LIST_MENTEES].items[i];
		const char *r;
		if (impact_matching_read(e.p, e.len, &v[k]))
			continue;
		r = matcher_region_name(v[k].country);
		if (!region || (r && !strcmp(r, region)))
			k++;
	}
	out = impact_matching_new(v, k, now);
	free(v);
	return out;
}

static void report_matching_answered(const store_answer *a, void *priv)
{
	request *rq = priv;
	const char *region = json_string_value(json_object_get(rq->body, "region"));
	int64_t now = util_now_ms();
	json_t *out, *figures;

	if (!request_live(rq) || reply_answer_failed(rq->c, rq->re, a)) {
		request_free(rq);
		return;
	}
	out = report_filters_new(rq->body);
	figures = report_figures_new(a, region, now);
	if (!out || !figures || json_object_update(out, figures) ||
	    json_object_set_new(out, "generated_at", json_integer(now)) ||
	    json_object_set_new(out, "min_cell", json_integer(IMPACT_MIN_CELL))) {
		reply_error(rq->c, rq->re, "internal", NULL);
		json_decref(out);
	} else {
		reply_ok(rq->c, rq->re, out);
	}
	json_decref(figures);
	request_free(rq);
}

/* A field's integer as text, "" when absent. */
static const char *report_ms_arg(const json_t *body, const char *name, char *buf, size_t bufsz)
{
	const json_t *v = json_object_get(body, name);

	if (!v)
		return "";
	snprintf(buf, bufsz, "%lld", (long long)json_integer_value(v));
	return buf;
}

void handle_report_matching(conn *c, json_t *re, json_t *body)
{
	const char *cohort = json_string_value(json_object_get(body, "cohort"));
	const char *bad = impact_filters_error(body);
	char fbuf[24], tbuf[24];
	const char *fields[3];
	request *rq;

	if (bad) {
		reply_error(c, re, "bad_request", bad);
		return;
	}
	if (!(rq = request_new(c, re, body))) {
		reply_error(c, re, "internal", NULL);
		return;
	}
	fields[0] = report_ms_arg(body, "from", fbuf, sizeof(fbuf));
	fields[1] = report_ms_arg(body, "to", tbuf, sizeof(tbuf));
	fields[2] = cohort ? cohort : "";
	script_report_matching(report_matching_answered, rq, c->uid, c->name, "report.matching", "",
			       c->jti, 3, fields);
}
