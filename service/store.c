/* hiredis async on libuv, with reconnection. */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hiredis/async.h>
#include <openssl/sha.h>

#include "answer.h"
#include "hostport.h"
#include "redis_loop.h"
#include "resp.h"
#include "util.h"

#define STORE_MAX_SCRIPTS 64
#define KEY_MAX 512
#define RUN_KEYS_MAX 16	  /* store_script_register refuses scripts with more */
#define RUN_ARGS_STACK 32 /* longer runs (a presence resync) allocate their argument list */
#define BACKOFF_MIN_MS 100
#define BACKOFF_MAX_MS 5000
#define CONNECT_TIMEOUT_MS 1000
#define CMD_MAX (64u << 20) /* a command's RESP text; far above any the core sends */
#define CMD_KEEP 65536	    /* a buffer grown past this by a rare big command is given back */

typedef struct rlink {
	redisAsyncContext *ac;
	int up;
	int sub; /* the PSUBSCRIBE connection */
	unsigned attempt;
	uv_timer_t timer;
	int setup_left; /* setup commands not answered yet */
	int setup_err;	/* one of them failed (Redis still loading, say): reconnect */
} rlink;

/* Called exactly once per command: reply is NULL when Redis could not be reached or the
 * connection was lost (the command may or may not have run). */
typedef void (*store_cb)(redisReply *reply, void *priv);

typedef struct pending {
	store_cb cb;
	void *priv;
	int64_t t0;
} pending;

/* A script run waiting for its answer. */
typedef struct run {
	const store_script *s;
	store_answer_fn cb;
	void *priv;
} run;

const double store_rtt_bounds[STORE_RTT_BUCKETS] = {0.25, 0.5, 1, 2, 5, 10, 25, 50, 100, 500};

static struct {
	uv_loop_t *loop;
	store_addr addr;
	store_hooks hooks;
	rlink cmd, sub;
	int closing;
	store_script *scripts[STORE_MAX_SCRIPTS];
	size_t nscripts;
	store_stats stats;
	sbuf cmd_text; /* the command being sent, kept between commands */
} st;

static void link_connect(rlink *l);
static void link_retry(rlink *l);

int store_script_register(store_script *s)
{
	unsigned char md[SHA_DIGEST_LENGTH];
	size_t i;

	if (st.nscripts == STORE_MAX_SCRIPTS || s->nkeys > RUN_KEYS_MAX)
		return -1;
	SHA1((const unsigned char *)s->text, strlen(s->text), md);
	for (i = 0; i < SHA_DIGEST_LENGTH; i++)
		snprintf(s->sha + 2 * i, 3, "%02x", md[i]);
	st.scripts[st.nscripts++] = s;
	return 0;
}

int store_parse_url(const char *url, store_addr *a)
{
	const char *p, *at, *slash;
	char *end;

	memset(a, 0, sizeof(*a));
	a->port = 6379;
	if (!strncmp(url, "unix:", 5))
		return util_strlcpy(a->path, url + 5, sizeof(a->path)) || !a->path[0] ? -1 : 0;
	if (strncmp(url, "redis://", 8))
		return -1;
	p = url + 8;
	at = strrchr(p, '@');
	if (at) {
		const char *pw = memchr(p, ':', (size_t)(at - p));
		pw = pw ? pw + 1 : p;
		if ((size_t)(at - pw) >= sizeof(a->password))
			return -1;
		memcpy(a->password, pw, (size_t)(at - pw));
		p = at + 1;
	}
	slash = strchr(p, '/');
	if (hostport_parse(p, slash ? (size_t)(slash - p) : strlen(p), a->host, sizeof(a->host),
			   &a->port, 0))
		return -1;
	if (slash && slash[1]) {
		a->db = (int)strtol(slash + 1, &end, 10);
		if (*end || a->db < 0 || a->db > 1000)
			return -1;
	}
	return 0;
}

static void rtt_record(int64_t t0)
{
	double ms = (double)(util_now_ms() - t0);
	size_t i;

	for (i = 0; i < STORE_RTT_BUCKETS && ms > store_rtt_bounds[i]; i++)
		;
	st.stats.rtt_count[i]++;
	st.stats.rtt_sum_ms += ms;
	st.stats.rtt_total++;
}

