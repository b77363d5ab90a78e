/* Table-driven request validation: each request type lists its fields, their JSON type,
 * whether they are required and a size cap. */
#ifndef PASSERELLE_VALIDATE_H
#define PASSERELLE_VALIDATE_H

#include <stddef.h>

#include <jansson.h>

typedef enum {
	V_STRING, /* max = cap in Unicode characters; min > 0: that many non-blank ones */
	V_INT,	  /* min..max */
	V_BOOL,
	V_OBJECT,
	V_ARRAY, /* max = cap on elements */
	V_ID,	 /* an id: 1..max chars of [A-Za-z0-9_-] */
	V_MSGID, /* a message id "ms-seq" */
	V_TEXT,	 /* a string of min..max characters once trimmed (util_trim) */
} v_type;

typedef struct v_field {
	const char *name;
	v_type type;
	int required;
	long long min, max;
} v_field;

/* Checks req's fields against the table (terminated by a NULL name). Fields not in the table
 * are ignored. Returns 0, or -1 with a human reason in err. req is borrowed. */
int validate_fields(const json_t *req, const v_field *fields, char *err, size_t errsz);

/* Reads the request id: a number or a string of at most 128 chars. Returns a borrowed
 * reference or NULL when absent or unusable. */
json_t *validate_request_id(const json_t *req);

#endif
