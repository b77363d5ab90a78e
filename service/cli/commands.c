/* The command table, its help, command-line splitting and what the commands share. */
#include "commands.h"

#include <stdarg.h>
#include <string.h>

#include "table.h"

#define WORDS_MAX 2
#define ARG_MAX 12000 /* bytes; a frame is at most 16 KiB */

#define IMPACT_FILTERS_HELP                                                                        \
	"\n\n"                                                                                     \
	"DAY is YYYY-MM-DD (midnight UTC) or milliseconds since 1970; --from is included,\n"       \
	"--to is not. REGION: Africa, Americas, Asia, Europe or Oceania (of residence). Any\n"     \
	"count of 1 to 4 people shows as <5, one hidden so that such a count cannot be worked\n"   \
	"out as x; a figure that does not apply as -.\n"                                           \
	"--csv: RFC 4180 CSV for spreadsheets. Each table starts with its own header line\n"       \
	"whose first field is \"table\"; every row starts with its table's name (sessions,\n"      \
	"by_origin, polls, totals, report...), so one column filters one table. Times are UTC."

static const command commands[] = {
    {"room create",
     "TITLE [--topic T] [--starts TIME] [--ends TIME]",
     "Creates an exchange room. TIME is ISO 8601 (2026-12-01T18:00Z, 2026-12-01T19:00+01:00;\n"
     "local time without a zone) or relative: +2h, +30m, +1d. Rooms past their end close\n"
     "by themselves.",
     {"--topic", "--starts", "--ends"},
     1,
     1,
     cmd_room_create,
     0,
     0},
    {"room list",
     "",
     "Lists every room, closed ones included, with its times and online count.",
     {NULL},
     0,
     0,
     cmd_room_list,
     0,
     0},
    {"room close",
     "ROOM",
     "Closes a room: nobody can join or speak, and it leaves the list.",
     {NULL},
     1,
     1,
     cmd_room_state,
     0,
     0},
    {"room lock",
     "ROOM",
     "Makes a room read-only for participants.",
     {NULL},
     1,
     1,
     cmd_room_state,
     0,
     0},
    {"room unlock",
     "ROOM",
     "Lets participants speak again in a locked room.",
     {NULL},
     1,
     1,
     cmd_room_state,
     0,
     0},
    {"room slowmode",
     "ROOM SECONDS|off",
     "Each person may send one message per SECONDS in the room (30, 30s, 2m); off ends it.",
     {NULL},
     2,
     2,
     cmd_room_slowmode,
     0,
     0},
    {"room contact",
     "ROOM allow|refuse",
     "Lets messages in the room carry contact details (emails, phone numbers, links,\n"
     "handles), or refuses them again as by default.",
     {NULL},
     2,
     2,
     cmd_room_contact,
     0,
     0},
    {"room stats",
     "[ROOM]",
     "Live numbers of one room, or of every room.",
     {NULL},
     0,
     1,
     cmd_room_stats,
     0,
     0},
    {"room watch",
     "ROOM",
     "Prints the room's history, then its events as lines until Ctrl-C. The watcher does\n"
     "not appear as a member. With --json: one JSON object per line.",
     {NULL},
     1,
     1,
     cmd_room_watch,
     0,
     0},
    {"mute",
     "ROOM USER DURATION [--reason R]",
     "Stops USER (an id or an email) from speaking in ROOM for DURATION (90s, 10m, 1h, 2d).",
     {"--reason"},
     3,
     3,
     cmd_mute,
     0,
     0},
    {"unmute", "ROOM USER", "Lifts a mute.", {NULL}, 2, 2, cmd_unmute, 0, 0},
    {"kick",
     "ROOM USER [--reason R]",
     "Removes USER's connections from ROOM on every node; they may rejoin unless banned.",
     {"--reason"},
     2,
     2,
     cmd_kick,
     0,
     0},
    {"ban",
     "ROOM USER [DURATION] [--reason R]",
     "Removes USER from ROOM and keeps them out, for DURATION or for good.",
     {"--reason"},
     2,
     3,
     cmd_ban,
     0,
     0},
    {"unban", "ROOM USER", "Lifts a ban.", {NULL}, 2, 2, cmd_unban, 0, 0},
    {"delete",
     "ROOM MESSAGE_ID",
     "Deletes a message from the room's history and from every open client.",
     {NULL},
     2,
     2,
     cmd_delete,
     0,
     0},
    {"announce",
     "[--room ROOM] TEXT",
     "Sends an announcement to one room, or to every open room. The words of TEXT are\n"
     "joined with spaces.",
     {"--room"},
     1,
     CLI_ARGS_MAX,
     cmd_announce,
     0,
     0},
    {"audit",
     "[--room ROOM] [--limit N]",
     "The audit log, newest first (50 entries unless --limit says otherwise, at most 1000).",
     {"--room", "--limit"},
     0,
     0,
     cmd_audit,
     0,
     0},
    {"report list",
     "[--state open|escalated|resolved|all] [--room ROOM]",
     "Safeguarding reports, newest first: those not resolved unless --state says otherwise.",
     {"--state", "--room"},
     0,
     0,
     cmd_report_list,
     0,
     0},
    {"report resolve",
     "REPORT ACTION [--note TEXT]",
     "Decides a report: dismiss (shows the message again), delete, mute (1 h), kick or ban\n"
     "its author, or escalate to the safeguarding lead.",
     {"--note"},
     2,
     2,
     cmd_report_resolve,
     0,
     0},
    {"report sessions",
     "[--from DAY] [--to DAY] [--cohort NAME] [--region REGION] [--room ROOM] [--csv]",
     "Attendance and participation of each exchange session: registered and attended,\n"
     "online counts, minutes, who spoke, messages, hands, polls, breakouts, by origin and\n"
     "residence." IMPACT_FILTERS_HELP,
     {"--from", "--to", "--cohort", "--region", "--room", "--csv"},
     0,
     0,
     cmd_impact_report,
     1u << 5,
     0},
    {"report cohort",
     "--cohort NAME [--from DAY] [--to DAY] [--region REGION] [--csv]",
     "Retention across the sessions of a cohort: its roster, first-time and returning\n"
     "people per session, how many came to 1, 2, 3... sessions, the drop-off after the\n"
     "first one." IMPACT_FILTERS_HELP,
     {"--from", "--to", "--cohort", "--region", "--csv"},
     0,
     0,
     cmd_impact_report,
     1u << 4,
     0},
    {"report matching",
     "[--from DAY] [--to DAY] [--cohort NAME] [--region REGION] [--csv]",
     "The mentorship funnel: requested, offered, accepted, active (a message in the last\n"
     "14 days), lasting (after 8 weeks); time to match, acceptance by mentor load, and\n"
     "what kept the unmatched mentees apart." IMPACT_FILTERS_HELP,
     {"--from", "--to", "--cohort", "--region", "--csv"},
     0,
     0,
     cmd_impact_report,
     1u << 4,
     0},
    {"cohort set",
     "NAME [--room ROOM]... [--user EMAIL|ID]...",
     "Tags rooms and people with a cohort (letters, digits, space, _ - ., at most 40); a\n"
     "new tag replaces the old one. At most 500 rooms and 500 people at a time.",
     {"--room", "--user"},
     1,
     1,
     cmd_cohort_set,
     0,
     3u},
    {"cohort clear",
     "[--room ROOM]... [--user EMAIL|ID]...",
     "Removes the cohort tag of rooms and people.",
     {"--room", "--user"},
     0,
     0,
     cmd_cohort_clear,
     0,
     3u},
    {"cohort list",
     "",
     "Every cohort with its number of rooms and people.",
     {NULL},
     0,
     0,
     cmd_cohort_list,
     0,
     0},
    {"breakout start",
     "ROOM --groups N --minutes M [--prompt TEXT]",
     "Splits the people in ROOM into N balanced groups (2 to 50) mixing origins, each in a\n"
     "group room of its own for M minutes (1 to 240); everyone's client moves there.",
     {"--groups", "--minutes", "--prompt"},
     1,
     1,
     cmd_breakout_start,
     0,
     0},
    {"breakout status",
     "ROOM",
     "The breakout board: each group's members, online count, messages in the last 5\n"
     "minutes and the time of the last one.",
     {NULL},
     1,
     1,
     cmd_breakout_room,
     0,
     0},
    {"breakout announce",
     "ROOM TEXT",
     "Sends an announcement to every group of the running breakout.",
     {NULL},
     2,
     2,
     cmd_breakout_announce,
     0,
     0},
    {"breakout end",
     "ROOM",
     "Ends the breakout: everyone is warned, then brought back to ROOM.",
     {NULL},
     1,
     1,
     cmd_breakout_room,
     0,
     0},
    {"user find", "EMAIL", "Shows the account with this email.", {NULL}, 1, 1, cmd_user_find, 0, 0},
    {"user delete",
     "EMAIL|ID",
     "Erases an account for good (the right to erasure): profile, matches, sessions; its\n"
     "messages stay as tombstones. Staff accounts: admins only.",
     {NULL},
     1,
     1,
     cmd_user_delete,
     0,
     0},
    {"user consent",
     "USER yes|no",
     "Records that a parent or guardian agreed (yes), or takes it back (no), for an account\n"
     "under its country's digital age of consent. USER is an email or a user id.",
     {NULL},
     2,
     2,
     cmd_user_consent,
     0,
     0},
    {"role grant",
     "EMAIL ROLE",
     "Gives an account a role: mentee, mentor, facilitator, safeguarding or admin (admins\n"
     "only).\n"
     "The first facilitator is made this way with the admin secret.",
     {NULL},
     2,
     2,
     cmd_role_grant,
     0,
     0},
    {"match run",
     "",
     "Runs the mentor matcher now and prints what it offered.",
     {NULL},
     0,
     0,
     cmd_match_run,
     0,
     0},
    {"agenda set",
     "ROOM \"TITLE:MINUTES\"...",
     "Sets the agenda of a live session (at most 30 items, 1 to 600 minutes each); its first\n"
     "item becomes the current one. Participants see the current item.",
     {NULL},
     2,
     31,
     cmd_agenda_set,
     0,
     0},
    {"agenda next",
     "ROOM",
     "Moves the agenda to its next item.",
     {NULL},
     1,
     1,
     cmd_session_room,
     0,
     0},
    {"agenda clear", "ROOM", "Removes the agenda.", {NULL}, 1, 1, cmd_session_room, 0, 0},
    {"timer",
     "ROOM DURATION|stop [--label L]",
     "Starts a countdown every participant sees (90s, 10m, at most 2h), or stops it.",
     {"--label"},
     2,
     2,
     cmd_timer,
     0,
     0},
    {"hands",
     "ROOM",
     "The live session of a room: agenda, timer, floor, and the raised hands in order.",
     {NULL},
     1,
     1,
     cmd_hands,
     0,
     0},
    {"hand clear",
     "ROOM [USER]",
     "Lowers USER's raised hand, or every hand.",
     {NULL},
     1,
     2,
     cmd_session_user,
     0,
     0},
    {"floor give",
     "ROOM USER",
     "Gives USER the floor: in a locked room, only they may speak. Their hand goes down.",
     {NULL},
     2,
     2,
     cmd_session_user,
     0,
     0},
    {"floor take", "ROOM", "Takes the floor back.", {NULL}, 1, 1, cmd_session_room, 0, 0},
    {"match stats",
     "",
     "Numbers of the matching queue and its offers.",
     {NULL},
     0,
     0,
     cmd_match_stats,
     0,
     0},
    {"poll create",
     "ROOM QUESTION OPTION... [--multiple yes] [--anonymous yes]",
     "Asks the people in ROOM a question with 2 to 10 options. --multiple yes lets each\n"
     "person pick several; --anonymous yes stores no link from a person to their choice.",
     {"--multiple", "--anonymous"},
     4,
     12,
     cmd_poll_create,
     0,
     0},
    {"poll close",
     "POLL",
     "Closes a poll: no more votes, and everyone in the room sees the results.",
     {NULL},
     1,
     1,
     cmd_poll_one,
     0,
     0},
    {"poll results",
     "POLL",
     "A poll's counts, and who chose what unless it is anonymous.",
     {NULL},
     1,
     1,
     cmd_poll_one,
     0,
     0},
    {"poll list",
     "ROOM",
     "Every poll of a room, with its results.",
     {NULL},
     1,
     1,
     cmd_poll_list,
     0,
     0},
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

const char *const cmd_room_keys[] = {"id",	  "title",   "topic",  "kind",	    "state",
				     "starts_at", "ends_at", "online", "slow_mode", NULL};
const char *const cmd_user_keys[] = {"id",    "name",	  "email",  "role",
				     "state", "guardian", "cohort", NULL};

static void print_usage(FILE *out, const command *cmd)
{
	fprintf(out, "usage: %s [options] %s%s%s\n", CLI_NAME, cmd->words,
		*cmd->synopsis ? " " : "", cmd->synopsis);
}

void commands_help(FILE *out)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %s%s%s\n", commands[i].words, *commands[i].synopsis ? " " : "",
			commands[i].synopsis);
}

