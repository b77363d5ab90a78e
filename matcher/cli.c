/*
 * cli.c - passerelle-match: match a cohort offline from a JSON file.
 *
 * Reads {"mentors": [...], "mentees": [...], "exclude": [[mentor, mentee], ...],
 * "frozen": [[mentor, mentee], ...], "config": {...}} from a file or stdin and writes
 * the assignment, or the explanation of one pair, as JSON on stdout. The format is
 * described in matcher/README.md. Time zones are turned into UTC offsets here, with the
 * system time zone database, at the instant given by --now.
 *
 * The parsed JSON tree owns every string handed to the library; it is kept until exit.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "matcher.h"

#define INPUT_MAX (512L << 20) /* bytes of JSON input */
#define ZONES_MAX 1024	       /* distinct time zones remembered */
#define ZONE_NAME_MAX 64

static const char usage[] =
    "usage: passerelle-match [--plain] [--now MS] [--synonyms FILE]\n"
    "                        [--explain MENTOR MENTEE] [FILE]\n"
    "Reads mentors and mentees as JSON from FILE, or stdin when FILE is absent or \"-\",\n"
    "and writes the optimal assignment with scores and reasons as JSON.\n"
    "  --explain MENTOR MENTEE  explain one pair: score, reasons, or the filter that\n"
    "                           removes it\n"
    "  --plain                  no spreading, no priority bonus, no candidate cut\n"
    "  --now MS                 instant of the round, ms since the epoch (default: now)\n"
    "  --synonyms FILE          skill synonyms instead of the built-in table\n"
    "  --help                   this text\n"
    "Settings come from the defaults, then PASSERELLE_MATCH_<KEY> variables (for example\n"
    "PASSERELLE_MATCH_W_SKILLS=60), then the input's \"config\" object, then --plain.\n"
    "Keys: w_skills w_language w_region w_timezone min_level spread wait_per_day\n"
    "decline_bonus bonus_max candidates plain greedy max_arcs threads (see\n"
    "matcher/README.md).\n"
    "Exit status: 0 done, 2 bad usage or input, 1 out of memory.\n";

struct opts {
	const char *file, *synonyms, *explain_mentor, *explain_mentee;
	int plain;
	int64_t now_ms;
};

struct zone {
	char name[ZONE_NAME_MAX + 1];
	int offset;
};

/* Everything built from the input; arrays owned here, strings owned by `root`. */
struct cohort {
	json_t *root;
	matcher_person_t *people[2]; /* mentors, mentees */
	size_t count[2];
	const char **names[2];
	matcher_language_t *langs;
	matcher_skill_t *skills;
	size_t nlangs, nskills;
	matcher_pair_t *pairs[2]; /* excluded, frozen */
	size_t npairs[2];
	struct zone *zones;
	size_t nzones;
};

static void die(int status, const char *fmt, const char *a, const char *b)
{
	fprintf(stderr, "passerelle-match: ");
	fprintf(stderr, fmt, a ? a : "", b ? b : "");
	fputc('\n', stderr);
	exit(status);
}

static int64_t parse_int(const char *s, const char *what)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end)
		die(2, "%s: not an integer: \"%.40s\"", what, s);
	return v;
}

static int64_t now_ms(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

static void parse_args(int argc, char **argv, struct opts *o)
{
	memset(o, 0, sizeof(*o));
	o->now_ms = now_ms();
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(usage, stdout);
			exit(0);
		} else if (strcmp(a, "--plain") == 0) {
			o->plain = 1;
		} else if (strcmp(a, "--now") == 0 && i + 1 < argc) {
			o->now_ms = parse_int(argv[++i], "--now");
		} else if (strcmp(a, "--synonyms") == 0 && i + 1 < argc) {
			o->synonyms = argv[++i];
		} else if (strcmp(a, "--explain") == 0 && i + 2 < argc) {
			o->explain_mentor = argv[++i];
			o->explain_mentee = argv[++i];
		} else if ((a[0] != '-' || strcmp(a, "-") == 0) && !o->file) {
			o->file = a;
		} else {
			die(2, "bad usage at \"%.40s\"%s; see --help", a, "");
		}
	}
}

