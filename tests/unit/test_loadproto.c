/* Unit tests for bench/load/proto.c: what each protocol sends and recognises. */
#include "../../bench/load/proto.h"

#include "check.h"

#include <string.h>

static const struct proto_conf PASS = {PROTO_PASSERELLE, "load-", "pw", "bench-"};
static const struct proto_conf SIO = {PROTO_SOCKETIO, "load-", "pw", "bench-"};
static const struct proto_conf MIRROR = {PROTO_MIRROR, "load-", "pw", "bench-"};

/* proto_on_text on a NUL-terminated frame. */
static int text(const struct proto_conf *pc, int *stage, const char *frame, char *out,
		size_t *outlen, struct delivery *d)
{
	return proto_on_text(pc, stage, 3, frame, strlen(frame), out, 512, outlen, d);
}

/* The subprotocol asked for and the path of a connection of room. */
static void check_path(const struct proto_conf *pc, const char *subprotocol, const char *url_path,
		       uint32_t room, const char *want)
{
	char out[512];
	const char *sp = proto_subprotocol(pc->kind);

	CHECK(sp == subprotocol || (sp && subprotocol && strcmp(sp, subprotocol) == 0));
	CHECK_INT(proto_path(pc, url_path, room, out, sizeof out), 0);
	CHECK_STR(out, want);
	CHECK_INT(proto_path(pc, url_path, room, out, strlen(want)), -1); /* no room for the NUL */
}

static void test_marker(void)
{
	struct delivery d;

	CHECK_INT(proto_parse_marker("L 7 42 123456789", 16, &d), 1);
	CHECK_UINT(d.sender, 7);
	CHECK_UINT(d.seq, 42);
	CHECK_UINT(d.sched_us, 123456789);
	CHECK_INT(proto_parse_marker("L 7 42 9\",\"ts\":1", 16, &d), 1);
	CHECK_UINT(d.sched_us, 9);
	CHECK_INT(proto_parse_marker("L 7 42", 6, &d), 0);
	CHECK_INT(proto_parse_marker("L 7 42 ", 7, &d), 0);
	CHECK_INT(proto_parse_marker("L 7  42 1", 9, &d), 0);
	CHECK_INT(proto_parse_marker("M 7 42 1", 8, &d), 0);
	CHECK_INT(proto_parse_marker("L 99999999999 1 1", 17, &d), 0);
	/* The length bounds the scan: no reading past it. */
	CHECK_INT(proto_parse_marker("L 7 42 1", 7, &d), 0);
}

static void test_passerelle(void)
{
	char out[512];
	size_t n;
	int stage;
	struct delivery d;

	check_path(&PASS, "passerelle.v1", "", 0, "/ws");
	check_path(&PASS, "passerelle.v1", "/", 0, "/ws");
	check_path(&PASS, "passerelle.v1", "/chat/ws", 0, "/chat/ws");
	CHECK_INT(proto_start(&PASS, &stage, 12, 3, out, sizeof out, &n), PROTO_REPLY);
	CHECK_INT(stage, PROTO_SIGNING_IN);
	CHECK_MEM(out,
		  "{\"type\":\"login\",\"id\":1,\"email\":\"load-12@bench.invalid\","
		  "\"password\":\"pw\"}",
		  n);
	/* Others' presence while signing in changes nothing. */
	CHECK_INT(text(&PASS, &stage, "{\"room\":\"x\",\"type\":\"presence\"}", out, &n, &d),
		  PROTO_NOTHING);
	CHECK_INT(text(&PASS, &stage, "{\"re\":1,\"type\":\"ok\",\"user\":{}}", out, &n, &d),
		  PROTO_REPLY);
	CHECK_INT(stage, PROTO_JOINING);
	CHECK_MEM(out, "{\"type\":\"join\",\"id\":2,\"room\":\"bench-3\"}", n);
	CHECK_INT(
	    text(&PASS, &stage, "{\"type\": \"ok\", \"re\": 2, \"history\": []}", out, &n, &d),
	    PROTO_JOINED);
	CHECK_INT(stage, PROTO_READY);

	/* Key order is the server's: the top-level "type" is found wherever it is. */
	CHECK_INT(text(&PASS, &stage,
		       "{\"message\":{\"from\":{\"id\":\"u1\"},\"text\":\"L 4 9 1000\",\"ts\":1},"
		       "\"room\":\"bench-3\",\"type\":\"message\"}",
		       out, &n, &d),
		  PROTO_DELIVERY);
	CHECK_UINT(d.sender, 4);
	CHECK_UINT(d.seq, 9);
	CHECK_UINT(d.sched_us, 1000);
	CHECK_INT(text(&PASS, &stage, "{\"type\":\"message\",\"message\":{\"text\":\"hello\"}}",
		       out, &n, &d),
		  PROTO_NOTHING);
	CHECK_INT(text(&PASS, &stage, "{\"type\":\"ok\",\"re\":7}", out, &n, &d), PROTO_NOTHING);
	CHECK_INT(text(&PASS, &stage,
		       "{\"type\":\"error\",\"re\":8,\"code\":\"rate_limited\",\"message\":\"x\"}",
		       out, &n, &d),
		  PROTO_SEND_ERROR);
	CHECK_MEM(out, "rate_limited", n);

	n = proto_say(&PASS, 3, 5, 4, 9, 1000, out, sizeof out);
	CHECK_MEM(out, "{\"type\":\"say\",\"id\":5,\"room\":\"bench-3\",\"text\":\"L 4 9 1000\"}",
		  n);
	CHECK_UINT(proto_say(&PASS, 3, 5, 4, 9, 1000, out, 20), 0);

	/* A refused sign-in fails the setup with the code. */
	proto_start(&PASS, &stage, 0, 0, out, sizeof out, &n);
	CHECK_INT(text(&PASS, &stage, "{\"type\":\"error\",\"re\":1,\"code\":\"unauthorized\"}",
		       out, &n, &d),
		  PROTO_FAILED);
	CHECK_MEM(out, "unauthorized", n);
}

