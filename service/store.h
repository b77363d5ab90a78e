/* Redis, asynchronously, on the server's libuv loop: one connection for commands, one for
 * PSUBSCRIBE. Both reconnect by themselves with back-off. */
#ifndef PASSERELLE_STORE_H
#define PASSERELLE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include <hiredis/hiredis.h>
#include <uv.h>

/* Called exactly once per command: reply is NULL when Redis could not be reached or the
 * connection was lost (the command may or may not have run). The reply is owned by hiredis.
 * cb may run before store_cmd() returns. */
typedef void (*store_cb)(redisReply *reply, void *priv);

typedef struct store_script {
	const char *text;
	char sha[41];
} store_script;

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

/* A store_cb for commands whose answer does not matter. */
void store_ignore(redisReply *reply, void *priv);

void store_cmd(store_cb cb, void *priv, int argc, const char **argv, const size_t *lens);
/* EVALSHA of a script with no KEYS; argv are the script's ARGV. */
void store_eval(const store_script *s, store_cb cb, void *priv, int argc, const char **argv,
		const size_t *lens);
/* Computes the SHA1 of the script's text and loads it on every (re)connect. s must outlive
 * the store. Returns 0, or -1 when too many scripts are registered. */
int store_script_register(store_script *s, const char *text);

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
