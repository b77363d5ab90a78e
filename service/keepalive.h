/*
 * keepalive.h: when to ping a quiet WebSocket and when to give up on it. No I/O and no
 * clock: the caller passes the time in and does what the verdict says.
 *
 * One sweep over every connection now and then replaces a timer per connection: lws's own
 * idle timers sit in one sorted list that every re-arm walks from the head, which made a
 * round of pings over thousands of sockets cost time in the square of their number.
 *
 * Ownership: the caller owns the struct (embedded per connection); nothing allocates.
 */
#ifndef PASSERELLE_KEEPALIVE_H
#define PASSERELLE_KEEPALIVE_H

#include <stdint.h>

typedef struct keepalive {
	uint64_t heard_ms;	/* the peer's last frame (any kind) */
	uint32_t ping_after_ms; /* silence before a ping, spread per connection */
	int pinged;		/* a ping went out since the peer was last heard */
} keepalive;

enum keepalive_verdict { KEEPALIVE_QUIET, KEEPALIVE_PING, KEEPALIVE_DROP };

/* Starts the clock at now_ms. The ping comes after ping_ms plus a share of spread_ms chosen
 * by seed, so connections opened together are not pinged together. */
void keepalive_start(keepalive *k, uint64_t now_ms, uint32_t ping_ms, uint32_t spread_ms,
		     uint32_t seed);

/* The peer sent something (a message, a pong): it is alive. */
void keepalive_heard(keepalive *k, uint64_t now_ms);

/* What to do at now_ms: DROP after drop_ms of silence; PING once after the ping delay
 * (then QUIET until the peer is heard again); else QUIET. */
enum keepalive_verdict keepalive_check(keepalive *k, uint64_t now_ms, uint32_t drop_ms);

#endif
