/* The node's live state: connections, the rooms they joined, the users they belong to.
 * No socket I/O here: the socket layer registers a want_write hook, called when a frame is
 * due, and pulls frames with conn_next_frame() (at once, or when the socket is writeable). */
#ifndef PASSERELLE_HUB_H
#define PASSERELLE_HUB_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "frame.h"
#include "sizes.h"
#include "ratelimit.h"
#include "wsframe.h"

#define ROOM_RING 1024	     /* frames kept per room; a reader further behind is culled */
#define ROOM_RING_MIN 4	     /* a room's ring starts this small and doubles as readers lag */
#define CONN_QUEUE 1024	     /* direct frames (replies, personal events) per connection */
#define CONN_QUEUE_PAUSE 256 /* stop reading a connection's requests above this many */
#define CONN_MAX_ROOMS 32    /* rooms one connection may have joined at once */
#define CONN_IP_MAX 46	     /* INET6_ADDRSTRLEN */

typedef struct conn conn;
typedef struct room room;
typedef struct user user;

/* Ring entry: the frame plus what readers need to filter it without parsing it. The user a
 * 'p' or 't' event is about is the frame's about string. */
typedef struct room_entry {
	wsframe *f;
	uint64_t ms, seq; /* message id, for kind 'm' */
	event_kind kind;  /* EV_MESSAGE, EV_PRESENCE, EV_TYPING or EV_OTHER */
} room_entry;

typedef struct member {
	conn *c;
	room *r;
	uint64_t tail;		      /* next ring position this connection reads */
	uint64_t floor_ms, floor_seq; /* skip messages up to this id (already in join history) */
	int ready;		      /* join answered: frames flow */
	int watch;		      /* a facilitator watching: not shown in presence */
	int64_t typing_ms;	      /* last typing event relayed */
	uint64_t seen_ms, seen_seq;   /* newest message of the join answer */
	uint64_t serial; /* tells a new membership from an old one at the same address */
} member;

struct room {
	char id[ID_MAX + 1];
	room_entry *ring; /* owned; ringcap entries, a power of two up to ROOM_RING */
	size_t ringcap;
	uint64_t head;
	uint64_t last_ms, last_seq; /* newest message relayed: older ones are duplicates */
	member **members;
	size_t nmembers, cap;
};

struct user {
	char id[ID_MAX + 1];
	conn *conns; /* linked through conn->next_of_user */
	size_t nconns;
};

struct conn {
	int refs;
	int gone;	 /* the socket is closed: sends are dropped */
	int admin;	 /* on the admin listener */
	int pw_busy;	 /* a password check of this connection is under way */
	void *transport; /* the socket layer's handle */
	uint64_t serial;
	char ip[CONN_IP_MAX];
	frame_asm rx;
	/* authentication */
	int authed;
	char uid[ID_MAX + 1];
	char *name;	 /* owned; "" until signed in */
	char *shown;	 /* owned; the name others see (conn_show_as), NULL until told */
	char country[3]; /* of residence, as others see it; "" when unknown */
	char role[16];
	char jti[33];
	int64_t exp_ms;
	user *u;
	conn *next_of_user;
	/* direct frames */
	wsframe **q; /* a ring that grows to CONN_QUEUE as needed */
	unsigned qhead, qlen, qcap;
	wsframe *cur; /* the frame handed out by conn_next_frame */
	/* joined rooms */
	member **rooms; /* owned array, grown as rooms are joined */
	unsigned nrooms, roomcap, rr;
	/* closing: after the direct queue drains, close with this code */
	int close_code;
	const char *close_reason; /* a string with static storage */
};

typedef struct hub_transport {
	/* A frame is due on the connection. It may pull and write frames before it returns. */
	void (*want_write)(void *transport);
} hub_transport;

/* Sets up the node registry. Returns 0 or -1. */
int hub_init(const hub_transport *t, double say_burst, double say_rate);
void hub_shutdown(void);

/* --- connections (conn.c) --- */
/* New connection with one reference owned by the caller (the socket layer). */
conn *conn_new(void *transport, const char *ip);
conn *conn_ref(conn *c);
void conn_unref(conn *c);
/* Queues a frame (takes a new reference on f). Closes the connection 1008 when its queue is
 * full. Returns 0, or -1 if dropped. */