/* ---------------------------------------------------------------- input */

struct reader {
	FILE *f;
	long total;
};

static size_t read_capped(void *buf, size_t size, void *arg)
{
	struct reader *r = arg;
	size_t n = fread(buf, 1, size, r->f);

	r->total += (long)n;
	if (r->total > INPUT_MAX)
		return (size_t)-1;
	return n;
}

static json_t *load_json(const char *file)
{
	struct reader r = {stdin, 0};
	json_error_t jerr;
	json_t *root;

	if (file && strcmp(file, "-") != 0 && !(r.f = fopen(file, "rb")))
		die(2, "cannot open %s: %s", file, strerror(errno));
	root = json_load_callback(read_capped, &r, 0, &jerr);
	if (r.f != stdin)
		fclose(r.f);
	if (r.total > INPUT_MAX)
		die(2, "input over %s bytes%s", "512 MiB", "");
	if (!root) {
		char where[64];
		snprintf(where, sizeof(where), "line %d", jerr.line);
		die(2, "bad JSON at %s: %s", where, jerr.text);
	}
	if (!json_is_object(root))
		die(2, "input is not a JSON object%s%s", "", "");
	return root;
}

static int zone_name_ok(const char *z)
{
	size_t len = strlen(z);

	if (!len || len > ZONE_NAME_MAX || z[0] == '/' || strstr(z, ".."))
		return 0;
	for (const char *p = z; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/_+-",
			    *p))
			return 0;
	return 1;
}

/* UTC offset of an IANA zone at `now`, through the system database; -1 if unknown. */
static int zone_offset(struct cohort *c, const char *z, int64_t now, int *out)
{
	const char *dir = getenv("TZDIR") ? getenv("TZDIR") : "/usr/share/zoneinfo";
	char path[512];
	time_t t = (time_t)(now / 1000);
	struct tm tm;

	for (size_t i = 0; i < c->nzones; i++)
		if (strcmp(c->zones[i].name, z) == 0) {
			*out = c->zones[i].offset;
			return 0;
		}
	snprintf(path, sizeof(path), "%s/%s", dir, zone_name_ok(z) ? z : "");
	if (!zone_name_ok(z) || access(path, R_OK) != 0)
		return -1;
	setenv("TZ", z, 1);
	tzset();
	if (!localtime_r(&t, &tm))
		return -1;
	*out = (int)(tm.tm_gmtoff / 60);
	if (c->nzones < ZONES_MAX) {
		snprintf(c->zones[c->nzones].name, sizeof(c->zones[0].name), "%s", z);
		c->zones[c->nzones++].offset = *out;
	}
	return 0;
}

static long get_int(json_t *obj, const char *key, long def, long lo, long hi, const char *id)
{
	json_t *v = json_object_get(obj, key);

	if (!v || json_is_null(v))
		return def;
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
		die(2, "\"%.40s\": field %s is not an integer in range", id, key);
	return (long)json_integer_value(v);
}

static const char *get_str(json_t *obj, const char *key, const char *id)
{
	json_t *v = json_object_get(obj, key);

	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_string(v))
		die(2, "\"%.40s\": field %s is not a string", id, key);
	return json_string_value(v);
}

static void parse_langs(struct cohort *c, json_t *arr, matcher_person_t *p)
{
	size_t k;
	json_t *l;

	if (arr && !json_is_array(arr))
		die(2, "\"%.40s\": languages is not an array%s", p->id, "");
	p->languages = c->langs + c->nlangs;
	json_array_foreach(arr, k, l)
	{
		const char *level = get_str(l, "level", p->id);
		if (!json_is_object(l) || !level || !matcher_level_parse(level))
			die(2, "\"%.40s\": language needs {code, level A1..C2|native}%s", p->id,
			    "");
		c->langs[c->nlangs].code = get_str(l, "code", p->id);
		c->langs[c->nlangs++].level = matcher_level_parse(level);
		p->nlanguages++;
	}
}

