/* The one parser of "host[:port]" (host may be an IPv6 address in brackets), shared by the
 * listen addresses, the Redis url and the admin CLI's ws:// url. No I/O. */
#ifndef PASSERELLE_HOSTPORT_H
#define PASSERELLE_HOSTPORT_H

#include <stddef.h>

#define HOSTPORT_NEED_PORT 1 /* a port must be given */
#define HOSTPORT_ANY_HOST 2  /* the host may be empty (a listener on every address) */
#define HOSTPORT_PORT_ZERO 4 /* port 0 is allowed (the system picks one) */

/* Splits the len bytes at s into host (brackets dropped; "" when empty) and *port (kept as
 * given when no port is there). The port is decimal digits only, at most 65535. Returns 0,
 * or -1 when s is not such an address under flags or the host does not fit hostsz. */
int hostport_parse(const char *s, size_t len, char *host, size_t hostsz, int *port, unsigned flags);

#endif