/* Commands starting with word; used when the second word is missing or wrong. */
static int group_help(FILE *out, const char *word)
{
	int n = 0;

	for (size_t i = 0; i < NCOMMANDS; i++) {
		size_t len = strlen(word);

		if (!strncmp(commands[i].words, word, len) && commands[i].words[len] == ' ') {
			if (!n++)
				fprintf(out, "%s commands:\n", word);
			fprintf(out, "  %s%s%s\n", commands[i].words,
				*commands[i].synopsis ? " " : "", commands[i].synopsis);
		}
	}
	return n;
}

/* Finds the command named by argv's first one or two words; *used says how many. */
static const command *lookup(int argc, char **argv, int *used)
{
	char words[64];

	for (int n = WORDS_MAX; n >= 1; n--) {
		if (n > argc)
			continue;
		if (n == 1)
			snprintf(words, sizeof(words), "%s", argv[0]);
		else
			snprintf(words, sizeof(words), "%s %s", argv[0], argv[1]);
		for (size_t i = 0; i < NCOMMANDS; i++)
			if (!strcmp(commands[i].words, words)) {
				*used = n;
				return &commands[i];
			}
	}
	return NULL;
}

static int option_index(const command *cmd, const char *name, size_t len)
{
	for (int k = 0; k < CLI_OPTS_MAX && cmd->opts[k]; k++)
		if (strlen(cmd->opts[k]) == len && !strncmp(cmd->opts[k], name, len))
			return k;
	return -1;
}

