#include "seed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hiredis/hiredis.h>
#include <jansson.h>

#include "account.h"
#include "impact.h"
#include "password.h"
#include "profile.h"
#include "store_seed.h"
#include "store.h"
#include "util.h"

/* A time: a number (ms) or "now", "now+90m", "now-2d". */
static int seed_time(const json_t *v, long long def, long long *out)
{
	const char *s;
	char unit = 'm', *end;
	double n;
	long long mult;

	if (!v) {
		*out = def;
		return 0;
	}
	if (json_is_integer(v)) {
		*out = json_integer_value(v);
		return 0;
	}
	if (!json_is_string(v) || strncmp(s = json_string_value(v), "now", 3))
		return -1;
	*out = util_now_ms();
	if (!s[3])
		return 0;
	n = strtod(s + 3, &end);
	if (end == s + 3 || (end[0] && end[1]))
		return -1;
	unit = end[0] ? end[0] : 's';
	mult = unit == 's'   ? 1000
	       : unit == 'm' ? 60000
	       : unit == 'h' ? 3600000
	       : unit == 'd' ? 86400000
			     : 0;
	if (!mult)
		return -1;
	*out += (long long)(n * (double)mult);
	return 0;
}

static int one_of(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (s && !strcmp(s, *list))
			return 1;
	return 0;
}

/* The optional cohort tag of a room or person: "" when not given, NULL when it is not one. */
static const char *seed_cohort(const json_t *x)
{
	const json_t *c = json_object_get(x, "cohort");

	if (!c)
		return "";
	return json_is_string(c) && impact_cohort_ok(json_string_value(c)) ? json_string_value(c)
									   : NULL;
}

static json_t *seed_room(const json_t *r, char *err, size_t errsz)
{
	static const char *const kinds[] = {"exchange", "mentorship", NULL};
	static const char *const states[] = {"open", "locked", "closed", NULL};
	const char *id = json_string_value(json_object_get(r, "id"));
	const char *title = json_string_value(json_object_get(r, "title"));
	const char *kind = json_string_value(json_object_get(r, "kind"));
	const char *state = json_string_value(json_object_get(r, "state"));
	json_t *members = json_object_get(r, "members");
	const char *cohort = seed_cohort(r);
	long long starts, ends;

	kind = kind ? kind : "exchange";
	state = state ? state : "open";
	if (!id || strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(id) || !id[0] ||
	    strlen(id) > 64 || !title || !title[0] || !one_of(kind, kinds) ||
	    !one_of(state, states) || (members && !json_is_array(members)) ||
	    seed_time(json_object_get(r, "starts_at"), util_now_ms(), &starts) ||
	    seed_time(json_object_get(r, "ends_at"), starts + 7200000, &ends) || !cohort ||
	    (cohort[0] && strcmp(kind, "exchange"))) {
		snprintf(err, errsz,
			 "room '%s': needs id [a-z0-9-], title, a known kind and state, "
			 "times as ms or now[+-]N[smhd], and a cohort only on an exchange room, "
			 "as cohort.set takes it",
			 id ? id : "?");
		return NULL;
	}
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:o, s:s}", "id", id, "title", title,
			 "topic", json_string_value(json_object_get(r, "topic")) ?: "", "kind",
			 kind, "state", state, "starts_at", starts, "ends_at", ends, "members",
			 members ? json_incref(members) : json_array(), "cohort", cohort);
}

/* The optional year of birth (1900 up to this year) and country of residence of a person, as
 * register takes them, into year ("" when not given) and country. 0 or -1. */
static int seed_age(const json_t *p, char year[8], char country[3])
{
	const json_t *y = json_object_get(p, "birth_year"), *c = json_object_get(p, "country");

	year[0] = '\0';
	if (y && (!json_is_integer(y) || json_integer_value(y) < 1900 ||
		  json_integer_value(y) > util_year_now()))
		return -1;
	if (y)
		snprintf(year, 8, "%d", (int)json_integer_value(y));
	if (c && !json_is_string(c))
		return -1;
	return profile_country_code(c ? json_string_value(c) : "", country);
}

static json_t *seed_person(const json_t *p, long iterations, char *err, size_t errsz)
{
	static const char *const roles[] = {"mentee",	    "mentor", "facilitator",
					    "safeguarding", "admin",  NULL};
	const char *pw = json_string_value(json_object_get(p, "password"));
	const char *role = json_string_value(json_object_get(p, "role"));
	const json_t *jprof = json_object_get(p, "profile");
	char email[256], name[256], uid[24], hash[PASSWORD_HASH_MAX], *prof = NULL;
	char year[8], country[3];
	json_t *profile, *out, *empty;

	if (account_email(json_string_value(json_object_get(p, "email")) ?: "", email,
			  sizeof(email)) ||
	    account_name(json_string_value(json_object_get(p, "name")) ?: "", name, sizeof(name)) ||
	    !pw || strlen(pw) < 10 || !one_of(role, roles)) {
		snprintf(err, errsz, "person '%s': needs email, name, password (10+), role",
			 json_string_value(json_object_get(p, "email")) ?: "?");
		return NULL;
	}
	if (seed_age(p, year, country) || !seed_cohort(p)) {
		snprintf(err, errsz,
			 "person '%s': birth_year is a year from 1900 to now, country an ISO "
			 "3166-1 alpha-2 code, cohort as cohort.set takes it",
			 email);
		return NULL;
	}
	empty = jprof ? NULL : json_object();
	profile = profile_normalize(jprof ? jprof : empty, err, errsz);
	json_decref(empty);
	if (!profile || account_new_uid(uid, sizeof(uid)) ||
	    password_hash(pw, strlen(pw), (unsigned)iterations, hash)) {
		json_decref(profile);
		return NULL;
	}
	prof = json_dumps(profile, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(profile);
	out = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "uid", uid, "email", email,
			"name", name, "role", role, "pw", hash, "profile", prof ? prof : "",
			"birth_year", year, "country", country, "cohort", seed_cohort(p));
	free(prof);
	return out;
}

