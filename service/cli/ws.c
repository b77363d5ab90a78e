/* A blocking client over lws: every call runs lws's poll loop until its condition holds or its
 * deadline passes. A short repeating timer keeps each poll wait bounded, so deadlines hold even
 * when the server says nothing. */
#include "ws.h"

#include <libwebsockets.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../hostport.h"

#define TICK_US (100 * LWS_US_PER_MS)
#define CLOSE_WAIT_MS 1000
#define HOST_MAX 256
#define QUEUE_MAX 4096 /* frames received and not yet read */

enum { ST_CONNECTING, ST_OPEN, ST_CLOSED };

typedef struct frame {
	struct frame *next;
	char *text;
} frame;

struct ws_client {
	struct lws_context *ctx;
	struct lws *wsi;
	lws_sorted_usec_list_t tick;
	int state;
	int closing; /* we asked to close: the next writable sends the close frame */
	char err[256];
	char *rx; /* the frame being received */
	size_t rxlen, rxcap;
	frame *head, *tail; /* complete frames not yet read */
	size_t queued;
	unsigned char *tx; /* LWS_PRE + the frame being sent */
	size_t txlen;
	struct lws_protocols protos[2];
	char address[HOST_MAX + 110]; /* host name, or "+" and a socket path */
};

typedef struct url_parts {
	char host[HOST_MAX];	       /* as given to the resolver, without brackets */
	char authority[HOST_MAX + 16]; /* host[:port] for the Host header */
	char path[WS_URL_MAX];
	int port;
	int tls;
} url_parts;

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void ws_fail(ws_client *w, const char *why)
{
	if (!w->err[0])
		snprintf(w->err, sizeof(w->err), "%s", why);
	w->state = ST_CLOSED;
}

static void ws_tick(lws_sorted_usec_list_t *sul)
{
	ws_client *w = lws_container_of(sul, ws_client, tick);

	lws_sul_schedule(w->ctx, 0, &w->tick, ws_tick, TICK_US);
}

/* Appends received bytes; a whole frame goes to the queue. */
static int ws_take(ws_client *w, struct lws *wsi, const char *in, size_t len)
{
	frame *f;
	char *grown;

	if (lws_frame_is_binary(wsi)) {
		ws_fail(w, "the server sent a binary frame");
		return -1;
	}
	if (w->rxlen + len > WS_FRAME_MAX) {
		ws_fail(w, "the server sent a frame over 4 MiB");
		return -1;
	}
	if (w->rxlen + len + 1 > w->rxcap) {
		size_t cap = w->rxcap ? w->rxcap : 4096;

		while (cap < w->rxlen + len + 1)
			cap *= 2;
		if (!(grown = realloc(w->rx, cap)))
			goto error;
		w->rx = grown;
		w->rxcap = cap;
	}
	memcpy(w->rx + w->rxlen, in, len);
	w->rxlen += len;
	w->rx[w->rxlen] = '\0';
	if (!lws_is_final_fragment(wsi) || lws_remaining_packet_payload(wsi))
		return 0;
	if (w->queued >= QUEUE_MAX) {
		ws_fail(w, "the server sent more than we could read");
		return -1;
	}
	if (!(f = calloc(1, sizeof(*f))))
		goto error;
	f->text = w->rx;
	w->rx = NULL;
	w->rxlen = w->rxcap = 0;
	if (w->tail)
		w->tail->next = f;
	else
		w->head = f;
	w->tail = f;
	w->queued++;
	return 0;
error:
	ws_fail(w, "out of memory");
	return -1;
}

static int ws_writable(ws_client *w, struct lws *wsi)
{
	unsigned char *buf = w->tx;
	size_t len = w->txlen;
	int n;

	if (w->closing) {
		lws_close_reason(wsi, LWS_CLOSE_STATUS_NORMAL, NULL, 0);
		return -1;
	}
	if (!buf)
		return 0;
	/* lws keeps what the socket did not take yet, so the buffer can go now. */
	n = lws_write(wsi, buf + LWS_PRE, len, LWS_WRITE_TEXT);
	free(buf);
	w->tx = NULL;
	w->txlen = 0;
	if (n < (int)len) {
		ws_fail(w, "sending failed");
		return -1;
	}
	return 0;
}

