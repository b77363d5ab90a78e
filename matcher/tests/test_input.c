/*
 * test_input.c - people read from JSON (input.c): the flat form of passerelle-match, the
 * nested form of the service, time zones, defaults and the error sentences.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "input.h"

#define NOW 1767830400000LL /* 2026-01-08, winter in Europe */

static json_t *parse(const char *text)
{
	json_t *j = json_loads(text, 0, NULL);

	checkf(j != NULL, "bad test JSON: %s", text);
	return j;
}

/* Reads text as a cohort with flags; returns the error text, or "" when it was read. */
static const char *cohort_error(const char *text, int flags)
{
	static matcher_error_t err;
	matcher_reader_t *r = matcher_reader_new(NOW, flags);
	json_t *root = parse(text);
	matcher_cohort_t c;

	err.text[0] = '\0';
	if (matcher_reader_cohort(r, root, &c, &err) == 0)
		CHECK(err.text[0] == '\0');
	else
		CHECK(c.mentors.people == NULL && c.mentees.count == 0);
	matcher_cohort_clear(&c);
	matcher_reader_free(r);
	json_decref(root);
	return err.text;
}

static void test_flat(void)
{
	json_t *root =
	    parse("{\"mentors\": [{\"id\": \"m\", \"name\": \"Awa\", \"country\": \"FR\","
		  " \"timezone\": \"Europe/Paris\", \"capacity\": 2, \"used\": 1,"
		  " \"languages\": [{\"code\": \"fr\", \"level\": \"native\"}],"
		  " \"skills\": [{\"name\": \"Law\", \"level\": 5}, {\"name\": \"Data\", "
		  "\"level\": 2}]}],"
		  " \"mentees\": [{\"id\": \"e\", \"utc_offset_min\": -300, \"declines\": 2,"
		  " \"languages\": [{\"code\": \"en\", \"level\": \"b2\"}]},"
		  " {\"id\": \"f\", \"requested_at\": 5, \"name\": null}],"
		  " \"exclude\": [[\"m\", \"e\"]], \"config\": {\"ignored\": true}}");
	matcher_reader_t *r = matcher_reader_new(NOW, 0);
	matcher_cohort_t c;
	matcher_input_t in;
	matcher_error_t err;

	CHECK(matcher_reader_cohort(r, root, &c, &err) == 0);
	CHECK(c.mentors.count == 1 && c.mentees.count == 2);
	CHECK(strcmp(c.mentors.names[0], "Awa") == 0 && c.mentees.names[1] == NULL);
	const matcher_person_t *m = &c.mentors.people[0], *e = &c.mentees.people[0];
	CHECK(m->utc_offset_min == 60 && m->capacity == 2 && m->used == 1);
	CHECK(strcmp(m->country, "FR") == 0 && m->origin == NULL);
	CHECK(m->nlanguages == 1 && m->languages[0].level == MATCHER_LEVEL_NATIVE);
	CHECK(m->nskills == 2 && m->skills[1].level == 2 && strcmp(m->skills[1].name, "Data") == 0);
	CHECK(e->utc_offset_min == -300 && e->declines == 2 && e->capacity == 1);
	CHECK(e->nlanguages == 1 && e->languages[0].level == MATCHER_LEVEL_B2);
	CHECK(e->requested_at_ms == NOW && c.mentees.people[1].requested_at_ms == 5);
	CHECK(c.nexcluded == 1 && strcmp(c.excluded[0].mentee, "e") == 0 && c.nfrozen == 0);
	matcher_cohort_input(&c, &in);
	CHECK(in.nmentors == 1 && in.nmentees == 2 && in.nexcluded == 1 && in.now_ms == NOW);
	CHECK(in.mentees == c.mentees.people && in.synonyms == NULL);
	matcher_cohort_clear(&c);
	matcher_cohort_clear(&c);
	matcher_cohort_clear(NULL);
	matcher_reader_free(r);
	json_decref(root);
}

