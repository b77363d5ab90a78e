/* Room commands: create, list, close/lock/unlock, slow mode, stats and watch. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "parse.h"
#include "table.h"

#define WATCH_POLL_MS 250
#define WATCH_PING_MS 30000 /* keeps idle proxies from dropping a quiet watch */
#define TEXT_MAX (4000 * 4 + 64)

static volatile sig_atomic_t stop_watch;

static void on_stop(int sig)
{
	stop_watch = 1;
}

static int bad_time(const char *opt, const char *value)
{
	return cli_usage("bad %s time '%s': use 2026-12-01T18:00Z, 2026-12-01T19:00+01:00, "
			 "+2h or +30m",
			 opt, value);
}

int cmd_room_create(cli *c, const cli_args *a)
{
	long long now = cli_now_ms(), starts = 0, ends = 0;
	char id[256];
	const char *topic = a->opt[0], *s = a->opt[1], *e = a->opt[2];
	json_t *req, *reply;
	int rc;

	if (!*a->pos[0])
		return cli_usage("the title is empty");
	if (s && parse_time(s, now, &starts))
		return bad_time("--starts", s);
	if (e && parse_time(e, now, &ends))
		return bad_time("--ends", e);
	if (e && ends <= (s ? starts : now))
		return cli_usage("--ends must be after %s", s ? "--starts" : "now");
	req = json_pack("{s:s}", "title", a->pos[0]);
	if (topic)
		json_object_set_new(req, "topic", json_string(topic));
	if (s)
		json_object_set_new(req, "starts_at", json_integer(starts));
	if (e)
		json_object_set_new(req, "ends_at", json_integer(ends));
	if ((rc = cli_request(c, "room.create", req, &reply)))
		return rc;
	if (c->json)
		return cmd_done(c, reply, "%s", "");
	fmt_clean(json_str(json_object_get(reply, "room"), "id"), id, sizeof(id));
	printf("created room %s\n", id);
	cmd_print_object(json_object_get(reply, "room"), cmd_room_keys);
	json_decref(reply);
	return CLI_OK;
}

static void slow_text(const json_t *v, char *buf, size_t size)
{
	if (json_is_integer(v) && json_integer_value(v) > 0)
		fmt_duration(json_integer_value(v), buf, size);
	else
		snprintf(buf, size, json_is_integer(v) ? "off" : "-");
}

/* One table for both list and stats: they show different columns of the same answer. */
static void print_rooms(const cli_args *a, const json_t *reply)
{
	const json_t *rooms = json_object_get(reply, "rooms");
	int stats = !strcmp(cmd_verb(a), "stats");
	static const char *const list_head[] = {"ID",	  "TITLE", "KIND",  "STATE",
						"STARTS", "ENDS",  "ONLINE"};
	static const char *const stats_head[] = {"ID",	 "STATE", "ONLINE", "MSGS/1H",
						 "MSGS", "SLOW",  "TITLE"};
	char starts[64], ends[64], online[32], hour[32], total[32], slow[32];
	const char *row[7];
	size_t i;
	json_t *r;
	table *t = table_new(7, stats ? stats_head : list_head);

	json_array_foreach(rooms, i, r)
	{
		fmt_time(json_integer_value(json_object_get(r, "starts_at")), 0, starts,
			 sizeof(starts));
		fmt_time(json_integer_value(json_object_get(r, "ends_at")), 0, ends, sizeof(ends));
		fmt_value(json_object_get(r, "online"), online, sizeof(online));
		fmt_value(json_object_get(r, "messages_last_hour"), hour, sizeof(hour));
		fmt_value(json_object_get(r, "messages_total"), total, sizeof(total));
		slow_text(json_object_get(r, "slow_mode"), slow, sizeof(slow));
		row[0] = json_str(r, "id");
		row[stats ? 6 : 1] = json_str(r, "title");
		row[stats ? 1 : 3] = json_str(r, "state");
		row[stats ? 2 : 6] = online;
		if (stats) {
			row[3] = hour;
			row[4] = total;
			row[5] = slow;
		} else {
			row[2] = json_str(r, "kind");
			row[4] = starts;
			row[5] = ends;
		}
		table_add(t, row);
	}
	if (json_array_size(rooms))
		table_print(t, stdout);
	else
		printf("no rooms\n");
	table_free(t);
}

int cmd_room_list(cli *c, const cli_args *a)
{
	return cmd_show(c, a, "room.stats", json_object(), print_rooms);
}

int cmd_room_stats(cli *c, const cli_args *a)
{
	json_t *req = a->npos ? json_pack("{s:s}", "room", a->pos[0]) : json_object();

	return cmd_show(c, a, "room.stats", req, print_rooms);
}

int cmd_room_state(cli *c, const cli_args *a)
{
	char type[32];
	const char *state;
	json_t *reply;
	int rc;

	snprintf(type, sizeof(type), "room.%s", cmd_verb(a));
	if ((rc = cli_request(c, type, json_pack("{s:s}", "room", a->pos[0]), &reply)))
		return rc;
	state = json_str(json_object_get(reply, "room"), "state");
	return cmd_done(c, reply, "room %s is now %s", a->pos[0],
			strcmp(state, "-") ? state : cmd_verb(a));
}

int cmd_room_slowmode(cli *c, const cli_args *a)
{
	long long seconds = 0;
	char every[32];
	json_t *reply;
	int rc;

	if (strcmp(a->pos[1], "off") && strcmp(a->pos[1], "0") &&
	    parse_duration(a->pos[1], &seconds))
		return cli_usage("bad slow mode '%s': seconds (30, 30s, 2m) or off", a->pos[1]);
	fmt_duration(seconds, every, sizeof(every));
	if ((rc = cli_request(c, "room.slowmode",
			      json_pack("{s:s, s:I}", "room", a->pos[0], "seconds", seconds),
			      &reply)))
		return rc;
	if (!seconds)
		return cmd_done(c, reply, "slow mode in %s: off", a->pos[0]);
	return cmd_done(c, reply, "slow mode in %s: one message per %s per person", a->pos[0],
			every);
}

