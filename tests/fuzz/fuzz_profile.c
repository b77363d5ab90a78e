/*
 * fuzz_profile.c - profile normalisation (service/profile.c), on any JSON object, as
 * profile.set and the --seed document hand it over.
 *
 * Checked: a normalised profile has every field with its documented form, normalising
 * it again gives the same profile, and the matcher takes it as a mentor's and as a
 * mentee's profile (read as the service's round reads it, then matcher_new), since
 * one profile the matcher refused would fail every matching round.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "matcher.h"
#include "profile.h"

#define NOW_MS 1767830400000LL

#define EXPECT(cond)                                                                               \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "fuzz_profile: %s\n", #cond);                              \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

static int country_form(const json_t *v)
{
	const char *s = json_string_value(v);

	return s && (!*s || (strlen(s) == 2 && isupper((unsigned char)s[0]) &&
			     isupper((unsigned char)s[1])));
}

static void check_form(const json_t *p)
{
	json_t *capacity = json_object_get(p, "capacity");

	EXPECT(json_object_size(p) == 7);
	EXPECT(json_is_string(json_object_get(p, "bio")));
	EXPECT(country_form(json_object_get(p, "country")));
	EXPECT(country_form(json_object_get(p, "origin")));
	EXPECT(json_is_string(json_object_get(p, "timezone")));
	EXPECT(json_is_array(json_object_get(p, "languages")));
	EXPECT(json_is_array(json_object_get(p, "skills")));
	EXPECT(json_is_integer(capacity) && json_integer_value(capacity) >= 1 &&
	       json_integer_value(capacity) <= 20);
}

/* The profile as a mentor's and a mentee's in one round, as service/match.c reads it. */
static void check_matchable(json_t *p)
{
	json_t *mentors = json_pack("[{s:s, s:O, s:i}]", "id", "m", "profile", p, "used", 0);
	json_t *mentees = json_pack("[{s:s, s:O, s:I, s:i}]", "id", "e", "profile", p,
				    "requested_at", (json_int_t)NOW_MS, "declines", 0);
	matcher_reader_t *r =
	    matcher_reader_new(NOW_MS, MATCHER_READ_NESTED | MATCHER_READ_ANY_ZONE);
	matcher_people_t mo, me;
	matcher_config_t cfg;
	matcher_input_t in;
	matcher_error_t err;
	matcher_t *m;

	EXPECT(mentors && mentees && r);
	EXPECT(matcher_reader_people(r, mentors, 0, &mo, &err) == 0);
	EXPECT(matcher_reader_people(r, mentees, 1, &me, &err) == 0);
	matcher_config_default(&cfg);
	cfg.threads = 1;
	memset(&in, 0, sizeof(in));
	in.mentors = mo.people;
	in.nmentors = mo.count;
	in.mentees = me.people;
	in.nmentees = me.count;
	in.now_ms = NOW_MS;
	m = matcher_new(&cfg, &in, &err);
	if (!m)
		fprintf(stderr, "fuzz_profile: the matcher refuses the profile: %s\n", err.text);
	EXPECT(m != NULL);
	matcher_free(m);
	matcher_people_clear(&mo);
	matcher_people_clear(&me);
	matcher_reader_free(r);
	json_decref(mentors);
	json_decref(mentees);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *in = json_loadb((const char *)data, size, 0, NULL), *out, *again;
	char err[160] = "";

	if (!in)
		return 0;
	out = profile_normalize(in, err, sizeof(err));
	if (!out) {
		EXPECT(err[0] != '\0' && memchr(err, '\0', sizeof(err)));
	} else {
		check_form(out);
		again = profile_normalize(out, err, sizeof(err));
		EXPECT(again != NULL && json_equal(again, out));
		json_decref(again);
		check_matchable(out);
	}
	json_decref(out);
	json_decref(in);
	return 0;
}
