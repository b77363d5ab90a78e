/*
 * input.c - matcher input from JSON, and time zones to UTC offsets; see input.h.
 */
#include "input.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define ZONE_NAME_MAX 64
#define ZONES_MAX 1024		 /* distinct time zones remembered */
#define ZONE_SLOTS 2048		 /* hash slots, twice ZONES_MAX */
#define REQUESTED_MAX (1L << 52) /* |requested_at| in ms */

struct zone {
	char name[ZONE_NAME_MAX + 1]; /* "" for a free slot */
	int offset;		      /* minutes */
	int known;		      /* 0: not a zone of the database */
};

struct matcher_reader {
	int64_t now_ms;
	int flags;
	size_t nzones;
	struct zone zones[ZONE_SLOTS];
};

static int fail(matcher_error_t *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(matcher_error_t *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->text, sizeof(err->text), fmt, ap);
	va_end(ap);
	return -1;
}

matcher_reader_t *matcher_reader_new(int64_t now_ms, int flags)
{
	matcher_reader_t *r = calloc(1, sizeof(*r));

	if (r) {
		r->now_ms = now_ms;
		r->flags = flags;
	}
	return r;
}

void matcher_reader_free(matcher_reader_t *r)
{
	free(r);
}

/* ---------------------------------------------------------------- time zones */

