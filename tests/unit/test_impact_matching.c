/* Unit tests for service/impact_matching.c: known funnel records give known figures, small
 * cells suppressed. */
#include "impact_matching.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"

#define H 3600000LL
#define NOW (200 * IM_DAY_MS)

/* The figures of v as compact JSON text (the caller frees it). */
static char *figures(const im_mentee *v, size_t n)
{
	json_t *o = impact_matching_new(v, n, NOW);
	char *s = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;

	json_decref(o);
	return s;
}

/* Checks that the figures of v equal the JSON text want. */
static void check_figures(const im_mentee *v, size_t n, const char *want)
{
	json_t *w = json_loads(want, 0, NULL), *got = impact_matching_new(v, n, NOW);
	char *s = figures(v, n);

	CHECK(w != NULL);
	if (!CHECK(json_equal(got, w)))
		fprintf(stderr, "    got %s\n", s ? s : "(null)");
	free(s);
	json_decref(w);
	json_decref(got);
}

static void offer(im_mentee *m, int load, int outcome)
{
	m->offers[m->noffers].load = load;
	m->offers[m->noffers++].outcome = outcome;
}

/* Seven matched after 1..7 hours (the first six 60 days ago, five of them still writing
 * after 56 days; six wrote in the last 14 days), one with an offer waiting, one back in
 * line after a decline, three kept out by filters. */
static void cohort(im_mentee *v)
{
	size_t i;

	memset(v, 0, 12 * sizeof(*v));
	for (i = 0; i < 12; i++) {
		v[i].requested_at = NOW - 100 * IM_DAY_MS;
		v[i].status = IM_QUEUED;
		v[i].filter = IM_NOT_RUN;
	}
	for (i = 0; i < 7; i++) {
		v[i].status = IM_MATCHED;
		v[i].requested_at =
		    (i < 6 ? NOW - 60 * IM_DAY_MS : NOW - 10 * IM_DAY_MS) - (int64_t)(i + 1) * H;
		v[i].matched_at = v[i].requested_at + (int64_t)(i + 1) * H;
		v[i].offered_at = v[i].matched_at;
		if (i < 5) {
			offer(&v[i], 0, IM_DECLINED);
			offer(&v[i], 0, IM_ACCEPTED);
		} else {
			offer(&v[i], 1, IM_ACCEPTED);
		}
	}
	for (i = 0; i < 5; i++) /* 56 days on, and recently: lasting and active */
		v[i].last_message_at = NOW - IM_DAY_MS;
	v[5].last_message_at = v[5].matched_at + IM_LASTING_MS - 1; /* active, not lasting */
	v[6].last_message_at = 0;				    /* never wrote */
	v[7].status = IM_OFFERED;
	v[7].offered_at = NOW - H;
	offer(&v[7], 1, IM_PENDING);
	v[8].offered_at = NOW - 2 * H;
	offer(&v[8], 2, IM_DECLINED);
	offer(&v[8], 4, IM_EXPIRED);
	offer(&v[8], 3, IM_WITHDRAWN);
	v[9].filter = IM_LANGUAGE;
	v[10].filter = IM_CAPACITY;
	v[11].filter = IM_LANGUAGE;
}

static void test_cohort(void)
{
	im_mentee v[12];

	cohort(v);
	check_figures(
	    v, 12,
	    "{\"funnel\":["
	    "{\"step\":\"requested\",\"people\":12,\"share\":1.0},"
	    "{\"step\":\"offered\",\"people\":\"x\",\"share\":\"<5\"},"
	    "{\"step\":\"accepted\",\"people\":7,\"share\":0.583},"
	    "{\"step\":\"active\",\"people\":\"x\",\"share\":\"x\"},"
	    "{\"step\":\"lasting\",\"people\":\"x\",\"eligible\":6,\"share\":\"<5\"}],"
	    "\"time_to_match\":{\"matches\":7,\"median_hours\":4.0,\"p75_hours\":5.5},"
	    "\"acceptance_by_load\":["
	    "{\"load\":\"0\",\"offers\":10,\"accepted\":5,\"declined\":5,\"expired\":0,"
	    "\"rate\":0.5},"
	    "{\"load\":\"1\",\"offers\":\"<5\",\"accepted\":\"<5\",\"declined\":0,\"expired\":0,"
	    "\"rate\":\"<5\"},"
	    "{\"load\":\"2\",\"offers\":\"<5\",\"accepted\":0,\"declined\":\"<5\",\"expired\":0,"
	    "\"rate\":\"<5\"},"
	    "{\"load\":\"3+\",\"offers\":\"<5\",\"accepted\":0,\"declined\":0,\"expired\":\"<5\","
	    "\"rate\":\"<5\"}],"
	    "\"unmatched\":{\"mentees\":5,\"by_filter\":["
	    "{\"filter\":\"capacity\",\"mentees\":\"<5\"},"
	    "{\"filter\":\"language\",\"mentees\":\"<5\"},"
	    "{\"filter\":\"excluded\",\"mentees\":0},"
	    "{\"filter\":\"competition\",\"mentees\":0},"
	    "{\"filter\":\"not_run\",\"mentees\":\"<5\"},"
	    "{\"filter\":\"offered\",\"mentees\":\"<5\"}]}}");
}

