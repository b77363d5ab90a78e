/* Tables are measured in code points, which is right for the Latin, Arabic and accented names
 * this service mostly shows; wide CJK characters would need wcwidth() and a locale. */
#include "table.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct table {
	int ncols;
	int header;   /* row 0 holds the headers */
	size_t nrows; /* rows, header included */
	size_t cap;
	char **cells; /* nrows * ncols, each owned */
};

static size_t utf8_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Bytes of the UTF-8 sequence starting with lead byte c. */
static size_t seq_len(unsigned char c)
{
	if (c < 0xC0)
		return 1;
	if (c < 0xE0)
		return 2;
	return c < 0xF0 ? 3 : 4;
}

/* C0/C1 controls and the bidirectional overrides and isolates, which could make a name or a
 * message rewrite what the operator sees. */
static int is_hidden(const unsigned char *p, size_t n)
{
	if (n == 1)
		return p[0] < 0x20 || p[0] == 0x7F;
	if (n == 2)
		return p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F;
	if (n == 3 && p[0] == 0xE2 && p[1] == 0x80)
		return p[2] >= 0xAA && p[2] <= 0xAE;
	if (n == 3 && p[0] == 0xE2 && p[1] == 0x81)
		return p[2] >= 0xA6 && p[2] <= 0xA9;
	return 0;
}

void fmt_clean(const char *s, char *buf, size_t size)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t out = 0, n;

	if (!size)
		return;
	while (*p) {
		n = seq_len(*p);
		for (size_t i = 1; i < n; i++)
			if (!p[i])
				n = i; /* truncated sequence: copy what is there */
		if (out + n >= size)
			break;
		if (is_hidden(p, n)) {
			buf[out++] = (*p == '\n' || *p == '\t' || *p == '\r') ? ' ' : '?';
		} else {
			memcpy(buf + out, p, n);
			out += n;
		}
		p += n;
	}
	buf[out] = '\0';
}

/* Cleans s and cuts it to at most max code points, ending in an ellipsis when cut. */
static char *cell_copy(const char *s, size_t max)
{
	char buf[VALUE_MAX * 2];
	size_t chars = 0, i = 0;

	fmt_clean(s ? s : "-", buf, sizeof(buf));
	if (utf8_len(buf) > max) {
		while (buf[i] && chars < max - 1) {
			i += seq_len((unsigned char)buf[i]);
			chars++;
		}
		memcpy(buf + i, "\xE2\x80\xA6", 4);
	}
	return strdup(buf);
}

table *table_new(int ncols, const char *const *headers)
{
	table *t;

	if (ncols < 1 || ncols > TABLE_COLS_MAX || !(t = calloc(1, sizeof(*t))))
		return NULL;
	t->ncols = ncols;
	if (headers && table_add(t, headers)) {
		table_free(t);
		return NULL;
	}
	t->header = headers != NULL;
	return t;
}

int table_add(table *t, const char *const *cells)
{
	char **grown;
	size_t base;

	if (!t || t->nrows >= TABLE_ROWS_MAX)
		return -1;
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;

		if (!(grown = realloc(t->cells, cap * t->ncols * sizeof(*grown))))
			return -1;
		t->cells = grown;
		t->cap = cap;
	}
	base = t->nrows * t->ncols;
	for (int c = 0; c < t->ncols; c++) {
		size_t max = c == t->ncols - 1 ? TABLE_LAST_MAX : TABLE_CELL_MAX;

		if (!(t->cells[base + c] = cell_copy(cells[c], max))) {
			while (c-- > 0)
				free(t->cells[base + c]);
			return -1;
		}
	}
	t->nrows++;
	return 0;
}

void table_print(const table *t, FILE *out)
{
	size_t width[TABLE_COLS_MAX] = {0};

	if (!t)
		return;
	for (size_t r = 0; r < t->nrows; r++)
		for (int c = 0; c < t->ncols; c++) {
			size_t w = utf8_len(t->cells[r * t->ncols + c]);

			if (w > width[c])
				width[c] = w;
		}
	for (size_t r = 0; r < t->nrows; r++) {
		for (int c = 0; c < t->ncols; c++) {
			const char *cell = t->cells[r * t->ncols + c];

			fputs(cell, out);
			if (c < t->ncols - 1)
				fprintf(out, "%*s", (int)(width[c] - utf8_len(cell) + 2), "");
		}
		fputc('\n', out);
	}
}

void table_free(table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t);
}

void fmt_time(long long ms, int seconds, char *buf, size_t size)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	if (ms <= 0 || !localtime_r(&t, &tm) ||
	    !strftime(buf, size, seconds ? "%Y-%m-%d %H:%M:%S" : "%Y-%m-%d %H:%M", &tm))
		snprintf(buf, size, "-");
}

void fmt_clock(long long ms, char *buf, size_t size)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	if (!localtime_r(&t, &tm) || !strftime(buf, size, "%H:%M:%S", &tm))
		snprintf(buf, size, "--:--:--");
}

void fmt_duration(long long seconds, char *buf, size_t size)
{
	static const struct {
		long long s;
		char unit;
	} units[] = {{86400, 'd'}, {3600, 'h'}, {60, 'm'}, {1, 's'}};
	size_t used = 0;

	buf[0] = '\0';
	if (seconds <= 0) {
		snprintf(buf, size, "0s");
		return;
	}
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]) && used < size; i++) {
		if (seconds >= units[i].s) {
			int n = snprintf(buf + used, size - used, "%lld%c", seconds / units[i].s,
					 units[i].unit);

			if (n < 0)
				return;
			used += (size_t)n;
			seconds %= units[i].s;
		}
	}
}

void fmt_value(const json_t *v, char *buf, size_t size)
{
	char *dump;

	if (!v || json_is_null(v)) {
		snprintf(buf, size, "-");
	} else if (json_is_string(v)) {
		fmt_clean(json_string_value(v), buf, size);
	} else if (json_is_integer(v)) {
		snprintf(buf, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	} else if (json_is_real(v)) {
		snprintf(buf, size, "%.4g", json_real_value(v));
	} else if (json_is_boolean(v)) {
		snprintf(buf, size, "%s", json_is_true(v) ? "yes" : "no");
	} else if ((dump = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER))) {
		fmt_clean(dump, buf, size);
		free(dump);
	} else {
		snprintf(buf, size, "?");
	}
}

const char *json_str(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s ? s : "-";
}
