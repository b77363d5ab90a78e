/* Aligned text tables and value formatting for passerelle-admin's human output.
 *
 * table_new() returns a table the caller owns and frees with table_free() (NULL is fine);
 * table_add() copies the cells, so the caller keeps its strings. Text from the server is
 * cleaned of control and direction-override characters before it reaches the terminal.
 * Formatting functions write into the caller's buffer and always NUL-terminate it.
 */
#ifndef PASSERELLE_CLI_TABLE_H
#define PASSERELLE_CLI_TABLE_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

#define TABLE_COLS_MAX 12
#define TABLE_ROWS_MAX 100000
#define TABLE_CELL_MAX 60  /* display characters per cell, except the last column */
#define TABLE_LAST_MAX 300 /* display characters in the last column */
#define VALUE_MAX 1024	   /* bytes of one formatted value */

typedef struct table table;

/* headers: ncols names, or NULL for a table without a header line (key/value lists). */
table *table_new(int ncols, const char *const *headers);

/* Adds a row of ncols cells (NULL cells print as "-"). -1 when full or out of memory. */
int table_add(table *t, const char *const *cells);

void table_print(const table *t, FILE *out);
void table_free(table *t);

/* Local date and time of ms since the epoch ("2026-12-01 19:00", with ":SS" when seconds is
 * set); "-" for 0 or less. */
void fmt_time(long long ms, int seconds, char *buf, size_t size);

/* Local time of day of ms since the epoch (HH:MM:SS). */
void fmt_clock(long long ms, char *buf, size_t size);

/* 90 -> "1m30s", 3600 -> "1h". */
void fmt_duration(long long seconds, char *buf, size_t size);

/* Any JSON value as one line: strings as they are, null or missing as "-", objects and
 * arrays compact. Cleaned for the terminal. */
void fmt_value(const json_t *v, char *buf, size_t size);

/* Copies s with control characters made visible and the rest kept, truncated to size. */
void fmt_clean(const char *s, char *buf, size_t size);

/* A string member of obj, or "-". The pointer lives as long as obj. */
const char *json_str(const json_t *obj, const char *key);

#endif
