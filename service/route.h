/* Request routes: a request type, its field table, who may send it and its handler; and the
 * decoding of one frame against a route table, which does no I/O and needs no connection. */
#ifndef PASSERELLE_ROUTE_H
#define PASSERELLE_ROUTE_H

#include <stddef.h>

#include <jansson.h>

#include "validate.h"

typedef struct conn conn;
struct store_answer;

typedef void (*handler_fn)(conn *c, json_t *re, json_t *body);

/* An admin-family script: every one takes the actor, the action, an id for what it creates,
 * the actor's token id and the route's args (the shape of script_admin in store_admin.h). */
typedef void (*admin_run_fn)(void (*cb)(const struct store_answer *a, void *priv), void *priv,
			     const char *actor_id, const char *actor_name, const char *action,
			     const char *new_id, const char *jti, size_t nfields,
			     const char *const *fields);

/* One request type: its fields, whether it is allowed before auth, its handler. */
typedef struct route {
	const char *type;
	const v_field *fields;
	int open; /* allowed before authentication */
	handler_fn fn;
	int admin_only;	     /* role admin required */
	const char *args[6]; /* admin: fields passed to the admin script, in order */
	admin_run_fn run;    /* admin_script: the script (NULL: admin.lua) */
} route;

/* The participant socket's routes (routes.c) and the admin socket's (admin_routes.c). */
extern const route core_routes[];
extern const size_t core_nroutes;
extern const route admin_routes[];
extern const size_t admin_nroutes;

/* The route of type, or NULL. */
const route *route_find(const route *routes, size_t n, const char *type);

/* Who may send a request of r: NULL when a connection that is signed in (authed) with role
 * may, else the error code ("unauthorized", "forbidden") to answer. */
const char *route_refusal(const route *r, int authed, const char *role);

/* One decoded request. body is owned; re is borrowed from body. */
typedef struct decoded {
	json_t *body;
	json_t *re;
	const route *route;
	char err[160]; /* why decoding failed */
} decoded;

/* Parses text as a JSON object, drops null members (null means absent), reads the request
 * id, finds the route and checks the fields. Returns 0 with d filled, or -1 with d->err (and
 * d->re when the id could be read). Either way call decoded_clear(). */
int decode_request(const char *text, size_t len, const route *routes, size_t n, decoded *d);
/* Drops d's reference on the body; accepts a cleared or failed d. */
void decoded_clear(decoded *d);

#endif
