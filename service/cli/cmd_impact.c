/* Programme impact: the three reports (sessions, cohort, matching) as tables or CSV, and the
 * cohort tags of rooms and people.
 *
 * A report's tables are described once, as columns (a CSV name, a path into each row of the
 * answer, how to show it, a table header); the same description prints the terminal table
 * and the CSV. Figures are a number, "<5" or "x" (suppressed by the server) or null (does not
 * apply), and are shown as they come: the CLI never computes or suppresses a figure. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "csv.h"
#include "parse.h"
#include "table.h"

#define COHORT_MAX 40 /* characters */
#define COHORT_CHARS "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-. "
#define TAGS_MAX 500 /* rooms, and people, per request */
#define PATH_MAX_LEN 64
#define COLS_MAX 40

enum kind {
	K_TEXT,	 /* a string from the server */
	K_FIG,	 /* a figure: count, measure, "<5" or null */
	K_SHARE, /* a figure between 0 and 1: a percent in tables, as sent in CSV */
	K_TIME,	 /* ms since the epoch: local time in tables, ISO 8601 UTC in CSV */
	K_CTX,	 /* not in the row: the context given with it (the session's room) */
};

typedef struct column {
	const char *name; /* CSV header */
	const char *path; /* dot-separated members; a number indexes an array */
	enum kind kind;
	const char *head; /* table header */
} column;

#define NCOLS(a) ((int)(sizeof(a) / sizeof(a[0])))

/* One table of a report on its way out: CSV lines as rows come, or a terminal table. */
typedef struct sink {
	int csv;
	const char *name, *title;
	const column *cols;
	int ncols, rows;
	table *t;
} sink;

static const char *const regions[] = {"Africa", "Americas", "Asia", "Europe", "Oceania", NULL};

/* The value at path in v, or NULL; borrowed from v. */
static const json_t *at(const json_t *v, const char *path)
{
	char part[PATH_MAX_LEN];
	const char *p = path;
	size_t n;

	while (v && *p) {
		n = strcspn(p, ".");
		if (n >= sizeof(part))
			return NULL;
		memcpy(part, p, n);
		part[n] = '\0';
		if (json_is_array(v) && strspn(part, "0123456789") == n)
			v = json_array_get(v, (size_t)strtol(part, NULL, 10));
		else
			v = json_object_get(v, part);
		p += n + (p[n] == '.');
	}
	return v;
}

static void utc_time(long long ms, char *buf, size_t size)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, size, "%lld", ms);
}

/* A figure: null as "-" in tables and empty in CSV, "<5" and "x" as they are, numbers as
 * numbers. */
