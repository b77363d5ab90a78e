/* Breakout groups of a session room: start, status (the board), announce, end. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "parse.h"
#include "table.h"

#define PROMPT_MAX 4000 /* bytes; the server counts characters (1000) */

static void print_groups(const json_t *groups)
{
	static const char *const head[] = {"GROUP", "ID", "ONLINE", "RECENT", "LAST", "MEMBERS"};
	char num[16], online[16], recent[16], last[64], names[VALUE_MAX];
	const char *row[6];
	size_t i, j;
	json_t *g, *m;
	table *t = table_new(6, head);

	json_array_foreach(groups, i, g)
	{
		size_t len = 0;

		snprintf(num, sizeof(num), "%lld",
			 (long long)json_integer_value(json_object_get(g, "number")));
		snprintf(online, sizeof(online), "%lld",
			 (long long)json_integer_value(json_object_get(g, "online")));
		snprintf(recent, sizeof(recent), "%lld",
			 (long long)json_integer_value(json_object_get(g, "messages_recent")));
		fmt_time(json_integer_value(json_object_get(g, "last_message_at")), 0, last,
			 sizeof(last));
		names[0] = '\0';
		json_array_foreach(json_object_get(g, "members"), j, m)
		{
			int n = snprintf(names + len, sizeof(names) - len, "%s%s", j ? ", " : "",
					 json_str(m, "name"));
			if (n < 0 || (size_t)n >= sizeof(names) - len)
				break;
			len += (size_t)n;
		}
		row[0] = num;
		row[1] = json_str(g, "id");
		row[2] = online;
		row[3] = recent;
		row[4] = last;
		row[5] = names;
		table_add(t, row);
	}
	table_print(t, stdout);
	table_free(t);
}

/* The board as the human output shows it. */
static void print_board(const cli_args *a, const json_t *reply)
{
	static const char *const order[] = {"room",    "state",	 "started_at",
					    "ends_at", "prompt", NULL};
	json_t *b = json_object_get(reply, "breakout");
	json_t *rest;

	if (!json_is_object(b)) {
		printf("no breakout\n");
		return;
	}
	rest = json_deep_copy(b);
	json_object_del(rest, "groups");
	json_object_del(rest, "minutes");
	cmd_print_object(rest, order);
	json_decref(rest);
	print_groups(json_object_get(b, "groups"));
}

int cmd_breakout_start(cli *c, const cli_args *a)
{
	const char *groups = a->opt[0], *minutes = a->opt[1], *prompt = a->opt[2];
	long long n, m;

	if (!groups || parse_count(groups, 2, 50, &n))
		return cli_usage("--groups N is needed: 2 to 50");
	if (!minutes || parse_count(minutes, 1, 240, &m))
		return cli_usage("--minutes M is needed: 1 to 240");
	if (prompt && strlen(prompt) > PROMPT_MAX)
		return cli_usage("--prompt is too long");
	return cmd_show(c, a, "breakout.start",
			json_pack("{s:s, s:I, s:I, s:s}", "room", a->pos[0], "groups",
				  (json_int_t)n, "minutes", (json_int_t)m, "prompt",
				  prompt ? prompt : ""),
			print_board);
}

int cmd_breakout_room(cli *c, const cli_args *a)
{
	const char *verb = cmd_verb(a);
	char type[32];
	json_t *reply;
	int rc;

	snprintf(type, sizeof(type), "breakout.%s", verb);
	if (strcmp(verb, "end"))
		return cmd_show(c, a, type, json_pack("{s:s}", "room", a->pos[0]), print_board);
	if ((rc = cli_request(c, type, json_pack("{s:s}", "room", a->pos[0]), &reply)))
		return rc;
	return cmd_done(c, reply, "breakout of %s: ending, everyone back soon", a->pos[0]);
}

int cmd_breakout_announce(cli *c, const cli_args *a)
{
	json_t *reply;
	int rc;

	if (strspn(a->pos[1], " \t\n") == strlen(a->pos[1]))
		return cli_usage("the announcement is empty");
	if ((rc = cli_request(c, "breakout.announce",
			      json_pack("{s:s, s:s}", "room", a->pos[0], "text", a->pos[1]),
			      &reply)))
		return rc;
	return cmd_done(c, reply, "announced to %lld groups",
			(long long)json_integer_value(json_object_get(reply, "rooms")));
}