static void parse_skills(struct cohort *c, json_t *arr, matcher_person_t *p)
{
	size_t k;
	json_t *s;

	if (arr && !json_is_array(arr))
		die(2, "\"%.40s\": skills is not an array%s", p->id, "");
	p->skills = c->skills + c->nskills;
	json_array_foreach(arr, k, s)
	{
		if (!json_is_object(s))
			die(2, "\"%.40s\": skill needs {name, level 1..5}%s", p->id, "");
		c->skills[c->nskills].name = get_str(s, "name", p->id);
		c->skills[c->nskills++].level = (int)get_int(s, "level", 0, 1, 5, p->id);
		p->nskills++;
	}
}

static void parse_person(struct cohort *c, json_t *o, int mentee, size_t idx, int64_t now)
{
	matcher_person_t *p = &c->people[mentee][idx];
	const char *tz;
	json_t *off;

	if (!json_is_object(o) || !(p->id = get_str(o, "id", "?")))
		die(2, "%s %s has no string id", mentee ? "a mentee" : "a mentor", "");
	c->names[mentee][idx] = get_str(o, "name", p->id);
	parse_langs(c, json_object_get(o, "languages"), p);
	parse_skills(c, json_object_get(o, "skills"), p);
	p->country = get_str(o, "country", p->id);
	p->origin = get_str(o, "origin", p->id);
	p->capacity = (int)get_int(o, "capacity", 1, 0, 20, p->id);
	p->used = (int)get_int(o, "used", 0, 0, 1000, p->id);
	p->requested_at_ms = get_int(o, "requested_at", now, -(1L << 52), 1L << 52, p->id);
	p->declines = (int)get_int(o, "declines", 0, 0, 1000, p->id);
	tz = get_str(o, "timezone", p->id);
	off = json_object_get(o, "utc_offset_min");
	if (off && !json_is_null(off))
		p->utc_offset_min = (int)get_int(o, "utc_offset_min", 0, -720, 840, p->id);
	else if (tz && zone_offset(c, tz, now, &p->utc_offset_min) < 0)
		die(2, "\"%.40s\": unknown time zone \"%.64s\"", p->id, tz);
}

static void *alloc(size_t n, size_t size)
{
	void *p = calloc(n + 1, size);
	if (!p)
		die(1, "out of memory%s%s", "", "");
	return p;
}

static void parse_people(struct cohort *c, int64_t now)
{
	static const char *const keys[2] = {"mentors", "mentees"};
	size_t nl = 0, ns = 0;

	for (int r = 0; r < 2; r++) {
		json_t *arr = json_object_get(c->root, keys[r]), *o;
		size_t k;
		if (!json_is_array(arr))
			die(2, "\"%s\" must be an array%s", keys[r], "");
		c->count[r] = json_array_size(arr);
		json_array_foreach(arr, k, o)
		{
			nl += json_array_size(json_object_get(o, "languages"));
			ns += json_array_size(json_object_get(o, "skills"));
		}
	}
	c->langs = alloc(nl, sizeof(*c->langs));
	c->skills = alloc(ns, sizeof(*c->skills));
	c->zones = alloc(ZONES_MAX, sizeof(*c->zones));
	for (int r = 0; r < 2; r++) {
		json_t *arr = json_object_get(c->root, keys[r]), *o;
		size_t k;
		c->people[r] = alloc(c->count[r], sizeof(*c->people[r]));
		c->names[r] = alloc(c->count[r], sizeof(*c->names[r]));
		json_array_foreach(arr, k, o) parse_person(c, o, r, k, now);
	}
}

