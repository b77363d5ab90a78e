#include "net.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libwebsockets.h>

#include "admin.h"
#include "core.h"
#include "hostport.h"
#include "hub.h"
#include "keepalive.h"
#include "metrics.h"
#include "reply.h"
#include "sbuf.h"
#include "store.h"
#include "strmap.h"
#include "turn_end.h"
#include "util.h"

_Static_assert(LWS_PRE <= WSFRAME_PRE, "WSFRAME_PRE must cover LWS_PRE");

#define WRITES_PER_CALLBACK 32
#define BATCH_MAX (16 * 1024) /* frames of one socket copied into one send */

/* One per wsi: a WebSocket connection or an HTTP transaction. */
typedef struct pss {
	conn *c;
	struct pss *next, *prev;	 /* every open WebSocket, for shutdown */
	struct pss *due_next, *due_prev; /* on net.due: frames to write at the end of the turn */
	int due;
	int rx_paused;	/* reading stopped until its replies are written */
	int close_sent; /* our close frame is out: wait for the peer's */
	int ping_due;	/* keepalive: write a ping at the next WRITEABLE */
	keepalive ka;
	char *body; /* HTTP: response body after LWS_PRE */
	size_t body_len;
} pss;

static struct {
	const config *cfg;
	struct lws_context *ctx;
	pss *all;
	strmap *per_ip; /* ip -> open WebSockets (as intptr_t) */
	uv_loop_t *loop;
	uv_timer_t keepalive; /* one sweep a second over every WebSocket */
	pss *due;	      /* sockets with frames to write at the end of this loop turn */
	turn_end due_flush;   /* writes the sockets with frames due at the end of the turn */
	uint32_t ka_seed;
	int destroyed;
	char admin_web[600];
	char admin_core[600];
} net;

static void net_want_write(void *transport);
static void due_remove(pss *p);
static unsigned char batch[LWS_PRE + BATCH_MAX];

/* An Origin is allowed when listed (exactly), when the list is "*", or, with no list, when
 * its host[:port] is the Host the browser connected to. */
static int origin_allowed(struct lws *wsi, const char *allowed)
{
	char origin[256] = "", host[256] = "", list[sizeof(net.cfg->origins)], *tok, *save;
	const char *o;

	if (lws_hdr_copy(wsi, origin, sizeof(origin), WSI_TOKEN_ORIGIN) <= 0)
		return 1; /* not a browser: no cross-site risk */
	if (!strcmp(allowed, "*"))
		return 1;
	if (!allowed[0]) {
		lws_hdr_copy(wsi, host, sizeof(host), WSI_TOKEN_HOST);
		o = strstr(origin, "://");
		return o && host[0] && !strcmp(o + 3, host);
	}
	util_strlcpy(list, allowed, sizeof(list));
	for (tok = strtok_r(list, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save))
		if (!strcmp(tok, origin))
			return 1;
	return 0;
}

static long per_ip(const char *ip, long delta)
{
	long n = (long)(intptr_t)strmap_get(net.per_ip, ip) + delta;

	if (delta) {
		if (n <= 0)
			strmap_del(net.per_ip, ip);
		else
			strmap_put(net.per_ip, ip, (void *)(intptr_t)n);
	}
	return n;
}

static int ws_filter(struct lws *wsi, int admin)
{
	char uri[64] = "", ip[64] = "";

	lws_hdr_copy(wsi, uri, sizeof(uri), WSI_TOKEN_GET_URI);
	lws_get_peer_simple(wsi, ip, sizeof(ip));
	if (strcmp(uri, admin ? "/admin" : "/ws")) {
		metrics_now.connections_refused++;
		return -1;
	}
	if (admin)
		return origin_allowed(wsi, "") ? 0 : -1;
	if (!origin_allowed(wsi, net.cfg->origins)) {
		log_warn("refused WebSocket from %s: origin not allowed", ip);
		metrics_now.connections_refused++;
		return -1;
	}
	if (per_ip(ip, 0) >= net.cfg->max_conn_per_ip) {
		log_warn("refused WebSocket from %s: too many connections", ip);
		metrics_now.connections_refused++;
		return -1;
	}
	return 0;
}

