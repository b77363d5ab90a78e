/* Unit tests for service/impact_sessions.c and impact_cohort.c: known facts give known
 * figures, suppressed cells included, an open span running to the report time or to the
 * room's closing. */
#include "impact_report.h"

#include <math.h>
#include <string.h>

#include "check.h"

/* Session A (t = 0..15 min, open): u1 0-10 min, u2 0-2 and 5-7, u3 from 1 min (open, to the
 * report at 15 min), u4 2-3, u5 10-11; s1 is staff (not in people), u6 only wrote. Session
 * B (closed at 5 min): u1, u2, u3, u6, u7 from 0, all open. */
static const char *FACTS =
    "{\"now\":900000,"
    "\"people\":{"
    "\"u1\":{\"country\":\"FR\",\"origin\":\"SN\",\"cohort\":\"C\"},"
    "\"u2\":{\"country\":\"FR\",\"origin\":\"SN\",\"cohort\":\"C\"},"
    "\"u3\":{\"country\":\"SN\",\"origin\":\"ML\",\"cohort\":\"C\"},"
    "\"u4\":{\"country\":\"FR\",\"origin\":\"SN\",\"cohort\":null},"
    "\"u5\":{\"country\":\"DE\",\"origin\":\"\",\"cohort\":null},"
    "\"u6\":{\"country\":\"SN\",\"origin\":\"\",\"cohort\":null},"
    "\"u7\":{\"country\":\"\",\"origin\":\"\",\"cohort\":\"C\"}},"
    "\"sessions\":["
    "{\"room\":\"B\",\"title\":\"Two\",\"cohort\":\"C\",\"starts_at\":1000,\"ends_at\":null,"
    "\"closed_at\":300000,\"rounds\":0,\"polls\":{},\"people\":{"
    "\"u1\":{\"a\":\"0\"},\"u2\":{\"a\":\"0\"},\"u3\":{\"a\":\"0\"},\"u6\":{\"a\":\"0\"},"
    "\"u7\":{\"a\":\"0\"}}},"
    "{\"room\":\"A\",\"title\":\"One\",\"cohort\":\"C\",\"starts_at\":0,\"ends_at\":null,"
    "\"closed_at\":null,\"rounds\":1,"
    "\"polls\":[{\"poll\":\"p1\",\"question\":\"Q\",\"state\":\"open\",\"anonymous\":false,"
    "\"voters\":3,\"who\":[\"u1\",\"u2\",\"u6\"]},"
    "{\"poll\":\"p2\",\"question\":\"R\",\"state\":\"closed\",\"anonymous\":true,"
    "\"voters\":5,\"who\":{}}],"
    "\"people\":{"
    "\"u1\":{\"a\":\"0-600000\",\"m\":3,\"h\":2,\"b\":1,\"g\":1},"
    "\"u2\":{\"a\":\"0-120000,300000-420000\",\"m\":1,\"b\":1},"
    "\"u3\":{\"a\":\"60000\",\"b\":1,\"g\":1},"
    "\"u4\":{\"a\":\"120000-180000\",\"m\":12},"
    "\"u5\":{\"a\":\"600000-660000\"},"
    "\"s1\":{\"a\":\"0-900000\",\"m\":50},"
    "\"u6\":{\"m\":2}}}]}";

static int is_x(const json_t *v)
{
	return json_is_string(v) && !strcmp(json_string_value(v), "<5");
}

static double real(const json_t *o, const char *k)
{
	return json_number_value(json_object_get(o, k));
}

#define GET(o, k) json_object_get(o, k)
#define CHECK_X(o, k) CHECK(is_x(GET(o, k)))
#define CHECK_NUM(o, k, want) CHECK(fabs(real(o, k) - (want)) < 1e-9 && json_is_number(GET(o, k)))