/* Everything typed ends up in JSON text: it must be UTF-8 and fit in a frame. */
static int check_arg(const char *arg)
{
	json_t *probe;

	if (strlen(arg) > ARG_MAX)
		return cli_usage("argument too long (over %d bytes): %.20s...", ARG_MAX, arg);
	if (!(probe = json_string(arg)))
		return cli_usage("argument is not valid UTF-8");
	json_decref(probe);
	return 0;
}

/* Keeps every value of a repeatable option; the others keep their last value only. */
static int add_many(cli_args *a, int k)
{
	if (!(a->cmd->repeat & (1u << k)))
		return 0;
	if (a->nmany >= CLI_MANY_MAX)
		return cli_usage("too many %s options (at most %d in all)", a->cmd->opts[k],
				 CLI_MANY_MAX);
	a->many_opt[a->nmany] = k;
	a->many[a->nmany++] = a->opt[k];
	return 0;
}

/* Splits argv into positional arguments and the command's options. 1 when help was asked. */
static int split(cli *c, const command *cmd, int argc, char **argv, cli_args *a)
{
	int rest = 0, k, bad;

	memset(a, 0, sizeof(*a));
	a->cmd = cmd;
	for (int i = 0; i < argc; i++) {
		const char *arg = argv[i], *eq;

		if ((bad = check_arg(arg)))
			return bad;
		if (rest || arg[0] != '-' || arg[1] == '\0') {
			if (a->npos >= CLI_ARGS_MAX)
				return cli_usage("too many arguments");
			a->pos[a->npos++] = arg;
		} else if (!strcmp(arg, "--")) {
			rest = 1;
		} else if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			return 1;
		} else if (!strcmp(arg, "--json")) {
			c->json = 1;
		} else {
			eq = strchr(arg, '=');
			k = option_index(cmd, arg, eq ? (size_t)(eq - arg) : strlen(arg));
			if (k < 0)
				return cli_usage("%s: unknown option %s (see %s --help)",
						 cmd->words, arg, cmd->words);
			if (cmd->flags & (1u << k)) {
				if (eq)
					return cli_usage("%s takes no value", cmd->opts[k]);
				a->opt[k] = "";
				continue;
			}
			if (!eq && i + 1 >= argc)
				return cli_usage("%s needs a value", cmd->opts[k]);
			a->opt[k] = eq ? eq + 1 : argv[++i];
			if ((bad = check_arg(a->opt[k])) || (bad = add_many(a, k)))
				return bad;
		}
	}
	if (a->npos < cmd->min || a->npos > cmd->max) {
		print_usage(stderr, cmd);
		return CLI_USAGE;
	}
	return 0;
}

