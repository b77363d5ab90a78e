/* A small blocking WebSocket client for passerelle-admin, over libwebsockets' own poll loop.
 *
 * One connection per client. ws_open() returns a client that the caller owns and releases
 * with ws_close() (which accepts NULL). Frames returned by ws_recv() are NUL-terminated text
 * allocated with malloc(); the caller owns them and frees them with free(). Error texts are
 * written into the caller's buffer.
 */
#ifndef PASSERELLE_CLI_WS_H
#define PASSERELLE_CLI_WS_H

#include <stddef.h>

#define WS_FRAME_MAX (4u << 20) /* biggest frame accepted from the server */
#define WS_URL_MAX 1024

enum ws_status {
	WS_OK = 0,
	WS_TIMEOUT = -1, /* nothing within the time given; the connection is still usable */
	WS_CLOSED = -2,	 /* the server closed the connection or it broke */
};

typedef struct ws_client ws_client;

/* Where to connect: url is ws://host[:port][/path] or wss://...; when unix_path is set the
 * connection goes to that Unix socket instead, with the path of url or "/admin". ca_file is
 * an optional PEM bundle for wss. */
typedef struct ws_target {
	const char *url;
	const char *unix_path;
	const char *ca_file;
	const char *protocol; /* WebSocket subprotocol */
} ws_target;

/* 0 when url is a ws:// or wss:// URL that ws_open() accepts, else -1 with the reason. */
int ws_check_url(const char *url, char *err, size_t errsz);

/* Connects and completes the handshake within timeout_ms. NULL on failure, with the reason
 * in err. */
ws_client *ws_open(const ws_target *t, int timeout_ms, char *err, size_t errsz);

/* Sends one text frame; WS_OK once lws has taken it. */
int ws_send(ws_client *w, const char *text, size_t len, int timeout_ms);

/* Waits up to timeout_ms for the next text frame; WS_OK with *frame set (caller frees). */
int ws_recv(ws_client *w, int timeout_ms, char **frame);

/* Why the connection ended, once ws_send/ws_recv returned WS_CLOSED. */
const char *ws_error(const ws_client *w);

/* Closes politely (bounded wait) and frees everything. NULL is fine. */
void ws_close(ws_client *w);

#endif
