/*
 * impact: the rules every programme-impact figure follows (docs/impact.md). A cell that
 * describes 1 to 4 people is suppressed ("<5" on the wire); 0 is shown. Pure: no I/O.
 * Functions named _new return a new JSON reference, as jansson's do.
 */
#ifndef PASSERELLE_IMPACT_H
#define PASSERELLE_IMPACT_H

#include <jansson.h>
#include <stddef.h>

#define IMPACT_MIN_CELL 5
#define IMPACT_SUPPRESSED "<5"
/* A count of 5 or more hidden so that a smaller one cannot be worked out from it. */
#define IMPACT_HIDDEN "x"

/* 1 when a figure about n people may not be shown (1 <= n < IMPACT_MIN_CELL). */
int impact_small(long n);

/* A count of people: n, or "<5" when impact_small(n). NULL only when out of memory. */
json_t *impact_count_new(long n);

/* A figure computed over `people` people (a median, a mean): takes the reference of value
 * (NULL allowed) and returns it when people >= IMPACT_MIN_CELL, "<5" when people is 1..4,
 * null when 0. */
json_t *impact_over_new(long people, json_t *value);

/* Complementary suppression for k counts that add up to a whole a reader can see (the
 * parts of a shown total, the rows of a breakdown): sets hide[i] where n[i] is 1..4, then,
 * while one cell alone is hidden or the hidden cells add up to 1..4 people, hides the
 * smallest shown non-zero cell too. So no hidden count can be worked out by subtraction,
 * and what the hidden cells describe together is 0 or at least IMPACT_MIN_CELL people.
 * A zero is never hidden. hide has k entries, read and written:
 * a cell the caller already hid (for another rule) stays hidden and counts as hidden. */
void impact_protect(const long *n, size_t k, unsigned char *hide);

/* A count from a group that impact_protect() judged: n when shown, "<5" when 1..4, "x"
 * when hidden to protect another. */
json_t *impact_cell_new(long n, int hidden);

/* 1 when n, a part of a shown `of`, must be hidden: it was already (hidden), or n or
 * of - n is 1..4, so that either would tell the other (impact_protect over the two). */
int impact_part_hidden(long n, long of, int hidden);

/* A count n of the `of` people a shown figure describes, hidden when n or of - n is 1..4
 * (impact_part_hidden, then impact_cell_new). NULL only when out of memory. */
json_t *impact_part_new(long n, long of);

/* The share n / of, rounded to 3 decimals: null when of is 0, "<5" when n, of or of - n
 * is 1..4 (each would let a reader count fewer than 5 people). */
json_t *impact_share_new(long n, long of);

/* 1 when n, a count in a chain of shrinking counts (a funnel's steps, the people at k
 * sessions or more), must be hidden: as a part of whole, and, when the count before it was
 * shown (*prev >= 0), as a part of that one. *prev becomes n, or -1 when n is hidden; start
 * a chain with *prev = -1. */
int impact_chain_hidden(long n, long whole, long *prev);

/* impact_share_new(n, of), or, when hidden (a count it is made of is hidden), "<5" where
 * the share rule itself suppresses it and "x" elsewhere. */
json_t *impact_share_hidden_new(long n, long of, int hidden);

/* The p-th percentile (0..100) of n sorted values, linear between ranks (the median is
 * p = 50); 0 when n is 0. */
double impact_percentile(const double *sorted, size_t n, double p);

/* Sorts n values in place, ascending. */
void impact_sort(double *v, size_t n);

#define IMPACT_COHORT_MAX 40

/* 1 when s is a cohort tag: 1..IMPACT_COHORT_MAX characters of A-Z a-z 0-9 _ - . and space,
 * neither starting nor ending with a space. */
int impact_cohort_ok(const char *s);

/* 1 when s names a report region: Africa, Americas, Asia, Europe or Oceania (the UN M49
 * regions of matcher_region_name()). */
int impact_region_ok(const char *s);

/* The message for a report request's filters that are not good (cohort, region, a `to` not
 * after `from`), or NULL. The fields' types come checked by the route table. */
const char *impact_filters_error(const json_t *body);

/* The region filter's message for a field that is not one ("field 'region' must be ..."). */
#define IMPACT_REGION_ERROR "field 'region' must be one of Africa, Americas, Asia, Europe, Oceania"
#define IMPACT_COHORT_ERROR                                                                        \
	"field 'cohort' must be 1 to 40 characters of letters, digits, spaces and _ - . (no "      \
	"space first or last)"

#endif