static json_t *seed_doc(const config *cfg, const json_t *in, char *err, size_t errsz)
{
	json_t *rooms = json_array(), *people = json_array(), *v, *x;
	size_t i;

	json_array_foreach(json_object_get(in, "rooms"), i, v)
	{
		if (!(x = seed_room(v, err, errsz)))
			goto error;
		json_array_append_new(rooms, x);
	}
	json_array_foreach(json_object_get(in, "people"), i, v)
	{
		if (!(x = seed_person(v, cfg->pbkdf2_iterations, err, errsz)))
			goto error;
		json_array_append_new(people, x);
	}
	return json_pack("{s:o, s:o}", "rooms", rooms, "people", people);
error:
	json_decref(rooms);
	json_decref(people);
	return NULL;
}

static redisContext *seed_connect(const char *url, char *err, size_t errsz)
{
	store_addr a;
	redisContext *rc;
	redisReply *r;

	if (store_parse_url(url, &a)) {
		snprintf(err, errsz, "PASSERELLE_REDIS is not a redis:// or unix: url");
		return NULL;
	}
	rc = a.path[0] ? redisConnectUnix(a.path) : redisConnect(a.host, a.port);
	if (!rc || rc->err) {
		snprintf(err, errsz, "cannot reach Redis at %s: %s", url, rc ? rc->errstr : "");
		redisFree(rc);
		return NULL;
	}
	if (a.password[0] && (r = redisCommand(rc, "AUTH %s", a.password)))
		freeReplyObject(r);
	if (a.db && (r = redisCommand(rc, "SELECT %d", a.db)))
		freeReplyObject(r);
	return rc;
}

/* EVAL of seed.lua (run once, so not loaded): its KEYS from the declaration, then doc. */
static redisReply *seed_eval(redisContext *rc, const char *doc)
{
	const char *argv[3 + 8 + 1];
	char nk[16], keys[8][64];
	int i, n = 0;

	if (sc_seed.nkeys > 8)
		return NULL;
	snprintf(nk, sizeof(nk), "%d", sc_seed.nkeys);
	argv[n++] = "EVAL";
	argv[n++] = sc_seed.text;
	argv[n++] = nk;
	for (i = 0; i < sc_seed.nkeys; i++) {
		if (store_key_expand(sc_seed.keys[i], &doc, NULL, 1, keys[i], sizeof(keys[i])) < 0)
			return NULL;
		argv[n++] = keys[i];
	}
	argv[n++] = doc;
	return redisCommandArgv(rc, n, argv, NULL);
}

int seed_load(const config *cfg)
{
	json_error_t jerr;
	json_t *in = json_load_file(cfg->seed, JSON_REJECT_DUPLICATES, &jerr), *doc = NULL;
	redisContext *rc = NULL;
	redisReply *r = NULL;
	char err[1024] = "", *text = NULL;
	const char *loaded;
	json_t *head;
	int rc_ok = -1;

	if (!json_is_object(in)) {
		snprintf(err, sizeof(err), "%.400s:%d: %.200s", cfg->seed, jerr.line, jerr.text);
		goto error;
	}
	if (!(doc = seed_doc(cfg, in, err, sizeof(err))) ||
	    !(text = json_dumps(doc, JSON_COMPACT)) ||
	    !(rc = seed_connect(cfg->redis, err, sizeof(err))))
		goto error;
	r = seed_eval(rc, text);
	if (!r || r->type != REDIS_REPLY_STRING) {
		snprintf(err, sizeof(err), "Redis: %s", r ? r->str : rc->errstr);
		goto error;
	}
	head = json_loadb(r->str, r->len, 0, NULL);
	loaded = json_string_value(json_object_get(head, "loaded"));
	printf("seed: %s\n", loaded ? loaded : "store not empty, nothing loaded");
	json_decref(head);
	rc_ok = 0;
error:
	if (rc_ok)
		fprintf(stderr, "passerelle --seed: %s\n", err[0] ? err : "failed");
	freeReplyObject(r);
	redisFree(rc);
	free(text);
	json_decref(doc);
	json_decref(in);
	return rc_ok;
}
