/* Safeguarding reports: the review queue and its decisions. */
#include <string.h>

#include "commands.h"
#include "parse.h"
#include "table.h"

#define NOTE_MAX 4000 /* bytes; the server counts characters (1000) */

static const char *const states[] = {"open", "escalated", "resolved", "all", NULL};
static const char *const actions[] = {"dismiss", "delete", "mute", "kick", "ban", "escalate", NULL};

static int one_of(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return 1;
	return 0;
}

/* The reported message's text, from the snapshot (its last entry). */
static void reported_text(const json_t *r, char *buf, size_t size)
{
	const json_t *snap = json_object_get(r, "snapshot");
	const json_t *last = json_array_get(snap, json_array_size(snap) - 1);

	fmt_value(json_object_get(last, "text"), buf, size);
}

static void print_reports(const cli_args *a, const json_t *reply)
{
	const json_t *reports = json_object_get(reply, "reports");
	static const char *const head[] = {"ID",    "TIME",	 "ROOM", "REASON",
					   "STATE", "REPORTERS", "TEXT"};
	char ts[64], n[16], text[VALUE_MAX];
	const char *row[7];
	size_t i;
	json_t *r;
	table *t = table_new(7, head);

	json_array_foreach(reports, i, r)
	{
		fmt_time(json_integer_value(json_object_get(r, "created_at")), 0, ts, sizeof(ts));
		snprintf(n, sizeof(n), "%lld",
			 (long long)json_integer_value(json_object_get(r, "reporters")));
		reported_text(r, text, sizeof(text));
		row[0] = json_str(r, "id");
		row[1] = ts;
		row[2] = json_str(r, "room");
		row[3] = json_str(r, "reason");
		row[4] =
		    json_is_true(json_object_get(r, "hidden")) ? "hidden" : json_str(r, "state");
		row[5] = n;
		row[6] = text;
		table_add(t, row);
	}
	if (json_array_size(reports))
		table_print(t, stdout);
	else
		printf("no reports\n");
	table_free(t);
}

int cmd_report_list(cli *c, const cli_args *a)
{
	const char *state = a->opt[0], *room = a->opt[1];
	json_t *req;

	if (state && !one_of(state, states))
		return cli_usage("bad --state '%s': open, escalated, resolved or all", state);
	if (room && !*room)
		return cli_usage("--room is empty");
	req = json_object();
	if (state)
		json_object_set_new(req, "state", json_string(state));
	if (room)
		json_object_set_new(req, "room", json_string(room));
	return cmd_show(c, a, "report.list", req, print_reports);
}

int cmd_report_resolve(cli *c, const cli_args *a)
{
	const char *id = a->pos[0], *action = a->pos[1], *note = a->opt[0] ? a->opt[0] : "";
	json_t *reply;
	int rc;

	if (!one_of(action, actions))
		return cli_usage("bad action '%s': dismiss, delete, mute, kick, ban or escalate",
				 action);
	if (strlen(note) > NOTE_MAX)
		return cli_usage("--note is too long");
	if ((rc = cli_request(
		 c, "report.resolve",
		 json_pack("{s:s, s:s, s:s}", "report", id, "action", action, "note", note),
		 &reply)))
		return rc;
	return cmd_done(c, reply, "report %s: %s (%s)", id, action,
			json_str(json_object_get(reply, "report"), "state"));
}
