/*
 * fuzz_skill.c - skill name normalisation and synonym tables (matcher/text.c, through
 * matcher_normalize() and matcher_synonyms_parse()).
 *
 * The input is a skill name, normalised without synonyms and with the built-in table:
 * a name that normalises is short, lower case, single-spaced, and normalises again to
 * itself. The same input is then parsed as a synonym table.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "matcher.h"

#define EXPECT(cond)                                                                               \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "fuzz_skill: %s\n", #cond);                                \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

static const matcher_synonyms_t *builtin(void)
{
	static matcher_synonyms_t *syn;

	if (!syn) {
		const char *text = matcher_synonyms_default_text();
		syn = matcher_synonyms_parse(text, strlen(text), NULL);
		EXPECT(syn != NULL);
	}
	return syn;
}

static void normalize(const matcher_synonyms_t *syn, const char *name)
{
	char out[MATCHER_NAME_MAX + 1], again[MATCHER_NAME_MAX + 1];
	matcher_error_t err;
	int n = matcher_normalize(syn, name, out, sizeof(out), &err);

	if (n < 0) {
		EXPECT(err.code == MATCHER_EINVAL && err.text[0]);
		return;
	}
	EXPECT(n > 0 && (size_t)n == strlen(out) && n <= MATCHER_NAME_MAX);
	EXPECT(out[0] != ' ' && out[n - 1] != ' ' && !strstr(out, "  "));
	for (int i = 0; i < n; i++)
		EXPECT(!((unsigned char)out[i] >= 'A' && (unsigned char)out[i] <= 'Z'));
	EXPECT(matcher_normalize(syn, out, again, sizeof(again), &err) == n);
	EXPECT(strcmp(out, again) == 0);
	EXPECT(matcher_normalize(syn, name, again, (size_t)n, &err) == -1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *name = malloc(size + 1);
	matcher_synonyms_t *syn;
	matcher_error_t err;

	EXPECT(name != NULL);
	memcpy(name, data, size);
	name[size] = '\0';
	normalize(NULL, name);
	normalize(builtin(), name);
	syn = matcher_synonyms_parse((const char *)data, size, &err);
	if (syn) {
		normalize(syn, name);
		matcher_synonyms_free(syn);
	}
	free(name);
	return 0;
}