static void pending_done(redisAsyncContext *ac, void *r, void *priv)
{
	pending *p = priv;
	redisReply *reply = r;

	if (reply) {
		rtt_record(p->t0);
		if (reply->type == REDIS_REPLY_ERROR) {
			st.stats.errors++;
			log_warn("redis: %.*s", (int)reply->len, reply->str);
		}
	}
	p->cb(reply, p->priv);
	free(p);
}

static void store_cmd(store_cb cb, void *priv, int argc, const char **argv, const size_t *lens)
{
	pending *p;

	if (!st.cmd.up || !(p = malloc(sizeof(*p)))) {
		cb(NULL, priv);
		return;
	}
	p->cb = cb;
	p->priv = priv;
	p->t0 = util_now_ms();
	/* Formatted here rather than by hiredis, which allocates twice per command. */
	if (resp_format(&st.cmd_text, argc, argv, lens))
		log_warn("redis: %d arguments over %u MiB, or out of memory: not sent", argc,
			 CMD_MAX >> 20);
	else if (redisAsyncFormattedCommand(st.cmd.ac, pending_done, p, st.cmd_text.p,
					    st.cmd_text.len) == REDIS_OK)
		p = NULL; /* hiredis calls pending_done */
	if (p) {
		free(p);
		cb(NULL, priv);
	}
	if (st.cmd_text.cap > CMD_KEEP) {
		sbuf_free(&st.cmd_text);
		sbuf_init(&st.cmd_text, CMD_MAX);
	}
}

static void run_done(redisReply *r, void *priv)
{
	run *rn = priv;
	store_answer a;
	char why[128];

	answer_decode(r, rn->s, &a, why, sizeof(why));
	if (a.code && (!strcmp(a.code, "internal") || !strcmp(a.code, "unavailable")))
		log_warn("%s.lua: %s: %s", rn->s->name, a.code, why);
	rn->cb(&a, rn->priv);
	answer_clear(&a);
	free(rn);
}

int store_key_expand(const char *t, const char **argv, const size_t *lens, int nargv, char *out,
		     size_t outsz)
{
	size_t n = 0, len;
	const char *v;
	int i;

	for (; *t; t++) {
		if (*t == '\001' && t[1]) {
			i = t[1] - 'A';
			t++;
			if (i < 0 || i >= nargv)
				return -1;
			v = argv[i];
			len = lens ? lens[i] : strlen(v);
		} else {
			v = t;
			len = 1;
		}
		if (n + len >= outsz)
			return -1;
		memcpy(out + n, v, len);
		n += len;
	}
	out[n] = '\0';
	return (int)n;
}

/* Fills a, l with EVALSHA sha nkeys KEYS... ARGV... rest... Returns 0, or -1 when a key does
 * not fit. */
static int run_argv(const store_script *s, const char **a, size_t *l, char keys[][KEY_MAX],
		    char *nk, size_t nksz, int nargv, const char **argv, const size_t *lens,
		    size_t nrest, const char *const *rest)
{
	size_t i, k = 0;
	int j, n;

	snprintf(nk, nksz, "%d", s->nkeys);
	a[k++] = "EVALSHA";
	a[k++] = s->sha;
	a[k++] = nk;
	for (i = 0; i < 3; i++)
		l[i] = strlen(a[i]);
	for (j = 0; j < s->nkeys; j++, k++) {
		n = store_key_expand(s->keys[j], argv, lens, nargv, keys[j], KEY_MAX);
		if (n < 0)
			return -1;
		a[k] = keys[j];
		l[k] = (size_t)n;
	}
	for (j = 0; j < nargv; j++, k++) {
		a[k] = argv[j];
		l[k] = lens ? lens[j] : strlen(argv[j]);
	}
	for (i = 0; i < nrest; i++, k++) {
		a[k] = rest[i];
		l[k] = strlen(rest[i]);
	}
	return 0;
}

