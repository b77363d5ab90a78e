/* Small shared helpers: clock, logging, bounded string copy. */
#ifndef PASSERELLE_UTIL_H
#define PASSERELLE_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Milliseconds since the Unix epoch (wall clock). */
int64_t util_now_ms(void);
/* The current year (UTC), for ages known by year of birth only. */
int util_year_now(void);

/* Copies at most dstsz-1 bytes and always terminates. Returns 0, or -1 if src was cut. */
int util_strlcpy(char *dst, const char *src, size_t dstsz);

/* 1 when s is 1..max chars of [A-Za-z0-9_-]. */
int util_is_ident(const char *s, size_t max);
/* Whether role may use the admin socket: facilitator, safeguarding (the programme's
 * safeguarding lead) or admin. */
int util_role_is_staff(const char *role);

/* White space as the protocol trims it: ASCII space, tab, CR, LF, VT, FF. */
int util_is_space(unsigned char ch);
/* Skips leading and trailing white space: returns the start, sets *len. s is borrowed. */
const char *util_trim(const char *s, size_t *len);

/* Number of Unicode code points in valid UTF-8 (jansson has already validated it). */
size_t util_utf8_len(const char *s, size_t bytes);

void log_set_node(const char *node);
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