/* The service's form: the profile in its own object, any time zone accepted. */
static void test_nested(void)
{
	json_t *arr =
	    parse("[{\"id\": \"u1\", \"name\": \"Lina\", \"requested_at\": 1000, \"declines\": 1,"
		  " \"profile\": {\"bio\": \"\", \"country\": \"LB\", \"origin\": \"\","
		  " \"timezone\": \"Asia/Beirut\", \"capacity\": 1, \"languages\": [], \"skills\":"
		  " [{\"name\": \"law\", \"level\": 4}]}},"
		  " {\"id\": \"u2\", \"profile\": {\"timezone\": \"\", \"languages\": [], "
		  "\"skills\": []}},"
		  " {\"id\": \"u3\", \"profile\": {\"timezone\": \"Mars/Olympus\"}}]");
	matcher_reader_t *r = matcher_reader_new(NOW, MATCHER_READ_NESTED | MATCHER_READ_ANY_ZONE);
	matcher_people_t pp;
	matcher_error_t err;

	CHECK(matcher_reader_people(r, arr, 1, &pp, &err) == 0);
	CHECK(pp.count == 3 && strcmp(pp.people[0].id, "u1") == 0);
	CHECK(pp.people[0].utc_offset_min == 120 && pp.people[0].requested_at_ms == 1000);
	CHECK(pp.people[0].nskills == 1 && pp.people[0].skills[0].level == 4);
	CHECK(strcmp(pp.people[0].origin, "") == 0 && pp.people[0].declines == 1);
	CHECK(pp.people[1].utc_offset_min == 0 && pp.people[2].utc_offset_min == 0);
	matcher_people_clear(&pp);
	matcher_people_clear(&pp);
	matcher_reader_free(r);

	r = matcher_reader_new(NOW, MATCHER_READ_NESTED);
	CHECK(matcher_reader_people(r, arr, 1, &pp, &err) < 0 && pp.people == NULL);
	CHECK(err.code == MATCHER_EINVAL && strstr(err.text, "\"u2\": unknown time zone \"\""));
	matcher_reader_free(r);
	json_decref(arr);

	arr = parse("[{\"id\": \"u4\", \"profile\": \"\"}]");
	r = matcher_reader_new(NOW, MATCHER_READ_NESTED);
	CHECK(matcher_reader_people(r, arr, 0, &pp, &err) < 0);
	CHECK(strcmp(err.text, "\"u4\": profile is not an object") == 0);
	matcher_reader_free(r);
	json_decref(arr);
}

static void test_zones(void)
{
	matcher_reader_t *r = matcher_reader_new(NOW, 0);
	int off = 1;

	setenv("TZ", "America/Toronto", 1);
	CHECK(matcher_reader_zone(r, "Asia/Kolkata", &off) == 0 && off == 330);
	CHECK(matcher_reader_zone(r, "Asia/Kolkata", &off) == 0 && off == 330);
	CHECK(matcher_reader_zone(r, "UTC", &off) == 0 && off == 0);
	CHECK(strcmp(getenv("TZ"), "America/Toronto") == 0);
	unsetenv("TZ");
	CHECK(matcher_reader_zone(r, "America/Toronto", &off) == 0 && off == -300);
	CHECK(getenv("TZ") == NULL);
	CHECK(matcher_reader_zone(r, "Mars/Olympus", &off) < 0);
	CHECK(matcher_reader_zone(r, "Mars/Olympus", &off) < 0);
	CHECK(matcher_reader_zone(r, "", &off) < 0);
	CHECK(matcher_reader_zone(r, "../etc/passwd", &off) < 0);
	CHECK(matcher_reader_zone(r, "/etc/passwd", &off) < 0);
	CHECK(matcher_reader_zone(r, "Europe/Paris,x", &off) < 0);
	CHECK(matcher_reader_zone(
		  r, "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", &off) <
	      0);
	matcher_reader_free(r);
	matcher_reader_free(NULL);

	r = matcher_reader_new(NOW + 180LL * 86400000, 0); /* July: summer time */
	CHECK(matcher_reader_zone(r, "Europe/Paris", &off) == 0 && off == 120);
	matcher_reader_free(r);
}

