/* The hub without sockets or Redis: rooms' rings and the connections' tails, culling of a
 * lagging reader, what a reader skips, and leaves reported to the presence stub. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "hub.h"

extern int presence_stub_leaves;
extern char presence_stub_last[160];

static int wakes;

static void want_write(void *transport)
{
	wakes++;
}

static const hub_transport transport = {want_write};

/* A signed-in connection that has joined room and been answered (floor: newest id seen). */
static conn *joined(const char *uid, const char *room, const char *floor)
{
	conn *c = conn_new(&wakes, "127.0.0.1");
	member *m;

	conn_login(c, uid, uid, "mentee", "jti", INT64_MAX);
	m = room_enter(c, room);
	room_ready(m, floor, floor);
	return c;
}

static void publish_message(const char *room, unsigned ms, unsigned seq)
{
	char id[48], json[96];

	snprintf(id, sizeof(id), "%u-%u", ms, seq);
	snprintf(json, sizeof(json), "{\"type\":\"message\",\"id\":\"%s\"}", id);
	room_publish(room, EV_MESSAGE, id, json, strlen(json));
}

/* The payloads c would write now, joined with '|'. */
static void drain(conn *c, char *out, size_t outsz)
{
	wsframe *f;

	out[0] = '\0';
	while ((f = conn_next_frame(c))) {
		if (out[0])
			strncat(out, "|", outsz - strlen(out) - 1);
		strncat(out, (const char *)wsframe_data(f), outsz - strlen(out) - 1);
	}
}

static void test_fanout_and_floor(void)
{
	conn *a = joined("ua", "r1", NULL), *b = joined("ub", "r1", "100-1");
	char got[512];

	publish_message("r1", 100, 0);
	publish_message("r1", 100, 2);
	drain(a, got, sizeof(got));
	CHECK_STR(got, "{\"type\":\"message\",\"id\":\"100-0\"}|"
		       "{\"type\":\"message\",\"id\":\"100-2\"}");
	/* b's join answer held everything up to 100-1. */
	drain(b, got, sizeof(got));
	CHECK_STR(got, "{\"type\":\"message\",\"id\":\"100-2\"}");
	/* A message relayed already (catch-up and live both) is dropped for everyone. */
	publish_message("r1", 100, 2);
	publish_message("r1", 99, 0);
	drain(a, got, sizeof(got));
	CHECK_STR(got, "");
	CHECK(room_find("r1") != NULL);
	conn_gone(a);
	conn_gone(b);
	CHECK(room_find("r1") == NULL);
}

static void test_skips_own_presence(void)
{
	conn *a = joined("ua", "r2", NULL), *b = joined("ub", "r2", NULL);
	const char *pa = "{\"type\":\"presence\",\"user\":\"ua\"}";
	const char *ta = "{\"type\":\"typing\",\"user\":\"ua\"}";
	const char *x = "{\"type\":\"room.updated\"}";
	char got[512];

	room_publish("r2", EV_PRESENCE, "ua", pa, strlen(pa));
	room_publish("r2", EV_TYPING, "ua", ta, strlen(ta));
	room_publish("r2", EV_OTHER, "", x, strlen(x));
	drain(a, got, sizeof(got));
	CHECK_STR(got, x);
	drain(b, got, sizeof(got));
	CHECK(strstr(got, "presence") && strstr(got, "typing") && strstr(got, "room.updated"));
	conn_gone(a);
	conn_gone(b);
}

static void test_not_ready_gets_nothing(void)
{
	conn *c = conn_new(&wakes, "127.0.0.1");
	member *m;
	char got[256];

	conn_login(c, "uc", "uc", "mentee", "jti", INT64_MAX);
	m = room_enter(c, "r3");
	publish_message("r3", 5, 0);
	drain(c, got, sizeof(got));
	CHECK_STR(got, ""); /* the join is not answered yet */
	room_ready(m, NULL, NULL);
	drain(c, got, sizeof(got));
	CHECK_STR(got, "{\"type\":\"message\",\"id\":\"5-0\"}"); /* kept while it waited */
	conn_gone(c);
}

