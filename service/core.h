/* The participant protocol core: decoded frames in, replies and events out through the hub.
 * It does no socket I/O; the socket layer calls these entry points. */
#ifndef PASSERELLE_CORE_H
#define PASSERELLE_CORE_H

#include <stddef.h>

#include <jansson.h>
#include <uv.h>

#include "config.h"
#include "hub.h"
#include "route.h"

/* Settings and loop shared by the handlers. */
extern const config *core_cfg;
extern uv_loop_t *core_loop;

/* Returns 0, or -1 with a one-line reason in err. */
int core_init(const config *cfg, uv_loop_t *loop, char *err, size_t errsz);
void core_shutdown(void);
/* One whole text frame from c. */
void core_on_message(conn *c, const char *text, size_t len);
/* A frame over the size cap: error too_large, then close 1009. */
void core_on_too_large(conn *c);
/* Redis events and state changes (store hooks). */
void core_on_event(const char *channel, const char *payload, size_t len);
void core_on_store_up(void);
void core_on_sub_up(void);

/* An asynchronous request in flight: keeps the connection and the request alive. */
typedef struct request {
	conn *c;
	json_t *re;
	json_t *body;
} request;

/* References c, re (NULL ok) and body. NULL on no memory. */
request *request_new(conn *c, json_t *re, json_t *body);
/* Drops the references; accepts NULL. */
void request_free(request *rq);
/* 1 when the connection can still receive the answer. */
int request_live(const request *rq);

/* Decodes, validates and dispatches one frame through a route table. */
void core_dispatch(conn *c, const char *text, size_t len, const route *routes, size_t n);
void handle_ping(conn *c, json_t *re, json_t *body);

/* handle_account.c */
void handle_register(conn *c, json_t *re, json_t *body);
void handle_login(conn *c, json_t *re, json_t *body);
void handle_auth(conn *c, json_t *re, json_t *body);
void handle_logout(conn *c, json_t *re, json_t *body);
void handle_account_delete(conn *c, json_t *re, json_t *body);
/* handle_profile.c */
void handle_profile_get(conn *c, json_t *re, json_t *body);
void handle_profile_set(conn *c, json_t *re, json_t *body);
void handle_account_export(conn *c, json_t *re, json_t *body);
void handle_consent_set(conn *c, json_t *re, json_t *body);
/* handle_room.c */
void handle_rooms_list(conn *c, json_t *re, json_t *body);
void handle_join(conn *c, json_t *re, json_t *body);
/* join, or with watch a facilitator's room.watch (no presence, no access checks). */
void room_join(conn *c, json_t *re, json_t *body, int watch);
void handle_leave(conn *c, json_t *re, json_t *body);
void handle_history(conn *c, json_t *re, json_t *body);
/* recheck.c: revocations, roles and bans missed while the subscription was down. */
void recheck_sessions(void);
/* Answers a request on a room this connection has not joined: not_found or forbidden. */
void room_not_joined(conn *c, json_t *re, json_t *body, const char *room_id);
/* A request on a room this connection joined: the new request, or NULL once answered
 * (not joined, no memory). */
request *room_request(conn *c, json_t *re, json_t *body, const char *room);
/* handle_polls.c: poll.vote, poll.list; admin poll.create checks its options, then runs
 * polls.lua through admin_script(). */
void handle_poll_vote(conn *c, json_t *re, json_t *body);
void handle_poll_list(conn *c, json_t *re, json_t *body);
void admin_poll_create(conn *c, json_t *re, json_t *body);
/* The admin routes' run for poll requests: polls.lua (an admin_run_fn). */
void polls_script(void (*cb)(const struct store_answer *a, void *priv), void *priv,
		  const char *actor_id, const char *actor_name, const char *action,
		  const char *new_id, const char *jti, size_t nfields, const char *const *fields);
/* handle_match.c */
void handle_match_request(conn *c, json_t *re, json_t *body);
void handle_match_status(conn *c, json_t *re, json_t *body);
void handle_match_cancel(conn *c, json_t *re, json_t *body);
void handle_match_offers(conn *c, json_t *re, json_t *body);
void handle_match_accept(conn *c, json_t *re, json_t *body);
void handle_match_decline(conn *c, json_t *re, json_t *body);
/* handle_chat.c */
void handle_say(conn *c, json_t *re, json_t *body);
void handle_typing(conn *c, json_t *re, json_t *body);
/* handle_safety.c */
void handle_report(conn *c, json_t *re, json_t *body);
/* handle_session.c: live sessions (agenda, timer, hands, floor). */
void handle_session_get(conn *c, json_t *re, json_t *body);
void handle_hand_raise(conn *c, json_t *re, json_t *body);
void handle_hand_lower(conn *c, json_t *re, json_t *body);
/* Admin agenda.set: checks and normalises the items, then runs it like admin_script. */
void admin_agenda_set(conn *c, json_t *re, json_t *body);
/* Ends the room timers that are due: run by core's clock every second on every node; each
 * timer is claimed atomically, so its timer.ended goes out once. */
void session_timers_tick(void);

#endif
