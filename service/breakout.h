/* Breakout groups of a session room: the admin requests that start one (the grouping runs
 * here, between two script calls), the participant's call for help, and the timer that
 * warns and ends breakouts on time (any node may; each step is one script run). */
#ifndef PASSERELLE_BREAKOUT_H
#define PASSERELLE_BREAKOUT_H

#include <jansson.h>
#include <uv.h>

#include "config.h"
#include "hub.h"

struct store_answer;

/* admin breakout.start: groups of the people present, or a given assignment. */
void admin_breakout_start(conn *c, json_t *re, json_t *body);
/* participant breakout.help {room: group}. */
void handle_breakout_help(conn *c, json_t *re, json_t *body);

/* breakout.lua's run function (generated in store_admin.h), for the route table, which is
 * built without the generated headers. */
void script_breakout(void (*cb)(const struct store_answer *a, void *priv), void *priv,
		     const char *actor_id, const char *actor_name, const char *action,
		     const char *new_id, const char *jti, size_t nfields,
		     const char *const *fields);

/* The breakouts' timed steps (the warning, the end) that are due: run by core's clock every
 * second on every node; each step is claimed atomically, so it happens once. */
void breakout_tick(void);

#endif