static void test_session_a(const json_t *a)
{
	const json_t *m = GET(a, "minutes"), *msg = GET(a, "messages"), *b;
	const json_t *polls = GET(a, "polls"), *bk = GET(a, "breakout");

	CHECK_X(a, "registered");      /* u1, u2, u3, u7 */
	CHECK_X(a, "attendance_rate"); /* 5 of 4: a reader could count 1 */
	CHECK_NUM(a, "attended", 5);
	CHECK_NUM(a, "peak_online", 3);
	CHECK_NUM(a, "median_online", 2); /* 16 samples, 0 min to 15 min */
	CHECK_NUM(m, "total", 30);	  /* 10 + 4 + 14 (open) + 1 + 1 */
	CHECK_NUM(m, "median", 4);
	CHECK_NUM(m, "p25", 1);
	CHECK_NUM(m, "p75", 10);
	CHECK_X(a, "spoke");
	CHECK_X(a, "spoke_share");
	CHECK_NUM(msg, "total", 16); /* the staff's 50 do not count */
	CHECK_NUM(msg, "median", 1);
	CHECK_NUM(msg, "p75", 3);
	CHECK_NUM(msg, "p90", 8.4);
	b = GET(msg, "buckets");
	CHECK(is_x(GET(json_array_get(b, 0), "people")) &&
	      is_x(GET(json_array_get(b, 1), "people")));
	CHECK_STR(json_string_value(GET(json_array_get(b, 3), "label")), "10+");
	CHECK_NUM(GET(a, "hands"), "raised", 2);
	CHECK_X(GET(a, "hands"), "people");
	CHECK_X(json_array_get(polls, 0), "voters"); /* u1, u2: u6 did not attend */
	CHECK_NUM(json_array_get(polls, 1), "voters", 5);
	CHECK_NUM(json_array_get(polls, 1), "turnout", 1);
	CHECK_NUM(bk, "rounds", 1);
	CHECK_X(bk, "placed");
	CHECK_X(bk, "spoke");
	CHECK_STR(json_string_value(GET(json_array_get(GET(a, "by_origin"), 0), "country")), "SN");
	CHECK_STR(json_string_value(GET(json_array_get(GET(a, "by_origin"), 1), "country")), "ML");
	CHECK(json_is_null(GET(json_array_get(GET(a, "by_origin"), 2), "country")));
	CHECK_STR(json_string_value(GET(json_array_get(GET(a, "by_residence"), 1), "country")),
		  "DE");
}

static void test_sessions(const json_t *facts)
{
	json_t *r = impact_sessions_new(facts, NULL), *eu;
	const json_t *list = GET(r, "sessions"), *b;

	CHECK_INT(json_array_size(list), 2);
	CHECK_STR(json_string_value(GET(json_array_get(list, 0), "room")), "A");
	test_session_a(json_array_get(list, 0));
	/* B closed at 5 min: every open span ends there. */
	b = json_array_get(list, 1);
	CHECK_NUM(GET(b, "minutes"), "total", 25);
	CHECK_NUM(GET(b, "minutes"), "median", 5);
	CHECK_NUM(b, "peak_online", 5);
	CHECK(json_is_null(GET(b, "breakout")));
	CHECK_INT(json_array_size(GET(b, "polls")), 0);
	CHECK_NUM(GET(r, "totals"), "people", 7);
	CHECK_NUM(GET(r, "totals"), "attendances", 10);
	/* Europe: u1, u2, u4, u5 in A (4: suppressed), u1, u2 in B; no anonymous voters. */
	eu = impact_sessions_new(facts, "Europe");
	list = GET(eu, "sessions");
	CHECK_X(json_array_get(list, 0), "attended");
	CHECK_X(GET(json_array_get(list, 0), "minutes"), "median");
	CHECK(
	    json_is_null(GET(json_array_get(GET(json_array_get(list, 0), "polls"), 1), "voters")));
	CHECK_X(json_array_get(list, 1), "registered"); /* u1, u2 */
	json_decref(eu);
	json_decref(r);
}

static void test_cohort(const json_t *facts)
{
	json_t *r = impact_cohort_new(facts, "C", NULL);
	const json_t *s = GET(r, "sessions"), *ret = GET(r, "retention"), *d = GET(r, "drop_off");

	CHECK_X(r, "roster"); /* u1, u2, u3, u7 */
	CHECK_NUM(r, "attended_any", 7);
	CHECK_NUM(r, "never", 0);
	CHECK_STR(json_string_value(GET(json_array_get(s, 0), "room")), "A");
	CHECK_NUM(json_array_get(s, 0), "first_time", 5);
	CHECK_NUM(json_array_get(s, 0), "returning", 0);
	CHECK_X(json_array_get(s, 1), "first_time"); /* u6, u7 */
	CHECK_X(json_array_get(s, 1), "returning");  /* u1, u2, u3 */
	CHECK_INT(json_array_size(ret), 2);
	CHECK_NUM(json_array_get(ret, 0), "people", 7);
	CHECK_NUM(json_array_get(ret, 0), "share", 1);
	CHECK_X(json_array_get(ret, 1), "people");
	CHECK_NUM(d, "attended_first", 5);
	CHECK_X(d, "came_back");
	CHECK_X(d, "dropped");
	CHECK_X(d, "one_time"); /* u4, u5, u6, u7 */
	json_decref(r);
	r = impact_cohort_new(facts, "None", "Africa");
	CHECK_NUM(r, "roster", 0);
	CHECK_X(r, "attended_any"); /* u3, u6 */
	json_decref(r);
}

int main(void)
{
	json_t *facts = json_loads(FACTS, 0, NULL);

	CHECK(facts != NULL);
	test_sessions(facts);
	test_cohort(facts);
	json_decref(facts);
	return check_done("impact_report");
}
