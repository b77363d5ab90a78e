/* report: a participant reports a message for review. */
#include <stdio.h>
#include <string.h>

#include "core.h"
#include "reply.h"
#include "store_safety.h"
#include "token.h"

#define REPORT_HIDE_AT 3    /* distinct reporters that hide a message until reviewed */
#define REPORTS_PER_HOUR 20 /* per person, across nodes */

static const char *const report_reasons[] = {"harassment", "hate",	    "sexual", "self-harm",
					     "spam",	   "personal-data", "other",  NULL};

static int report_reason_ok(const char *reason)
{
	size_t i;

	for (i = 0; report_reasons[i]; i++)
		if (!strcmp(reason, report_reasons[i]))
			return 1;
	return 0;
}

void handle_report(conn *c, json_t *re, json_t *body)
{
	const char *room = json_string_value(json_object_get(body, "room"));
	const char *message = json_string_value(json_object_get(body, "message"));
	const char *reason = json_string_value(json_object_get(body, "reason"));
	const char *note = json_string_value(json_object_get(body, "note"));
	char id[33], new_id[16];
	request *rq;

	if (!report_reason_ok(reason)) {
		reply_error(c, re, "bad_request",
			    "reason must be harassment, hate, sexual, self-harm, spam, "
			    "personal-data or other.");
		return;
	}
	if (!(rq = room_request(c, re, body, room)))
		return;
	if (token_new_id(id)) {
		reply_error(c, re, "internal", NULL);
		request_free(rq);
		return;
	}
	snprintf(new_id, sizeof(new_id), "p%.12s", id);
	script_report(reply_answer_cb, rq, room, c->uid, c->name, message, reason, note ? note : "",
		      new_id, REPORT_HIDE_AT, REPORTS_PER_HOUR);
}
