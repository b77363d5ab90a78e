/* Live sessions: the agenda, the room timer, raised hands and the floor. */
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "parse.h"
#include "table.h"

#define AGENDA_MAX 30
#define TITLE_MAX 800 /* bytes; the server counts characters (200) */
#define MINUTES_MAX 600
#define TIMER_MAX 7200 /* seconds */

/* "Title:10" into {title, minutes}: the minutes after the last colon. NULL when bad. */
static json_t *agenda_item(const char *arg)
{
	const char *colon = strrchr(arg, ':');
	long long minutes;
	size_t len;
	char *title;
	json_t *item;

	const char *digits = colon ? colon + 1 : NULL;

	while (digits && *digits == ' ')
		digits++;
	if (!digits || parse_count(digits, 1, MINUTES_MAX, &minutes))
		return NULL;
	len = (size_t)(colon - arg);
	while (len && arg[len - 1] == ' ')
		len--;
	if (!len || len > TITLE_MAX || !(title = strndup(arg, len)))
		return NULL;
	item = json_pack("{s:s, s:I}", "title", title, "minutes", (json_int_t)minutes);
	free(title);
	return item;
}

int cmd_agenda_set(cli *c, const cli_args *a)
{
	json_t *items = json_array(), *item, *reply;
	int rc;

	if (a->npos - 1 > AGENDA_MAX) {
		json_decref(items);
		return cli_usage("an agenda has at most %d items", AGENDA_MAX);
	}
	for (int i = 1; i < a->npos; i++) {
		if (!(item = agenda_item(a->pos[i]))) {
			json_decref(items);
			return cli_usage("bad item '%s': use \"Title:MINUTES\" (1 to %d)",
					 a->pos[i], MINUTES_MAX);
		}
		json_array_append_new(items, item);
	}
	if ((rc = cli_request(c, "agenda.set",
			      json_pack("{s:s, s:o}", "room", a->pos[0], "items", items), &reply)))
		return rc;
	return cmd_done(c, reply, "agenda of %s: %d items", a->pos[0], a->npos - 1);
}

/* The current item as a line: "now 2/5: Title (10 min)", "done" or "none". */
static void agenda_line(const json_t *agenda, char *buf, size_t size)
{
	const json_t *items = json_object_get(agenda, "items");
	const json_t *cur = json_object_get(agenda, "current");
	const json_t *item = json_array_get(items, (size_t)json_integer_value(cur));
	char title[VALUE_MAX];

	if (json_is_true(json_object_get(agenda, "done"))) {
		snprintf(buf, size, "done");
	} else if (!json_is_integer(cur) || !item) {
		snprintf(buf, size, "none");
	} else {
		fmt_value(json_object_get(item, "title"), title, sizeof(title));
		snprintf(buf, size, "now %lld/%zu: %s (%lld min)",
			 (long long)json_integer_value(cur) + 1, json_array_size(items), title,
			 (long long)json_integer_value(json_object_get(item, "minutes")));
	}
}

/* agenda next, agenda clear, timer stop, floor take: {room} alone. */
int cmd_session_room(cli *c, const cli_args *a)
{
	const char *verb = cmd_verb(a);
	const char *type = !strcmp(verb, "next")    ? "agenda.next"
			   : !strcmp(verb, "clear") ? "agenda.clear"
			   : !strcmp(verb, "take")  ? "floor.take"
						    : NULL;
	json_t *reply;
	char line[VALUE_MAX + 64];
	int rc;

	if (!type) /* the command table sends only those three here */
		return cli_usage("unknown command '%s'", verb);

	if ((rc = cli_request(c, type, json_pack("{s:s}", "room", a->pos[0]), &reply)))
		return rc;
	agenda_line(json_object_get(json_object_get(reply, "session"), "agenda"), line,
		    sizeof(line));
	if (!strcmp(type, "floor.take"))
		return cmd_done(c, reply, "floor of %s taken back", a->pos[0]);
	return cmd_done(c, reply, "agenda of %s: %s", a->pos[0], line);
}

