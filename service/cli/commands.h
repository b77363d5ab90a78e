/* The commands of passerelle-admin and the functions they share.
 *
 * Each run function gets the parsed command line (owned by the caller) and returns an exit
 * code. Replies obtained with cli_request() are released by the command that asked.
 */
#ifndef PASSERELLE_CLI_COMMANDS_H
#define PASSERELLE_CLI_COMMANDS_H

#include "cli.h"
#include "../sizes.h"

typedef struct command {
	const char *words;		/* "room create" */
	const char *synopsis;		/* arguments, for usage lines */
	const char *help;		/* what it does */
	const char *opts[CLI_OPTS_MAX]; /* options taking a value, "--topic" ... */
	int min, max;			/* positional arguments */
	int (*run)(cli *c, const cli_args *a);
	unsigned flags;	 /* bit k: opts[k] takes no value ("--csv") */
	unsigned repeat; /* bit k: opts[k] may be given several times (cli_args.many) */
} command;

/* Prints an ok reply for the operator; a, the command line, says how (--csv). */
typedef void cmd_print_fn(const cli_args *a, const json_t *reply);

/* cmd_room.c */
int cmd_room_create(cli *c, const cli_args *a);
int cmd_room_list(cli *c, const cli_args *a);
int cmd_room_state(cli *c, const cli_args *a);
int cmd_room_slowmode(cli *c, const cli_args *a);
int cmd_room_contact(cli *c, const cli_args *a);
int cmd_report_list(cli *c, const cli_args *a);
int cmd_report_resolve(cli *c, const cli_args *a);
int cmd_room_stats(cli *c, const cli_args *a);
int cmd_room_watch(cli *c, const cli_args *a);

/* cmd_people.c */
int cmd_mute(cli *c, const cli_args *a);
int cmd_unmute(cli *c, const cli_args *a);
int cmd_kick(cli *c, const cli_args *a);
int cmd_ban(cli *c, const cli_args *a);
int cmd_unban(cli *c, const cli_args *a);
int cmd_delete(cli *c, const cli_args *a);
int cmd_announce(cli *c, const cli_args *a);
int cmd_audit(cli *c, const cli_args *a);
int cmd_user_find(cli *c, const cli_args *a);
int cmd_user_delete(cli *c, const cli_args *a);
int cmd_role_grant(cli *c, const cli_args *a);
int cmd_user_consent(cli *c, const cli_args *a);
int cmd_match_run(cli *c, const cli_args *a);
int cmd_match_stats(cli *c, const cli_args *a);

/* cmd_session.c */
int cmd_agenda_set(cli *c, const cli_args *a);
int cmd_session_room(cli *c, const cli_args *a);
int cmd_timer(cli *c, const cli_args *a);
int cmd_hands(cli *c, const cli_args *a);
int cmd_session_user(cli *c, const cli_args *a);
/* cmd_polls.c */
int cmd_poll_create(cli *c, const cli_args *a);
int cmd_poll_one(cli *c, const cli_args *a);
int cmd_poll_list(cli *c, const cli_args *a);
/* cmd_breakout.c */
int cmd_breakout_start(cli *c, const cli_args *a);
int cmd_breakout_room(cli *c, const cli_args *a);
int cmd_breakout_announce(cli *c, const cli_args *a);

/* cmd_impact.c */
int cmd_impact_report(cli *c, const cli_args *a);
int cmd_cohort_set(cli *c, const cli_args *a);
int cmd_cohort_clear(cli *c, const cli_args *a);
int cmd_cohort_list(cli *c, const cli_args *a);

/* commands.c */

/* Sends type with fields (a new reference, taken), then prints the reply: as JSON with
 * --json, else through print. The reply is freed here. */
int cmd_show(cli *c, const cli_args *a, const char *type, json_t *fields, cmd_print_fn *print);

/* A user id for USER: an email is looked up with user.find, anything else is an id. */
int cmd_user_id(cli *c, const char *user, char *id, size_t size);

/* After a successful request: the JSON payload, or the line fmt in human mode. Frees reply. */
int cmd_done(cli *c, json_t *reply, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Every member of obj as a key/value list, those named in order (NULL-terminated, or NULL)
 * first; times (keys ending in _at, ts, until) in local time. */
void cmd_print_object(const json_t *obj, const char *const *order);

/* Member orders for cmd_print_object(). */
extern const char *const cmd_room_keys[];
extern const char *const cmd_user_keys[];

/* The last word of the command ("lock" for "room lock"). */
const char *cmd_verb(const cli_args *a);

#endif
