#include "profile.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "account.h"
#include "matcher.h"
#include "util.h"
#include "validate.h"

#define ZONEINFO "/usr/share/zoneinfo/"

static const char *const cefr[] = {"A1", "A2", "B1", "B2", "C1", "C2", "native"};

json_t *profile_empty(void)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:[], s:[], s:i}", "bio", "", "country", "",
			 "origin", "", "timezone", "", "languages", "skills", "capacity", 1);
}

int profile_country_code(const char *s, char out[3])
{
	if (!*s) {
		out[0] = '\0';
		return 0;
	}
	if (strlen(s) != 2 || !isalpha((unsigned char)s[0]) || !isalpha((unsigned char)s[1]))
		return -1;
	out[0] = (char)toupper((unsigned char)s[0]);
	out[1] = (char)toupper((unsigned char)s[1]);
	out[2] = '\0';
	return matcher_country_known(out) ? 0 : -1;
}

/* in's member key, or NULL when it is absent or null: null means absent. */
static json_t *member(const json_t *in, const char *key)
{
	json_t *v = json_object_get(in, key);

	return json_is_null(v) ? NULL : v;
}

/* "" or an IANA zone name that the system's tz database knows. */
static int timezone_ok(const char *tz)
{
	char path[128];
	struct stat sb;

	if (!*tz)
		return 1;
	if (strlen(tz) > 64 || strstr(tz, "..") || tz[0] == '/' ||
	    strspn(tz, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+-/") !=
		strlen(tz))
		return 0;
	snprintf(path, sizeof(path), ZONEINFO "%s", tz);
	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

static json_t *profile_languages(const json_t *in, char *err, size_t errsz)
{
	static const v_field f[] = {
	    {"code", V_STRING, 1, 0, 2}, {"level", V_STRING, 1, 0, 6}, {NULL}};
	json_t *out = json_array(), *v;
	size_t i, k;

	json_array_foreach(in, i, v)
	{
		const char *code, *level;
		char lc[3];
		if (!json_is_object(v))
			goto bad;
		if (validate_fields(v, f, err, errsz))
			goto error;
		code = json_string_value(json_object_get(v, "code"));
		level = json_string_value(json_object_get(v, "level"));
		if (strlen(code) != 2 || !isalpha((unsigned char)code[0]) ||
		    !isalpha((unsigned char)code[1]))
			goto bad;
		lc[0] = (char)tolower((unsigned char)code[0]);
		lc[1] = (char)tolower((unsigned char)code[1]);
		lc[2] = '\0';
		for (k = 0; k < sizeof(cefr) / sizeof(cefr[0]) && strcmp(cefr[k], level); k++)
			;
		if (k == sizeof(cefr) / sizeof(cefr[0]))
			goto bad;
		json_array_append_new(out, json_pack("{s:s, s:s}", "code", lc, "level", level));
	}
	return out;
bad:
	snprintf(err, errsz, "languages: each is {code: ISO 639-1, level: A1..C2 or native}");
error:
	json_decref(out);
	return NULL;
}

static json_t *profile_skills(const json_t *in, char *err, size_t errsz)
{
	static const v_field f[] = {
	    {"name", V_STRING, 1, 0, 60}, {"level", V_INT, 1, 1, 5}, {NULL}};
	json_t *out = json_array(), *v;
	size_t i;

	json_array_foreach(in, i, v)
	{
		char name[256], folded[MATCHER_NAME_MAX + 1];
		if (!json_is_object(v) || validate_fields(v, f, err, errsz)) {
			if (!json_is_object(v))
				snprintf(err, errsz, "skills: each is {name, level 1..5}");
			json_decref(out);
			return NULL;
		}
		if (account_name(json_string_value(json_object_get(v, "name")), name,
				 sizeof(name))) {
			snprintf(err, errsz, "skills: a name is empty or has control characters");
			json_decref(out);
			return NULL;
		}
		/* The matcher must take every stored name, or no round could run. */
		if (matcher_normalize(NULL, name, folded, sizeof(folded), NULL) < 0) {
			snprintf(err, errsz, "skills: a name needs a letter or a digit");
			json_decref(out);
			return NULL;
		}
		json_array_append_new(out, json_pack("{s:s, s:O}", "name", name, "level",
						     json_object_get(v, "level")));
	}
	return out;
}

json_t *profile_normalize(const json_t *in, char *err, size_t errsz)
{
	static const v_field f[] = {
	    {"bio", V_STRING, 0, 0, 1000},    {"country", V_STRING, 0, 0, 2},
	    {"origin", V_STRING, 0, 0, 2},    {"timezone", V_STRING, 0, 0, 64},
	    {"languages", V_ARRAY, 0, 0, 20}, {"skills", V_ARRAY, 0, 0, 30},
	    {"capacity", V_INT, 0, 1, 20},    {NULL}};
	json_t *out = profile_empty(), *v;
	char cc[3];

	if (validate_fields(in, f, err, errsz))
		goto error;
	if ((v = member(in, "bio")))
		json_object_set(out, "bio", v);
	if ((v = member(in, "country"))) {
		if (profile_country_code(json_string_value(v), cc))
			goto country;
		json_object_set_new(out, "country", json_string(cc));
	}
	if ((v = member(in, "origin"))) {
		if (profile_country_code(json_string_value(v), cc))
			goto country;
		json_object_set_new(out, "origin", json_string(cc));
	}
	if ((v = member(in, "timezone"))) {
		if (!timezone_ok(json_string_value(v))) {
			snprintf(err, errsz, "timezone must be an IANA name such as Europe/Paris");
			goto error;
		}
		json_object_set(out, "timezone", v);
	}
	if ((v = member(in, "languages")) &&
	    json_object_set_new(out, "languages", profile_languages(v, err, errsz)))
		goto error;
	if ((v = member(in, "skills")) &&
	    json_object_set_new(out, "skills", profile_skills(v, err, errsz)))
		goto error;
	if ((v = member(in, "capacity")))
		json_object_set(out, "capacity", v);
	return out;
country:
	snprintf(err, errsz, "country and origin are ISO 3166-1 alpha-2 codes such as SN");
error:
	json_decref(out);
	return NULL;
}
