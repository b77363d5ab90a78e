/* Programme impact on the admin socket (see impact_admin.h). */
#include "impact_admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "impact.h"
#include "reply.h"
#include "sbuf.h"
#include "sizes.h"
#include "util.h"

/* The ids of body's array field name as one comma list in body (ids hold no comma). Returns
 * the number of ids, or -1 when one is not an id (err set). */
static int cohort_ids(json_t *body, const char *name, char *err, size_t errsz)
{
	json_t *ids = json_object_get(body, name), *v;
	sbuf b;
	size_t i;
	int n = (int)json_array_size(ids);

	sbuf_init(&b, COHORT_IDS_MAX * (ID_MAX + 1) + 1);
	json_array_foreach(ids, i, v)
	{
		const char *id = json_string_value(v);

		if (!id || !util_is_ident(id, ID_MAX)) {
			snprintf(err, errsz, "field '%s' must list ids", name);
			sbuf_free(&b);
			return -1;
		}
		if (i)
			sbuf_adds(&b, ",");
		sbuf_adds(&b, id);
	}
	if (b.failed) {
		snprintf(err, errsz, "field '%s' is too long", name);
		n = -1;
	} else {
		json_object_set_new(body, name, json_string(b.len ? b.p : ""));
	}
	sbuf_free(&b);
	return n;
}

void admin_cohort_set(conn *c, json_t *re, json_t *body)
{
	const char *type = json_string_value(json_object_get(body, "type"));
	json_t *name = json_object_get(body, "cohort");
	char err[160];
	int rooms, users;

	if (!strcmp(type, "cohort.set") && !impact_cohort_ok(json_string_value(name))) {
		reply_error(c, re, "bad_request", IMPACT_COHORT_ERROR);
		return;
	}
	if ((rooms = cohort_ids(body, "rooms", err, sizeof(err))) < 0 ||
	    (users = cohort_ids(body, "users", err, sizeof(err))) < 0) {
		reply_error(c, re, "bad_request", err);
		return;
	}
	if (rooms + users == 0) {
		reply_error(c, re, "bad_request", "Give rooms or users.");
		return;
	}
	admin_script(c, re, body);
}
