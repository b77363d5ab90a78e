#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

typedef enum { OPT_STR, OPT_LONG, OPT_DOUBLE } opt_type;

typedef struct opt {
	const char *env;
	const char *flag;
	opt_type type;
	size_t off;
	size_t size; /* for strings */
	const char *def;
	double min, max;
	const char *help;
} opt;

#define S(f) OPT_STR, offsetof(config, f), sizeof(((config *)0)->f)
#define L(f) OPT_LONG, offsetof(config, f), 0
#define D(f) OPT_DOUBLE, offsetof(config, f), 0

static const opt opts[] = {
    {"PASSERELLE_HTTP", "--http", S(http), "0.0.0.0:8080", 0, 0, "participant listener"},
    {"PASSERELLE_ADMIN", "--admin", S(admin), "127.0.0.1:8091", 0, 0, "admin listener"},
    {"PASSERELLE_REDIS", "--redis", S(redis), "redis://127.0.0.1:6379/0", 0, 0, "Redis"},
    {"PASSERELLE_SECRET", "--secret", S(secret), "", 0, 0, "token key (32+ bytes)"},
    {"PASSERELLE_ADMIN_SECRET", "--admin-secret", S(admin_secret), "", 0, 0,
     "bootstrap admin secret"},
    {"PASSERELLE_ORIGINS", "--origins", S(origins), "", 0, 0, "allowed Origins, * = any"},
    {"PASSERELLE_TLS_CERT", "--tls-cert", S(tls_cert), "", 0, 0, "PEM certificate"},
    {"PASSERELLE_TLS_KEY", "--tls-key", S(tls_key), "", 0, 0, "PEM key"},
    {"PASSERELLE_NODE", "--node", S(node), "", 0, 0, "node name (hostname-pid)"},
    {"PASSERELLE_WEB", "--web", S(web), "./web", 0, 0, "static files"},
    {"PASSERELLE_SEED", "--seed", S(seed), "", 0, 0, "load a seed file into an empty store"},
    {"PASSERELLE_HISTORY_MAX", "--history-max", L(history_max), "10000", 10, 10000000,
     "messages kept per room"},
    {"PASSERELLE_SAY_BURST", "--say-burst", D(say_burst), "10", 1, 10000, "say burst"},
    {"PASSERELLE_SAY_RATE", "--say-rate", D(say_rate), "2", 0.01, 10000, "say per second"},
    {"PASSERELLE_MAX_CONN_PER_IP", "--max-conn-per-ip", L(max_conn_per_ip), "64", 1, 1000000,
     "WebSocket connections per IP"},
    {"PASSERELLE_TOKEN_TTL", "--token-ttl", L(token_ttl), "2592000", 1, 31536000,
     "token lifetime, s"},
    {"PASSERELLE_PBKDF2_ITERATIONS", "--pbkdf2-iterations", L(pbkdf2_iterations), "600000", 1000,
     10000000, "password hash cost"},
    {"PASSERELLE_LOGIN_MAX_FAILS", "--login-max-fails", L(login_max_fails), "5", 1, 1000,
     "failed logins per email per 15 min"},
    {"PASSERELLE_PRESENCE_TTL", "--presence-ttl", L(presence_ttl), "30", 2, 3600,
     "dead node timeout, s"},
    {"PASSERELLE_MATCH_INTERVAL", "--match-interval", L(match_interval), "300", 1, 86400,
     "matching round, s"},
    {"PASSERELLE_OFFER_TTL", "--offer-ttl", L(offer_ttl), "604800", 1, 31536000,
     "offer lifetime, s"},
    {"PASSERELLE_IDLE_PING", "--idle-ping", L(idle_ping), "30", 1, 3600,
     "ping a socket silent this long, s"},
    {"PASSERELLE_IDLE_DROP", "--idle-drop", L(idle_drop), "70", 2, 7200,
     "drop a socket silent this long, s"},
    {"PASSERELLE_RETENTION_DAYS", "--retention-days", L(retention_days), "365", 1, 36500,
     "keep closed rooms' messages, audit, decided reports"},
    {"PASSERELLE_RETENTION_CHECK", "--retention-check", L(retention_check), "86400", 1, 604800,
     "seconds between retention purges"},
    {"PASSERELLE_CONTACT_FILTER", "--contact-filter", S(contact_filter), "minors", 0, 0,
     "refuse contact details from: minors or all"},
    {"PASSERELLE_BREAKOUT_WARNING", "--breakout-warning", L(breakout_warning), "30", 1, 600,
     "seconds of warning before a breakout ends"},
};