static int ws_established(struct lws *wsi, pss *p, int admin)
{
	char ip[64] = "";

	lws_get_peer_simple(wsi, ip, sizeof(ip));
	memset(p, 0, sizeof(*p));
	p->c = conn_new(wsi, ip);
	if (!p->c)
		return -1;
	p->c->admin = admin;
	keepalive_start(&p->ka, uv_now(net.loop), (uint32_t)net.cfg->idle_ping * 1000,
			(uint32_t)net.cfg->idle_ping * 1000 / 3, net.ka_seed++);
	if (!admin) /* the cap is the participant listener's */
		per_ip(ip, 1);
	p->next = net.all;
	if (net.all)
		net.all->prev = p;
	net.all = p;
	hub_conn_counted(1);
	metrics_now.connections_total++;
	return 0;
}

static void ws_closed(pss *p)
{
	if (!p->c)
		return;
	if (!p->c->admin)
		per_ip(p->c->ip, -1);
	if (p->prev)
		p->prev->next = p->next;
	else
		net.all = p->next;
	if (p->next)
		p->next->prev = p->prev;
	due_remove(p);
	hub_conn_counted(-1);
	conn_gone(p->c);
	p->c = NULL;
}

static void ws_dispatch(struct lws *wsi, conn *c, const char *text, size_t len)
{
	if (lws_frame_is_binary(wsi))
		reply_error(c, NULL, "bad_request", "Frames are JSON text.");
	else if (c->admin)
		admin_on_message(c, text, len);
	else
		core_on_message(c, text, len);
}

static int ws_receive(struct lws *wsi, pss *p, const void *in, size_t len)
{
	conn *c = p->c;
	int final = lws_is_final_fragment(wsi);

	keepalive_heard(&p->ka, uv_now(net.loop));
	if (c->close_code)
		return 0;
	if (final && frame_asm_idle(&c->rx) && len <= c->rx.max) {
		ws_dispatch(wsi, c, in, len); /* the whole message in one piece: no copy */
	} else {
		switch (frame_asm_feed(&c->rx, in, len, final)) {
		case FRAME_MORE:
			break;
		case FRAME_TOO_LARGE:
			core_on_too_large(c);
			break;
		case FRAME_DONE:
			ws_dispatch(wsi, c, c->rx.buf, c->rx.len);
			frame_asm_free(&c->rx); /* rare: keep no buffer while idle */
			break;
		}
	}
	/* A client that sends faster than it reads its replies waits for them. */
	if (c->qlen > CONN_QUEUE_PAUSE && !p->rx_paused) {
		p->rx_paused = 1;
		lws_rx_flow_control(wsi, 0);
	}
	return 0;
}

/* lws 4.1.6 on libuv drops the close frame prepared by lws_close_reason() (both when
 * WRITEABLE returns -1 and on a kill timeout), so the frame is written here; then lws waits
 * for the peer's close, so unread input cannot turn the close into a reset. */
#define WS_WRITE_CLOSE ((enum lws_write_protocol)4) /* lws's own opcode value for close */

static int ws_send_close(struct lws *wsi, pss *p)
{
	unsigned char buf[LWS_PRE + 2 + 123]; /* a close payload is at most 125 bytes */
	size_t n = strnlen(p->c->close_reason, 123);

	if (p->close_sent)
		return 0;
	buf[LWS_PRE] = (unsigned char)(p->c->close_code >> 8);
	buf[LWS_PRE + 1] = (unsigned char)(p->c->close_code & 0xff);
	memcpy(buf + LWS_PRE + 2, p->c->close_reason, n);
	if (lws_write(wsi, buf + LWS_PRE, n + 2, WS_WRITE_CLOSE) < 0)
		return -1;
	p->close_sent = 1;
	lws_set_timeout(wsi, PENDING_TIMEOUT_CLOSE_ACK, 3);
	return 0;
}

static int batch_send(struct lws *wsi, size_t *used)
{
	size_t n = *used;

	*used = 0;
	return lws_write(wsi, batch + LWS_PRE, n, LWS_WRITE_RAW) < 0 ? -1 : 0;
}

/* Writes the frames that are due, up to WRITES_PER_CALLBACK, until lws holds back part of a
 * write (the socket is full: lws keeps the rest and asks for POLLOUT itself). Several frames
 * go out framed here, in one send; a lone frame is written as it is. -1 on a dead socket. */
