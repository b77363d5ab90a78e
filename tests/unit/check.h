/*
 * check.h: the assertions of the C unit tests. Every CHECK counts; a failed
 * one prints file:line and what was compared, and the test carries on so one
 * run shows every failure. main() ends with `return check_done("name");`,
 * which prints a summary and gives the exit status (0 only if all passed).
 */
#ifndef PASSERELLE_CHECK_H
#define PASSERELLE_CHECK_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static struct {
	long run, failed;
} check_state;

static inline int check_at(int ok, const char *file, int line, const char *what)
{
	check_state.run++;
	if (!ok) {
		check_state.failed++;
		fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
	}
	return ok;
}

static inline int check_int_at(intmax_t got, intmax_t want, const char *file, int line,
			       const char *what)
{
	if (!check_at(got == want, file, line, what)) {
		fprintf(stderr, "    got %jd, want %jd\n", got, want);
		return 0;
	}
	return 1;
}

static inline int check_uint_at(uintmax_t got, uintmax_t want, const char *file, int line,
				const char *what)
{
	if (!check_at(got == want, file, line, what)) {
		fprintf(stderr, "    got %ju (0x%jx), want %ju (0x%jx)\n", got, got, want, want);
		return 0;
	}
	return 1;
}

static inline int check_str_at(const char *got, const char *want, const char *file, int line,
			       const char *what)
{
	int ok = got != NULL && want != NULL ? strcmp(got, want) == 0 : got == want;

	if (!check_at(ok, file, line, what)) {
		fprintf(stderr, "    got \"%s\", want \"%s\"\n", got ? got : "(null)",
			want ? want : "(null)");
		return 0;
	}
	return 1;
}

static inline int check_mem_at(const void *got, const void *want, size_t n, const char *file,
			       int line, const char *what)
{
	return check_at(memcmp(got, want, n) == 0, file, line, what);
}

static inline int check_done(const char *name)
{
	if (check_state.failed) {
		fprintf(stderr, "%s: %ld of %ld checks failed\n", name, check_state.failed,
			check_state.run);
		return 1;
	}
	if (check_state.run == 0) {
		fprintf(stderr, "%s: no checks ran\n", name);
		return 1;
	}
	printf("%s: %ld checks passed\n", name, check_state.run);
	return 0;
}

/* Each returns 1 if the check held, so a test can skip what depends on it. */
#define CHECK(cond) check_at((cond) != 0, __FILE__, __LINE__, #cond)
#define CHECK_INT(got, want) check_int_at((got), (want), __FILE__, __LINE__, #got " == " #want)
#define CHECK_UINT(got, want) check_uint_at((got), (want), __FILE__, __LINE__, #got " == " #want)
#define CHECK_STR(got, want) check_str_at((got), (want), __FILE__, __LINE__, #got " == " #want)
#define CHECK_MEM(got, want, n)                                                                    \
	check_mem_at((got), (want), (n), __FILE__, __LINE__, "memcmp(" #got ", " #want ") == 0")

#endif
