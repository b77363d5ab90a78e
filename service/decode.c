/* Decoding and validation of one request frame: no I/O, no connection. */
#include "route.h"

#include <stdio.h>
#include <string.h>

const route *route_find(const route *routes, size_t n, const char *type)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(routes[i].type, type))
			return &routes[i];
	return NULL;
}

const char *route_refusal(const route *r, int authed, const char *role)
{
	if (!r->open && !authed)
		return "unauthorized";
	if (r->admin_only && (!authed || strcmp(role, "admin")))
		return "forbidden";
	return NULL;
}

/* A null member means "absent", everywhere: take nulls out once, recursively into objects
 * (profile fields too). */
static void drop_nulls(json_t *o)
{
	const char *key;
	json_t *v;
	void *tmp;

	json_object_foreach_safe(o, tmp, key, v)
	{
		if (json_is_null(v))
			json_object_del(o, key);
		else if (json_is_object(v))
			drop_nulls(v);
	}
}

static int decode_fail(decoded *d, const char *why)
{
	snprintf(d->err, sizeof(d->err), "%s", why);
	return -1;
}

int decode_request(const char *text, size_t len, const route *routes, size_t n, decoded *d)
{
	json_error_t jerr;
	json_t *type;

	memset(d, 0, sizeof(*d));
	d->body = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_object(d->body))
		return decode_fail(d, d->body ? "A request is a JSON object."
					      : "The frame is not valid JSON.");
	drop_nulls(d->body);
	d->re = validate_request_id(d->body);
	if (!d->re && json_object_get(d->body, "id"))
		return decode_fail(d, "id must be a number or a string.");
	type = json_object_get(d->body, "type");
	if (!json_is_string(type))
		return decode_fail(d, "The field 'type' (a string) is required.");
	d->route = route_find(routes, n, json_string_value(type));
	if (!d->route)
		return decode_fail(d, "Unknown request type.");
	if (validate_fields(d->body, d->route->fields, d->err, sizeof(d->err))) {
		d->route = NULL;
		return -1;
	}
	return 0;
}

void decoded_clear(decoded *d)
{
	json_decref(d->body);
	d->body = NULL;
	d->re = NULL;
	d->route = NULL;
}
