/* Unit tests for service/redis_loop.c: hiredis async on a libuv loop, against a socket the
 * test plays the server on (raw RESP bytes, no Redis). */
#include "redis_loop.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#define BIG (32u << 20) /* more than the socket buffers hold, so a write must wait */

static struct {
	uv_loop_t loop;
	int lfd, sfd; /* listening socket, server side of the connection */
	int connected, disconnected, replies, nested;
	char last[64];
	size_t got; /* bytes the server side has read */
	char head[256];
} t;

static void on_connect(const redisAsyncContext *ac, int status)
{
	(void)ac;
	t.connected = status == REDIS_OK ? 1 : -1;
}

static void on_disconnect(const redisAsyncContext *ac, int status)
{
	(void)ac;
	(void)status;
	t.disconnected = 1;
}

static void on_reply(redisAsyncContext *ac, void *rv, void *priv)
{
	redisReply *r = rv;

	t.replies++;
	snprintf(t.last, sizeof(t.last), "%s", r && r->type == REDIS_REPLY_STATUS ? r->str : "?");
	/* A command issued from a reply callback goes out from the check hook. */
	if (priv && !t.nested++)
		redisAsyncCommand(ac, on_reply, NULL, "ECHO nested");
}

/* Runs the loop once without blocking and lets the server side read what came. */
static void turn(void)
{
	char buf[65536];
	ssize_t n;
	struct timespec ms = {0, 1000000};

	uv_run(&t.loop, UV_RUN_NOWAIT);
	if (t.sfd < 0)
		t.sfd = accept4(t.lfd, NULL, NULL, SOCK_NONBLOCK);
	while (t.sfd >= 0 && (n = read(t.sfd, buf, sizeof(buf))) > 0) {
		if (t.got < sizeof(t.head) - 1) {
			size_t k = (size_t)n < sizeof(t.head) - 1 - t.got
				       ? (size_t)n
				       : sizeof(t.head) - 1 - t.got;
			memcpy(t.head + t.got, buf, k);
		}
		t.got += (size_t)n;
	}
	nanosleep(&ms, NULL);
}

#define TURN_UNTIL(cond)                                                                           \
	do {                                                                                       \
		int i_;                                                                            \
		for (i_ = 0; i_ < 5000 && !(cond); i_++)                                           \
			turn();                                                                    \
		CHECK(cond);                                                                       \
	} while (0)

static void reply(const char *s)
{
	CHECK_INT(write(t.sfd, s, strlen(s)), (intmax_t)strlen(s));
}

static redisAsyncContext *connect_to_test_server(void)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t alen = sizeof(a);
	redisAsyncContext *ac;

	t.lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	t.sfd = -1;
	CHECK(t.lfd >= 0 && bind(t.lfd, (struct sockaddr *)&a, sizeof(a)) == 0);
	CHECK(listen(t.lfd, 1) == 0 && getsockname(t.lfd, (struct sockaddr *)&a, &alen) == 0);
	ac = redisAsyncConnect("127.0.0.1", ntohs(a.sin_port));
	CHECK(ac && !ac->err);
	CHECK_INT(redis_loop_attach(ac, &t.loop), 0);
	CHECK_INT(redis_loop_attach(ac, &t.loop), -1); /* once only */
	redisAsyncSetConnectCallback(ac, on_connect);
	redisAsyncSetDisconnectCallback(ac, on_disconnect);
	return ac;
}

/* Commands queued before and after connecting all arrive, in order, and are answered. */
static void test_commands_in_order(redisAsyncContext *ac)
{
	static const char want[] = "*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$1\r\na\r\n"
				   "*2\r\n$4\r\nECHO\r\n$1\r\nb\r\n";

	redisAsyncCommand(ac, on_reply, NULL, "PING");
	TURN_UNTIL(t.connected == 1 && t.sfd >= 0);
	redisAsyncCommand(ac, on_reply, NULL, "ECHO a");
	redisAsyncCommand(ac, on_reply, (void *)1, "ECHO b"); /* its callback issues one more */
	TURN_UNTIL(t.got >= sizeof(want) - 1);
	CHECK_INT(t.got, (intmax_t)sizeof(want) - 1);
	CHECK_STR(t.head, want);
	reply("+PONG\r\n+a\r\n+b\r\n");
	TURN_UNTIL(t.replies == 3 && t.got > sizeof(want) - 1);
	CHECK_STR(t.last, "b");
	CHECK(strstr(t.head + sizeof(want) - 1, "nested") != NULL);
	reply("+nested\r\n");
	TURN_UNTIL(t.replies == 4);
	CHECK_STR(t.last, "nested");
}

/* A command larger than the socket can take waits for POLLOUT and still arrives whole. */
static void test_full_socket(redisAsyncContext *ac)
{
	char *v = malloc(BIG);
	size_t before = t.got, want;

	memset(v, 'x', BIG);
	redisAsyncCommand(ac, on_reply, NULL, "SET k %b", v, (size_t)BIG);
	free(v);
	/* *3 $3 SET $1 k $33554432 <BIG> */
	want = 4 + 4 + 5 + 4 + 3 + 11 + BIG + 2;
	TURN_UNTIL(t.got - before >= want);
	CHECK_INT(t.got - before, (intmax_t)want);
	reply("+OK\r\n");
	TURN_UNTIL(t.replies == 5);
	CHECK_STR(t.last, "OK");
}

/* The server going away reaches the disconnect callback; every handle is closed after. */
static void test_disconnect(void)
{
	close(t.sfd);
	t.sfd = -1;
	TURN_UNTIL(t.disconnected);
	uv_run(&t.loop, UV_RUN_NOWAIT);
	CHECK_INT(uv_loop_close(&t.loop), 0);
}

int main(void)
{
	redisAsyncContext *ac;

	uv_loop_init(&t.loop);
	ac = connect_to_test_server();
	test_commands_in_order(ac);
	test_full_socket(ac);
	test_disconnect();
	close(t.lfd);
	return check_done("redis_loop");
}
