#include "keepalive.h"

void keepalive_start(keepalive *k, uint64_t now_ms, uint32_t ping_ms, uint32_t spread_ms,
		     uint32_t seed)
{
	/* Knuth's multiplicative hash spreads consecutive seeds over the window. */
	uint32_t share = spread_ms ? (uint32_t)((seed * 2654435761u) % spread_ms) : 0;

	k->heard_ms = now_ms;
	k->ping_after_ms = ping_ms + share;
	k->pinged = 0;
}

void keepalive_heard(keepalive *k, uint64_t now_ms)
{
	k->heard_ms = now_ms;
	k->pinged = 0;
}

enum keepalive_verdict keepalive_check(keepalive *k, uint64_t now_ms, uint32_t drop_ms)
{
	uint64_t quiet = now_ms > k->heard_ms ? now_ms - k->heard_ms : 0;

	if (quiet >= drop_ms)
		return KEEPALIVE_DROP;
	if (!k->pinged && quiet >= k->ping_after_ms) {
		k->pinged = 1;
		return KEEPALIVE_PING;
	}
	return KEEPALIVE_QUIET;
}
