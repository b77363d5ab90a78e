/* Parsing the events that travel between nodes. */
#include <string.h>

#include "check.h"
#include "event.h"

static int parse(const char *channel, const char *payload, event *ev)
{
	return event_parse(channel, payload, strlen(payload), ev);
}

static void test_room_events(void)
{
	event ev;

	if (CHECK_INT(parse("room:lobby", "m 1764265200000-3\n{\"type\":\"message\"}", &ev), 0)) {
		CHECK_INT(ev.scope, EV_SCOPE_ROOM);
		CHECK_STR(ev.id, "lobby");
		CHECK_INT(ev.kind, EV_MESSAGE);
		CHECK_STR(ev.arg, "1764265200000-3");
		CHECK_INT(ev.len, strlen("{\"type\":\"message\"}"));
		CHECK(!memcmp(ev.json, "{\"type\":\"message\"}", ev.len));
	}
	if (CHECK_INT(parse("room:r", "x\n{}", &ev), 0)) {
		CHECK_INT(ev.kind, EV_OTHER);
		CHECK_STR(ev.arg, "");
	}
	CHECK_INT(parse("room:r", "p u1\n{}", &ev), 0);
	CHECK_STR(ev.arg, "u1");
	CHECK_INT(parse("room:r", "t u1\n{}", &ev), 0);
	/* User kinds are not room kinds, and the other way round. */
	CHECK_INT(parse("room:r", "k r2\n{}", &ev), -1);
	CHECK_INT(parse("user:u", "m 1-0\n{}", &ev), -1);
}

static void test_user_events(void)
{
	event ev;

	if (CHECK_INT(parse("user:u1", "r 0123abcd\n", &ev), 0)) {
		CHECK_INT(ev.scope, EV_SCOPE_USER);
		CHECK_INT(ev.kind, EV_REVOKE);
		CHECK_STR(ev.arg, "0123abcd");
		CHECK_INT(ev.len, 0);
	}
	CHECK_INT(parse("user:u1", "o facilitator\n", &ev), 0);
	CHECK_STR(ev.arg, "facilitator");
	CHECK_INT(parse("user:u1", "k lobby\n{\"type\":\"moderated\"}", &ev), 0);
	CHECK_STR(ev.arg, "lobby");
	CHECK_INT(parse("user:u1", "e\n{\"type\":\"match.made\"}", &ev), 0);
	CHECK_INT(ev.kind, EV_USER);
}

/* ev:admin:all carries only admin events, and no other admin channel exists. */
static void test_admin_events(void)
{
	event ev;

	if (CHECK_INT(parse("admin:all", "a\n{\"type\":\"report.new\"}", &ev), 0)) {
		CHECK_INT(ev.scope, EV_SCOPE_ADMIN);
		CHECK_INT(ev.kind, EV_ADMIN);
		CHECK_INT(ev.len, 21);
	}
	CHECK_INT(parse("admin:all", "m 1-0\n{}", &ev), -1);
	CHECK_INT(parse("admin:other", "a\n{}", &ev), -1);
	CHECK_INT(parse("admin:", "a\n{}", &ev), -1);
	CHECK_INT(parse("room:r", "a\n{}", &ev), -1);
	CHECK_INT(parse("user:u", "a\n{}", &ev), -1);
}

static void test_malformed(void)
{
	event ev;
	char long_arg[300];

	CHECK_INT(parse("other:x", "x\n{}", &ev), -1);
	CHECK_INT(parse("room:", "x\n{}", &ev), -1);
	CHECK_INT(parse("room:a b", "x\n{}", &ev), -1);
	CHECK_INT(parse("room:r", "x{}", &ev), -1);  /* no header line */
	CHECK_INT(parse("room:r", "\n{}", &ev), -1); /* empty header */
	CHECK_INT(parse("room:r", "mx\n{}", &ev), -1);
	CHECK_INT(parse("room:r", "z\n{}", &ev), -1);
	memset(long_arg, 'a', sizeof(long_arg));
	memcpy(long_arg, "p ", 2);
	long_arg[sizeof(long_arg) - 2] = '\n';
	long_arg[sizeof(long_arg) - 1] = '\0';
	CHECK_INT(parse("room:r", long_arg, &ev), -1);
}

int main(void)
{
	test_room_events();
	test_user_events();
	test_admin_events();
	test_malformed();
	return check_done("event");
}