int commands_run(cli *c, int argc, char **argv)
{
	const command *cmd;
	cli_args a;
	int used = 0, rc;

	if (!strcmp(argv[0], "help")) {
		if (argc > 1 && (cmd = lookup(argc - 1, argv + 1, &used))) {
			print_usage(stdout, cmd);
			printf("\n%s\n", cmd->help);
		} else if (argc == 1 || !group_help(stdout, argv[1])) {
			commands_help(stdout);
		}
		return CLI_OK;
	}
	if (!(cmd = lookup(argc, argv, &used))) {
		int help = argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"));

		if (group_help(help ? stdout : stderr, argv[0]))
			return help ? CLI_OK : CLI_USAGE;
		return cli_usage("unknown command '%s' (see --help)", argv[0]);
	}
	rc = split(c, cmd, argc - used, argv + used, &a);
	if (rc == 1) {
		print_usage(stdout, cmd);
		printf("\n%s\n", cmd->help);
		return CLI_OK;
	}
	return rc ? rc : cmd->run(c, &a);
}

const char *cmd_verb(const cli_args *a)
{
	const char *sp = strrchr(a->cmd->words, ' ');

	return sp ? sp + 1 : a->cmd->words;
}

int cmd_user_id(cli *c, const char *user, char *id, size_t size)
{
	json_t *reply;
	const char *found;
	int rc;

	if (!strchr(user, '@')) {
		if (strlen(user) >= size)
			return cli_usage("user id too long: %.40s...", user);
		snprintf(id, size, "%s", user);
		return CLI_OK;
	}
	if ((rc = cli_request(c, "user.find", json_pack("{s:s}", "email", user), &reply)))
		return rc;
	found = json_string_value(json_object_get(json_object_get(reply, "user"), "id"));
	if (!found || strlen(found) >= size) {
		json_decref(reply);
		fprintf(stderr, "%s: user.find for %s gave no usable id\n", CLI_NAME, user);
		return CLI_REFUSED;
	}
	snprintf(id, size, "%s", found);
	json_decref(reply);
	return CLI_OK;
}