static void test_cull_lagging_reader(void)
{
	conn *slow = joined("us", "r4", NULL), *fast = joined("uf", "r4", NULL);
	char got[256];
	unsigned i;

	for (i = 1; i <= ROOM_RING + 1; i++) {
		publish_message("r4", 1000 + i, 0);
		drain(fast, got, sizeof(got));
	}
	CHECK_INT(slow->close_code, 1008);
	CHECK_INT(fast->close_code, 0);
	CHECK_STR(got, "{\"type\":\"message\",\"id\":\"2025-0\"}");
	conn_gone(slow);
	conn_gone(fast);
}

/* The ring stays small while readers keep up and grows, order kept, while one lags. */
static void test_ring_grows_as_needed(void)
{
	conn *a = joined("ga", "r6", NULL), *b = joined("gb", "r6", NULL);
	room *r = room_find("r6");
	char got[1024], want[1024] = "", one[64];
	unsigned i;

	for (i = 0; i < 3 * ROOM_RING_MIN; i++) {
		publish_message("r6", 10 + i, 0);
		drain(a, got, sizeof(got));
		drain(b, got, sizeof(got));
	}
	CHECK_INT(r->ringcap, ROOM_RING_MIN);
	for (i = 0; i < 3 * ROOM_RING_MIN; i++) {
		publish_message("r6", 100 + i, 0);
		drain(a, got, sizeof(got));
		snprintf(one, sizeof(one), "%s{\"type\":\"message\",\"id\":\"%u-0\"}", i ? "|" : "",
			 100 + i);
		strncat(want, one, sizeof(want) - strlen(want) - 1);
	}
	CHECK_INT(r->ringcap, 4 * ROOM_RING_MIN);
	drain(b, got, sizeof(got));
	CHECK_STR(got, want);
	CHECK_INT(b->close_code, 0);
	conn_gone(a);
	conn_gone(b);
}

static void test_leave_reports_presence(void)
{
	conn *c = joined("ul", "r5", NULL), *w = conn_new(&wakes, "127.0.0.1");
	member *m;

	conn_login(w, "uw", "uw", "facilitator", "jti", INT64_MAX);
	m = room_enter(w, "r5");
	m->watch = 1;
	room_ready(m, NULL, NULL);
	presence_stub_leaves = 0;
	conn_gone(c);
	CHECK_INT(presence_stub_leaves, 1);
	CHECK_STR(presence_stub_last, "r5|ul");
	conn_gone(w); /* a watcher was never present */
	CHECK_INT(presence_stub_leaves, 1);
}

static void test_user_events(void)
{
	conn *a = joined("uk", "r6", NULL), *b = joined("uk", "r7", NULL);
	const char *ev = "{\"type\":\"moderated\",\"action\":\"kicked\"}";
	char got[256];

	presence_stub_leaves = 0;
	hub_user_kick("uk", "r6", ev, strlen(ev));
	drain(a, got, sizeof(got));
	CHECK_STR(got, ev);
	CHECK(conn_member(a, "r6") == NULL);
	CHECK_INT(presence_stub_leaves, 1);
	drain(b, got, sizeof(got));
	CHECK_STR(got, ""); /* the connection in another room stays */
	CHECK(conn_member(b, "r7") != NULL);
	hub_user_revoke("uk", "jti");
	CHECK(!a->authed && !b->authed);
	conn_gone(a);
	conn_gone(b);
}

int main(void)
{
	if (!CHECK(hub_init(&transport, 10, 2) == 0))
		return check_done("hub");
	test_fanout_and_floor();
	test_skips_own_presence();
	test_not_ready_gets_nothing();
	test_cull_lagging_reader();
	test_ring_grows_as_needed();
	test_leave_reports_presence();
	test_user_events();
	CHECK(wakes > 0);
	CHECK_INT(hub_room_count(), 0);
	hub_shutdown();
	return check_done("hub");
}
