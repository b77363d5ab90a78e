#include "impact.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int impact_small(long n)
{
	return n >= 1 && n < IMPACT_MIN_CELL;
}

json_t *impact_count_new(long n)
{
	return impact_cell_new(n, 0);
}

void impact_protect(const long *n, size_t k, unsigned char *hide)
{
	long hidden = 0, cells = 0;
	size_t i;

	for (i = 0; i < k; i++) {
		hide[i] = n[i] > 0 && (hide[i] || impact_small(n[i]));
		hidden += hide[i] ? n[i] : 0;
		cells += hide[i];
	}
	/* One hidden cell is the total less the others; a few people hidden are a small cell. */
	while (cells == 1 || impact_small(hidden)) {
		size_t pick = k;

		for (i = 0; i < k; i++)
			if (!hide[i] && n[i] > 0 && (pick == k || n[i] < n[pick]))
				pick = i;
		if (pick == k)
			return;
		hide[pick] = 1;
		hidden += n[pick];
		cells++;
	}
}

json_t *impact_cell_new(long n, int hidden)
{
	if (impact_small(n))
		return json_string(IMPACT_SUPPRESSED);
	return hidden && n > 0 ? json_string(IMPACT_HIDDEN) : json_integer(n);
}

int impact_part_hidden(long n, long of, int hidden)
{
	long parts[2] = {n, of - n};
	unsigned char hide[2] = {(unsigned char)hidden, 0};

	impact_protect(parts, 2, hide);
	return hide[0];
}

json_t *impact_part_new(long n, long of)
{
	return impact_cell_new(n, impact_part_hidden(n, of, 0));
}

json_t *impact_over_new(long people, json_t *value)
{
	if (people >= IMPACT_MIN_CELL)
		return value ? value : json_null();
	json_decref(value);
	return people > 0 ? json_string(IMPACT_SUPPRESSED) : json_null();
}

json_t *impact_share_new(long n, long of)
{
	if (of <= 0)
		return json_null();
	if (impact_small(n) || impact_small(of) || impact_small(of - n))
		return json_string(IMPACT_SUPPRESSED);
	return json_real(round((double)n / (double)of * 1000.0) / 1000.0);
}

int impact_chain_hidden(long n, long whole, long *prev)
{
	int hidden = impact_part_hidden(n, whole, 0);

	if (!hidden && *prev >= 0)
		hidden = impact_part_hidden(n, *prev, 0);
	*prev = hidden ? -1 : n;
	return hidden;
}

json_t *impact_share_hidden_new(long n, long of, int hidden)
{
	json_t *v = impact_share_new(n, of);

	if (!hidden || !json_is_real(v))
		return v;
	json_decref(v);
	return json_string(IMPACT_HIDDEN);
}

double impact_percentile(const double *sorted, size_t n, double p)
{
	double rank, lo;
	size_t i;

	if (n == 0)
		return 0;
	rank = p / 100.0 * (double)(n - 1);
	lo = floor(rank);
	i = (size_t)lo;
	if (i + 1 >= n)
		return sorted[n - 1];
	return sorted[i] + (sorted[i + 1] - sorted[i]) * (rank - lo);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

void impact_sort(double *v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_double);
}

int impact_cohort_ok(const char *s)
{
	size_t i, n = s ? strlen(s) : 0;

	if (n == 0 || n > IMPACT_COHORT_MAX || s[0] == ' ' || s[n - 1] == ' ')
		return 0;
	for (i = 0; i < n; i++) {
		char ch = s[i];
		int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			 (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' || ch == '.' ||
			 ch == ' ';

		if (!ok)
			return 0;
	}
	return 1;
}

const char *impact_filters_error(const json_t *body)
{
	const json_t *from = json_object_get(body, "from"), *to = json_object_get(body, "to");
	const json_t *cohort = json_object_get(body, "cohort");
	const json_t *region = json_object_get(body, "region");

	if (cohort && !impact_cohort_ok(json_string_value(cohort)))
		return IMPACT_COHORT_ERROR;
	if (region && !impact_region_ok(json_string_value(region)))
		return IMPACT_REGION_ERROR;
	if (from && to && json_integer_value(to) <= json_integer_value(from))
		return "field 'to' must come after 'from'";
	return NULL;
}

int impact_region_ok(const char *s)
{
	static const char *const regions[] = {"Africa", "Americas", "Asia", "Europe", "Oceania"};
	size_t i;

	for (i = 0; s && i < sizeof(regions) / sizeof(regions[0]); i++)
		if (!strcmp(s, regions[i]))
			return 1;
	return 0;
}
