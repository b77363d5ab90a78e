/*
 * fuzz_match_input.c - the matcher's JSON input (matcher/input.c), then the matcher on
 * what it built.
 *
 * Each input is read as a cohort twice: as passerelle-match reads a file (profile
 * fields on the person, unknown zones refused) and as the service reads its round
 * (profile fields in "profile", any zone). The "config" object sets the weights as in
 * the command line. When a reading succeeds and the cohort is small, the matcher runs
 * on it, and every mentee's result and one explanation are read back.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "matcher.h"

#define NOW_MS 1767830400000LL
#define SIDE_MAX 64 /* people per side the matcher runs on; larger cohorts are only read */

#define EXPECT(cond)                                                                               \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "fuzz_match_input: %s\n", #cond);                          \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

static void config_of(const json_t *root, matcher_config_t *cfg)
{
	json_t *obj = json_object_get(root, "config"), *v;
	const char *key;

	matcher_config_default(cfg);
	cfg->threads = 1;
	json_object_foreach(obj, key, v)
	{
		if (strcmp(key, "threads") != 0 && (json_is_integer(v) || json_is_boolean(v)))
			matcher_config_set(cfg, key,
					   json_is_boolean(v) ? json_is_true(v)
							      : (long)json_integer_value(v),
					   NULL);
	}
	if (cfg->max_arcs > 100000)
		cfg->max_arcs = 100000;
}

static void run(const matcher_cohort_t *c, const matcher_config_t *cfg)
{
	matcher_input_t in;
	matcher_error_t err;
	matcher_stats_t st;
	matcher_t *m;
	size_t matched = 0;

	matcher_cohort_input(c, &in);
	m = matcher_new(cfg, &in, &err);
	if (!m)
		return;
	if (matcher_run(m, &err) == 0) {
		for (size_t i = 0; i < in.nmentees; i++) {
			matcher_result_t r;
			EXPECT(matcher_result(m, i, &r, &err) == 0);
			EXPECT(r.mentor >= -1 && r.mentor < (long)in.nmentors);
			EXPECT(r.mentor < 0 || (r.score >= 0 && r.score <= 100));
			matched += r.mentor >= 0 && !r.frozen;
		}
		matcher_stats(m, &st);
		EXPECT(st.matched == matched);
		if (in.nmentors && in.nmentees) {
			matcher_explain_t e;
			EXPECT(matcher_explain(m, in.nmentors - 1, 0, &e, &err) == 0);
		}
	}
	matcher_free(m);
}

static void read_as(const json_t *root, int flags, const matcher_config_t *cfg)
{
	matcher_reader_t *r = matcher_reader_new(NOW_MS, flags);
	matcher_error_t err;
	matcher_cohort_t c;

	EXPECT(r != NULL);
	if (matcher_reader_cohort(r, root, &c, &err) == 0) {
		EXPECT(c.now_ms == NOW_MS);
		for (size_t i = 0; i < c.mentees.count; i++)
			EXPECT(c.mentees.people[i].id != NULL);
		if (c.mentors.count <= SIDE_MAX && c.mentees.count <= SIDE_MAX)
			run(&c, cfg);
	} else {
		EXPECT(err.text[0] != '\0' && c.mentors.people == NULL && c.excluded == NULL);
		EXPECT(memchr(err.text, '\0', sizeof(err.text)) != NULL);
	}
	matcher_cohort_clear(&c);
	matcher_reader_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *root = json_loadb((const char *)data, size, 0, NULL);
	matcher_config_t cfg;

	if (!json_is_object(root)) {
		json_decref(root);
		return 0;
	}
	config_of(root, &cfg);
	read_as(root, 0, &cfg);
	read_as(root, MATCHER_READ_NESTED | MATCHER_READ_ANY_ZONE, &cfg);
	json_decref(root);
	return 0;
}
