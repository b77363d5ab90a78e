/*
 * ws.h: the client side of WebSocket (RFC 6455) for the load generator.
 *
 * Nothing here does I/O. The caller reads bytes from its socket, feeds them
 * to a ws_reader and pulls whole frames out; it writes what ws_frame_write
 * and ws_request_write put in its buffers. Like hiredis' reader, an error is
 * sticky: the reader keeps its code and a short text in err/errstr, and
 * every later call fails the same way.
 *
 * Ownership: a ws_reader owns its two buffers (the tail of a frame not
 * whole yet, and a fragmented message being put together); ws_reader_free
 * releases them and accepts NULL. Fed bytes are not copied while they can be
 * parsed where they are: the caller's buffer must stay as it is until
 * ws_reader_next has returned 0 or -1, and only what is left of a partial
 * frame is then copied in (so 10,000 readers that are drained hold next to
 * nothing). A frame's payload points into the caller's bytes or the
 * reader's and stays valid until the next ws_reader_feed, ws_reader_next,
 * ws_reader_peek or ws_reader_free. Every other buffer belongs to the caller.
 */
#ifndef PASSERELLE_LOAD_WS_H
#define PASSERELLE_LOAD_WS_H

#include <stddef.h>
#include <stdint.h>

enum ws_opcode {
	WS_CONT = 0x0,
	WS_TEXT = 0x1,
	WS_BINARY = 0x2,
	WS_CLOSE = 0x8,
	WS_PING = 0x9,
	WS_PONG = 0xA,
};

enum ws_err {
	WS_OK = 0,
	WS_ERR_PROTOCOL, /* a frame the RFC forbids (bad opcode, RSV bits, mask...) */
	WS_ERR_TOO_BIG,	 /* a message over the reader's limit */
	WS_ERR_OOM,
};

/* A whole frame, or a whole message put together from its fragments. */
struct ws_frame {
	int opcode; /* WS_TEXT, WS_BINARY or a control opcode; never WS_CONT */
	const uint8_t *payload;
	size_t len;
};

struct ws_reader {
	const uint8_t *data; /* bytes fed, not yet consumed: data[pos..len); buf or the caller's */
	size_t pos, len;
	uint8_t *buf; /* owned copy of a partial frame */
	size_t cap;
	uint8_t *msg; /* fragments of a message in progress */
	size_t msg_len, msg_cap;
	int msg_op; /* opcode of the message in progress, 0 when none */
	size_t max; /* largest message accepted */
	int err;
	char errstr[80];
};

/* Sets up a reader that accepts messages up to max bytes. Allocates nothing. */
void ws_reader_init(struct ws_reader *r, size_t max);

/* Releases the reader's buffers; r may be NULL. The reader may be reused after init. */
void ws_reader_free(struct ws_reader *r);

/*
 * Gives the reader len more bytes (see Ownership). Returns 0, or -1 (err
 * set) when out of memory or after an error.
 */
int ws_reader_feed(struct ws_reader *r, const void *data, size_t len);

/*
 * Bytes fed and not yet consumed (for the handshake, read before any frame),
 * copied into the reader first so that they outlive the caller's buffer.
 * NULL with *len 0 when out of memory.
 */
const uint8_t *ws_reader_peek(struct ws_reader *r, size_t *len);

/* Drops n bytes returned by ws_reader_peek. */
void ws_reader_consume(struct ws_reader *r, size_t n);

/*
 * Pulls the next frame. Returns 1 with *f filled, 0 when more bytes are
 * needed, -1 on an error (r->err, r->errstr). Control frames come out as
 * soon as they are whole, even between the fragments of a message.
 */
int ws_reader_next(struct ws_reader *r, struct ws_frame *f);

/* Largest header ws_frame_write adds in front of a payload. */
#define WS_MAX_HEADER 14

/*
 * Writes one final, masked client frame (opcode, payload) with mask key
 * mask into out. Returns the bytes written, or 0 if cap is too small.
 */
size_t ws_frame_write(uint8_t *out, size_t cap, int opcode, const void *payload, size_t len,
		      uint32_t mask);

/* Writes a fresh random Sec-WebSocket-Key (24 characters and a NUL) into key. */
void ws_key_make(char key[25]);

/* Writes the Sec-WebSocket-Accept value for key (28 characters and a NUL) into out. */
void ws_accept_for(const char *key, char out[29]);

/*
 * Writes the HTTP/1.1 upgrade request for host (with port), path and key
 * into out; protocol NULL asks for no subprotocol. Returns its length, or
 * 0 if it does not fit in cap.
 */
size_t ws_request_write(char *out, size_t cap, const char *host, const char *path,
			const char *protocol, const char *key);

/*
 * Reads the server's answer to the upgrade from buf[0..len). Returns the
 * bytes the answer took (frames may follow in buf), 0 when it is not whole
 * yet, or -1 with a reason in errstr (size errcap): not 101, a wrong or
 * missing Sec-WebSocket-Accept, no "Upgrade: websocket", or (when protocol
 * is not NULL) a different Sec-WebSocket-Protocol.
 */
long ws_response_parse(const char *buf, size_t len, const char *key, const char *protocol,
		       char *errstr, size_t errcap);

#endif
