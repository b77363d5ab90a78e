/* Parsing of command-line values for passerelle-admin: durations, times and counts.
 * Pure functions: they read the string, write the result and own nothing. Each returns 0 on
 * success and -1 on bad input, leaving the result untouched. */
#ifndef PASSERELLE_CLI_PARSE_H
#define PASSERELLE_CLI_PARSE_H

#define PARSE_DURATION_MAX (3660LL * 86400) /* ten years, in seconds */

/* "90", "90s", "10m", "1h", "2d", "1w" or sums like "1h30m"; more than 0 seconds. */
int parse_duration(const char *s, long long *seconds);

/* "now", "+2h" / "+30m" (from now_ms), or ISO 8601: 2026-12-01, 2026-12-01T18:00,
 * 2026-12-01T18:00:30, with an optional zone Z, +02:00, -0530. Without a zone the time is
 * local. Result in milliseconds since the epoch. */
int parse_time(const char *s, long long now_ms, long long *ms);

/* A report bound: a day YYYY-MM-DD (its midnight UTC) or milliseconds since the epoch. */
int parse_day(const char *s, long long *ms);

/* A decimal integer in [min, max], digits only. */
int parse_count(const char *s, long long min, long long max, long long *out);

#endif
