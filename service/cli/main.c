/* passerelle-admin: facilitators' and operators' command line for the admin socket.
 * One connection per run: connect, authenticate, send the request(s), print, exit. */
#include "cli.h"
#include "table.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SECRET_MAX 4096
#define DEFAULT_URL "ws://127.0.0.1:8091/admin"

static const char global_help[] =
    "usage: " CLI_NAME " [--url URL | --socket PATH] [--secret-file F | --token-file F]\n"
    "       [--json] COMMAND ...\n"
    "\n"
    "Options (before the command; --json may also follow it):\n"
    "  --url URL          admin socket, ws://host:port/admin or wss://... (default\n"
    "                     $PASSERELLE_ADMIN_URL, then $PASSERELLE_ADMIN, then " DEFAULT_URL ")\n"
    "  --socket PATH      admin socket on a Unix socket (PASSERELLE_ADMIN=unix:PATH)\n"
    "  --secret-file F    file holding PASSERELLE_ADMIN_SECRET ($PASSERELLE_ADMIN_SECRET_FILE)\n"
    "  --token-file F     file holding a facilitator's session token\n"
    "                     ($PASSERELLE_ADMIN_TOKEN_FILE)\n"
    "  --json             print the server's answer as JSON, for scripts\n"
    "  -h, --help         this help; COMMAND --help for one command\n"
    "\n"
    "Secrets are read from files only, never from the command line.\n"
    "$PASSERELLE_ADMIN_CA_FILE: PEM certificates to trust for wss://.\n"
    "Exit codes: 0 done, 1 refused by the server, 2 bad usage, 3 server unreachable.\n"
    "\n"
    "Commands:\n";

int cli_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", CLI_NAME);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return CLI_USAGE;
}

long long cli_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const char *env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

/* Reads a one-line secret; trailing white space (the editor's newline) is dropped. */
static int read_secret(const char *path, char *buf, size_t size)
{
	struct stat st;
	ssize_t n;
	size_t len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st))
		goto error;
	if (!S_ISREG(st.st_mode)) {
		errno = EINVAL;
		goto error;
	}
	if (st.st_mode & 077)
		fprintf(stderr, "%s: warning: %s can be read by other users (chmod 600 it)\n",
			CLI_NAME, path);
	while (len < size && (n = read(fd, buf + len, size - len)) != 0) {
		if (n < 0 && errno != EINTR)
			goto error;
		len += n > 0 ? (size_t)n : 0;
	}
	close(fd);
	fd = -1;
	while (len && strchr(" \t\r\n", buf[len - 1]))
		len--;
	if (len == 0 || len >= size || memchr(buf, '\n', len) || memchr(buf, '\0', len))
		return cli_usage("%s must hold one line of at most %d bytes", path, SECRET_MAX - 1);
	buf[len] = '\0';
	return 0;
error:
	if (fd >= 0)
		close(fd);
	return cli_usage("cannot read %s: %s", path, strerror(errno));
}

/* Which file and which auth field: command line first, then the environment. */
static int credentials(const cli *c, const char **file, const char **field)
{
	const char *secret = c->secret_file, *token = c->token_file;

	if (!secret && !token) {
		secret = env("PASSERELLE_ADMIN_SECRET_FILE");
		token = env("PASSERELLE_ADMIN_TOKEN_FILE");
	}
	if (secret && token)
		return cli_usage("give either a secret file or a token file, not both");
	if (!secret && !token)
		return cli_usage("no credentials: use --secret-file F or --token-file F (or "
				 "PASSERELLE_ADMIN_SECRET_FILE / PASSERELLE_ADMIN_TOKEN_FILE)");
	*file = secret ? secret : token;
	*field = secret ? "secret" : "token";
	return 0;
}

static int refused(const json_t *msg)
{
	fprintf(stderr, "%s: %s\n", json_str(msg, "code"), json_str(msg, "message"));
	return CLI_REFUSED;
}

static int lost(cli *c, const char *what, const char *why)
{
	fprintf(stderr, "%s: %s %s: %s\n", CLI_NAME, what, c->where, why);
	return CLI_UNREACHABLE;
}

/* A frame as an object with a string type, or NULL. */
static json_t *decode(const char *text)
{
	json_t *msg = json_loads(text, JSON_REJECT_DUPLICATES, NULL);

	if (msg && json_is_object(msg) && json_is_string(json_object_get(msg, "type")))
		return msg;
	json_decref(msg);
	return NULL;
}

