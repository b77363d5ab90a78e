/* Redis, asynchronously, on the server's libuv loop: one connection for commands, one for
 * PSUBSCRIBE. Both reconnect by themselves with back-off. */
#ifndef PASSERELLE_STORE_H
#define PASSERELLE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>
#include <uv.h>

/* A script, as gen.awk declares it from the --! lines at the top of its .lua file. */
typedef struct store_script {
	const char *name;
	const char *text;
	int nkeys;
	const char *const *keys; /* templates: "\001" then 'A' + i stands for argv[i] */
	size_t nlists;
	const char *const *lists; /* the named lists of its answer, in order */
	char sha[41];
} store_script;

/* A piece of a Redis answer, valid while the callback runs. */
typedef struct store_str {
	const char *p;
	size_t len;
} store_str;

#define STORE_LISTS_MAX 5

/* The one answer shape of every script, decoded in one place (store.c): a refusal
 * "!code [retry_after_ms][|message]", or a head (a JSON object text) followed by the script's
 * declared lists, each as its name, its length and its items, or a head alone (nlists 0: a
 * script of several actions whose lists belong to one of them). */
typedef struct store_answer {
	const store_script *script; /* whose answer: its lists' names */
	const char *code;    /* NULL for a result; else the error: a refusal's code, "unavailable"
				(no answer or a Redis error) or "internal" (an undeclared shape) */
	const char *message; /* the refusal's own sentence, or NULL for the code's default */
	long long retry_ms;  /* with rate_limited, slow_mode, muted, banned; else 0 */
	store_str head;	     /* "{...}"; "{}" when the script gave none */
	size_t nlists;
	struct {
		size_t n;
		store_str *items;
	} lists[STORE_LISTS_MAX];
	char codebuf[32];
} store_answer;

/* Called exactly once per script run, maybe before the run function returns. a is borrowed
 * and valid during the call only. */
typedef void (*store_answer_fn)(const store_answer *a, void *priv);

/* A store_answer_fn for runs whose answer does not matter. */
void store_answer_ignore(const store_answer *a, void *priv);
/* The head parsed (new reference), or NULL when it is not a JSON object. */
json_t *store_answer_head(const store_answer *a);
/* 1 when the head starts {"name":true. A flag the C side reads on every answer goes first in
 * its script's head, so that reading it parses nothing. */
int store_answer_flag(const store_answer *a, const char *name);
/* Item i of list l, or an empty string when out of range. */
store_str store_answer_item(const store_answer *a, size_t l, size_t i);

/* EVALSHA of s: KEYS from its templates, ARGV = argv[0..nargv) then rest[0..nrest) (lens NULL:
 * strlen). Runs cb once with the decoded answer. The generated script_NAME() functions call
 * this; nothing else builds a Redis command. */
void store_run(const store_script *s, store_answer_fn cb, void *priv, int nargv, const char **argv,
	       const size_t *lens, size_t nrest, const char *const *rest);
/* Expands key template t with the arguments into out. Returns its length, or -1 when it does
 * not fit or names a missing argument. */
int store_key_expand(const char *t, const char **argv, const size_t *lens, int nargv, char *out,
		     size_t outsz);
/* Computes the script's SHA1 and loads it on every (re)connect. s must outlive the store.
 * Returns 0, or -1 when too many scripts are registered. */
int store_script_register(store_script *s);

typedef struct store_hooks {
	/* A published event: channel without the "ev:" prefix, payload as published. */
	void (*on_event)(const char *channel, const char *payload, size_t len);
	/* The command connection is (again) up and the scripts are loaded. */
	void (*on_up)(void);
	/* The subscription is (again) in place: events published meanwhile were missed. */
	void (*on_sub_up)(void);
} store_hooks;

/* Parses url and starts connecting. Returns 0, or -1 with a reason in err. */
int store_init(uv_loop_t *loop, const char *url, const store_hooks *hooks, char *err, size_t errsz);
/* Closes both connections; pending callbacks get NULL. */
void store_close(void);
/* 1 when both connections are up (commands answered, events subscribed). */
int store_ready(void);

/* Round-trip histogram for metrics: upper bounds in ms, counts, sum. */
#define STORE_RTT_BUCKETS 10
extern const double store_rtt_bounds[STORE_RTT_BUCKETS];
typedef struct store_stats {
	uint64_t rtt_count[STORE_RTT_BUCKETS + 1];
	double rtt_sum_ms;
	uint64_t rtt_total;
	uint64_t errors;
	uint64_t reconnects;
} store_stats;
const store_stats *store_get_stats(void);

/* Parses a redis:// or unix: url. Returns 0 or -1. */
typedef struct store_addr {
	char host[256];
	int port;
	char path[256];
	char password[256];
	int db;
} store_addr;
int store_parse_url(const char *url, store_addr *a);

#endif
