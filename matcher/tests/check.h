/*
 * check.h - a minimal test harness for the matcher's unit tests.
 *
 * A test is a function; CHECK records a failed expectation and the test goes on, so a
 * run reports every failure. A test passes when none of its checks failed.
 */
#ifndef MATCHER_CHECK_H
#define MATCHER_CHECK_H

#include <stdio.h>

extern int check_failures; /* failed checks in the current test */
extern const char *check_test;

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			check_failures++;                                                          \
			if (check_failures <= 5)                                                   \
				fprintf(stderr, "FAIL %s: %s\n", check_test, #cond);               \
		}                                                                                  \
	} while (0)

/* The same as a function, with a printf-style note printed on failure. */
void checkf(int ok, const char *fmt, ...);

/* People for tests, from compact text: langs "fr:native,en:B2", skills "coding:5". */
#include <stdint.h>

#include "matcher.h"

struct spec {
	const char *id, *langs, *skills, *country, *origin;
	int offset, capacity, used;
	int64_t requested_at;
	int declines;
};

struct built {
	matcher_person_t p;
	matcher_language_t langs[MATCHER_LANGUAGES_MAX + 1];
	matcher_skill_t skills[MATCHER_SKILLS_MAX + 1];
	char text[1024];
};

/* Fills b from s; b owns the copies that b->p points to. */
void build_person(struct built *b, const struct spec *s);

typedef void (*test_fn)(void);

struct test {
	const char *name;
	test_fn fn;
};

/* Each test file exports its list, ended by {NULL, NULL}. */
extern const struct test text_tests[];
extern const struct test score_tests[];
extern const struct test assign_tests[];
extern const struct test input_tests[];

#endif
