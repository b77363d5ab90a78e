/* Polls: create one in a room, close it, print its results. */
#include <string.h>

#include "commands.h"
#include "table.h"

#define BAR_WIDTH 20

/* yes or no for an option like --multiple: 1, 0 (absent: no), or -1 after usage. */
static int yes_no(const char *name, const char *v)
{
	if (!v || !strcmp(v, "no"))
		return 0;
	if (!strcmp(v, "yes"))
		return 1;
	cli_usage("bad %s '%s': yes or no", name, v);
	return -1;
}

/* The poll's question, state, then one line per option: votes and a bar; and who voted for
 * what in a poll that is not anonymous. */
static void print_poll(const json_t *p)
{
	static const char *const head[] = {"#", "OPTION", "VOTES", ""};
	const json_t *counts = json_object_get(p, "counts"), *b;
	long long voters = json_integer_value(json_object_get(p, "voters")), n;
	char q[VALUE_MAX], opt[VALUE_MAX], num[24], idx[24], bar[BAR_WIDTH + 1];
	const char *row[4];
	table *t = table_new(4, head);
	size_t i;
	json_t *o;

	fmt_clean(json_str(p, "question"), q, sizeof(q));
	printf("%s  %s  (%s%s%s, %lld voted)\n", json_str(p, "id"), q, json_str(p, "state"),
	       json_is_true(json_object_get(p, "multiple")) ? ", multiple" : "",
	       json_is_true(json_object_get(p, "anonymous")) ? ", anonymous" : "", voters);
	json_array_foreach(json_object_get(p, "options"), i, o)
	{
		n = json_integer_value(json_array_get(counts, i));
		snprintf(idx, sizeof(idx), "%zu", i);
		fmt_clean(json_string_value(o), opt, sizeof(opt));
		snprintf(num, sizeof(num), "%lld", n);
		memset(bar, '#', BAR_WIDTH);
		bar[voters > 0 ? (size_t)(n * BAR_WIDTH / voters) : 0] = '\0';
		row[0] = idx, row[1] = opt, row[2] = num, row[3] = bar;
		table_add(t, row);
	}
	table_print(t, stdout);
	table_free(t);
	json_array_foreach(json_object_get(p, "ballots"), i, b)
	{
		fmt_value(json_object_get(b, "options"), opt, sizeof(opt));
		fmt_clean(json_str(json_object_get(b, "user"), "name"), q, sizeof(q));
		printf("  %s (%s): %s\n", q, json_str(json_object_get(b, "user"), "id"), opt);
	}
}

/* The answer's poll (or polls). */
static void print_polls(const cli_args *a, const json_t *reply)
{
	const json_t *p;
	size_t i;

	if ((p = json_object_get(reply, "poll")))
		print_poll(p);
	json_array_foreach(json_object_get(reply, "polls"), i, p) print_poll(p);
	if (json_is_array(json_object_get(reply, "polls")) &&
	    !json_array_size(json_object_get(reply, "polls")))
		printf("no polls\n");
}

int cmd_poll_create(cli *c, const cli_args *a)
{
	int multiple = yes_no("--multiple", a->opt[0]),
	    anonymous = yes_no("--anonymous", a->opt[1]);
	json_t *options;
	int i;

	if (multiple < 0 || anonymous < 0)
		return CLI_USAGE;
	options = json_array();
	for (i = 2; i < a->npos; i++)
		json_array_append_new(options, json_string(a->pos[i]));
	return cmd_show(c, a, "poll.create",
			json_pack("{s:s, s:s, s:o, s:b, s:b}", "room", a->pos[0], "question",
				  a->pos[1], "options", options, "multiple", multiple, "anonymous",
				  anonymous),
			print_polls);
}

int cmd_poll_one(cli *c, const cli_args *a)
{
	const char *type = !strcmp(cmd_verb(a), "close") ? "poll.close" : "poll.results";

	return cmd_show(c, a, type, json_pack("{s:s}", "poll", a->pos[0]), print_polls);
}

int cmd_poll_list(cli *c, const cli_args *a)
{
	return cmd_show(c, a, "poll.list", json_pack("{s:s}", "room", a->pos[0]), print_polls);
}