void store_run(const store_script *s, store_answer_fn cb, void *priv, int nargv, const char **argv,
	       const size_t *lens, size_t nrest, const char *const *rest)
{
	size_t total = 3 + (size_t)s->nkeys + (size_t)nargv + nrest;
	const char *a_stack[RUN_ARGS_STACK], **a = a_stack;
	size_t l_stack[RUN_ARGS_STACK], *l = l_stack;
	char keys[RUN_KEYS_MAX][KEY_MAX], nk[16];
	run *rn = malloc(sizeof(*rn));

	if (!rn) {
		store_answer none;
		answer_decode(NULL, s, &none, NULL, 0);
		cb(&none, priv);
		return;
	}
	rn->s = s;
	rn->cb = cb;
	rn->priv = priv;
	if (total > RUN_ARGS_STACK) {
		a = malloc(total * sizeof(*a));
		l = malloc(total * sizeof(*l));
	}
	if (!a || !l || run_argv(s, a, l, keys, nk, sizeof(nk), nargv, argv, lens, nrest, rest))
		run_done(NULL, rn);
	else
		store_cmd(run_done, rn, (int)total, a, l);
	if (a != a_stack) {
		free(a);
		free(l);
	}
}

int store_ready(void)
{
	return st.cmd.up && st.sub.up;
}

const store_stats *store_get_stats(void)
{
	return &st.stats;
}

static void on_pmessage(redisAsyncContext *ac, void *r, void *priv)
{
	redisReply *reply = r;

	if (!reply || reply->type != REDIS_REPLY_ARRAY || reply->elements < 3 ||
	    reply->element[0]->type != REDIS_REPLY_STRING)
		return;
	if (!strcmp(reply->element[0]->str, "psubscribe")) {
		/* Subscribed: events flow again; the core fetches what it missed. */
		st.sub.up = 1;
		st.sub.attempt = 0;
		log_info("redis: subscribe connection up");
		if (st.hooks.on_sub_up)
			st.hooks.on_sub_up();
		return;
	}
	if (reply->elements != 4 || strcmp(reply->element[0]->str, "pmessage"))
		return;
	if (reply->element[2]->type != REDIS_REPLY_STRING ||
	    reply->element[3]->type != REDIS_REPLY_STRING)
		return;
	if (strncmp(reply->element[2]->str, "ev:", 3))
		return;
	st.hooks.on_event(reply->element[2]->str + 3, reply->element[3]->str,
			  reply->element[3]->len);
}

static void on_setup_reply(redisAsyncContext *ac, void *r, void *priv)
{
	redisReply *reply = r;
	rlink *l = priv;

	if (!reply || l->ac != ac)
		return;
	if (reply->type == REDIS_REPLY_ERROR) {
		log_warn("redis setup: %.*s", (int)reply->len, reply->str);
		l->setup_err = 1;
	}
	if (--l->setup_left > 0)
		return;
	/* Every setup command has answered: usable only if all of them worked (a script that
	 * failed to load would make every run of it unavailable). */
	if (l->setup_err) {
		redisAsyncDisconnect(ac);
		return;
	}
	if (!l->up && !l->sub) {
		l->up = 1;
		l->attempt = 0;
		log_info("redis: %s connection up", l->sub ? "subscribe" : "command");
		if (!l->sub && st.hooks.on_up)
			st.hooks.on_up();
	}
}

static void link_setup(rlink *l)
{
	char db[16];
	size_t i;

	l->setup_err = 0;
	l->setup_left = 1 + (st.addr.password[0] ? 1 : 0) + (st.addr.db ? 1 : 0) +
			(l->sub ? 0 : (int)st.nscripts);
	if (st.addr.password[0])
		redisAsyncCommand(l->ac, on_setup_reply, l, "AUTH %s", st.addr.password);
	if (st.addr.db) {
		snprintf(db, sizeof(db), "%d", st.addr.db);
		redisAsyncCommand(l->ac, on_setup_reply, l, "SELECT %s", db);
	}
	if (l->sub) {
		l->setup_left--; /* the subscription reports through on_pmessage */
		redisAsyncCommand(l->ac, on_pmessage, NULL, "PSUBSCRIBE ev:*");
		return;
	}
	for (i = 0; i < st.nscripts; i++)
		redisAsyncCommand(l->ac, on_setup_reply, l, "SCRIPT LOAD %s", st.scripts[i]->text);
	redisAsyncCommand(l->ac, on_setup_reply, l, "PING");
}