static int ws_write_frames(struct lws *wsi, pss *p)
{
	conn *c = p->c;
	size_t used = 0;
	int n;

	for (n = 0; n < WRITES_PER_CALLBACK && conn_pending(c); n++) {
		wsframe *f = conn_next_frame(c);
		if (!f)
			break;
		metrics_now.deliveries++;
		if (used + WSFRAME_HEAD_MAX + f->len <= BATCH_MAX && (used || conn_pending(c))) {
			used += wsframe_head(batch + LWS_PRE + used, f->len);
			memcpy(batch + LWS_PRE + used, wsframe_data(f), f->len);
			used += f->len;
			continue;
		}
		if (used && batch_send(wsi, &used))
			return -1;
		/* Behind a short batch this only joins what lws holds back, and lws then answers
		 * what it drained: only a negative answer is an error. */
		if (lws_write(wsi, wsframe_data(f), f->len, LWS_WRITE_TEXT) < 0)
			return -1;
		if (lws_partial_buffered(wsi))
			break;
	}
	if (used && batch_send(wsi, &used))
		return -1;
	if (p->rx_paused && c->qlen < CONN_QUEUE_PAUSE / 2) {
		p->rx_paused = 0;
		lws_rx_flow_control(wsi, 1);
	}
	return 0;
}

/* Writes what is due on a socket now, unless lws holds something back for it or a ping or
 * the close must go first: those wait for WRITEABLE. */
static void ws_send_due(struct lws *wsi, pss *p)
{
	if (!p->ping_due && !p->close_sent && !p->c->close_code && !lws_partial_buffered(wsi)) {
		if (ws_write_frames(wsi, p)) {
			lws_set_timeout(wsi, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC);
			lws_cancel_service(net.ctx); /* wakes lws to run the kill */
			return;
		}
		if (!conn_pending(p->c))
			return;
	}
	lws_callback_on_writable(wsi);
}

static void due_remove(pss *p)
{
	if (!p->due)
		return;
	p->due = 0;
	if (p->due_prev)
		p->due_prev->due_next = p->due_next;
	else
		net.due = p->due_next;
	if (p->due_next)
		p->due_next->due_prev = p->due_prev;
}

static void due_flush(void *arg)
{
	(void)arg;
	while (net.due) {
		pss *p = net.due;
		due_remove(p);
		ws_send_due(p->c->transport, p);
	}
}

/* A frame is due on a socket. It is written at the end of this loop turn, with whatever else
 * the turn queues for the same socket, rather than from WRITEABLE: asking lws for POLLOUT
 * costs four epoll_ctl calls per delivery (libuv's uv_poll_start removes and re-adds the fd
 * each time lws adds or drops POLLOUT; docs/benchmarks.md). */
static void net_want_write(void *transport)
{
	struct lws *wsi = transport;
	pss *p = lws_wsi_user(wsi);

	if (!p || !p->c) {
		lws_callback_on_writable(wsi);
		return;
	}
	if (p->due)
		return;
	p->due = 1;
	p->due_prev = NULL;
	p->due_next = net.due;
	if (net.due)
		net.due->due_prev = p;
	net.due = p;
	turn_end_arm(&net.due_flush);
}

static int ws_writeable(struct lws *wsi, pss *p)
{
	conn *c = p->c;

	if (p->ping_due) {
		/* lws passes a pong to the callback only when it has a payload. */
		unsigned char ping[LWS_PRE + 2] = {[LWS_PRE] = 'k', [LWS_PRE + 1] = 'a'};
		p->ping_due = 0;
		if (lws_write(wsi, ping + LWS_PRE, 2, LWS_WRITE_PING) < 0)
			return -1;
	}
	if (!lws_partial_buffered(wsi) && ws_write_frames(wsi, p))
		return -1;
	if (c->close_code && !c->qlen)
		return ws_send_close(wsi, p);
	if (conn_pending(c))
		lws_callback_on_writable(wsi);
	return 0;
}

/* GET /healthz, /readyz, /metrics (participant listener only), else 404: the answer is
 * prepared here and written when writeable. */