static int ws_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
		       size_t len)
{
	ws_client *w = lws_context_user(lws_get_context(wsi));

	if (!w)
		return 0;
	switch (reason) {
	case LWS_CALLBACK_CLIENT_ESTABLISHED:
		w->state = ST_OPEN;
		break;
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
		ws_fail(w, in ? (const char *)in : "connection failed");
		w->wsi = NULL;
		break;
	case LWS_CALLBACK_CLIENT_RECEIVE:
		return ws_take(w, wsi, in, len);
	case LWS_CALLBACK_CLIENT_WRITEABLE:
		return ws_writable(w, wsi);
	case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
		ws_fail(w, "the server closed the connection");
		break;
	case LWS_CALLBACK_CLIENT_CLOSED:
		ws_fail(w, "the connection closed");
		w->wsi = NULL;
		break;
	default:
		break;
	}
	return 0;
}

/* ws[s]://host[:port][/path]; the path defaults to /admin. No user info, no fragment. */
static int ws_parse_url(const char *url, url_parts *u, char *err, size_t errsz)
{
	const char *p, *end;

	memset(u, 0, sizeof(*u));
	if (strlen(url) >= WS_URL_MAX)
		goto error;
	if (!strncmp(url, "ws://", 5)) {
		p = url + 5;
		u->port = 80;
	} else if (!strncmp(url, "wss://", 6)) {
		p = url + 6;
		u->port = 443;
		u->tls = 1;
	} else {
		goto error;
	}
	end = p + strcspn(p, "/?#");
	if (memchr(p, '@', (size_t)(end - p)) ||
	    hostport_parse(p, (size_t)(end - p), u->host, sizeof(u->host), &u->port, 0))
		goto error;
	snprintf(u->authority, sizeof(u->authority), "%.*s", (int)(end - url - (u->tls ? 6 : 5)),
		 url + (u->tls ? 6 : 5));
	if (*end == '\0')
		snprintf(u->path, sizeof(u->path), "/admin");
	else if (*end == '/' && !strchr(end, '#'))
		snprintf(u->path, sizeof(u->path), "%s", end);
	else
		goto error;
	return 0;
error:
	snprintf(err, errsz, "bad URL '%.200s': expected ws://host:port/path or wss://...", url);
	return -1;
}

int ws_check_url(const char *url, char *err, size_t errsz)
{
	url_parts u;

	return ws_parse_url(url, &u, err, errsz);
}

static int is_connecting_done(const ws_client *w)
{
	return w->state != ST_CONNECTING;
}

static int is_sent(const ws_client *w)
{
	return !w->tx || w->state == ST_CLOSED;
}

static int has_frame(const ws_client *w)
{
	return w->head || w->state == ST_CLOSED;
}

static int is_closed(const ws_client *w)
{
	return w->state == ST_CLOSED;
}

static void ws_pump(ws_client *w, long long deadline, int (*done)(const ws_client *))
{
	while (!done(w) && now_ms() < deadline) {
		if (lws_service(w->ctx, 0) < 0) {
			ws_fail(w, "the connection broke");
			break;
		}
	}
}

static int ws_context(ws_client *w, const ws_target *t, int tls)
{
	struct lws_context_creation_info info;

	w->protos[0].name = t->protocol;
	w->protos[0].callback = ws_callback;
	memset(&info, 0, sizeof(info));
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = w->protos;
	info.user = w;
	info.gid = -1;
	info.uid = -1;
	info.fd_limit_per_thread = 16; /* one connection; keeps lws's tables small */
	if (tls) {
		info.options |= LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
		info.client_ssl_ca_filepath = t->ca_file;
	}
	if (!(w->ctx = lws_create_context(&info)))
		return -1;
	lws_sul_schedule(w->ctx, 0, &w->tick, ws_tick, TICK_US);
	return 0;
}