#define NOPTS (sizeof(opts) / sizeof(opts[0]))

static int opt_set(config *cfg, const opt *o, const char *val, char *err, size_t errsz)
{
	char *p = (char *)cfg + o->off;
	char *end;
	double d;

	if (o->type == OPT_STR) {
		if (util_strlcpy(p, val, o->size) < 0) {
			snprintf(err, errsz, "%s: value too long", o->env);
			return -1;
		}
		return 0;
	}
	errno = 0;
	d = o->type == OPT_LONG ? (double)strtol(val, &end, 10) : strtod(val, &end);
	if (errno || end == val || *end || d < o->min || d > o->max) {
		snprintf(err, errsz, "%s: '%s' is not a number in %.15g..%.15g", o->env, val,
			 o->min, o->max);
		return -1;
	}
	if (o->type == OPT_LONG)
		*(long *)p = (long)d;
	else
		*(double *)p = d;
	return 0;
}

static const opt *opt_by_flag(const char *flag, size_t len)
{
	size_t i;

	for (i = 0; i < NOPTS; i++)
		if (strlen(opts[i].flag) == len && !strncmp(opts[i].flag, flag, len))
			return &opts[i];
	return NULL;
}

static int config_flags(config *cfg, int argc, char **argv, char *err, size_t errsz)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *eq = strchr(a, '=');
		size_t len = eq ? (size_t)(eq - a) : strlen(a);
		const opt *o = opt_by_flag(a, len);
		const char *val;

		if (!o) {
			snprintf(err, errsz, "unknown flag '%.*s' (see --help)", (int)len, a);
			return -1;
		}
		if (eq)
			val = eq + 1;
		else if (i + 1 < argc)
			val = argv[++i];
		else {
			snprintf(err, errsz, "%s needs a value", o->flag);
			return -1;
		}
		if (opt_set(cfg, o, val, err, errsz))
			return -1;
	}
	return 0;
}

int config_load(config *cfg, int argc, char **argv, char *err, size_t errsz)
{
	size_t i;

	memset(cfg, 0, sizeof(*cfg));
	for (i = 0; i < NOPTS; i++) {
		const char *env = getenv(opts[i].env);
		if (opt_set(cfg, &opts[i], opts[i].def, err, errsz))
			return -1;
		if (env && opt_set(cfg, &opts[i], env, err, errsz))
			return -1;
	}
	if (config_flags(cfg, argc, argv, err, errsz))
		return -1;
	if (!cfg->node[0]) {
		char host[48] = "node";
		gethostname(host, sizeof(host) - 1);
		snprintf(cfg->node, sizeof(cfg->node), "%.40s-%ld", host, (long)getpid());
	}
	if (strspn(cfg->node,
		   "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") !=
	    strlen(cfg->node)) {
		snprintf(err, errsz, "PASSERELLE_NODE: use letters, digits, '.', '_' or '-'");
		return -1;
	}
	if (strlen(cfg->secret) < 32) {
		snprintf(err, errsz, "PASSERELLE_SECRET must be set to 32 or more bytes");
		return -1;
	}
	if (cfg->idle_drop <= cfg->idle_ping) {
		snprintf(err, errsz,
			 "PASSERELLE_IDLE_DROP must be longer than PASSERELLE_IDLE_PING");
		return -1;
	}
	if (strcmp(cfg->contact_filter, "minors") && strcmp(cfg->contact_filter, "all")) {
		snprintf(err, errsz, "PASSERELLE_CONTACT_FILTER: expected minors or all");
		return -1;
	}
	if (!cfg->tls_cert[0] != !cfg->tls_key[0]) {
		snprintf(err, errsz, "PASSERELLE_TLS_CERT and PASSERELLE_TLS_KEY go together");
		return -1;
	}
	return 0;
}

void config_usage(void)
{
	size_t i;

	printf("usage: passerelle [--flag value ...]\n"
	       "Each setting comes from its environment variable; the flag overrides it.\n\n");
	for (i = 0; i < NOPTS; i++)
		printf("  %-22s %-30s %s (default: %s)\n", opts[i].flag, opts[i].env, opts[i].help,
		       opts[i].def[0] ? opts[i].def : "none");
}
