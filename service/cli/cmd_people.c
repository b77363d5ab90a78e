/* Moderation of people and messages, announcements, the audit log, accounts and matching. */
#include <string.h>

#include "commands.h"
#include "parse.h"
#include "table.h"

#define ANNOUNCE_MAX 12000 /* bytes; the server counts characters (4000) */

static int bad_duration(const char *value)
{
	return cli_usage("bad duration '%s': use 90s, 10m, 1h or 2d", value);
}

/* "email (id)" when the user was given by email, else the id. */
static void user_label(const char *given, const char *id, char *buf, size_t size)
{
	if (strcmp(given, id))
		snprintf(buf, size, "%s (%s)", given, id);
	else
		snprintf(buf, size, "%s", id);
}

/* user.* requests: {room, user[, seconds][, reason]}. seconds 0 leaves it out. */
static int moderate(cli *c, const cli_args *a, const char *type, long long seconds,
		    const char *done, const char *where)
{
	char id[ID_MAX + 1], label[ID_MAX * 3], span[48] = "";
	const char *reason = a->cmd->opts[0] ? a->opt[0] : NULL;
	json_t *req, *reply;
	int rc;

	if (!*a->pos[0] || !*a->pos[1])
		return cli_usage("ROOM and USER must not be empty");
	if ((rc = cmd_user_id(c, a->pos[1], id, sizeof(id))))
		return rc;
	req = json_pack("{s:s, s:s}", "room", a->pos[0], "user", id);
	if (seconds > 0)
		json_object_set_new(req, "seconds", json_integer(seconds));
	if (reason)
		json_object_set_new(req, "reason", json_string(reason));
	if ((rc = cli_request(c, type, req, &reply)))
		return rc;
	user_label(a->pos[1], id, label, sizeof(label));
	if (seconds > 0) {
		memcpy(span, " for ", 6);
		fmt_duration(seconds, span + 5, sizeof(span) - 5);
	} else if (!strcmp(type, "user.ban")) {
		snprintf(span, sizeof(span), " until unbanned");
	}
	return cmd_done(c, reply, "%s %s %s %s%s", done, label, where, a->pos[0], span);
}

int cmd_mute(cli *c, const cli_args *a)
{
	long long seconds;

	if (parse_duration(a->pos[2], &seconds))
		return bad_duration(a->pos[2]);
	return moderate(c, a, "user.mute", seconds, "muted", "in");
}

int cmd_unmute(cli *c, const cli_args *a)
{
	return moderate(c, a, "user.unmute", 0, "unmuted", "in");
}

int cmd_kick(cli *c, const cli_args *a)
{
	return moderate(c, a, "user.kick", 0, "kicked", "from");
}

int cmd_ban(cli *c, const cli_args *a)
{
	long long seconds = 0;

	if (a->npos == 3 && parse_duration(a->pos[2], &seconds))
		return bad_duration(a->pos[2]);
	return moderate(c, a, "user.ban", seconds, "banned", "from");
}

int cmd_unban(cli *c, const cli_args *a)
{
	return moderate(c, a, "user.unban", 0, "unbanned", "in");
}

int cmd_delete(cli *c, const cli_args *a)
{
	json_t *reply;
	int rc;

	if ((rc = cli_request(c, "message.delete",
			      json_pack("{s:s, s:s}", "room", a->pos[0], "id", a->pos[1]), &reply)))
		return rc;
	return cmd_done(c, reply, "deleted message %s from %s", a->pos[1], a->pos[0]);
}

int cmd_announce(cli *c, const cli_args *a)
{
	char text[ANNOUNCE_MAX + 1];
	size_t len = 0, n;
	const char *room = a->opt[0];
	json_t *req, *reply;
	int rc;

	for (int i = 0; i < a->npos; i++) {
		n = strlen(a->pos[i]);
		if (len + n + (i > 0) > ANNOUNCE_MAX)
			return cli_usage("the announcement is too long (over %d bytes)",
					 ANNOUNCE_MAX);
		if (i > 0)
			text[len++] = ' ';
		memcpy(text + len, a->pos[i], n);
		len += n;
	}
	text[len] = '\0';
	if (strspn(text, " \t\n") == len)
		return cli_usage("the announcement is empty");
	if (room && !*room)
		return cli_usage("--room is empty");
	req = json_pack("{s:s}", "text", text);
	if (room)
		json_object_set_new(req, "room", json_string(room));
	if ((rc = cli_request(c, "announce", req, &reply)))
		return rc;
	if (room)
		return cmd_done(c, reply, "announced in %s", room);
	return cmd_done(c, reply, "announced in every open room");
}

