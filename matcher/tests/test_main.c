/*
 * test_main.c - runs the matcher's unit tests and prints one summary line,
 * "N passed, M failed", that matcher/tests/run.sh adds up.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

int check_failures;
const char *check_test;

void checkf(int ok, const char *fmt, ...)
{
	va_list ap;

	if (ok)
		return;
	check_failures++;
	if (check_failures > 5)
		return;
	fprintf(stderr, "FAIL %s: ", check_test);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int main(void)
{
	const struct test *suites[] = {text_tests, score_tests, assign_tests, input_tests};
	int passed = 0, failed = 0;

	for (size_t s = 0; s < sizeof(suites) / sizeof(suites[0]); s++)
		for (const struct test *t = suites[s]; t->name; t++) {
			check_test = t->name;
			check_failures = 0;
			t->fn();
			if (check_failures) {
				failed++;
				fprintf(stderr, "FAIL %s (%d checks)\n", t->name, check_failures);
			} else {
				passed++;
			}
		}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}

/* Splits "a:x,b:y" into pairs, copying the text into b->text. */
void build_person(struct built *b, const struct spec *s)
{
	char *p = b->text, *item;

	memset(b, 0, sizeof(*b));
	b->p.id = s->id;
	b->p.country = s->country;
	b->p.origin = s->origin;
	b->p.utc_offset_min = s->offset;
	b->p.capacity = s->capacity;
	b->p.used = s->used;
	b->p.requested_at_ms = s->requested_at;
	b->p.declines = s->declines;
	b->p.languages = b->langs;
	b->p.skills = b->skills;
	snprintf(b->text, sizeof(b->text), "%s|%s", s->langs ? s->langs : "",
		 s->skills ? s->skills : "");
	char *bar = strchr(p, '|');
	*bar = '\0';
	for (item = strtok(p, ","); item; item = strtok(NULL, ",")) {
		char *colon = strchr(item, ':');
		*colon = '\0';
		b->langs[b->p.nlanguages].code = item;
		b->langs[b->p.nlanguages++].level = matcher_level_parse(colon + 1);
	}
	for (item = strtok(bar + 1, ","); item; item = strtok(NULL, ",")) {
		char *colon = strrchr(item, ':');
		*colon = '\0';
		b->skills[b->p.nskills].name = item;
		b->skills[b->p.nskills++].level = atoi(colon + 1);
	}
}