int cli_send(cli *c, const char *type, json_t *fields)
{
	char *text;
	int rc;

	if (!fields || json_object_set_new(fields, "type", json_string(type)) ||
	    !(text = json_dumps(fields, JSON_COMPACT))) {
		json_decref(fields);
		return lost(c, "cannot build a request for", "out of memory");
	}
	json_decref(fields);
	rc = ws_send(c->ws, text, strlen(text), CLI_TIMEOUT_MS);
	explicit_bzero(text, strlen(text)); /* it may hold the secret */
	free(text);
	if (rc == WS_TIMEOUT)
		return lost(c, "cannot send to", "timed out");
	return rc == WS_OK ? CLI_OK : lost(c, "lost the connection to", ws_error(c->ws));
}

static int wait_reply(cli *c, const char *type, const json_t *id, long long deadline,
		      json_t **reply)
{
	long long left;
	json_t *msg, *re;
	char *text;
	int rc;

	while ((left = deadline - cli_now_ms()) > 0) {
		if ((rc = ws_recv(c->ws, (int)left, &text)) == WS_TIMEOUT)
			break;
		if (rc != WS_OK)
			return lost(c, "lost the connection to", ws_error(c->ws));
		msg = decode(text);
		free(text);
		if (!msg)
			return lost(c, "bad answer from", "not a JSON object with a type");
		re = json_object_get(msg, "re");
		if (re && json_equal(re, id)) {
			if (!strcmp(json_str(msg, "type"), "ok")) {
				*reply = msg;
				return CLI_OK;
			}
			rc = refused(msg);
			json_decref(msg);
			return rc;
		}
		/* An error that answers nothing in particular ends the run too. */
		if (!re && !strcmp(json_str(msg, "type"), "error")) {
			rc = refused(msg);
			json_decref(msg);
			return rc;
		}
		json_decref(msg); /* an event, not ours to show here */
	}
	fprintf(stderr, "%s: no answer to %s from %s within %d s\n", CLI_NAME, type, c->where,
		CLI_TIMEOUT_MS / 1000);
	return CLI_UNREACHABLE;
}

/* The request id is the reply's re. message.delete names its message with "id" too, so a
 * request that already has one is matched on it. */
static int exchange(cli *c, const char *type, json_t *fields, json_t **reply)
{
	long long deadline = cli_now_ms() + CLI_TIMEOUT_MS;
	json_t *id = json_object_get(fields, "id");
	int rc;

	id = id ? json_incref(id) : json_integer(++c->next_id);
	if (fields && !json_object_get(fields, "id"))
		json_object_set(fields, "id", id);
	rc = cli_send(c, type, fields);
	if (!rc)
		rc = wait_reply(c, type, id, deadline, reply);
	json_decref(id);
	return rc;
}

static int cli_connect(cli *c)
{
	char secret[SECRET_MAX], err[320];
	const char *file = NULL, *field = NULL;
	json_t *reply = NULL;
	int rc;

	if ((rc = credentials(c, &file, &field)) ||
	    (rc = read_secret(file, secret, sizeof(secret))))
		return rc;
	if (!(c->ws = ws_open(&c->target, CLI_TIMEOUT_MS, err, sizeof(err)))) {
		explicit_bzero(secret, sizeof(secret));
		return lost(c, "cannot reach", err);
	}
	rc = exchange(c, "auth", json_pack("{s:s}", field, secret), &reply);
	explicit_bzero(secret, sizeof(secret));
	json_decref(reply);
	return rc;
}

int cli_request(cli *c, const char *type, json_t *fields, json_t **reply)
{
	int rc;

	*reply = NULL;
	if (!c->ws && (rc = cli_connect(c))) {
		json_decref(fields);
		return rc;
	}
	return exchange(c, type, fields, reply);
}

int cli_event(cli *c, int timeout_ms, json_t **event)
{
	char *text;
	json_t *msg;
	int rc = ws_recv(c->ws, timeout_ms, &text);

	*event = NULL;
	if (rc == WS_TIMEOUT)
		return CLI_OK;
	if (rc != WS_OK)
		return lost(c, "lost the connection to", ws_error(c->ws));
	msg = decode(text);
	free(text);
	if (!msg)
		return lost(c, "bad frame from", "not a JSON object with a type");
	if (json_object_get(msg, "re") || !strcmp(json_str(msg, "type"), "pong"))
		json_decref(msg); /* answers to keep-alives */
	else
		*event = msg;
	return CLI_OK;
}