int cmd_timer(cli *c, const cli_args *a)
{
	const char *label = a->opt[0] ? a->opt[0] : "";
	long long seconds = 0;
	json_t *req, *reply;
	int rc;

	if (strcmp(a->pos[1], "stop") &&
	    (parse_duration(a->pos[1], &seconds) || seconds > TIMER_MAX))
		return cli_usage("bad time '%s': 90s, 10m, 1h (at most 2h) or stop", a->pos[1]);
	if (strlen(label) > TITLE_MAX / 2)
		return cli_usage("--label is too long");
	req = json_pack("{s:s, s:I, s:s}", "room", a->pos[0], "seconds", (json_int_t)seconds,
			"label", label);
	if ((rc = cli_request(c, "room.timer", req, &reply)))
		return rc;
	if (!seconds)
		return cmd_done(c, reply, "timer of %s stopped", a->pos[0]);
	return cmd_done(c, reply, "timer of %s: %lld s", a->pos[0], seconds);
}

static void print_hands(const json_t *hands)
{
	static const char *const head[] = {"#", "ID", "NAME", "RAISED"};
	char n[24], ts[64];
	const char *row[4];
	size_t i;
	json_t *u;
	table *t = table_new(4, head);

	json_array_foreach(hands, i, u)
	{
		snprintf(n, sizeof(n), "%zu", i + 1);
		fmt_time(json_integer_value(json_object_get(u, "raised_at")), 1, ts, sizeof(ts));
		row[0] = n;
		row[1] = json_str(u, "id");
		row[2] = json_str(u, "name");
		row[3] = ts;
		table_add(t, row);
	}
	if (json_array_size(hands))
		table_print(t, stdout);
	else
		printf("no hands raised\n");
	table_free(t);
}

/* The session of a room: agenda, timer, floor, then the hands in order. */
static void print_session(const cli_args *a, const json_t *reply)
{
	const json_t *s, *timer, *floor;
	char line[VALUE_MAX + 64], ends[64];

	s = json_object_get(reply, "session");
	agenda_line(json_object_get(s, "agenda"), line, sizeof(line));
	printf("agenda: %s\n", line);
	if ((timer = json_object_get(s, "timer")) && json_is_object(timer)) {
		fmt_time(json_integer_value(json_object_get(timer, "ends_at")), 1, ends,
			 sizeof(ends));
		printf("timer: %s, ends %s\n", json_str(timer, "label"), ends);
	}
	if ((floor = json_object_get(s, "floor")) && json_is_object(floor))
		printf("floor: %s (%s)\n", json_str(floor, "name"), json_str(floor, "id"));
	print_hands(json_object_get(reply, "hands"));
}

int cmd_hands(cli *c, const cli_args *a)
{
	return cmd_show(c, a, "session.get", json_pack("{s:s}", "room", a->pos[0]), print_session);
}

/* floor give ROOM USER, hand clear ROOM [USER] (all without USER). */
int cmd_session_user(cli *c, const cli_args *a)
{
	const char *type = !strcmp(cmd_verb(a), "give") ? "floor.give" : "hand.clear";
	char id[ID_MAX + 1] = "";
	json_t *req, *reply;
	int rc;

	if (a->npos > 1 && (rc = cmd_user_id(c, a->pos[1], id, sizeof(id))))
		return rc;
	req = json_pack("{s:s}", "room", a->pos[0]);
	if (id[0])
		json_object_set_new(req, "user", json_string(id));
	if ((rc = cli_request(c, type, req, &reply)))
		return rc;
	if (!strcmp(type, "floor.give"))
		return cmd_done(c, reply, "%s has the floor in %s", id, a->pos[0]);
	return cmd_done(c, reply, "hand%s lowered in %s", id[0] ? "" : "s", a->pos[0]);
}