static void figure(const json_t *v, enum kind kind, int csv, char *buf, size_t size)
{
	double x = json_number_value(v);

	if (!v || json_is_null(v))
		snprintf(buf, size, "%s", csv ? "" : "-");
	else if (json_is_string(v) && csv)
		snprintf(buf, size, "%s", json_string_value(v));
	else if (json_is_string(v))
		fmt_clean(json_string_value(v), buf, size);
	else if (kind == K_SHARE && !csv && json_is_number(v))
		snprintf(buf, size, "%.0f%%", x * 100);
	else if (json_is_integer(v))
		snprintf(buf, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	else if (json_is_real(v))
		snprintf(buf, size, csv ? "%.10g" : "%.1f", x);
	else
		fmt_value(v, buf, size);
}

static void cell(const column *col, const json_t *row, const char *ctx, int csv, char *buf,
		 size_t size)
{
	const json_t *v = col->kind == K_CTX ? NULL : at(row, col->path);

	if (col->kind == K_CTX)
		snprintf(buf, size, "%s", ctx ? ctx : "");
	else if (col->kind == K_TIME && json_is_integer(v) && csv)
		utc_time(json_integer_value(v), buf, size);
	else if (col->kind == K_TIME && json_is_integer(v))
		fmt_time(json_integer_value(v), 0, buf, size);
	else if (col->kind == K_TEXT && csv)
		snprintf(buf, size, "%s", json_is_string(v) ? json_string_value(v) : "");
	else if (col->kind == K_TEXT)
		fmt_value(v, buf, size);
	else
		figure(v, col->kind, csv, buf, size);
}

/* The value of the option called name, NULL when absent or not an option of the command. */
static const char *opt(const cli_args *a, const char *name)
{
	for (int k = 0; k < CLI_OPTS_MAX && a->cmd->opts[k]; k++)
		if (!strcmp(a->cmd->opts[k], name))
			return a->opt[k];
	return NULL;
}

/* Starts a table: its CSV header line now, or a terminal table printed by sink_close(). */
static void sink_open(sink *s, const cli_args *a, const char *name, const char *title,
		      const column *cols, int ncols)
{
	const char *head[COLS_MAX + 1];

	memset(s, 0, sizeof(*s));
	s->csv = opt(a, "--csv") != NULL;
	s->name = name;
	s->title = title;
	s->cols = cols;
	s->ncols = ncols < COLS_MAX ? ncols : COLS_MAX;
	for (int i = 0; i < s->ncols; i++)
		head[i + 1] = s->csv ? cols[i].name : cols[i].head;
	head[0] = "table";
	if (s->csv)
		csv_row(stdout, head, s->ncols + 1);
	else
		s->t = table_new(s->ncols, head + 1);
}

/* One row: row is an object of the answer, ctx the value of a K_CTX column. */
static void sink_add(sink *s, const json_t *row, const char *ctx)
{
	static char bufs[COLS_MAX][VALUE_MAX];
	const char *cells[COLS_MAX + 1];

	cells[0] = s->name;
	for (int i = 0; i < s->ncols; i++) {
		cell(&s->cols[i], row, ctx, s->csv, bufs[i], sizeof(bufs[i]));
		cells[i + 1] = bufs[i];
	}
	if (s->csv)
		csv_row(stdout, cells, s->ncols + 1);
	else
		table_add(s->t, cells + 1);
	s->rows++;
}

static void sink_rows(sink *s, const json_t *rows, const char *ctx)
{
	size_t i;
	json_t *r;

	json_array_foreach(rows, i, r) sink_add(s, r, ctx);
}

/* The terminal table under its title (CSV lines are out already). */
static void sink_close(sink *s)
{
	if (!s->csv) {
		printf("%s\n", s->title);
		if (s->rows)
			table_print(s->t, stdout);
		else
			printf("  none\n");
		putchar('\n');
	}
	table_free(s->t);
	s->t = NULL;
}

/* A table of one row: the answer itself or one of its objects. */
static void one_row(const cli_args *a, const char *name, const char *title, const column *cols,
		    int ncols, const json_t *row)
{
	sink s;

	sink_open(&s, a, name, title, cols, ncols);
	sink_add(&s, row, NULL);
	sink_close(&s);
}

/* The filters the answer echoes, last: what was asked, and when it was computed. */
static void print_filters(const cli_args *a, const json_t *reply)
{
	static const column cols[] = {
	    {"from", "from", K_TIME, "FROM"},
	    {"to", "to", K_TIME, "TO"},
	    {"cohort", "cohort", K_TEXT, "COHORT"},
	    {"region", "region", K_TEXT, "REGION"},
	    {"generated_at", "generated_at", K_TIME, "GENERATED"},
	    {"min_cell", "min_cell", K_FIG, "SMALLEST CELL"},
	};

	one_row(a, "report",
		"Report (a count of 1 to 4 people shows as <5, one hidden to protect it as x; - "
		"does not apply)",
		cols, NCOLS(cols), reply);
}

/* ---------------------------------------------------------------- report sessions */

static const column session_csv[] = {
    {"room", "room", K_TEXT, NULL},
    {"title", "title", K_TEXT, NULL},
    {"cohort", "cohort", K_TEXT, NULL},
    {"starts_at", "starts_at", K_TIME, NULL},
    {"ends_at", "ends_at", K_TIME, NULL},
    {"registered", "registered", K_FIG, NULL},
    {"attended", "attended", K_FIG, NULL},
    {"attendance_rate", "attendance_rate", K_SHARE, NULL},
    {"peak_online", "peak_online", K_FIG, NULL},
    {"median_online", "median_online", K_FIG, NULL},
    {"minutes_total", "minutes.total", K_FIG, NULL},
    {"minutes_median", "minutes.median", K_FIG, NULL},
    {"minutes_p25", "minutes.p25", K_FIG, NULL},
    {"minutes_p75", "minutes.p75", K_FIG, NULL},
    {"spoke", "spoke", K_FIG, NULL},
    {"spoke_share", "spoke_share", K_SHARE, NULL},
    {"messages_total", "messages.total", K_FIG, NULL},
    {"messages_median", "messages.median", K_FIG, NULL},
    {"messages_p75", "messages.p75", K_FIG, NULL},
    {"messages_p90", "messages.p90", K_FIG, NULL},
    {"messages_0", "messages.buckets.0.people", K_FIG, NULL},
    {"messages_1_2", "messages.buckets.1.people", K_FIG, NULL},
    {"messages_3_9", "messages.buckets.2.people", K_FIG, NULL},
    {"messages_10_plus", "messages.buckets.3.people", K_FIG, NULL},
    {"hands_raised", "hands.raised", K_FIG, NULL},
    {"hands_people", "hands.people", K_FIG, NULL},
    {"hands_share", "hands.share", K_SHARE, NULL},
    {"breakout_rounds", "breakout.rounds", K_FIG, NULL},
    {"breakout_placed", "breakout.placed", K_FIG, NULL},
    {"breakout_placed_share", "breakout.placed_share", K_SHARE, NULL},
    {"breakout_spoke", "breakout.spoke", K_FIG, NULL},
    {"breakout_spoke_share", "breakout.spoke_share", K_SHARE, NULL},
};

static const column session_main[] = {
    {"room", "room", K_TEXT, "ROOM"},
    {"starts_at", "starts_at", K_TIME, "STARTS"},
    {"registered", "registered", K_FIG, "REGISTERED"},
    {"attended", "attended", K_FIG, "ATTENDED"},
    {"attendance_rate", "attendance_rate", K_SHARE, "RATE"},
    {"peak_online", "peak_online", K_FIG, "PEAK"},
    {"median_online", "median_online", K_FIG, "MEDIAN"},
    {"minutes_median", "minutes.median", K_FIG, "MINUTES"},
    {"spoke", "spoke", K_FIG, "SPOKE"},
    {"spoke_share", "spoke_share", K_SHARE, "SPOKE%"},
    {"hands_people", "hands.people", K_FIG, "HANDS"},
    {"title", "title", K_TEXT, "TITLE"},
};

static const column session_detail[] = {
    {"room", "room", K_TEXT, "ROOM"},
    {"minutes_total", "minutes.total", K_FIG, "MIN TOTAL"},
    {"minutes_p25", "minutes.p25", K_FIG, "MIN P25"},
    {"minutes_p75", "minutes.p75", K_FIG, "MIN P75"},
    {"messages_total", "messages.total", K_FIG, "MSGS"},
    {"messages_median", "messages.median", K_FIG, "MSG MED"},
    {"messages_p90", "messages.p90", K_FIG, "MSG P90"},
    {"messages_0", "messages.buckets.0.people", K_FIG, "0 MSG"},
    {"messages_1_2", "messages.buckets.1.people", K_FIG, "1-2"},
    {"messages_3_9", "messages.buckets.2.people", K_FIG, "3-9"},
    {"messages_10_plus", "messages.buckets.3.people", K_FIG, "10+"},
    {"hands_raised", "hands.raised", K_FIG, "RAISES"},
};

static const column breakout_cols[] = {
    {"room", "room", K_TEXT, "ROOM"},
    {"rounds", "breakout.rounds", K_FIG, "ROUNDS"},
    {"placed", "breakout.placed", K_FIG, "PLACED"},
    {"placed_share", "breakout.placed_share", K_SHARE, "PLACED%"},
    {"spoke", "breakout.spoke", K_FIG, "SPOKE"},
    {"spoke_share", "breakout.spoke_share", K_SHARE, "SPOKE%"},
};

static const column country_cols[] = {
    {"room", NULL, K_CTX, "ROOM"},
    {"country", "country", K_TEXT, "COUNTRY"},
    {"attended", "attended", K_FIG, "ATTENDED"},
    {"spoke", "spoke", K_FIG, "SPOKE"},
    {"minutes_median", "minutes_median", K_FIG, "MINUTES"},
};

static const column poll_cols[] = {
    {"room", NULL, K_CTX, "ROOM"},
    {"poll", "poll", K_TEXT, "POLL"},
    {"state", "state", K_TEXT, "STATE"},
    {"voters", "voters", K_FIG, "VOTERS"},
    {"turnout", "turnout", K_SHARE, "TURNOUT"},
    {"question", "question", K_TEXT, "QUESTION"},
};

static const column total_cols[] = {
    {"sessions", "sessions", K_FIG, "SESSIONS"},
    {"people", "people", K_FIG, "PEOPLE"},
    {"attendances", "attendances", K_FIG, "ATTENDANCES"},
};

/* A table of rows that each session holds (by_origin, polls...), the room first. */
static void per_session(const cli_args *a, const json_t *sessions, const char *member,
			const char *title, const column *cols, int ncols)
{
	size_t i;
	json_t *r;
	sink s;

	sink_open(&s, a, member, title, cols, ncols);
	json_array_foreach(sessions, i, r)
	{
		sink_rows(&s, json_object_get(r, member), json_str(r, "room"));
	}
	sink_close(&s);
}

/* The list of sessions with the columns given. */
static void session_table(const cli_args *a, const json_t *sessions, const char *name,
			  const char *title, const column *cols, int ncols)
{
	sink s;

	sink_open(&s, a, name, title, cols, ncols);
	sink_rows(&s, sessions, NULL);
	sink_close(&s);
}

static void print_sessions(const cli_args *a, const json_t *reply)
{
	const json_t *sessions = json_object_get(reply, "sessions");

	if (opt(a, "--csv")) {
		session_table(a, sessions, "sessions", "", session_csv, NCOLS(session_csv));
	} else {
		session_table(a, sessions, "sessions", "Sessions", session_main,
			      NCOLS(session_main));
		session_table(a, sessions, "sessions", "Minutes and messages per attendee",
			      session_detail, NCOLS(session_detail));
		session_table(a, sessions, "breakouts", "Breakout groups", breakout_cols,
			      NCOLS(breakout_cols));
	}
	per_session(a, sessions, "by_origin", "By country of origin", country_cols,
		    NCOLS(country_cols));
	per_session(a, sessions, "by_residence", "By country of residence", country_cols,
		    NCOLS(country_cols));
	per_session(a, sessions, "polls", "Polls", poll_cols, NCOLS(poll_cols));
	one_row(a, "totals", "Totals", total_cols, NCOLS(total_cols),
		json_object_get(reply, "totals"));
	print_filters(a, reply);
}

/* ---------------------------------------------------------------- report cohort */

static const column cohort_summary[] = {
    {"roster", "roster", K_FIG, "ROSTER"},
    {"attended_any", "attended_any", K_FIG, "ATTENDED"},
    {"never", "never", K_FIG, "NEVER"},
    {"attended_first", "drop_off.attended_first", K_FIG, "AT FIRST"},
    {"came_back", "drop_off.came_back", K_FIG, "CAME BACK"},
    {"dropped", "drop_off.dropped", K_FIG, "DROPPED"},
    {"dropped_share", "drop_off.dropped_share", K_SHARE, "DROPPED%"},
    {"one_time", "drop_off.one_time", K_FIG, "ONE TIME"},
};

static const column cohort_sessions[] = {
    {"room", "room", K_TEXT, "ROOM"},
    {"starts_at", "starts_at", K_TIME, "STARTS"},
    {"attended", "attended", K_FIG, "ATTENDED"},
    {"first_time", "first_time", K_FIG, "FIRST TIME"},
    {"returning", "returning", K_FIG, "RETURNING"},
    {"title", "title", K_TEXT, "TITLE"},
};

static const column retention_cols[] = {
    {"sessions", "sessions", K_FIG, "AT LEAST"},
    {"people", "people", K_FIG, "PEOPLE"},
    {"share", "share", K_SHARE, "SHARE"},
};

static void print_cohort(const cli_args *a, const json_t *reply)
{
	one_row(a, "cohort", "Cohort", cohort_summary, NCOLS(cohort_summary), reply);
	session_table(a, json_object_get(reply, "sessions"), "sessions", "Sessions",
		      cohort_sessions, NCOLS(cohort_sessions));
	session_table(a, json_object_get(reply, "retention"), "retention",
		      "Retention: people at N sessions or more", retention_cols,
		      NCOLS(retention_cols));
	print_filters(a, reply);
}

/* ---------------------------------------------------------------- report matching */

static const column funnel_cols[] = {
    {"step", "step", K_TEXT, "STEP"},
    {"people", "people", K_FIG, "PEOPLE"},
    {"share", "share", K_SHARE, "SHARE"},
    {"eligible", "eligible", K_FIG, "ELIGIBLE"},
};

static const column wait_cols[] = {
    {"matches", "matches", K_FIG, "MATCHES"},
    {"median_hours", "median_hours", K_FIG, "MEDIAN HOURS"},
    {"p75_hours", "p75_hours", K_FIG, "P75 HOURS"},
};

static const column load_cols[] = {
    {"load", "load", K_TEXT, "MENTOR LOAD"},	 {"offers", "offers", K_FIG, "OFFERS"},
    {"accepted", "accepted", K_FIG, "ACCEPTED"}, {"declined", "declined", K_FIG, "DECLINED"},
    {"expired", "expired", K_FIG, "EXPIRED"},	 {"rate", "rate", K_SHARE, "RATE"},
};

static const column unmatched_cols[] = {
    {"filter", "filter", K_TEXT, "KEPT APART BY"},
    {"mentees", "mentees", K_FIG, "MENTEES"},
};

static void print_matching(const cli_args *a, const json_t *reply)
{
	const json_t *unmatched = json_object_get(reply, "unmatched");
	json_t *all = json_pack("{s:s, s:O*}", "filter", "all", "mentees",
				json_object_get(unmatched, "mentees"));
	sink s;

	session_table(a, json_object_get(reply, "funnel"), "funnel", "Mentorship funnel",
		      funnel_cols, NCOLS(funnel_cols));
	one_row(a, "time_to_match", "Time from request to match", wait_cols, NCOLS(wait_cols),
		json_object_get(reply, "time_to_match"));
	session_table(a, json_object_get(reply, "acceptance_by_load"), "acceptance_by_load",
		      "Offers by the mentor's current mentees", load_cols, NCOLS(load_cols));
	/* The total first ("all"), then what kept each group apart. */
	sink_open(&s, a, "unmatched", "Unmatched mentees", unmatched_cols, NCOLS(unmatched_cols));
	sink_add(&s, all, NULL);
	sink_rows(&s, json_object_get(unmatched, "by_filter"), NULL);
	sink_close(&s);
	json_decref(all);
	print_filters(a, reply);
}

/* ---------------------------------------------------------------- requests */

static int bad_cohort(const char *name)
{
	size_t n = strlen(name);

	return n < 1 || n > COHORT_MAX || strspn(name, COHORT_CHARS) != n;
}

static int bad_region(const char *name)
{
	for (const char *const *r = regions; *r; r++)
		if (!strcmp(*r, name))
			return 0;
	return 1;
}

static int check_filters(const cli_args *a, long long *f, long long *t)
{
	const char *from = opt(a, "--from"), *to = opt(a, "--to"), *cohort = opt(a, "--cohort"),
		   *region = opt(a, "--region"), *room = opt(a, "--room");

	if (from && parse_day(from, f))
		return cli_usage("bad --from '%s': YYYY-MM-DD or milliseconds", from);
	if (to && parse_day(to, t))
		return cli_usage("bad --to '%s': YYYY-MM-DD or milliseconds", to);
	if (from && to && *t <= *f)
		return cli_usage("--to must be after --from");
	if (cohort && bad_cohort(cohort))
		return cli_usage("bad --cohort '%s': 1 to %d letters, digits, spaces or _ - .",
				 cohort, COHORT_MAX);
	if (region && bad_region(region))
		return cli_usage("bad --region '%s': Africa, Americas, Asia, Europe or Oceania",
				 region);
	if (room && !*room)
		return cli_usage("--room is empty");
	return CLI_OK;
}

/* The filter options (checked by check_filters()) as request fields: a new reference. */
static json_t *report_fields(const cli_args *a, long long f, long long t)
{
	static const char *const strings[] = {"cohort", "region", "room"};
	char name[16];
	json_t *req = json_object();

	if (opt(a, "--from"))
		json_object_set_new(req, "from", json_integer(f));
	if (opt(a, "--to"))
		json_object_set_new(req, "to", json_integer(t));
	for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++) {
		snprintf(name, sizeof(name), "--%s", strings[i]);
		if (opt(a, name))
			json_object_set_new(req, strings[i], json_string(opt(a, name)));
	}
	return req;
}