/* The sentences passerelle-match prints, one per kind of mistake. */
static void test_errors(void)
{
	static const struct {
		const char *json, *err;
	} cases[] = {
	    {"{\"mentees\": []}", "\"mentors\" must be an array"},
	    {"{\"mentors\": [{}], \"mentees\": 1}", "\"mentees\" must be an array"},
	    {"{\"mentors\": [{}], \"mentees\": []}", "a mentor has no string id"},
	    {"{\"mentors\": [], \"mentees\": [3]}", "a mentee has no string id"},
	    {"{\"mentors\": [{\"id\": 3}], \"mentees\": []}", "\"?\": field id is not a string"},
	    {"{\"mentors\": [{\"id\": \"m\", \"languages\": {}}], \"mentees\": []}",
	     "\"m\": languages is not an array"},
	    {"{\"mentors\": [{\"id\": \"m\", \"languages\": null}], \"mentees\": []}",
	     "\"m\": languages is not an array"},
	    {"{\"mentors\": [{\"id\": \"m\", \"languages\": [{\"code\": \"fr\"}]}], \"mentees\": "
	     "[]}",
	     "\"m\": language needs {code, level A1..C2|native}"},
	    {"{\"mentors\": [{\"id\": \"m\", \"languages\": [{\"level\": 1}]}], \"mentees\": []}",
	     "\"m\": field level is not a string"},
	    {"{\"mentors\": [{\"id\": \"m\", \"skills\": [\"x\"]}], \"mentees\": []}",
	     "\"m\": skill needs {name, level 1..5}"},
	    {"{\"mentors\": [{\"id\": \"m\", \"skills\": [{\"name\": \"x\", \"level\": 9}]}], "
	     "\"mentees\": []}",
	     "\"m\": field level is not an integer in range"},
	    {"{\"mentors\": [{\"id\": \"m\", \"capacity\": 21}], \"mentees\": []}",
	     "\"m\": field capacity is not an integer in range"},
	    {"{\"mentors\": [{\"id\": \"m\", \"country\": 1}], \"mentees\": []}",
	     "\"m\": field country is not a string"},
	    {"{\"mentors\": [], \"mentees\": [{\"id\": \"e\", \"timezone\": \"Mars/Olympus\"}]}",
	     "\"e\": unknown time zone \"Mars/Olympus\""},
	    {"{\"mentors\": [], \"mentees\": [{\"id\": \"e\", \"utc_offset_min\": 900}]}",
	     "\"e\": field utc_offset_min is not an integer in range"},
	    {"{\"mentors\": [], \"mentees\": [], \"exclude\": {}}",
	     "\"exclude\" must be an array of [mentor, mentee]"},
	    {"{\"mentors\": [], \"mentees\": [], \"frozen\": [[\"a\"]]}",
	     "\"frozen\" must be an array of [mentor, mentee]"},
	    {"{\"mentors\": [], \"mentees\": [{\"id\": \"e\", \"timezone\": \"\", \"capacity\": "
	     "0}]}",
	     "\"e\": unknown time zone \"\""},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = cohort_error(cases[i].json, 0);
		checkf(strcmp(got, cases[i].err) == 0, "%s: got \"%s\"", cases[i].json, got);
	}
	CHECK(strcmp(cohort_error("{\"mentors\": [], \"mentees\": [{\"id\": \"e\", \"timezone\": "
				  "\"Mars/Olympus\"}]}",
				  MATCHER_READ_ANY_ZONE),
		     "") == 0);
}

const struct test input_tests[] = {
    {"input_flat", test_flat},
    {"input_nested", test_nested},
    {"input_zones", test_zones},
    {"input_errors", test_errors},
    {NULL, NULL},
};