static int http_answer(struct lws *wsi, pss *p, int admin)
{
	unsigned char hdr[LWS_PRE + 512], *start = hdr + LWS_PRE, *pos = start,
					  *end = hdr + sizeof(hdr) - 1;
	char uri[64] = "";
	unsigned status = HTTP_STATUS_OK;
	const char *type = "text/plain; charset=utf-8";
	sbuf b;

	memset(p, 0, sizeof(*p));
	lws_hdr_copy(wsi, uri, sizeof(uri), WSI_TOKEN_GET_URI);
	sbuf_init(&b, 1024 * 1024);
	sbuf_add(&b, (const char *)hdr, LWS_PRE); /* head room for lws_write */
	if (admin) {
		status = HTTP_STATUS_NOT_FOUND;
		sbuf_adds(&b, "not found\n");
	} else if (!strcmp(uri, "/healthz")) {
		sbuf_adds(&b, "ok\n");
	} else if (!strcmp(uri, "/readyz")) {
		status = store_ready() ? HTTP_STATUS_OK : HTTP_STATUS_SERVICE_UNAVAILABLE;
		sbuf_adds(&b, store_ready() ? "ready\n" : "redis unreachable\n");
	} else if (!strcmp(uri, "/metrics")) {
		type = "text/plain; version=0.0.4; charset=utf-8";
		metrics_render(&b, net.cfg->node);
	} else {
		status = HTTP_STATUS_NOT_FOUND;
		sbuf_adds(&b, "not found\n");
	}
	if (b.failed)
		goto error;
	p->body = b.p;
	p->body_len = b.len - LWS_PRE;
	if (lws_add_http_common_headers(wsi, status, type, p->body_len, &pos, end) ||
	    lws_add_http_header_by_token(wsi, WSI_TOKEN_HTTP_CACHE_CONTROL,
					 (const unsigned char *)"no-store", 8, &pos, end) ||
	    lws_finalize_write_http_header(wsi, start, &pos, end))
		return 1;
	lws_callback_on_writable(wsi);
	return 0;
error:
	sbuf_free(&b);
	return 1;
}

static int http_writeable(struct lws *wsi, pss *p)
{
	if (!p->body)
		return 0;
	if (lws_write(wsi, (unsigned char *)p->body + LWS_PRE, p->body_len, LWS_WRITE_HTTP_FINAL) <
	    (int)p->body_len)
		return -1;
	free(p->body);
	p->body = NULL;
	return lws_http_transaction_completed(wsi) ? -1 : 0;
}

static int cb_common(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
		     size_t len, int admin)
{
	pss *p = user;

	switch (reason) {
	case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
		return ws_filter(wsi, admin);
	case LWS_CALLBACK_ESTABLISHED:
		return ws_established(wsi, p, admin);
	case LWS_CALLBACK_RECEIVE:
		return ws_receive(wsi, p, in, len);
	case LWS_CALLBACK_RECEIVE_PONG:
		if (p->c)
			keepalive_heard(&p->ka, uv_now(net.loop));
		return 0;
	case LWS_CALLBACK_SERVER_WRITEABLE:
		return p->c ? ws_writeable(wsi, p) : 0;
	case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
		return p->close_sent; /* nonzero: ours was sent already, do not echo */
	case LWS_CALLBACK_CLOSED:
		ws_closed(p);
		return 0;
	case LWS_CALLBACK_HTTP:
		return http_answer(wsi, p, admin);
	case LWS_CALLBACK_HTTP_WRITEABLE:
		return http_writeable(wsi, p);
	case LWS_CALLBACK_HTTP_DROP_PROTOCOL:
	case LWS_CALLBACK_CLOSED_HTTP:
		if (p) {
			free(p->body);
			p->body = NULL;
		}
		break;
	default:
		break;
	}
	return lws_callback_http_dummy(wsi, reason, user, in, len);
}

static int cb_participant(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
			  size_t len)
{
	return cb_common(wsi, reason, user, in, len, 0);
}

static int cb_admin(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
		    size_t len)
{
	return cb_common(wsi, reason, user, in, len, 1);
}

/* A small receive buffer per connection (bigger requests arrive in pieces and are joined by
 * frame_asm); sends are not limited by it (tx_packet_size would default to it). */
#define WS_RX_BUFFER 512
#define WS_TX_PACKET (256 * 1024)

static const struct lws_protocols admin_protocols[] = {
    {"passerelle-admin.v1", cb_admin, sizeof(pss), WS_RX_BUFFER, 0, NULL, WS_TX_PACKET},
    {NULL, NULL, 0, 0, 0, NULL, 0},
};

static const struct lws_protocols participant_protocols[] = {
    {"passerelle.v1", cb_participant, sizeof(pss), WS_RX_BUFFER, 0, NULL, WS_TX_PACKET},
    {NULL, NULL, 0, 0, 0, NULL, 0},
};