int cmd_room_contact(cli *c, const cli_args *a)
{
	int allow = !strcmp(a->pos[1], "allow");
	json_t *reply;
	int rc;

	if (!allow && strcmp(a->pos[1], "refuse"))
		return cli_usage("bad choice '%s': allow or refuse", a->pos[1]);
	if ((rc =
		 cli_request(c, "room.contact",
			     json_pack("{s:s, s:b}", "room", a->pos[0], "allowed", allow), &reply)))
		return rc;
	return cmd_done(c, reply, "contact details in %s: %s", a->pos[0],
			allow ? "allowed" : "refused");
}

/* "Name (id)" of a user object, or the string itself. */
static void who(const json_t *u, char *buf, size_t size)
{
	char name[256], id[256];

	if (!json_is_object(u)) {
		fmt_value(u, buf, size);
		return;
	}
	fmt_clean(json_str(u, "name"), name, sizeof(name));
	fmt_clean(json_str(u, "id"), id, sizeof(id));
	snprintf(buf, size, "%s (%s)", name, id);
}

static void print_message(const json_t *m, const char *room)
{
	char clock[16], from[600], text[TEXT_MAX], id[256];
	json_t *ts = json_object_get(m, "ts");

	fmt_clock(json_is_integer(ts) ? json_integer_value(ts) : cli_now_ms(), clock,
		  sizeof(clock));
	who(json_object_get(m, "from"), from, sizeof(from));
	fmt_clean(json_str(m, "text"), text, sizeof(text));
	fmt_clean(json_str(m, "id"), id, sizeof(id));
	printf("%s  %s  message  [%s] %s: %s\n", clock, room, id, from, text);
}

static void print_event(const json_t *ev)
{
	const char *type = json_str(ev, "type");
	char clock[16], room[256], rest[TEXT_MAX], user[600];
	const json_t *r = json_object_get(ev, "room");

	if (!strcmp(type, "message")) {
		fmt_clean(json_str(ev, "room"), room, sizeof(room));
		print_message(json_object_get(ev, "message"), room);
		return;
	}
	fmt_clock(cli_now_ms(), clock, sizeof(clock));
	/* room.updated carries the room object, the others its id. */
	fmt_clean(json_is_object(r) ? json_str(r, "id") : json_str(ev, "room"), room, sizeof(room));
	who(json_object_get(ev, "user"), user, sizeof(user));
	if (!strcmp(type, "presence")) {
		fmt_clean(json_str(ev, "state"), rest, sizeof(rest));
		printf("%s  %s  presence  %s %s\n", clock, room, user, rest);
	} else if (!strcmp(type, "typing")) {
		printf("%s  %s  typing  %s\n", clock, room, user);
	} else if (!strcmp(type, "message.deleted")) {
		fmt_clean(json_str(ev, "id"), rest, sizeof(rest));
		printf("%s  %s  message.deleted  [%s]\n", clock, room, rest);
	} else if (!strcmp(type, "room.updated")) {
		fmt_clean(json_str(r, "state"), rest, sizeof(rest));
		printf("%s  %s  room.updated  state %s\n", clock, room, rest);
	} else if (!strcmp(type, "announcement")) {
		who(json_object_get(ev, "from"), user, sizeof(user));
		fmt_clean(json_str(ev, "text"), rest, sizeof(rest));
		printf("%s  %s  announcement  %s: %s\n", clock, room, user, rest);
	} else {
		fmt_value(ev, rest, sizeof(rest));
		printf("%s  %s  %s  %s\n", clock, room, type, rest);
	}
}

static void print_json_line(json_t *v)
{
	char *text = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);

	if (text)
		printf("%s\n", text);
	free(text);
}

static void watch_started(cli *c, json_t *reply, const char *room)
{
	json_t *r = json_object_get(reply, "room"), *history = json_object_get(reply, "history");
	char title[512];
	size_t i;
	json_t *m;

	if (c->json) {
		json_object_del(reply, "type");
		json_object_del(reply, "re");
		print_json_line(reply);
	} else {
		fmt_clean(json_str(r, "title"), title, sizeof(title));
		fprintf(stderr, "watching %s \"%s\": %zu online; Ctrl-C to stop\n", room, title,
			json_array_size(json_object_get(reply, "members")));
		json_array_foreach(history, i, m) print_message(m, room);
	}
	fflush(stdout);
}

int cmd_room_watch(cli *c, const cli_args *a)
{
	struct sigaction sa;
	char room[256];
	json_t *reply, *ev;
	long long last_ping;
	int rc;

	if ((rc = cli_request(c, "room.watch", json_pack("{s:s}", "room", a->pos[0]), &reply)))
		return rc;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop; /* no SA_RESTART: the poll wait ends at once */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	fmt_clean(a->pos[0], room, sizeof(room));
	watch_started(c, reply, room);
	json_decref(reply);
	last_ping = cli_now_ms();
	while (!stop_watch) {
		if ((rc = cli_event(c, WATCH_POLL_MS, &ev)))
			return stop_watch ? CLI_OK : rc;
		if (ev) {
			if (c->json)
				print_json_line(ev);
			else
				print_event(ev);
			fflush(stdout);
			json_decref(ev);
		}
		if (cli_now_ms() - last_ping >= WATCH_PING_MS) {
			if ((rc = cli_send(c, "ping", json_object())))
				return rc;
			last_ping = cli_now_ms();
		}
	}
	return CLI_OK;
}
