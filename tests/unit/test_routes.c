/* Request decoding against the two sockets' route tables: every route decodes with its
 * required fields, refusals name what is wrong, and the access flags are as the contract says. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "route.h"

/* Decodes text; want_err NULL expects success with route type want_type. */
static void expect(const route *routes, size_t n, const char *text, const char *want_type,
		   const char *want_err)
{
	decoded d;
	int rc = decode_request(text, strlen(text), routes, n, &d);

	if (!want_err) {
		if (CHECK_INT(rc, 0))
			CHECK_STR(d.route->type, want_type);
		else
			fprintf(stderr, "    %s: %s\n", text, d.err);
	} else if (CHECK_INT(rc, -1)) {
		CHECK(d.route == NULL);
		if (!CHECK(strstr(d.err, want_err) != NULL))
			fprintf(stderr, "    %s: got \"%s\"\n", text, d.err);
	}
	decoded_clear(&d);
}

/* A request of r's type with every required field but skip given a valid value. */
static void minimal(const route *r, const v_field *skip, char *out, size_t outsz)
{
	const v_field *f;
	size_t n = (size_t)snprintf(out, outsz, "{\"type\":\"%s\"", r->type);

	for (f = r->fields; f->name; f++) {
		const char *v = "\"x\"";
		if (!f->required || f == skip)
			continue;
		if (f->type == V_INT)
			v = "1";
		else if (f->type == V_BOOL)
			v = "true";
		else if (f->type == V_OBJECT)
			v = "{}";
		else if (f->type == V_ARRAY)
			v = "[]";
		else if (f->type == V_MSGID)
			v = "\"1-0\"";
		n += (size_t)snprintf(out + n, outsz - n, ",\"%s\":%s", f->name, v);
	}
	snprintf(out + n, outsz - n, "}");
}

/* Every route decodes from its minimal request; dropping a required field is refused. */
static void test_every_route(const route *routes, size_t n)
{
	char text[1024];
	size_t i;

	for (i = 0; i < n; i++) {
		const v_field *f;
		minimal(&routes[i], NULL, text, sizeof(text));
		expect(routes, n, text, routes[i].type, NULL);
		CHECK(route_find(routes, n, routes[i].type) == &routes[i]);
		for (f = routes[i].fields; f->name; f++) {
			if (!f->required)
				continue;
			minimal(&routes[i], f, text, sizeof(text));
			expect(routes, n, text, NULL, "is required");
		}
	}
}

static void test_refusals(void)
{
	const route *r = core_routes;
	size_t n = core_nroutes;

	expect(r, n, "not json", NULL, "not valid JSON");
	expect(r, n, "[1,2]", NULL, "A request is a JSON object");
	expect(r, n, "{\"id\":1}", NULL, "'type' (a string) is required");
	expect(r, n, "{\"type\":\"nope\"}", NULL, "Unknown request type");
	expect(r, n, "{\"type\":\"ping\",\"id\":[1]}", NULL, "id must be a number or a string");
	expect(r, n, "{\"type\":\"ping\",\"type\":\"ping\"}", NULL, "not valid JSON");
	/* null means absent, also inside objects. */
	expect(r, n, "{\"type\":\"join\",\"room\":null}", NULL, "'room' is required");
	expect(r, n, "{\"type\":\"join\",\"room\":\"lobby\",\"since\":null}", "join", NULL);
	/* The say text counts once trimmed: 4000 characters and blanks around them fit. */
	{
		static char big[4200];
		int k =
		    snprintf(big, sizeof(big), "{\"type\":\"say\",\"room\":\"r\",\"text\":\"  ");
		memset(big + k, 'x', 4000);
		snprintf(big + k + 4000, sizeof(big) - (size_t)k - 4000, "  \"}");
		expect(r, n, big, "say", NULL);
		big[k] = 'y';
		memmove(big + k + 1, big + k, strlen(big + k) + 1);
		expect(r, n, big, NULL, "'text' must be 1 to 4000 characters");
	}
	expect(r, n, "{\"type\":\"say\",\"room\":\"r\",\"text\":\" \\n \"}", NULL, "1 to 4000");
	expect(admin_routes, admin_nroutes,
	       "{\"type\":\"user.mute\",\"room\":\"r\",\"user\":\"u\"}", NULL,
	       "'seconds' is required");
	expect(admin_routes, admin_nroutes,
	       "{\"type\":\"user.mute\",\"room\":\"r\",\"user\":\"u\",\"seconds\":31536001}", NULL,
	       "in 1..31536000");
}

/* Which requests are open before auth, and which need the admin role. */
static void test_access(void)
{
	size_t i, open = 0, admin_only = 0;

	for (i = 0; i < core_nroutes; i++) {
		open += core_routes[i].open;
		CHECK(!core_routes[i].admin_only);
		CHECK(core_routes[i].fn != NULL);
	}
	CHECK_INT(open, 4); /* ping, register, login, auth */
	CHECK(route_find(core_routes, core_nroutes, "register")->open);
	CHECK(!route_find(core_routes, core_nroutes, "say")->open);
	open = 0;
	for (i = 0; i < admin_nroutes; i++) {
		open += admin_routes[i].open;
		admin_only += admin_routes[i].admin_only;
		CHECK(admin_routes[i].fn != NULL);
	}
	CHECK_INT(open, 3); /* ping, auth, auth.login */
	CHECK_INT(admin_only, 1);
	CHECK(route_find(admin_routes, admin_nroutes, "user.role")->admin_only);
	/* The gate core_dispatch applies before a handler runs. */
	CHECK_STR(route_refusal(route_find(core_routes, core_nroutes, "say"), 0, ""),
		  "unauthorized");
	CHECK(route_refusal(route_find(core_routes, core_nroutes, "say"), 1, "mentee") == NULL);
	CHECK(route_refusal(route_find(core_routes, core_nroutes, "login"), 0, "") == NULL);
	CHECK_STR(
	    route_refusal(route_find(admin_routes, admin_nroutes, "user.role"), 1, "facilitator"),
	    "forbidden");
	CHECK(route_refusal(route_find(admin_routes, admin_nroutes, "user.role"), 1, "admin") ==
	      NULL);
	CHECK_STR(route_refusal(route_find(admin_routes, admin_nroutes, "user.role"), 0, ""),
		  "unauthorized");
	/* Participant requests are not on the admin socket, and the other way round. */
	CHECK(route_find(admin_routes, admin_nroutes, "say") == NULL);
	CHECK(route_find(core_routes, core_nroutes, "user.ban") == NULL);
}

int main(void)
{
	test_every_route(core_routes, core_nroutes);
	test_every_route(admin_routes, admin_nroutes);
	test_refusals();
	test_access();
	return check_done("routes");
}
