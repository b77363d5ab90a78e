/* Durations and times as operators type them; strict, so that a typo is refused rather than
 * read as something else. */
#include "parse.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define YEAR_MIN 1970
#define YEAR_MAX 2999
#define PARSE_MS_MAX 32503680000000LL /* the year 3000 */

/* Reads exactly n digits at *p. */
static int digits(const char **p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

int parse_count(const char *s, long long min, long long max, long long *out)
{
	long long v = 0;

	if (!s || !*s || strlen(s) > 18)
		return -1;
	for (const char *p = s; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return -1;
		v = v * 10 + (*p - '0');
	}
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static long long unit_seconds(char u)
{
	switch (u) {
	case 's':
		return 1;
	case 'm':
		return 60;
	case 'h':
		return 3600;
	case 'd':
		return 86400;
	case 'w':
		return 7 * 86400;
	default:
		return 0;
	}
}

int parse_duration(const char *s, long long *seconds)
{
	long long total = 0, n, unit;
	const char *p = s;

	if (!s || !*s)
		return -1;
	while (*p) {
		if (!isdigit((unsigned char)*p))
			return -1;
		for (n = 0; isdigit((unsigned char)*p); p++) {
			n = n * 10 + (*p - '0');
			if (n > PARSE_DURATION_MAX)
				return -1;
		}
		if (*p == '\0' && p != s && total == 0 && strspn(s, "0123456789") == strlen(s))
			unit = 1; /* a bare number is seconds */
		else if (!(unit = unit_seconds(*p++)))
			return -1;
		total += n * unit;
		if (total > PARSE_DURATION_MAX)
			return -1;
	}
	if (total <= 0)
		return -1;
	*seconds = total;
	return 0;
}

static int days_in_month(int year, int month)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return days[month - 1] + (month == 2 && leap);
}

/* Z, +hh, +hh:mm or +hhmm (or -); offset in seconds east of UTC. */
static int parse_zone(const char *p, long long *offset)
{
	int sign, hh, mm = 0;

	if (!strcmp(p, "Z") || !strcmp(p, "z")) {
		*offset = 0;
		return 0;
	}
	if (*p != '+' && *p != '-')
		return -1;
	sign = *p++ == '-' ? -1 : 1;
	if (digits(&p, 2, &hh) || hh > 23)
		return -1;
	if (*p == ':')
		p++;
	if (*p && (digits(&p, 2, &mm) || mm > 59))
		return -1;
	if (*p)
		return -1;
	*offset = sign * (hh * 3600LL + mm * 60LL);
	return 0;
}

/* hh:mm[:ss[.fff]]; p is moved past it. */
static int parse_clock(const char **p, struct tm *tm)
{
	int hh, mm, ss = 0;

	if (digits(p, 2, &hh) || **p != ':')
		return -1;
	(*p)++;
	if (digits(p, 2, &mm))
		return -1;
	if (**p == ':') {
		(*p)++;
		if (digits(p, 2, &ss))
			return -1;
		if (**p == '.')
			for ((*p)++; isdigit((unsigned char)**p); (*p)++)
				;
	}
	if (hh > 23 || mm > 59 || ss > 59)
		return -1;
	tm->tm_hour = hh;
	tm->tm_min = mm;
	tm->tm_sec = ss;
	return 0;
}

static int parse_iso(const char *s, long long *ms)
{
	struct tm tm;
	const char *p = s;
	int y, mo, d, zoned = 0;
	long long offset = 0;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	if (digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) || *p++ != '-' ||
	    digits(&p, 2, &d))
		return -1;
	if (y < YEAR_MIN || y > YEAR_MAX || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
		return -1;
	if ((*p == 'T' || *p == 't' || *p == ' ') && p[1]) {
		p++;
		if (parse_clock(&p, &tm))
			return -1;
	}
	if (*p) {
		if (parse_zone(p, &offset))
			return -1;
		zoned = 1;
	}
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_isdst = -1;
	t = zoned ? timegm(&tm) : mktime(&tm);
	if (t == (time_t)-1)
		return -1;
	*ms = ((long long)t - offset) * 1000;
	return 0;
}

int parse_time(const char *s, long long now_ms, long long *ms)
{
	long long seconds;

	if (!s || !*s)
		return -1;
	if (!strcmp(s, "now")) {
		*ms = now_ms;
		return 0;
	}
	if (*s == '+') {
		if (parse_duration(s + 1, &seconds))
			return -1;
		*ms = now_ms + seconds * 1000;
		return 0;
	}
	return parse_iso(s, ms);
}

int parse_day(const char *s, long long *ms)
{
	char zoned[16];

	if (s && strspn(s, "0123456789") == strlen(s))
		return parse_count(s, 0, PARSE_MS_MAX, ms);
	if (!s || strlen(s) != 10)
		return -1;
	snprintf(zoned, sizeof(zoned), "%sZ", s); /* parse_iso() reads a zone after a date */
	return parse_iso(zoned, ms);
}
