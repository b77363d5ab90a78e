/*
 * cli.c - passerelle-match: match a cohort offline from a JSON file.
 *
 * Reads {"mentors": [...], "mentees": [...], "exclude": [[mentor, mentee], ...],
 * "frozen": [[mentor, mentee], ...], "config": {...}} from a file or stdin and writes
 * the assignment, or the explanation of one pair, as JSON on stdout. The format is
 * described in matcher/README.md. The people are read by matcher/input.c, which turns
 * time zones into UTC offsets with the system time zone database, at the instant given
 * by --now.
 *
 * The parsed JSON tree owns every string handed to the library; it is kept until exit.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "input.h"
#include "matcher.h"

#define INPUT_MAX (512L << 20) /* bytes of JSON input */

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
    "PASSERELLE_MATCH_W_SKILLS=60), then the input's \"config\" object, then --plain.\n";
static const char usage_end[] = "Exit status: 0 done, 2 bad usage or input, 1 out of memory.\n";

/* The usage, with the keys of the library (weights of its factors first). */
static void print_usage(void)
{
	const char *const *keys = matcher_config_keys();
	size_t col = 5;

	fputs(usage, stdout);
	fputs("Keys:", stdout);
	for (size_t i = 0; keys[i]; i++) {
		if (col + 1 + strlen(keys[i]) > 80) {
			fputc('\n', stdout);
			col = 0;
		}
		col += (size_t)printf("%s%s", col ? " " : "", keys[i]);
	}
	fputs(" (see\nmatcher/README.md).\n", stdout);
	fputs(usage_end, stdout);
}

struct opts {
	const char *file, *synonyms, *explain_mentor, *explain_mentee;
	int plain;
	int64_t now_ms;
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
			print_usage();
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

static void config_value(matcher_config_t *cfg, const char *key, long v, const char *from)
{
	matcher_error_t err;

	if (matcher_config_set(cfg, key, v, &err) < 0)
		die(2, "%s: %s", from, err.text);
}

static void parse_config(const json_t *root, matcher_config_t *cfg, int plain)
{
	const char *const *keys = matcher_config_keys();
	json_t *obj = json_object_get(root, "config"), *v;
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

static void print_assignment(const matcher_cohort_t *c, const matcher_t *m)
{
	matcher_stats_t st;

	fputs("{\"assignments\": [\n", stdout);
	for (size_t i = 0; i < c->mentees.count; i++) {
		matcher_result_t r;
		matcher_error_t err;
		json_t *o;
		if (matcher_result(m, i, &r, &err) < 0)
			die(1, "%s%s", err.text, "");
		o = json_pack("{s:s, s:s*}", "mentee", c->mentees.people[i].id, "mentee_name",
			      c->mentees.names[i]);
		if (r.mentor < 0) {
			json_object_set_new(o, "mentor", json_null());
		} else {
			json_object_set_new(o, "mentor",
					    json_string(c->mentors.people[r.mentor].id));
			if (c->mentors.names[r.mentor])
				json_object_set_new(o, "mentor_name",
						    json_string(c->mentors.names[r.mentor]));
			json_object_set_new(o, "score", json_integer(r.score));
			json_object_set_new(o, "frozen", json_boolean(r.frozen));
			json_object_set_new(o, "reasons", reasons_json(r.reasons, r.nreasons));
		}
		json_object_set_new(o, "bonus", json_integer(r.bonus));
		fputs("  ", stdout);
		print_json(o, i + 1 < c->mentees.count ? ",\n" : "\n");
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
	matcher_cohort_t c;
	matcher_reader_t *reader;
	matcher_config_t cfg;
	matcher_input_t in;
	matcher_error_t err;
	matcher_t *m;
	json_t *root;

	parse_args(argc, argv, &o);
	root = load_json(o.file);
	parse_config(root, &cfg, o.plain);
	if (!(reader = matcher_reader_new(o.now_ms, 0)))
		die(1, "out of memory%s%s", "", "");
	if (matcher_reader_cohort(reader, root, &c, &err) < 0)
		die(err.code == MATCHER_ENOMEM ? 1 : 2, "%s%s", err.text, "");
	matcher_reader_free(reader);
	matcher_cohort_input(&c, &in);
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
	matcher_cohort_clear(&c);
	json_decref(root);
	return fflush(stdout) == 0 ? 0 : 1;
}