int cmd_impact_report(cli *c, const cli_args *a)
{
	const char *verb = cmd_verb(a);
	long long from = 0, to = 0;
	char type[32];
	int rc;

	if (!strcmp(verb, "cohort") && !opt(a, "--cohort"))
		return cli_usage("report cohort needs --cohort NAME");
	if ((rc = check_filters(a, &from, &to)))
		return rc;
	snprintf(type, sizeof(type), "report.%s", verb);
	return cmd_show(c, a, type, report_fields(a, from, to),
			!strcmp(verb, "sessions") ? print_sessions
			: !strcmp(verb, "cohort") ? print_cohort
						  : print_matching);
}

/* The --room and --user values of cohort set/clear into req, which keeps its own reference
 * to the arrays (users as ids: emails are looked up). */
static int tag_fields(cli *c, const cli_args *a, json_t *req)
{
	json_t *rooms = json_array(), *users = json_array();
	char id[ID_MAX + 1];
	int rc = CLI_OK;

	json_object_set_new(req, "rooms", rooms);
	json_object_set_new(req, "users", users);
	for (int i = 0; i < a->nmany && rc == CLI_OK; i++) {
		int room = !strcmp(a->cmd->opts[a->many_opt[i]], "--room");

		if (!*a->many[i])
			rc = cli_usage("%s is empty", room ? "--room" : "--user");
		else if (room)
			json_array_append_new(rooms, json_string(a->many[i]));
		else if (!(rc = cmd_user_id(c, a->many[i], id, sizeof(id))))
			json_array_append_new(users, json_string(id));
	}
	if (rc == CLI_OK && !json_array_size(rooms) && !json_array_size(users))
		rc = cli_usage("name at least one --room or --user");
	if (rc == CLI_OK &&
	    (json_array_size(rooms) > TAGS_MAX || json_array_size(users) > TAGS_MAX))
		rc = cli_usage("at most %d rooms and %d people at a time", TAGS_MAX, TAGS_MAX);
	if (!json_array_size(rooms))
		json_object_del(req, "rooms");
	if (!json_array_size(users))
		json_object_del(req, "users");
	return rc;
}

