/* Presence in Redis: which users are in which room, through which node. Each node renews a
 * heartbeat; any node clears a dead node's entries and tells the rooms who left. */
#ifndef PASSERELLE_PRESENCE_H
#define PASSERELLE_PRESENCE_H

#include <uv.h>

int presence_init(uv_loop_t *loop, const char *node, long ttl_s);
void presence_shutdown(void);
/* One connection of uid here left room (fire and forget; a failure is mended by the next
 * resync). by_choice: a leave or a kick, after which the person's raised hand and floor go
 * too; a dropped connection keeps them for the person's return. */
void presence_leave(const char *room, const char *uid, int by_choice);
/* Rewrites this node's presence in Redis from the live state (after a reconnect). */
void presence_sync(void);

#endif
