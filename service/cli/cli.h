/* passerelle-admin: the connection and state shared by the commands.
 *
 * main() owns the cli and its connection. cli_request() takes ownership of the request
 * fields it is given (a new reference) and hands a reply to the caller, who releases it
 * with json_decref(). Messages for the operator go to stderr; results go to stdout.
 */
#ifndef PASSERELLE_CLI_H
#define PASSERELLE_CLI_H

#include <jansson.h>
#include <stdio.h>

#include "ws.h"

/* Exit codes: what happened, for scripts. */
enum {
	CLI_OK = 0,
	CLI_REFUSED = 1,     /* the server answered with an error */
	CLI_USAGE = 2,	     /* bad command line or settings; nothing was sent */
	CLI_UNREACHABLE = 3, /* cannot connect, connection lost, or no answer in time */
};

#define CLI_NAME "passerelle-admin"
#define CLI_PROTOCOL "passerelle-admin.v1"
#define CLI_TIMEOUT_MS 10000
#define CLI_ARGS_MAX 64
#define CLI_OPTS_MAX 6
#define CLI_MANY_MAX 1000 /* values of repeatable options in one command line */

typedef struct cli {
	ws_target target;
	char where[WS_URL_MAX + 8]; /* the address, for messages */
	const char *secret_file;
	const char *token_file;
	int json; /* print ok payloads as JSON */
	ws_client *ws;
	long long next_id;
} cli;

struct command;

/* One command line, split by the command's own options. */
typedef struct cli_args {
	const struct command *cmd;
	const char *pos[CLI_ARGS_MAX];
	int npos;
	const char *opt[CLI_OPTS_MAX];	/* value of each option of cmd (the last one given), NULL
					 * when absent; a flag's value is "" */
	const char *many[CLI_MANY_MAX]; /* values of repeatable options, in order */
	int many_opt[CLI_MANY_MAX];	/* the option index of each */
	int nmany;
} cli_args;

/* Connects and authenticates on first use, sends {type, id, ...fields} and waits for its
 * reply. CLI_OK with *reply set, or the exit code after telling the operator why. */
int cli_request(cli *c, const char *type, json_t *fields, json_t **reply);

/* Waits for the next frame that is not a reply, up to timeout_ms: CLI_OK with *event set (or
 * NULL on timeout), or CLI_UNREACHABLE once the connection is gone. */
int cli_event(cli *c, int timeout_ms, json_t **event);

/* Sends a frame without waiting for an answer. */
int cli_send(cli *c, const char *type, json_t *fields);

/* Prints "passerelle-admin: ..." to stderr and returns CLI_USAGE. */
int cli_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The ok payload (reply without type and re) as indented JSON on stdout. */
void cli_print_json(json_t *reply);

/* Wall-clock milliseconds since the epoch. */
long long cli_now_ms(void);

/* commands.c: runs argv[0..argc) as a command; returns the exit code. */
int commands_run(cli *c, int argc, char **argv);
void commands_help(FILE *out);

#endif
