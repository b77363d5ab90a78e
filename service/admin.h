/* The admin socket's protocol (passerelle-admin.v1): facilitators moderate rooms. Requests
 * that change something run in one script that also appends the audit entry. */
#ifndef PASSERELLE_ADMIN_H
#define PASSERELLE_ADMIN_H

#include <stddef.h>

#include <jansson.h>

#include "hub.h"
#include "validate.h"

/* One whole text frame from an admin connection. */
void admin_on_message(conn *c, const char *text, size_t len);

/* Handlers of admin_routes (admin_routes.c). */
void admin_auth(conn *c, json_t *re, json_t *body);
void admin_script(conn *c, json_t *re, json_t *body);
void admin_watch(conn *c, json_t *re, json_t *body);
void admin_create(conn *c, json_t *re, json_t *body);
void admin_delete(conn *c, json_t *re, json_t *body);
void admin_unwatch(conn *c, json_t *re, json_t *body);
/* The admin scripts of their own that routes name (run): generated into store_admin.h,
 * declared here too so that the route tables build without the generated headers. */
struct store_answer;
void script_session(void (*cb)(const struct store_answer *a, void *priv), void *priv,
		    const char *actor_id, const char *actor_name, const char *action,
		    const char *new_id, const char *jti, size_t nfields, const char *const *fields);
/* message.delete's `id` form (admin_routes.c). */
extern const v_field admin_f_delete_id[];

#endif