void cli_print_json(json_t *reply)
{
	char *text;

	json_object_del(reply, "type");
	json_object_del(reply, "re");
	if ((text = json_dumps(reply, JSON_INDENT(2) | JSON_PRESERVE_ORDER))) {
		printf("%s\n", text);
		free(text);
	}
}

/* Where to connect: --socket, --url, $PASSERELLE_ADMIN_URL, $PASSERELLE_ADMIN, default. */
static int target(cli *c, const char *url, const char *sock)
{
	static char built[WS_URL_MAX];
	const char *admin = env("PASSERELLE_ADMIN");
	char err[320];

	if (url && sock)
		return cli_usage("give either --url or --socket, not both");
	if (!url && !sock && !(url = env("PASSERELLE_ADMIN_URL")) && admin) {
		if (!strncmp(admin, "unix:", 5))
			sock = admin + 5;
		else if (snprintf(built, sizeof(built), "ws://%s/admin", admin) <
			 (int)sizeof(built))
			url = built;
		else
			return cli_usage("PASSERELLE_ADMIN is too long");
	}
	if (sock && !*sock)
		return cli_usage("empty socket path");
	if (!sock && !url)
		url = DEFAULT_URL;
	if (url && ws_check_url(url, err, sizeof(err)))
		return cli_usage("%s", err);
	c->target.url = url;
	c->target.unix_path = sock;
	c->target.ca_file = env("PASSERELLE_ADMIN_CA_FILE");
	c->target.protocol = CLI_PROTOCOL;
	snprintf(c->where, sizeof(c->where), "%s%s", sock ? "unix:" : "", sock ? sock : url);
	return 0;
}

/* --name VALUE or --name=VALUE; *i moves past what was used. */
static int option_value(int argc, char **argv, int *i, const char *name, const char **out)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n))
		return 0;
	if (argv[*i][n] == '=') {
		*out = argv[*i] + n + 1;
		return 1;
	}
	if (argv[*i][n] != '\0')
		return 0;
	if (*i + 1 >= argc) {
		*out = NULL;
		return 1;
	}
	*out = argv[++*i];
	return 1;
}

static int globals(cli *c, int argc, char **argv, int *i)
{
	static const char *const names[] = {"--url", "--socket", "--secret-file", "--token-file"};
	const char *val[4] = {NULL, NULL, NULL, NULL};
	int matched;

	for (; *i < argc && argv[*i][0] == '-'; (*i)++) {
		matched = 0;
		for (int k = 0; k < 4 && !matched; k++)
			if ((matched = option_value(argc, argv, i, names[k], &val[k])) && !val[k])
				return cli_usage("%s needs a value", names[k]);
		if (matched)
			continue;
		if (!strcmp(argv[*i], "--json")) {
			c->json = 1;
		} else if (!strcmp(argv[*i], "-h") || !strcmp(argv[*i], "--help")) {
			fputs(global_help, stdout);
			commands_help(stdout);
			exit(CLI_OK);
		} else if (!strncmp(argv[*i], "--secret", 8) || !strncmp(argv[*i], "--token", 7) ||
			   !strncmp(argv[*i], "--password", 10)) {
			return cli_usage(
			    "secrets are never taken from the command line: put it in a "
			    "file only you can read and use --secret-file or --token-file");
		} else if (!strcmp(argv[*i], "--")) {
			(*i)++;
			break;
		} else {
			return cli_usage("unknown option %s (see --help)", argv[*i]);
		}
	}
	c->secret_file = val[2];
	c->token_file = val[3];
	return target(c, val[0], val[1]);
}

int main(int argc, char **argv)
{
	cli c;
	int i = 1, rc;

	signal(SIGPIPE, SIG_IGN);
	memset(&c, 0, sizeof(c));
	if ((rc = globals(&c, argc, argv, &i)))
		return rc;
	if (i >= argc) {
		fputs(global_help, stderr);
		commands_help(stderr);
		return CLI_USAGE;
	}
	rc = commands_run(&c, argc - i, argv + i);
	ws_close(c.ws);
	return rc;
}
