/* The one host[:port] parser, in the three ways the listeners, the Redis url and the CLI's
 * ws:// url use it. */
#include <string.h>

#include "check.h"
#include "hostport.h"

#define LISTEN (HOSTPORT_NEED_PORT | HOSTPORT_ANY_HOST | HOSTPORT_PORT_ZERO)

static int parse(const char *s, unsigned flags, char *host, int *port)
{
	return hostport_parse(s, strlen(s), host, 64, port, flags);
}

static void test_listen(void)
{
	char host[64];
	int port = -1;

	CHECK_INT(parse("127.0.0.1:8080", LISTEN, host, &port), 0);
	CHECK_STR(host, "127.0.0.1");
	CHECK_INT(port, 8080);
	CHECK_INT(parse(":0", LISTEN, host, &port), 0);
	CHECK_STR(host, "");
	CHECK_INT(port, 0);
	CHECK_INT(parse("[::1]:9", LISTEN, host, &port), 0);
	CHECK_STR(host, "::1");
	CHECK_INT(parse("::1:9", LISTEN, host, &port), 0);
	CHECK_STR(host, "::1");
	CHECK_INT(parse("localhost", LISTEN, host, &port), -1);
	CHECK_INT(parse("h:65536", LISTEN, host, &port), -1);
	CHECK_INT(parse("h:+80", LISTEN, host, &port), -1);
	CHECK_INT(parse("h:", LISTEN, host, &port), -1);
	CHECK_INT(parse("[::1]9", LISTEN, host, &port), -1);
	CHECK_INT(parse("[::1", LISTEN, host, &port), -1);
}

static void test_url_authority(void)
{
	char host[64];
	int port = 6379;

	CHECK_INT(parse("redis.local", 0, host, &port), 0);
	CHECK_STR(host, "redis.local");
	CHECK_INT(port, 6379); /* kept when none is given */
	CHECK_INT(parse("redis.local:7000", 0, host, &port), 0);
	CHECK_INT(port, 7000);
	CHECK_INT(parse("[fe80::1]:443", 0, host, &port), 0);
	CHECK_STR(host, "fe80::1");
	CHECK_INT(parse("", 0, host, &port), -1);
	CHECK_INT(parse(":80", 0, host, &port), -1);
	CHECK_INT(parse("h:0", 0, host, &port), -1);
	CHECK_INT(parse("h:8x", 0, host, &port), -1);
	/* A host that does not fit is refused, not cut. */
	{
		char big[100];
		memset(big, 'a', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		CHECK_INT(parse(big, 0, host, &port), -1);
	}
}

int main(void)
{
	test_listen();
	test_url_authority();
	return check_done("hostport");
}