int cmd_show(cli *c, const cli_args *a, const char *type, json_t *fields, cmd_print_fn *print)
{
	json_t *reply;
	int rc;

	if ((rc = cli_request(c, type, fields, &reply)))
		return rc;
	if (c->json)
		return cmd_done(c, reply, "%s", "");
	json_object_del(reply, "type");
	json_object_del(reply, "re");
	print(a, reply);
	json_decref(reply);
	return CLI_OK;
}

int cmd_done(cli *c, json_t *reply, const char *fmt, ...)
{
	va_list ap;

	if (c->json) {
		cli_print_json(reply);
	} else {
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		putchar('\n');
	}
	json_decref(reply);
	return CLI_OK;
}

static int is_time_key(const char *key)
{
	size_t n = strlen(key);

	return !strcmp(key, "ts") || !strcmp(key, "until") ||
	       (n > 3 && !strcmp(key + n - 3, "_at"));
}

static void add_member(table *t, const char *key, const json_t *v)
{
	char value[VALUE_MAX];
	const char *row[2] = {key, value};

	if (is_time_key(key) && json_is_integer(v))
		fmt_time(json_integer_value(v), 0, value, sizeof(value));
	else if (json_is_array(v) && json_array_size(v) > 0 && json_is_object(json_array_get(v, 0)))
		snprintf(value, sizeof(value), "%zu", json_array_size(v));
	else
		fmt_value(v, value, sizeof(value));
	table_add(t, row);
}

static int listed(const char *const *order, const char *key)
{
	for (; order && *order; order++)
		if (!strcmp(*order, key))
			return 1;
	return 0;
}

void cmd_print_object(const json_t *obj, const char *const *order)
{
	const char *key;
	json_t *v;
	table *t = table_new(2, NULL);

	for (const char *const *k = order; k && *k; k++)
		if ((v = json_object_get(obj, *k)))
			add_member(t, *k, v);
	json_object_foreach((json_t *)obj, key, v)
	{
		if (!listed(order, key))
			add_member(t, key, v);
	}
	table_print(t, stdout);
	table_free(t);
}