static int zone_name_ok(const char *z)
{
	size_t len = strlen(z);

	if (!len || len > ZONE_NAME_MAX || z[0] == '/' || strstr(z, ".."))
		return 0;
	return strspn(z, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/_+-") ==
	       len;
}

/* The offset of z at t through the C library, TZ restored afterwards. 0 or -1. */
static int zone_lookup(const char *z, time_t t, int *out)
{
	const char *dir = getenv("TZDIR") ? getenv("TZDIR") : "/usr/share/zoneinfo";
	const char *tz = getenv("TZ");
	char path[512], *old = NULL;
	struct tm tm;
	int ok;

	if (!zone_name_ok(z))
		return -1;
	snprintf(path, sizeof(path), "%s/%s", dir, z);
	if (access(path, R_OK) != 0 || (tz && !(old = strdup(tz))))
		return -1;
	setenv("TZ", z, 1);
	tzset();
	ok = localtime_r(&t, &tm) != NULL;
	if (old)
		setenv("TZ", old, 1);
	else
		unsetenv("TZ");
	tzset();
	free(old);
	if (!ok)
		return -1;
	*out = (int)(tm.tm_gmtoff / 60);
	return 0;
}

/* The slot of z: where it is, or the free one where it goes. NULL if z is too long. */
static struct zone *zone_slot(matcher_reader_t *r, const char *z)
{
	uint32_t h = 2166136261u;
	size_t i;

	if (strlen(z) > ZONE_NAME_MAX)
		return NULL;
	for (const char *p = z; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	for (i = h % ZONE_SLOTS;; i = (i + 1) % ZONE_SLOTS)
		if (!r->zones[i].name[0] || strcmp(r->zones[i].name, z) == 0)
			return &r->zones[i];
}

int matcher_reader_zone(matcher_reader_t *r, const char *zone, int *offset_min)
{
	struct zone *slot = zone_slot(r, zone);
	int off = 0, known;

	if (slot && slot->name[0]) {
		*offset_min = slot->offset;
		return slot->known ? 0 : -1;
	}
	known = zone_lookup(zone, (time_t)(r->now_ms / 1000), &off) == 0;
	if (slot && *zone && r->nzones < ZONES_MAX) {
		snprintf(slot->name, sizeof(slot->name), "%s", zone);
		slot->offset = off;
		slot->known = known;
		r->nzones++;
	}
	*offset_min = off;
	return known ? 0 : -1;
}

/* ---------------------------------------------------------------- fields */

/* A string member: *out NULL when absent or null. */
static int get_str(const json_t *obj, const char *key, const char *id, const char **out,
		   matcher_error_t *err)
{
	json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return fail(err, MATCHER_EINVAL, "\"%.40s\": field %s is not a string", id, key);
	*out = json_string_value(v);
	return 0;
}

/* An integer member in lo..hi: *out def when absent or null. */
static int get_int(const json_t *obj, const char *key, long def, long lo, long hi, const char *id,
		   long *out, matcher_error_t *err)
{
	json_t *v = json_object_get(obj, key);

	*out = def;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
		return fail(err, MATCHER_EINVAL, "\"%.40s\": field %s is not an integer in range",
			    id, key);
	*out = (long)json_integer_value(v);
	return 0;
}

/* ---------------------------------------------------------------- people */

/* Where people are read into, and the next free language and skill. */
struct fill {
	matcher_reader_t *r;
	matcher_people_t *pp;
	size_t nlangs, nskills;
	int mentees;
};

/* The object that holds p's profile fields: p itself, or its "profile". */
static const json_t *profile_of(const struct fill *f, const json_t *p)
{
	return f->r->flags & MATCHER_READ_NESTED ? json_object_get(p, "profile") : p;
}

static int read_langs(struct fill *f, const json_t *arr, matcher_person_t *p, matcher_error_t *err)
{
	size_t k;
	json_t *l;

	if (arr && !json_is_array(arr))
		return fail(err, MATCHER_EINVAL, "\"%.40s\": languages is not an array", p->id);
	p->languages = f->pp->languages + f->nlangs;
	json_array_foreach(arr, k, l)
	{
		matcher_language_t *out = &f->pp->languages[f->nlangs];
		const char *level;
		if (get_str(l, "level", p->id, &level, err))
			return -1;
		if (!json_is_object(l) || !level || !matcher_level_parse(level))
			return fail(err, MATCHER_EINVAL,
				    "\"%.40s\": language needs {code, level A1..C2|native}", p->id);
		if (get_str(l, "code", p->id, &out->code, err))
			return -1;
		out->level = matcher_level_parse(level);
		f->nlangs++;
		p->nlanguages++;
	}
	return 0;
}

static int read_skills(struct fill *f, const json_t *arr, matcher_person_t *p, matcher_error_t *err)
{
	size_t k;
	json_t *s;

	if (arr && !json_is_array(arr))
		return fail(err, MATCHER_EINVAL, "\"%.40s\": skills is not an array", p->id);
	p->skills = f->pp->skills + f->nskills;
	json_array_foreach(arr, k, s)
	{
		matcher_skill_t *out = &f->pp->skills[f->nskills];
		long level;
		if (!json_is_object(s))
			return fail(err, MATCHER_EINVAL,
				    "\"%.40s\": skill needs {name, level 1..5}", p->id);
		if (get_str(s, "name", p->id, &out->name, err) ||
		    get_int(s, "level", 0, 1, 5, p->id, &level, err))
			return -1;
		out->level = (int)level;
		f->nskills++;
		p->nskills++;
	}
	return 0;
}

/* The UTC offset: "utc_offset_min" when given, else that of "timezone". */
static int read_offset(struct fill *f, const json_t *prof, matcher_person_t *p,
		       matcher_error_t *err)
{
	json_t *off = json_object_get(prof, "utc_offset_min");
	const char *tz;
	long v;

	if (get_str(prof, "timezone", p->id, &tz, err))
		return -1;
	if (off && !json_is_null(off)) {
		if (get_int(prof, "utc_offset_min", 0, -720, 840, p->id, &v, err))
			return -1;
		p->utc_offset_min = (int)v;
	} else if (tz && matcher_reader_zone(f->r, tz, &p->utc_offset_min) < 0) {
		if (!(f->r->flags & MATCHER_READ_ANY_ZONE))
			return fail(err, MATCHER_EINVAL, "\"%.40s\": unknown time zone \"%.64s\"",
				    p->id, tz);
		p->utc_offset_min = 0;
	}
	return 0;
}

static int read_person(struct fill *f, const json_t *o, size_t idx, matcher_error_t *err)
{
	matcher_person_t *p = &f->pp->people[idx];
	const json_t *prof = profile_of(f, o);
	long capacity, used, requested, declines;

	if (get_str(o, "id", "?", &p->id, err))
		return -1;
	if (!p->id)
		return fail(err, MATCHER_EINVAL, "%s has no string id",
			    f->mentees ? "a mentee" : "a mentor");
	if (get_str(o, "name", p->id, &f->pp->names[idx], err))
		return -1;
	if (!json_is_object(prof))
		return fail(err, MATCHER_EINVAL, "\"%.40s\": profile is not an object", p->id);
	if (read_langs(f, json_object_get(prof, "languages"), p, err) ||
	    read_skills(f, json_object_get(prof, "skills"), p, err) ||
	    get_str(prof, "country", p->id, &p->country, err) ||
	    get_str(prof, "origin", p->id, &p->origin, err) ||
	    get_int(prof, "capacity", 1, 0, 20, p->id, &capacity, err) ||
	    get_int(o, "used", 0, 0, 1000, p->id, &used, err) ||
	    get_int(o, "requested_at", (long)f->r->now_ms, -REQUESTED_MAX, REQUESTED_MAX, p->id,
		    &requested, err) ||
	    get_int(o, "declines", 0, 0, 1000, p->id, &declines, err) ||
	    read_offset(f, prof, p, err))
		return -1;
	p->capacity = (int)capacity;
	p->used = (int)used;
	p->requested_at_ms = requested;
	p->declines = (int)declines;
	return 0;
}

static const char *side_key(int mentees)
{
	return mentees ? "mentees" : "mentors";
}

int matcher_reader_people(matcher_reader_t *r, const json_t *arr, int mentees,
			  matcher_people_t *out, matcher_error_t *err)
{
	struct fill f = {r, out, 0, 0, mentees};
	size_t nl = 0, ns = 0, k, n = json_array_size(arr);
	json_t *o;

	memset(out, 0, sizeof(*out));
	if (!json_is_array(arr))
		return fail(err, MATCHER_EINVAL, "\"%s\" must be an array", side_key(mentees));
	json_array_foreach(arr, k, o)
	{
		nl += json_array_size(json_object_get(profile_of(&f, o), "languages"));
		ns += json_array_size(json_object_get(profile_of(&f, o), "skills"));
	}
	out->people = calloc(n + 1, sizeof(*out->people));
	out->names = calloc(n + 1, sizeof(*out->names));
	out->languages = calloc(nl + 1, sizeof(*out->languages));
	out->skills = calloc(ns + 1, sizeof(*out->skills));
	if (!out->people || !out->names || !out->languages || !out->skills) {
		matcher_people_clear(out);
		return fail(err, MATCHER_ENOMEM, "out of memory");
	}
	out->count = n;
	json_array_foreach(arr, k, o)
	{
		if (read_person(&f, o, k, err)) {
			matcher_people_clear(out);
			return -1;
		}
	}
	return 0;
}

void matcher_people_clear(matcher_people_t *pp)
{
	if (!pp)
		return;
	free(pp->people);
	free((void *)pp->names);
	free(pp->languages);
	free(pp->skills);
	memset(pp, 0, sizeof(*pp));
}

/* ---------------------------------------------------------------- cohorts */

/* "exclude" (frozen 0) or "frozen" (1): absent, or an array of [mentor, mentee]. */
static int read_pairs(const json_t *root, int frozen, matcher_pair_t **out, size_t *n,
		      matcher_error_t *err)
{
	const char *key = frozen ? "frozen" : "exclude";
	json_t *arr = json_object_get(root, key), *p;
	size_t k;

	if (arr && !json_is_array(arr))
		return fail(err, MATCHER_EINVAL, "\"%s\" must be an array of [mentor, mentee]",
			    key);
	*n = json_array_size(arr);
	*out = calloc(*n + 1, sizeof(**out));
	if (!*out)
		return fail(err, MATCHER_ENOMEM, "out of memory");
	json_array_foreach(arr, k, p)
	{
		json_t *a = json_array_get(p, 0), *b = json_array_get(p, 1);
		if (json_array_size(p) != 2 || !json_is_string(a) || !json_is_string(b))
			return fail(err, MATCHER_EINVAL,
				    "\"%s\" must be an array of [mentor, mentee]", key);
		(*out)[k].mentor = json_string_value(a);
		(*out)[k].mentee = json_string_value(b);
	}
	return 0;
}

int matcher_reader_cohort(matcher_reader_t *r, const json_t *root, matcher_cohort_t *out,
			  matcher_error_t *err)
{
	memset(out, 0, sizeof(*out));
	out->now_ms = r->now_ms;
	for (int side = 0; side < 2; side++)
		if (!json_is_array(json_object_get(root, side_key(side))))
			return fail(err, MATCHER_EINVAL, "\"%s\" must be an array", side_key(side));
	if (matcher_reader_people(r, json_object_get(root, "mentors"), 0, &out->mentors, err) ||
	    matcher_reader_people(r, json_object_get(root, "mentees"), 1, &out->mentees, err) ||
	    read_pairs(root, 0, &out->excluded, &out->nexcluded, err) ||
	    read_pairs(root, 1, &out->frozen, &out->nfrozen, err)) {
		matcher_cohort_clear(out);
		return -1;
	}
	return 0;
}

void matcher_cohort_input(const matcher_cohort_t *c, matcher_input_t *in)
{
	memset(in, 0, sizeof(*in));
	in->mentors = c->mentors.people;
	in->nmentors = c->mentors.count;
	in->mentees = c->mentees.people;
	in->nmentees = c->mentees.count;
	in->excluded = c->excluded;
	in->nexcluded = c->nexcluded;
	in->frozen = c->frozen;
	in->nfrozen = c->nfrozen;
	in->now_ms = c->now_ms;
}

void matcher_cohort_clear(matcher_cohort_t *c)
{
	if (!c)
		return;
	matcher_people_clear(&c->mentors);
	matcher_people_clear(&c->mentees);
	free(c->excluded);
	free(c->frozen);
	memset(c, 0, sizeof(*c));
}