static void link_timer_cb(uv_timer_t *t)
{
	link_connect(t->data);
}

/* hiredis 0.14's libuv adapter drops poll errors, so a refused connect never reports:
 * give up on it after a while and try again. */
static void link_connect_timeout(uv_timer_t *t)
{
	rlink *l = t->data;

	if (!l->ac || l->up)
		return;
	redisAsyncFree(l->ac); /* not connected: no callback runs */
	l->ac = NULL;
	link_retry(l);
}

static rlink *link_of(const redisAsyncContext *ac)
{
	return ac->data;
}

static void link_retry(rlink *l)
{
	unsigned shift = l->attempt < 6 ? l->attempt : 6;
	uint64_t ms = (uint64_t)BACKOFF_MIN_MS << shift;

	if (st.closing)
		return;
	if (ms > BACKOFF_MAX_MS)
		ms = BACKOFF_MAX_MS;
	ms = ms / 2 + (uint64_t)(rand() % (int)(ms / 2 + 1));
	l->attempt++;
	st.stats.reconnects++;
	uv_timer_start(&l->timer, link_timer_cb, ms, 0);
}

static void on_connect(const redisAsyncContext *ac, int status)
{
	rlink *l = link_of(ac);

	uv_timer_stop(&l->timer);
	if (status != REDIS_OK) {
		if (l->attempt == 0)
			log_warn("redis: cannot connect (%s), retrying", ac->errstr);
		l->ac = NULL; /* hiredis frees the context after this callback */
		link_retry(l);
		return;
	}
	link_setup(l);
}

static void on_disconnect(const redisAsyncContext *ac, int status)
{
	rlink *l = link_of(ac);

	l->ac = NULL;
	if (l->up && !st.closing)
		log_warn("redis: %s connection lost%s%s", l->sub ? "subscribe" : "command",
			 ac->errstr[0] ? ": " : "", ac->errstr);
	l->up = 0;
	link_retry(l);
}

static void link_connect(rlink *l)
{
	redisAsyncContext *ac;

	if (st.closing)
		return;
	if (st.addr.path[0])
		ac = redisAsyncConnectUnix(st.addr.path);
	else
		ac = redisAsyncConnect(st.addr.host, st.addr.port);
	if (!ac || ac->err) {
		if (l->attempt == 0)
			log_warn("redis: cannot connect (%s), retrying",
				 ac ? ac->errstr : "no memory");
		redisAsyncFree(ac);
		link_retry(l);
		return;
	}
	if (redis_loop_attach(ac, st.loop)) {
		log_warn("redis: cannot watch the connection, retrying");
		redisAsyncFree(ac);
		link_retry(l);
		return;
	}
	ac->data = l;
	l->ac = ac;
	redisAsyncSetConnectCallback(ac, on_connect);
	redisAsyncSetDisconnectCallback(ac, on_disconnect);
	uv_timer_start(&l->timer, link_connect_timeout, CONNECT_TIMEOUT_MS, 0);
}

int store_init(uv_loop_t *loop, const char *url, const store_hooks *hooks, char *err, size_t errsz)
{
	if (store_parse_url(url, &st.addr)) {
		snprintf(err, errsz,
			 "PASSERELLE_REDIS: expected redis://[:password@]host:port[/db] "
			 "or unix:PATH");
		return -1;
	}
	st.loop = loop;
	st.hooks = *hooks;
	st.sub.sub = 1;
	sbuf_init(&st.cmd_text, CMD_MAX);
	uv_timer_init(loop, &st.cmd.timer);
	uv_timer_init(loop, &st.sub.timer);
	st.cmd.timer.data = &st.cmd;
	st.sub.timer.data = &st.sub;
	link_connect(&st.cmd);
	link_connect(&st.sub);
	return 0;
}

static void link_close(rlink *l)
{
	uv_timer_stop(&l->timer);
	uv_close((uv_handle_t *)&l->timer, NULL);
	if (l->ac)
		redisAsyncDisconnect(l->ac);
}

void store_close(void)
{
	st.closing = 1;
	link_close(&st.cmd);
	link_close(&st.sub);
	sbuf_free(&st.cmd_text);
}
