/* The participant side of matching: match.request, status, cancel, offers, accept, decline.
 * Each is one call of the match script, which keeps the state consistent across nodes. */
#include <stdio.h>
#include <string.h>

#include "core.h"
#include "reply.h"
#include "store_matching.h"
#include "token.h"

/* Runs the match script's action for c's user with up to four extra arguments. */
static void match_call(conn *c, json_t *re, json_t *body, const char *action, int argc,
		       const char **args)
{
	request *rq = request_new(c, re, body);

	if (!rq) {
		reply_error(c, re, "internal", NULL);
		return;
	}
	script_match(reply_answer_cb, rq, action, c->uid, (size_t)argc, args);
}

void handle_match_request(conn *c, json_t *re, json_t *body)
{
	match_call(c, re, body, "request", 0, NULL);
}

void handle_match_status(conn *c, json_t *re, json_t *body)
{
	match_call(c, re, body, "status", 0, NULL);
}

void handle_match_cancel(conn *c, json_t *re, json_t *body)
{
	match_call(c, re, body, "cancel", 0, NULL);
}

void handle_match_offers(conn *c, json_t *re, json_t *body)
{
	match_call(c, re, body, "offers", 0, NULL);
}

void handle_match_accept(conn *c, json_t *re, json_t *body)
{
	char id[33], room[24], match[24];
	const char *args[3];

	if (token_new_id(id)) {
		reply_error(c, re, "internal", NULL);
		return;
	}
	/* The private room and the match get their ids here; the script uses them if it wins. */
	snprintf(room, sizeof(room), "m%.16s", id);
	snprintf(match, sizeof(match), "x%.16s", id + 16);
	args[0] = json_string_value(json_object_get(body, "offer"));
	args[1] = room;
	args[2] = match;
	match_call(c, re, body, "accept", 3, args);
}

void handle_match_decline(conn *c, json_t *re, json_t *body)
{
	const char *args[2] = {json_string_value(json_object_get(body, "offer")),
			       json_string_value(json_object_get(body, "reason"))};

	if (!args[1])
		args[1] = "";
	match_call(c, re, body, "decline", 2, args);
}
