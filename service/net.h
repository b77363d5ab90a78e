/* The socket layer: libwebsockets vhosts on the shared libuv loop. Thin callbacks that hand
 * whole frames to the core and write what the core queued, at once when nothing is held back
 * for the socket, else when it is writeable. */
#ifndef PASSERELLE_NET_H
#define PASSERELLE_NET_H

#include <stddef.h>

#include <uv.h>

#include "config.h"

/* Creates the context and listeners. Returns 0, or -1 with a reason in err. */
int net_start(const config *cfg, uv_loop_t *loop, char *err, size_t errsz);
/* Sends close 1001 to every WebSocket (first step of a graceful stop). */
void net_close_all(void);
/* Destroys the context; call once inside the loop, then net_finish() after uv_run returns. */
void net_stop(void);
void net_finish(void);

#endif