static void print_audit(const cli_args *a, const json_t *reply)
{
	const json_t *entries = json_object_get(reply, "entries");
	static const char *const head[] = {"TIME", "ACTOR", "ACTION", "ROOM", "TARGET", "DETAIL"};
	char ts[64], actor[VALUE_MAX], target[VALUE_MAX], detail[VALUE_MAX];
	const char *row[6];
	const json_t *who;
	size_t i;
	json_t *e;
	table *t = table_new(6, head);

	json_array_foreach(entries, i, e)
	{
		fmt_time(json_integer_value(json_object_get(e, "ts")), 1, ts, sizeof(ts));
		who = json_object_get(e, "actor");
		fmt_value(json_is_object(who) ? json_object_get(who, "name") : who, actor,
			  sizeof(actor));
		fmt_value(json_object_get(e, "target"), target, sizeof(target));
		fmt_value(json_object_get(e, "detail"), detail, sizeof(detail));
		row[0] = ts;
		row[1] = actor;
		row[2] = json_str(e, "action");
		row[3] = json_str(e, "room");
		row[4] = target;
		row[5] = detail;
		table_add(t, row);
	}
	if (json_array_size(entries))
		table_print(t, stdout);
	else
		printf("no audit entries\n");
	table_free(t);
}

int cmd_audit(cli *c, const cli_args *a)
{
	const char *room = a->opt[0], *limit = a->opt[1];
	long long n = 0;
	json_t *req;

	if (limit && parse_count(limit, 1, 1000, &n))
		return cli_usage("bad --limit '%s': a number from 1 to 1000", limit);
	if (room && !*room)
		return cli_usage("--room is empty");
	req = json_object();
	if (room)
		json_object_set_new(req, "room", json_string(room));
	if (limit)
		json_object_set_new(req, "limit", json_integer(n));
	return cmd_show(c, a, "audit.list", req, print_audit);
}

static void print_user(const cli_args *a, const json_t *reply)
{
	cmd_print_object(json_object_get(reply, "user"), cmd_user_keys);
}

int cmd_user_find(cli *c, const cli_args *a)
{
	if (!strchr(a->pos[0], '@'))
		return cli_usage("'%s' is not an email address", a->pos[0]);
	return cmd_show(c, a, "user.find", json_pack("{s:s}", "email", a->pos[0]), print_user);
}

int cmd_user_delete(cli *c, const cli_args *a)
{
	char id[ID_MAX + 1], shown[ID_MAX + 1];
	json_t *reply;
	int rc;

	if ((rc = cmd_user_id(c, a->pos[0], id, sizeof(id))))
		return rc;
	if ((rc = cli_request(c, "user.delete", json_pack("{s:s}", "user", id), &reply)))
		return rc;
	fmt_clean(id, shown, sizeof(shown));
	return cmd_done(c, reply, "%s erased", shown);
}

int cmd_role_grant(cli *c, const cli_args *a)
{
	static const char *const roles[] = {"mentee", "mentor", "facilitator", "safeguarding",
					    "admin"};
	const char *role = a->pos[1];
	char id[ID_MAX + 1], name[256], uid[ID_MAX + 1];
	json_t *reply, *user;
	int rc, known = 0;

	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		known |= !strcmp(role, roles[i]);
	if (!known)
		return cli_usage(
		    "unknown role '%s': mentee, mentor, facilitator, safeguarding or admin", role);
	if ((rc = cmd_user_id(c, a->pos[0], id, sizeof(id))))
		return rc;
	if ((rc = cli_request(c, "user.role", json_pack("{s:s, s:s}", "user", id, "role", role),
			      &reply)))
		return rc;
	user = json_object_get(reply, "user");
	fmt_clean(json_str(user, "name"), name, sizeof(name));
	fmt_clean(json_is_string(json_object_get(user, "id")) ? json_str(user, "id") : id, uid,
		  sizeof(uid));
	return cmd_done(c, reply, "%s (%s) is now %s", name, uid, role);
}

int cmd_user_consent(cli *c, const cli_args *a)
{
	const char *answer = a->pos[1];
	char id[ID_MAX + 1], label[ID_MAX * 3];
	json_t *reply;
	int rc, yes = !strcmp(answer, "yes");

	if (!yes && strcmp(answer, "no"))
		return cli_usage("'%s': say yes (a guardian agreed) or no (taken back)", answer);
	if ((rc = cmd_user_id(c, a->pos[0], id, sizeof(id))))
		return rc;
	if ((rc = cli_request(c, "user.consent",
			      json_pack("{s:s, s:b}", "user", id, "guardian", yes), &reply)))
		return rc;
	user_label(a->pos[0], id, label, sizeof(label));
	return cmd_done(c, reply, "guardian consent %s for %s", yes ? "recorded" : "taken back",
			label);
}

static void print_round(const cli_args *a, const json_t *reply)
{
	static const char *const order[] = {"offers", "unmatched", "total_score", "ms", NULL};

	cmd_print_object(reply, order);
}

int cmd_match_run(cli *c, const cli_args *a)
{
	return cmd_show(c, a, "match.run", json_object(), print_round);
}

static void print_match_stats(const cli_args *a, const json_t *reply)
{
	static const char *const order[] = {
	    "queued",  "pending_offers",  "accepted",	    "declined",
	    "expired", "acceptance_rate", "median_wait_ms", NULL};

	cmd_print_object(reply, order);
}

int cmd_match_stats(cli *c, const cli_args *a)
{
	return cmd_show(c, a, "match.stats", json_object(), print_match_stats);
}
