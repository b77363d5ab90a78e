/* CSV quoting; see csv.h. */
#include "csv.h"

#include <string.h>

static int needs_quotes(const char *s)
{
	size_t n = strlen(s);

	return strpbrk(s, ",\"\r\n") || (n && (s[0] == ' ' || s[n - 1] == ' '));
}

static void quoted(FILE *out, const char *lead, const char *s)
{
	fputc('"', out);
	fputs(lead, out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

static void field(FILE *out, const char *s)
{
	/* A spreadsheet runs a cell starting with = + - @ as a formula: a room title must stay
	 * text, so it gets a leading apostrophe. No figure starts with one of those. */
	if (s[0] && strchr("=+-@", s[0]))
		quoted(out, "'", s);
	else if (needs_quotes(s))
		quoted(out, "", s);
	else
		fputs(s, out);
}

void csv_row(FILE *out, const char *const *fields, int n)
{
	for (int i = 0; i < n; i++) {
		if (i)
			fputc(',', out);
		field(out, fields[i] ? fields[i] : "");
	}
	fputs("\r\n", out);
}