static void parse_pairs(struct cohort *c)
{
	static const char *const keys[2] = {"exclude", "frozen"};

	for (int r = 0; r < 2; r++) {
		json_t *arr = json_object_get(c->root, keys[r]), *p;
		size_t k;
		if (arr && !json_is_array(arr))
			die(2, "\"%s\" must be an array of [mentor, mentee]%s", keys[r], "");
		c->npairs[r] = json_array_size(arr);
		c->pairs[r] = alloc(c->npairs[r], sizeof(*c->pairs[r]));
		json_array_foreach(arr, k, p)
		{
			json_t *a = json_array_get(p, 0), *b = json_array_get(p, 1);
			if (json_array_size(p) != 2 || !json_is_string(a) || !json_is_string(b))
				die(2, "\"%s\" must be an array of [mentor, mentee]%s", keys[r],
				    "");
			c->pairs[r][k].mentor = json_string_value(a);
			c->pairs[r][k].mentee = json_string_value(b);
		}
	}
}

static void config_value(matcher_config_t *cfg, const char *key, long v, const char *from)
{
	matcher_error_t err;

	if (matcher_config_set(cfg, key, v, &err) < 0)
		die(2, "%s: %s", from, err.text);
}

static void parse_config(struct cohort *c, matcher_config_t *cfg, int plain)
{
	const char *const *keys = matcher_config_keys();
	json_t *obj = json_object_get(c->root, "config"), *v;
	const char *key;

	matcher_config_default(cfg);
	for (size_t i = 0; keys[i]; i++) {
		char env[64] = "PASSERELLE_MATCH_";
		size_t len = strlen(env);
		for (const char *p = keys[i]; *p && len + 1 < sizeof(env); p++)
			env[len++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
		env[len] = '\0';
		if (getenv(env))
			config_value(cfg, keys[i], (long)parse_int(getenv(env), env), env);
	}
	if (obj && !json_is_object(obj))
		die(2, "\"config\" must be an object%s%s", "", "");
	json_object_foreach(obj, key, v)
	{
		if (!json_is_integer(v) && !json_is_boolean(v))
			die(2, "config %.40s: not an integer%s", key, "");
		config_value(cfg, key,
			     json_is_boolean(v) ? json_is_true(v) : (long)json_integer_value(v),
			     "config");
	}
	if (plain)
		config_value(cfg, "plain", 1, "--plain");
}

/* ---------------------------------------------------------------- output */

static json_t *reasons_json(const matcher_reason_t *r, size_t n)
{
	json_t *arr = json_array();

	for (size_t k = 0; k < n; k++)
		json_array_append_new(arr, json_pack("{s:s, s:i, s:s}", "factor", r[k].factor,
						     "points", r[k].points, "detail", r[k].detail));
	return arr;
}

static void print_json(json_t *v, const char *after)
{
	char *s = v ? json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;

	if (!s)
		die(1, "out of memory%s%s", "", "");
	fputs(s, stdout);
	fputs(after, stdout);
	free(s);
	json_decref(v);
}

static void print_assignment(const struct cohort *c, const matcher_t *m)
{
	matcher_stats_t st;

	fputs("{\"assignments\": [\n", stdout);
	for (size_t i = 0; i < c->count[1]; i++) {
		matcher_result_t r;
		matcher_error_t err;
		json_t *o;
		if (matcher_result(m, i, &r, &err) < 0)
			die(1, "%s%s", err.text, "");
		o = json_pack("{s:s, s:s*}", "mentee", c->people[1][i].id, "mentee_name",
			      c->names[1][i]);
		if (r.mentor < 0) {
			json_object_set_new(o, "mentor", json_null());
		} else {
			json_object_set_new(o, "mentor", json_string(c->people[0][r.mentor].id));
			if (c->names[0][r.mentor])
				json_object_set_new(o, "mentor_name",
						    json_string(c->names[0][r.mentor]));
			json_object_set_new(o, "score", json_integer(r.score));
			json_object_set_new(o, "frozen", json_boolean(r.frozen));
			json_object_set_new(o, "reasons", reasons_json(r.reasons, r.nreasons));
		}
		json_object_set_new(o, "bonus", json_integer(r.bonus));
		fputs("  ", stdout);
		print_json(o, i + 1 < c->count[1] ? ",\n" : "\n");
	}
	matcher_stats(m, &st);
	fputs("], \"stats\": ", stdout);
	print_json(json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "matched",
			     (json_int_t)st.matched, "frozen", (json_int_t)st.frozen, "unmatched",
			     (json_int_t)st.unmatched, "total_score", (json_int_t)st.total_score,
			     "objective", (json_int_t)st.objective, "candidate_pairs",
			     (json_int_t)st.arcs, "phases", (json_int_t)st.phases),
		   "}\n");
}