static const struct lws_protocol_vhost_options mime_mjs = {NULL, NULL, ".mjs", "text/javascript"};
static const struct lws_protocol_vhost_options mime_json = {&mime_mjs, NULL, ".json",
							    "application/json"};
static const struct lws_protocol_vhost_options mime_svg = {&mime_json, NULL, ".svg",
							   "image/svg+xml"};

static const struct lws_http_mount mount_metrics = {.mountpoint = "/metrics",
						    .origin = "passerelle.v1",
						    .origin_protocol = LWSMPRO_CALLBACK,
						    .mountpoint_len = 8};
static const struct lws_http_mount mount_readyz = {.mount_next = &mount_metrics,
						   .mountpoint = "/readyz",
						   .origin = "passerelle.v1",
						   .origin_protocol = LWSMPRO_CALLBACK,
						   .mountpoint_len = 7};
static const struct lws_http_mount mount_healthz = {.mount_next = &mount_readyz,
						    .mountpoint = "/healthz",
						    .origin = "passerelle.v1",
						    .origin_protocol = LWSMPRO_CALLBACK,
						    .mountpoint_len = 8};
static struct lws_http_mount mount_web = {.mount_next = &mount_healthz,
					  .mountpoint = "/",
					  .def = "index.html",
					  .extra_mimetypes = &mime_svg,
					  .origin_protocol = LWSMPRO_FILE,
					  .mountpoint_len = 1};

/* Security headers on every HTTP answer of the participant listener. */
static const struct lws_protocol_vhost_options hdr_referrer = {NULL, NULL,
							       "referrer-policy:", "no-referrer"};
static const struct lws_protocol_vhost_options hdr_nosniff = {&hdr_referrer, NULL,
							      "x-content-type-options:", "nosniff"};
static const struct lws_protocol_vhost_options hdr_frame = {&hdr_nosniff, NULL,
							    "x-frame-options:", "DENY"};
