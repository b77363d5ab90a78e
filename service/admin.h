/* The admin socket's protocol (passerelle-admin.v1): facilitators moderate rooms. Requests
 * that change something run in one script that also appends the audit entry. */
#ifndef PASSERELLE_ADMIN_H
#define PASSERELLE_ADMIN_H

#include <stddef.h>

#include "hub.h"

/* One whole text frame from an admin connection. */
void admin_on_message(conn *c, const char *text, size_t len);

#endif