static void print_explain(const matcher_t *m, const struct opts *o)
{
	long j = matcher_mentor_index(m, o->explain_mentor);
	long i = matcher_mentee_index(m, o->explain_mentee);
	matcher_explain_t e;
	matcher_error_t err;
	json_t *out;

	if (j < 0 || i < 0)
		die(2, "--explain: unknown %s \"%.40s\"", j < 0 ? "mentor" : "mentee",
		    j < 0 ? o->explain_mentor : o->explain_mentee);
	if (matcher_explain(m, (size_t)j, (size_t)i, &e, &err) < 0)
		die(1, "%s%s", err.text, "");
	out = json_pack("{s:s, s:s, s:b, s:s?, s:s?, s:b, s:b, s:b, s:i}", "mentor",
			o->explain_mentor, "mentee", o->explain_mentee, "eligible", e.eligible,
			"filter", e.filter, "why", e.eligible ? NULL : e.why, "candidate",
			e.candidate, "assigned", e.assigned, "frozen", e.frozen, "score", e.score);
	json_object_set_new(out, "reasons", reasons_json(e.reasons, e.nreasons));
	print_json(out, "\n");
}

static matcher_synonyms_t *load_synonyms(const char *file)
{
	static char text[1 << 20];
	matcher_synonyms_t *syn;
	matcher_error_t err;
	FILE *f = fopen(file, "rb");
	size_t len;

	if (!f)
		die(2, "cannot open %s: %s", file, strerror(errno));
	len = fread(text, 1, sizeof(text), f);
	if (len == sizeof(text) || ferror(f))
		die(2, "%s: unreadable or over 1 MiB%s", file, "");
	fclose(f);
	syn = matcher_synonyms_parse(text, len, &err);
	if (!syn)
		die(2, "%s: %s", file, err.text);
	return syn;
}

int main(int argc, char **argv)
{
	struct opts o;
	struct cohort c;
	matcher_config_t cfg;
	matcher_input_t in;
	matcher_error_t err;
	matcher_t *m;

	parse_args(argc, argv, &o);
	memset(&c, 0, sizeof(c));
	memset(&in, 0, sizeof(in));
	c.root = load_json(o.file);
	parse_config(&c, &cfg, o.plain);
	parse_people(&c, o.now_ms);
	parse_pairs(&c);
	in.mentors = c.people[0];
	in.nmentors = c.count[0];
	in.mentees = c.people[1];
	in.nmentees = c.count[1];
	in.excluded = c.pairs[0];
	in.nexcluded = c.npairs[0];
	in.frozen = c.pairs[1];
	in.nfrozen = c.npairs[1];
	in.now_ms = o.now_ms;
	in.synonyms = o.synonyms ? load_synonyms(o.synonyms) : NULL;
	m = matcher_new(&cfg, &in, &err);
	if (!m || matcher_run(m, &err) < 0)
		die(err.code == MATCHER_ENOMEM ? 1 : 2, "%s%s", err.text, "");
	if (o.explain_mentor)
		print_explain(m, &o);
	else
		print_assignment(&c, m);
	matcher_free(m);
	matcher_synonyms_free((matcher_synonyms_t *)in.synonyms);
	for (int r = 0; r < 2; r++) {
		free(c.people[r]);
		free((void *)c.names[r]);
		free(c.pairs[r]);
	}
	free(c.langs);
	free(c.skills);
	free(c.zones);
	json_decref(c.root);
	return fflush(stdout) == 0 ? 0 : 1;
}