ws_client *ws_open(const ws_target *t, int timeout_ms, char *err, size_t errsz)
{
	struct lws_client_connect_info ci;
	long long deadline = now_ms() + timeout_ms;
	url_parts u;
	ws_client *w = NULL;

	lws_set_log_level(0, NULL);
	if (ws_parse_url(t->url ? t->url : "ws://localhost/admin", &u, err, errsz))
		return NULL;
	if (t->unix_path && strlen(t->unix_path) > 107) {
		snprintf(err, errsz, "socket path too long (at most 107 bytes)");
		return NULL;
	}
	if (!(w = calloc(1, sizeof(*w))))
		goto error;
	if (ws_context(w, t, u.tls && !t->unix_path)) {
		snprintf(w->err, sizeof(w->err), "cannot set up the WebSocket library");
		goto error;
	}
	if (t->unix_path)
		snprintf(w->address, sizeof(w->address), "+%s", t->unix_path);
	else
		snprintf(w->address, sizeof(w->address), "%s", u.host);
	memset(&ci, 0, sizeof(ci));
	ci.context = w->ctx;
	ci.address = w->address;
	ci.port = u.port;
	ci.path = u.path;
	ci.host = t->unix_path ? "localhost" : u.authority;
	ci.protocol = t->protocol;
	ci.ssl_connection = u.tls && !t->unix_path ? LCCSCF_USE_SSL : 0;
	ci.pwsi = &w->wsi;
	if (!lws_client_connect_via_info(&ci))
		ws_fail(w, "connection failed");
	ws_pump(w, deadline, is_connecting_done);
	if (w->state == ST_OPEN)
		return w;
	if (w->state == ST_CONNECTING)
		snprintf(w->err, sizeof(w->err), "no answer within %d s", timeout_ms / 1000);
error:
	snprintf(err, errsz, "%s", w && w->err[0] ? w->err : "out of memory");
	ws_close(w);
	return NULL;
}

int ws_send(ws_client *w, const char *text, size_t len, int timeout_ms)
{
	if (w->state != ST_OPEN || !w->wsi)
		return WS_CLOSED;
	free(w->tx);
	if (!(w->tx = malloc(LWS_PRE + len + 1))) {
		ws_fail(w, "out of memory");
		return WS_CLOSED;
	}
	memcpy(w->tx + LWS_PRE, text, len);
	w->txlen = len;
	lws_callback_on_writable(w->wsi);
	ws_pump(w, now_ms() + timeout_ms, is_sent);
	if (w->state == ST_CLOSED)
		return WS_CLOSED;
	return w->tx ? WS_TIMEOUT : WS_OK;
}

int ws_recv(ws_client *w, int timeout_ms, char **text)
{
	frame *f;

	*text = NULL;
	if (!w->head && w->state == ST_OPEN)
		ws_pump(w, now_ms() + timeout_ms, has_frame);
	if (!(f = w->head))
		return w->state == ST_CLOSED ? WS_CLOSED : WS_TIMEOUT;
	w->head = f->next;
	if (!w->head)
		w->tail = NULL;
	w->queued--;
	*text = f->text;
	free(f);
	return WS_OK;
}

const char *ws_error(const ws_client *w)
{
	return w->err[0] ? w->err : "the connection closed";
}

void ws_close(ws_client *w)
{
	frame *f;

	if (!w)
		return;
	if (w->ctx && w->state == ST_OPEN && w->wsi) {
		w->closing = 1;
		lws_callback_on_writable(w->wsi);
		ws_pump(w, now_ms() + CLOSE_WAIT_MS, is_closed);
	}
	if (w->ctx)
		lws_context_destroy(w->ctx);
	while ((f = w->head)) {
		w->head = f->next;
		free(f->text);
		free(f);
	}
	free(w->rx);
	free(w->tx);
	free(w);
}