/* Over nobody: counts 0, shares and medians null; under 5 matches the hours are "<5". */
static void test_small(void)
{
	im_mentee v[12];

	cohort(v);
	check_figures(v, 0,
		      "{\"funnel\":["
		      "{\"step\":\"requested\",\"people\":0,\"share\":null},"
		      "{\"step\":\"offered\",\"people\":0,\"share\":null},"
		      "{\"step\":\"accepted\",\"people\":0,\"share\":null},"
		      "{\"step\":\"active\",\"people\":0,\"share\":null},"
		      "{\"step\":\"lasting\",\"people\":0,\"eligible\":0,\"share\":null}],"
		      "\"time_to_match\":{\"matches\":0,\"median_hours\":null,\"p75_hours\":null},"
		      "\"acceptance_by_load\":["
		      "{\"load\":\"0\",\"offers\":0,\"accepted\":0,\"declined\":0,\"expired\":0,"
		      "\"rate\":null},"
		      "{\"load\":\"1\",\"offers\":0,\"accepted\":0,\"declined\":0,\"expired\":0,"
		      "\"rate\":null},"
		      "{\"load\":\"2\",\"offers\":0,\"accepted\":0,\"declined\":0,\"expired\":0,"
		      "\"rate\":null},"
		      "{\"load\":\"3+\",\"offers\":0,\"accepted\":0,\"declined\":0,\"expired\":0,"
		      "\"rate\":null}],"
		      "\"unmatched\":{\"mentees\":0,\"by_filter\":["
		      "{\"filter\":\"capacity\",\"mentees\":0},"
		      "{\"filter\":\"language\",\"mentees\":0},"
		      "{\"filter\":\"excluded\",\"mentees\":0},"
		      "{\"filter\":\"competition\",\"mentees\":0},"
		      "{\"filter\":\"not_run\",\"mentees\":0},"
		      "{\"filter\":\"offered\",\"mentees\":0}]}}");
	{
		json_t *o = impact_matching_new(v + 3, 4, NOW), *t;
		t = json_object_get(o, "time_to_match");
		CHECK_STR(json_string_value(json_object_get(t, "median_hours")), "<5");
		CHECK_STR(json_string_value(json_object_get(t, "matches")), "<5");
		json_decref(o);
	}
}

static void test_read(void)
{
	const char *rec = "{\"requested_at\":1000,\"offered_at\":2000,\"matched_at\":null,"
			  "\"last_message_at\":null,\"status\":\"queued\",\"filter\":\"language\","
			  "\"country\":\"SN\",\"offers\":[[2,\"declined\"],[0,\"withdrawn\"]]}";
	const char *empty = "{\"requested_at\":5,\"status\":\"offered\",\"country\":\"\","
			    "\"offers\":{}}";
	im_mentee m;

	CHECK_INT(impact_matching_read(rec, strlen(rec), &m), 0);
	CHECK_INT(m.requested_at, 1000);
	CHECK_INT(m.offered_at, 2000);
	CHECK_INT(m.matched_at, 0);
	CHECK_INT(m.status, IM_QUEUED);
	CHECK_INT(m.filter, IM_LANGUAGE);
	CHECK_STR(m.country, "SN");
	CHECK_INT(m.noffers, 2);
	CHECK_INT(m.offers[0].load, 2);
	CHECK_INT(m.offers[0].outcome, IM_DECLINED);
	CHECK_INT(m.offers[1].outcome, IM_WITHDRAWN);
	CHECK_INT(impact_matching_read(empty, strlen(empty), &m), 0);
	CHECK_INT(m.noffers, 0);
	CHECK_INT(m.filter, IM_NOT_RUN);
	CHECK_INT(m.status, IM_OFFERED);
	CHECK_STR(m.country, "");
	CHECK_INT(impact_matching_read("[]", 2, &m), -1);
	CHECK_INT(impact_matching_read("{\"status\":\"queued\"}", 19, &m), -1);
	CHECK_INT(impact_matching_read("{\"requested_at\":1,\"status\":\"gone\"}", 35, &m), -1);
}

int main(void)
{
	test_cohort();
	test_small();
	test_read();
	return check_done("impact_matching");
}
