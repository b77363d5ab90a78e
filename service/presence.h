/* Presence in Redis: which users are in which room, through which node. Each node renews a
 * heartbeat; any node clears a dead node's entries and tells the rooms who left. */
#ifndef PASSERELLE_PRESENCE_H
#define PASSERELLE_PRESENCE_H

#include <uv.h>

int presence_init(uv_loop_t *loop, const char *node, long ttl_s);
void presence_shutdown(void);
/* One connection of uid here left room (fire and forget; a failure is mended by the next
 * resync). */
void presence_leave(const char *room, const char *uid);
/* Rewrites this node's presence in Redis from the live state (after a reconnect). */
void presence_sync(void);

#endif
