/*
 * proto.h: what each chat protocol the load generator speaks sends and
 * recognises: passerelle (JSON over /ws), socketio (Engine.IO v4 and
 * Socket.IO over a WebSocket) and mirror (libwebsockets' lws-mirror-protocol).
 *
 * A connection walks the stages OPENING -> SIGNING_IN -> JOINING -> READY
 * (a protocol skips the ones it has no use for). Every message the
 * generator sends carries the text "L <sender> <seq> <sched_us>"; a
 * delivery is recognised by scanning a frame for that marker, never by a
 * full JSON parse, so that one client process can count 100,000 a second.
 *
 * Ownership: nothing here allocates or keeps a pointer. Every buffer is the
 * caller's; text written to out is not NUL-terminated unless said.
 */
#ifndef PASSERELLE_LOAD_PROTO_H
#define PASSERELLE_LOAD_PROTO_H

#include <stddef.h>
#include <stdint.h>

enum proto_kind { PROTO_PASSERELLE, PROTO_SOCKETIO, PROTO_MIRROR };

enum proto_stage { PROTO_OPENING, PROTO_SIGNING_IN, PROTO_JOINING, PROTO_READY };

/* What proto_start and proto_on_text ask the caller to do. */
enum proto_event {
	PROTO_NOTHING,
	PROTO_REPLY,	  /* send out[0..*outlen) as a text frame */
	PROTO_JOINED,	  /* the connection is in its room: stage is READY */
	PROTO_DELIVERY,	  /* *d holds a delivered chat message */
	PROTO_SEND_ERROR, /* the server refused a message; a reason is in out */
	PROTO_FAILED,	  /* sign-in or join refused; a reason is in out */
};

struct proto_conf {
	int kind;
	const char *prefix;	 /* e-mail of connection i: <prefix><i>@bench.invalid */
	const char *password;	 /* the same for every account */
	const char *room_prefix; /* room r: <room_prefix><r> */
};

struct delivery {
	uint32_t sender, seq;
	uint64_t sched_us;
};

/* The kind named name ("passerelle", "socketio", "mirror"), or -1. */
int proto_kind_of(const char *name);

/* The subprotocol to ask for in the upgrade, or NULL for none. */
const char *proto_subprotocol(int kind);

/*
 * Writes the request path (NUL-terminated) for a connection of room into
 * out: url_path (as given in the URL, "" or "/" for none) for passerelle,
 * with /ws when there was none. Returns 0, or -1 if it does not fit.
 */
int proto_path(const struct proto_conf *pc, const char *url_path, uint32_t room, char *out,
	       size_t cap);

/*
 * Called once the upgrade is done, for connection index of room: sets
 * *stage and returns PROTO_REPLY (first text in out), PROTO_NOTHING (wait
 * for the server) or PROTO_JOINED (nothing to sign in or join).
 */
int proto_start(const struct proto_conf *pc, int *stage, uint32_t index, uint32_t room, char *out,
		size_t cap, size_t *outlen);

/*
 * Handles one text frame of len bytes; may move *stage. Returns an enum
 * proto_event; for PROTO_REPLY, PROTO_SEND_ERROR and PROTO_FAILED out holds
 * *outlen bytes, for PROTO_DELIVERY *d is set.
 */
int proto_on_text(const struct proto_conf *pc, int *stage, uint32_t room, const char *text,
		  size_t len, char *out, size_t cap, size_t *outlen, struct delivery *d);

/*
 * Writes one chat message (the payload of a text frame) for room into out;
 * id numbers requests where the protocol has them. Returns its length, or
 * 0 if it does not fit.
 */
size_t proto_say(const struct proto_conf *pc, uint32_t room, uint32_t id, uint32_t sender,
		 uint32_t seq, uint64_t sched_us, char *out, size_t cap);

/*
 * Reads "L <sender> <seq> <sched_us>" at p (at most len bytes; the number
 * ends at any non-digit). Returns 1 with *d set, or 0.
 */
int proto_parse_marker(const char *p, size_t len, struct delivery *d);

#endif