/* The count the reply gives for key, else the number of ids sent. */
static long long counted(const json_t *reply, const json_t *req, const char *key)
{
	const json_t *n = json_object_get(reply, key);

	return json_is_integer(n) ? json_integer_value(n)
				  : (long long)json_array_size(json_object_get(req, key));
}

static int tag_request(cli *c, const cli_args *a, const char *cohort)
{
	json_t *req = cohort ? json_pack("{s:s}", "cohort", cohort) : json_object(), *reply;
	char name[COHORT_MAX * 4 + 1];
	long long rooms, users;
	int rc;

	if ((rc = tag_fields(c, a, req))) {
		json_decref(req);
		return rc;
	}
	json_incref(req); /* cli_request takes one reference; the counts need the ids sent */
	rc = cli_request(c, cohort ? "cohort.set" : "cohort.clear", req, &reply);
	rooms = rc ? 0 : counted(reply, req, "rooms");
	users = rc ? 0 : counted(reply, req, "users");
	json_decref(req);
	if (rc)
		return rc;
	if (!cohort)
		return cmd_done(c, reply, "cohort tag removed from %lld rooms and %lld people",
				rooms, users);
	fmt_clean(cohort, name, sizeof(name));
	return cmd_done(c, reply, "cohort %s: %lld rooms and %lld people tagged", name, rooms,
			users);
}

int cmd_cohort_set(cli *c, const cli_args *a)
{
	if (bad_cohort(a->pos[0]))
		return cli_usage("bad cohort name '%s': 1 to %d letters, digits, spaces or _ - .",
				 a->pos[0], COHORT_MAX);
	return tag_request(c, a, a->pos[0]);
}

int cmd_cohort_clear(cli *c, const cli_args *a)
{
	return tag_request(c, a, NULL);
}

static void print_cohorts(const cli_args *a, const json_t *reply)
{
	static const column cols[] = {
	    {"name", "name", K_TEXT, "COHORT"},
	    {"rooms", "rooms", K_FIG, "ROOMS"},
	    {"people", "people", K_FIG, "PEOPLE"},
	};
	const json_t *list = json_object_get(reply, "cohorts");
	sink s;

	if (!json_array_size(list)) {
		printf("no cohorts\n");
		return;
	}
	sink_open(&s, a, "cohorts", "", cols, NCOLS(cols));
	sink_rows(&s, list, NULL);
	table_print(s.t, stdout);
	table_free(s.t);
}

int cmd_cohort_list(cli *c, const cli_args *a)
{
	return cmd_show(c, a, "cohort.list", json_object(), print_cohorts);
}
