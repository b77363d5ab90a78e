/* The profile a person keeps for matching: checked and normalised before it is stored. */
#ifndef PASSERELLE_PROFILE_H
#define PASSERELLE_PROFILE_H

#include <stddef.h>

#include <jansson.h>

/* Checks in and returns a new, complete, normalised profile (absent fields get their empty
 * value). NULL with a reason in err when a field is wrong. in is borrowed. */
json_t *profile_normalize(const json_t *in, char *err, size_t errsz);
/* An empty profile (new reference). */
json_t *profile_empty(void);

/* "" or an ISO 3166-1 alpha-2 code that the matcher knows, written upper-cased into out.
 * Returns 0, or -1 for anything else (out is then undefined). */
int profile_country_code(const char *s, char out[3]);

#endif