static const struct lws_protocol_vhost_options hdr_csp = {
    &hdr_frame, NULL, "content-security-policy:",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"};

/* lws's own idle timers are off (no hangup time): keepalive.h says why; net_keepalive_tick
 * does their work. */
static const lws_retry_bo_t idle_policy = {0};

/* The console's files, and the web core that both clients share (web/core at /core). */
static struct lws_http_mount mount_admin_core = {.mountpoint = "/core",
						 .extra_mimetypes = &mime_svg,
						 .origin_protocol = LWSMPRO_FILE,
						 .mountpoint_len = 5};
static struct lws_http_mount mount_admin = {.mount_next = &mount_admin_core,
					    .mountpoint = "/",
					    .def = "index.html",
					    .extra_mimetypes = &mime_svg,
					    .origin_protocol = LWSMPRO_FILE,
					    .mountpoint_len = 1};

/* A listener: "host:port", or for the admin one also "unix:PATH" (made mode 0600). */
static struct lws_vhost *vhost_create(const char *name, const char *spec,
				      const struct lws_protocols *protocols,
				      const struct lws_http_mount *mounts, char *err, size_t errsz)
{
	struct lws_context_creation_info info;
	char iface[256];
	struct lws_vhost *vh;
	int port = 0, unix_sock = !strncmp(spec, "unix:", 5);

	memset(&info, 0, sizeof(info));
	if (unix_sock) {
		util_strlcpy(iface, spec + 5, sizeof(iface));
		unlink(iface); /* a stale socket from an earlier run */
		info.options |= LWS_SERVER_OPTION_UNIX_SOCK;
	} else if (hostport_parse(spec, strlen(spec), iface, sizeof(iface), &port,
				  HOSTPORT_NEED_PORT | HOSTPORT_ANY_HOST | HOSTPORT_PORT_ZERO)) {
		snprintf(err, errsz, "%s listener: expected host:port, got '%s'", name, spec);
		return NULL;
	}
	/* lws binds an IPv6 any-address socket unless told the address is IPv4. */
	if (iface[0] && !unix_sock && !strchr(iface, ':'))
		info.options |= LWS_SERVER_OPTION_DISABLE_IPV6;
	info.vhost_name = name;
	info.port = port;
	info.iface = iface[0] && strcmp(iface, "0.0.0.0") ? iface : NULL;
	info.protocols = protocols;
	info.mounts = mounts;
	info.headers = &hdr_csp;
	info.retry_and_idle_policy = &idle_policy;
	info.alpn = "http/1.1";
	if (net.cfg->tls_cert[0] && !unix_sock) {
		info.options |= LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
		info.ssl_cert_filepath = net.cfg->tls_cert;
		info.ssl_private_key_filepath = net.cfg->tls_key;
	}
	vh = lws_create_vhost(net.ctx, &info);
	if (!vh)
		snprintf(err, errsz, "cannot listen on %s (busy, or not a local address?)", spec);
	else if (unix_sock && chmod(iface, 0600)) {
		snprintf(err, errsz, "cannot restrict %s to its owner", iface);
		return NULL;
	}
	return vh;
}

/* Pings the sockets that went quiet and hangs up on those silent too long. The kill is
 * asynchronous: closing here would unlink net.all under the walk. */
static void net_keepalive_tick(uv_timer_t *t)
{
	uint64_t now = uv_now(net.loop);
	uint32_t drop_ms = (uint32_t)net.cfg->idle_drop * 1000;
	int killed = 0;
	pss *p;

	for (p = net.all; p; p = p->next) {
		struct lws *wsi = p->c->transport;
		switch (keepalive_check(&p->ka, now, drop_ms)) {
		case KEEPALIVE_PING:
			p->ping_due = 1;
			lws_callback_on_writable(wsi);
			break;
		case KEEPALIVE_DROP:
			lws_set_timeout(wsi, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC);
			killed = 1;
			break;
		case KEEPALIVE_QUIET:
			break;
		}
	}
	if (killed)
		lws_cancel_service(net.ctx); /* wakes lws to run the kills */
}

int net_start(const config *cfg, uv_loop_t *loop, char *err, size_t errsz)
{
	struct lws_context_creation_info info;
	void *loops[1] = {loop};
	static const hub_transport transport = {net_want_write};

	net.cfg = cfg;
	net.loop = loop;
	uv_timer_init(loop, &net.keepalive);
	turn_end_init(&net.due_flush, loop, due_flush, NULL);
	net.per_ip = strmap_new();
	if (!net.per_ip || hub_init(&transport, cfg->say_burst, cfg->say_rate)) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	lws_set_log_level(getenv("PASSERELLE_LWS_DEBUG")
			      ? LLL_ERR | LLL_WARN | LLL_NOTICE | LLL_INFO
			      : LLL_ERR | LLL_WARN,
			  NULL);
	memset(&info, 0, sizeof(info));
	info.options = LWS_SERVER_OPTION_LIBUV | LWS_SERVER_OPTION_EXPLICIT_VHOSTS;
	if (cfg->tls_cert[0])
		info.options |= LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
	info.foreign_loops = loops;
	info.retry_and_idle_policy = &idle_policy;
	info.pt_serv_buf_size = 32 * 1024;
	net.ctx = lws_create_context(&info);
	if (!net.ctx) {
		snprintf(err, errsz,
			 "cannot start libwebsockets (is libwebsockets-evlib-uv "
			 "installed?)");
		return -1;
	}
	mount_web.origin = cfg->web;
	snprintf(net.admin_web, sizeof(net.admin_web), "%s/admin", cfg->web);
	mount_admin.origin = net.admin_web;
	snprintf(net.admin_core, sizeof(net.admin_core), "%s/core", cfg->web);
	mount_admin_core.origin = net.admin_core;
	if (!vhost_create("participant", cfg->http, participant_protocols, &mount_web, err,
			  errsz) ||
	    !vhost_create("admin", cfg->admin, admin_protocols, &mount_admin, err, errsz))
		return -1;
	uv_timer_start(&net.keepalive, net_keepalive_tick, 1000, 1000);
	return 0;
}

void net_close_all(void)
{
	pss *p;

	for (p = net.all; p; p = p->next)
		conn_close(p->c, 1001, "server shutting down");
}

void net_stop(void)
{
	if (net.loop && !uv_is_closing((uv_handle_t *)&net.keepalive)) {
		uv_close((uv_handle_t *)&net.keepalive, NULL);
		turn_end_close(&net.due_flush, NULL);
	}
	if (net.ctx && !net.destroyed) {
		net.destroyed = 1;
		lws_context_destroy(net.ctx);
	}
}

void net_finish(void)
{
	/* With a foreign loop, the first destroy only starts the teardown. */
	if (net.ctx)
		lws_context_destroy(net.ctx);
	net.ctx = NULL;
	strmap_free(net.per_ip);
	net.per_ip = NULL;
}
