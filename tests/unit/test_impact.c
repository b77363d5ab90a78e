/* Unit tests for service/impact.c: the suppression rule and the percentiles. */
#include "impact.h"

#include <string.h>

#include "check.h"

static int is_suppressed(json_t *v)
{
	int r = json_is_string(v) && !strcmp(json_string_value(v), IMPACT_SUPPRESSED);
	json_decref(v);
	return r;
}

static long int_of(json_t *v)
{
	long r = json_is_integer(v) ? (long)json_integer_value(v) : -1;
	json_decref(v);
	return r;
}

static double real_of(json_t *v)
{
	double r = json_is_real(v) ? json_real_value(v) : -1;
	json_decref(v);
	return r;
}

static void test_counts(void)
{
	CHECK_INT(int_of(impact_count_new(0)), 0);
	CHECK_INT(is_suppressed(impact_count_new(1)), 1);
	CHECK_INT(is_suppressed(impact_count_new(4)), 1);
	CHECK_INT(int_of(impact_count_new(5)), 5);
	CHECK_INT(int_of(impact_count_new(120)), 120);
}

static void test_over(void)
{
	json_t *v = impact_over_new(0, json_integer(3));
	CHECK_INT(json_is_null(v), 1);
	json_decref(v);
	CHECK_INT(is_suppressed(impact_over_new(4, json_integer(3))), 1);
	CHECK_INT(int_of(impact_over_new(5, json_integer(3))), 3);
	v = impact_over_new(7, NULL);
	CHECK_INT(json_is_null(v), 1);
	json_decref(v);
}

static void test_share(void)
{
	json_t *v = impact_share_new(0, 0);
	CHECK_INT(json_is_null(v), 1);
	json_decref(v);
	CHECK_INT(real_of(impact_share_new(5, 10)) == 0.5, 1);
	CHECK_INT(real_of(impact_share_new(0, 10)) == 0.0, 1);
	CHECK_INT(real_of(impact_share_new(10, 10)) == 1.0, 1);
	CHECK_INT(real_of(impact_share_new(5, 15)) == 0.333, 1);
	CHECK_INT(is_suppressed(impact_share_new(3, 10)), 1); /* 3 people */
	CHECK_INT(is_suppressed(impact_share_new(8, 10)), 1); /* the 2 others */
	CHECK_INT(is_suppressed(impact_share_new(0, 4)), 1);  /* 4 people in all */
}

static void test_percentile(void)
{
	double v[] = {9, 1, 5, 3, 7};
	impact_sort(v, 5);
	CHECK_INT(v[0] == 1 && v[4] == 9, 1);
	CHECK_INT(impact_percentile(v, 5, 50) == 5, 1);
	CHECK_INT(impact_percentile(v, 5, 25) == 3, 1);
	CHECK_INT(impact_percentile(v, 4, 50) == 4, 1); /* 1 3 5 7: between 3 and 5 */
	CHECK_INT(impact_percentile(v, 5, 100) == 9, 1);
	CHECK_INT(impact_percentile(v, 0, 50) == 0, 1);
	CHECK_INT(impact_percentile(v, 1, 90) == 1, 1);
}

int main(void)
{
	test_counts();
	test_over();
	test_share();
	test_percentile();
	return check_done("impact");
}
