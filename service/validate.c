#include "validate.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

static const char *v_kind(v_type t)
{
	switch (t) {
	case V_STRING:
		return "a string";
	case V_INT:
		return "an integer";
	case V_BOOL:
		return "a boolean";
	case V_OBJECT:
		return "an object";
	case V_ARRAY:
		return "an array";
	case V_ID:
		return "an id";
	case V_MSGID:
		return "a message id";
	case V_TEXT:
		return "a text";
	}
	return "?";
}

/* Characters that are not white space: a required text must have some. */
static long long v_visible(const char *s)
{
	long long n = 0;

	for (; *s; s++)
		if (!util_is_space((unsigned char)*s) && ((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

static int v_text_ok(const char *s, size_t len, const v_field *f)
{
	long long n;

	s = util_trim(s, &len);
	n = (long long)util_utf8_len(s, len);
	return n >= f->min && n <= f->max;
}

static int v_msgid(const char *s)
{
	size_t n = strspn(s, "0123456789");

	/* 16 digits a part keeps every id, and the one after it, within Redis' 64 bits. */
	if (n == 0 || n > 16 || s[n] != '-')
		return 0;
	s += n + 1;
	n = strspn(s, "0123456789");
	return n > 0 && n <= 16 && s[n] == '\0';
}

static int v_check(const json_t *v, const v_field *f)
{
	switch (f->type) {
	case V_STRING:
		return json_is_string(v) &&
		       (long long)util_utf8_len(json_string_value(v), json_string_length(v)) <=
			   f->max &&
		       (f->min <= 0 || v_visible(json_string_value(v)) >= f->min);
	case V_INT:
		return json_is_integer(v) && json_integer_value(v) >= f->min &&
		       json_integer_value(v) <= f->max;
	case V_BOOL:
		return json_is_boolean(v);
	case V_OBJECT:
		return json_is_object(v);
	case V_ARRAY:
		return json_is_array(v) && (long long)json_array_size(v) <= f->max;
	case V_ID:
		return json_is_string(v) && util_is_ident(json_string_value(v), (size_t)f->max);
	case V_MSGID:
		return json_is_string(v) && v_msgid(json_string_value(v));
	case V_TEXT:
		return json_is_string(v) &&
		       v_text_ok(json_string_value(v), json_string_length(v), f);
	}
	return 0;
}

int validate_fields(const json_t *req, const v_field *fields, char *err, size_t errsz)
{
	const v_field *f;

	for (f = fields; f && f->name; f++) {
		const json_t *v = json_object_get(req, f->name);
		if (!v || json_is_null(v)) {
			if (!f->required)
				continue;
			snprintf(err, errsz, "field '%s' is required", f->name);
			return -1;
		}
		if (v_check(v, f))
			continue;
		if (f->type == V_INT)
			snprintf(err, errsz, "field '%s' must be an integer in %lld..%lld", f->name,
				 f->min, f->max);
		else if (f->type == V_TEXT)
			snprintf(err, errsz, "field '%s' must be %lld to %lld characters", f->name,
				 f->min, f->max);
		else if (f->type == V_STRING && f->min > 0)
			snprintf(err, errsz,
				 "field '%s' must be a string of %lld to %lld characters, "
				 "not all blank",
				 f->name, f->min, f->max);
		else if (f->type == V_STRING || f->type == V_ARRAY)
			snprintf(err, errsz, "field '%s' must be %s of at most %lld %s", f->name,
				 v_kind(f->type), f->max,
				 f->type == V_STRING ? "characters" : "elements");
		else
			snprintf(err, errsz, "field '%s' must be %s", f->name, v_kind(f->type));
		return -1;
	}
	return 0;
}

json_t *validate_request_id(const json_t *req)
{
	json_t *id = json_object_get(req, "id");

	if (json_is_integer(id) || json_is_real(id))
		return id;
	if (json_is_string(id) && json_string_length(id) <= 128)
		return id;
	return NULL;
}