static void test_socketio(void)
{
	char out[512];
	size_t n;
	int stage;
	struct delivery d;

	check_path(&SIO, NULL, "/x", 0, "/socket.io/?EIO=4&transport=websocket");
	CHECK_INT(proto_start(&SIO, &stage, 0, 3, out, sizeof out, &n), PROTO_NOTHING);
	CHECK_INT(text(&SIO, &stage, "0{\"sid\":\"a\",\"pingInterval\":25000}", out, &n, &d),
		  PROTO_REPLY);
	CHECK_MEM(out, "40", n);
	CHECK_INT(text(&SIO, &stage, "2", out, &n, &d), PROTO_REPLY);
	CHECK_MEM(out, "3", n);
	CHECK_INT(text(&SIO, &stage, "40{\"sid\":\"b\"}", out, &n, &d), PROTO_REPLY);
	CHECK_MEM(out, "420[\"join\",\"bench-3\"]", n);
	CHECK_INT(text(&SIO, &stage, "430[{\"ok\":true}]", out, &n, &d), PROTO_JOINED);
	CHECK_INT(stage, PROTO_READY);
	CHECK_INT(text(&SIO, &stage, "42[\"message\",{\"room\":\"bench-3\",\"text\":\"L 1 2 3\"}]",
		       out, &n, &d),
		  PROTO_DELIVERY);
	CHECK_UINT(d.seq, 2);
	CHECK_INT(text(&SIO, &stage, "42[\"error\",\"slow down\"]", out, &n, &d), PROTO_SEND_ERROR);
	CHECK_INT(text(&SIO, &stage, "2", out, &n, &d), PROTO_REPLY);
	n = proto_say(&SIO, 3, 0, 1, 2, 3, out, sizeof out);
	CHECK_MEM(out, "42[\"say\",{\"room\":\"bench-3\",\"text\":\"L 1 2 3\"}]", n);

	proto_start(&SIO, &stage, 0, 3, out, sizeof out, &n);
	text(&SIO, &stage, "0{}", out, &n, &d);
	CHECK_INT(text(&SIO, &stage, "44{\"message\":\"no\"}", out, &n, &d), PROTO_FAILED);
}

static void test_mirror(void)
{
	char out[512];
	size_t n;
	int stage;
	struct delivery d;

	check_path(&MIRROR, "lws-mirror-protocol", "", 2, "/?mirror=bench-2");
	CHECK_INT(proto_start(&MIRROR, &stage, 0, 2, out, sizeof out, &n), PROTO_JOINED);
	CHECK_INT(stage, PROTO_READY);
	CHECK_INT(text(&MIRROR, &stage, "L 5 6 7", out, &n, &d), PROTO_DELIVERY);
	CHECK_UINT(d.sender, 5);
	CHECK_INT(text(&MIRROR, &stage, "hello", out, &n, &d), PROTO_NOTHING);
	n = proto_say(&MIRROR, 2, 0, 5, 6, 7, out, sizeof out);
	CHECK_MEM(out, "L 5 6 7", n);
	CHECK_INT(proto_kind_of("mirror"), PROTO_MIRROR);
	CHECK_INT(proto_kind_of("socketio"), PROTO_SOCKETIO);
	CHECK_INT(proto_kind_of("passerelle"), PROTO_PASSERELLE);
	CHECK_INT(proto_kind_of("http"), -1);
}

int main(void)
{
	test_marker();
	test_passerelle();
	test_socketio();
	test_mirror();
	return check_done("loadproto");
}