int conn_send(conn *c, wsframe *f);
/* Copies text into a new frame and queues it. */
int conn_send_text(conn *c, const char *text, size_t len);
/* Asks for a close with code once queued frames are written; reason must have static storage
 * (a literal). */
void conn_close(conn *c, int code, const char *reason);
/* Next frame to write, as a borrowed pointer valid until the next call; NULL when idle. */
wsframe *conn_next_frame(conn *c);
/* 1 when frames are waiting. */
int conn_pending(const conn *c);
/* The member record of room id on this connection, or NULL. */
member *conn_member(conn *c, const char *room_id);
/* The socket is gone: leaves rooms (presence), forgets the user, drops the socket's reference. */
void conn_gone(conn *c);
/* Binds an authenticated identity to the connection. Returns 0 or -1. */
int conn_login(conn *c, const char *uid, const char *name, const char *role, const char *jti,
	       int64_t exp_ms);
/* Forgets the identity and leaves every room. */
void conn_logout(conn *c);
/* After conn_login: how other participants see the person (the first name of someone under
 * 18, see user_obj in lib/common.lua) and their country. Copies both. Returns 0 or -1. */
int conn_show_as(conn *c, const char *shown, const char *country);
/* The name others see: the one given to conn_show_as, else the full name. Never NULL. */
const char *conn_shown_name(const conn *c);

/* --- rooms (room.c) --- */
/* Adds a not-yet-ready membership of c in room id (creating the local room). NULL when the
 * connection is in too many rooms or out of memory. */
member *room_enter(conn *c, const char *room_id);
/* Removes the membership; frees the local room when empty. */
void room_exit(member *m);
/* Marks the member ready, skipping messages up to floor (an id "ms-seq", or NULL); seen is the
 * newest message its join answer held (NULL: none). */
void room_ready(member *m, const char *floor_id, const char *seen_id);
/* Where to resume a room after the subscription was down: the newest message relayed, else
 * the oldest newest-message any member saw when joining (0-0 when none). */
void room_catchup_from(const room *r, uint64_t *ms, uint64_t *seq);
/* Appends a room event to the local room, if any member is here. arg is the message id of
 * an EV_MESSAGE, the uid of an EV_PRESENCE or EV_TYPING. */
void room_publish(const char *room_id, event_kind kind, const char *arg, const char *json,
		  size_t len);
/* Room by id, or NULL when no connection here has joined it. */
room *room_find(const char *room_id);
/* Parses "ms-seq". Returns 0 or -1. */
int room_parse_id(const char *s, uint64_t *ms, uint64_t *seq);

/* --- users (hub.c) --- */
/* The local user record, created on first use. NULL on no memory. */
user *hub_user(const char *uid);
/* Frees the user record once no connection uses it. */
void hub_user_release(user *u);
/* Frames for one user (all their connections here). */
void hub_user_send(const char *uid, const char *json, size_t len);
/* Sends json to every signed-in admin connection on this node. */
void hub_admin_send(const char *json, size_t len);
/* Removes the user's connections here from a room (kick, ban), sending them json first. */
void hub_user_kick(const char *uid, const char *room_id, const char *json, size_t len);
/* A new role: connections take it; admin ones of someone no longer staff are signed out. */
void hub_user_role(const char *uid, const char *role);
/* Applies a token revocation: connections using jti (every one of uid for "*") lose their
 * identity. */
void hub_user_revoke(const char *uid, const char *jti);
/* Wakes the socket layer for c. */
void hub_want_write(conn *c);
/* Takes one say token of uid on this node: 0, or the ms to wait. The bucket outlives the
 * user's connections, so signing in again does not refill it. */
int64_t hub_say_take(const char *uid, int64_t now_ms);
/* The socket layer counts its connections here. */
void hub_conn_counted(int delta);
/* Live numbers for metrics. */
size_t hub_conn_count(void);
size_t hub_room_count(void);
/* Calls fn for every member of every local room (presence resync). */
void hub_each_member(void (*fn)(member *m, void *arg), void *arg);
/* Calls fn for every signed-in connection here. fn must not sign it out. */
void hub_each_conn(void (*fn)(conn *c, void *arg), void *arg);
/* Calls fn for every local room. fn must not remove rooms. */
void hub_each_room(void (*fn)(room *r, void *arg), void *arg);

#endif
