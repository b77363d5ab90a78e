/*
 * fuzz_decode.c - request decoding and validation (service/decode.c, validate.c) over
 * both sockets' route tables: every input is decoded as a participant frame
 * (core_routes) and as an admin frame (admin_routes).
 *
 * Checked: a decoded request has an object body without null members, a route whose
 * type is the body's type and whose fields validate again; a refused one has a reason
 * and no route. The handlers are the stubs of tests/unit/route_stubs.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "route.h"

#define EXPECT(cond)                                                                               \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "fuzz_decode: %s\n", #cond);                               \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

/* 1 when no object in v, at any depth through objects, has a null member. */
static int no_nulls(const json_t *v)
{
	const char *key;
	json_t *m;

	json_object_foreach((json_t *)v, key, m)
	{
		if (json_is_null(m) || (json_is_object(m) && !no_nulls(m)))
			return 0;
	}
	return 1;
}

static void decode_one(const uint8_t *data, size_t size, const route *routes, size_t n, int admin)
{
	decoded d;
	char err[160];
	int rc = decode_request((const char *)data, size, routes, n, &d);

	EXPECT(memchr(d.err, '\0', sizeof(d.err)) != NULL);
	if (rc == 0) {
		const char *type = json_string_value(json_object_get(d.body, "type"));
		EXPECT(d.route && json_is_object(d.body) && type);
		EXPECT(strcmp(d.route->type, type) == 0);
		EXPECT(route_find(routes, n, type) == d.route);
		EXPECT(validate_fields(d.body, d.route->fields, err, sizeof(err)) == 0);
		EXPECT(no_nulls(d.body));
		EXPECT(!d.re || d.re == json_object_get(d.body, "id"));
		/* admin.c reads message.delete's id form with a table of its own */
		if (admin && strcmp(type, "message.delete") == 0)
			validate_fields(d.body, admin_f_delete_id, err, sizeof(err));
	} else {
		EXPECT(rc == -1 && d.route == NULL && d.err[0] != '\0');
	}
	decoded_clear(&d);
	EXPECT(d.body == NULL && d.re == NULL && d.route == NULL);
	decoded_clear(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	decode_one(data, size, core_routes, core_nroutes, 0);
	decode_one(data, size, admin_routes, admin_nroutes, 1);
	return 0;
}
