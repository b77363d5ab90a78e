/* The admin requests of programme impact (docs/impact.md): cohort tags (cohort.set,
 * cohort.clear, cohort.list) and the reports report.sessions and report.cohort, whose
 * figures are computed here from the facts impact.lua reads. */
#ifndef PASSERELLE_IMPACT_ADMIN_H
#define PASSERELLE_IMPACT_ADMIN_H

#include <jansson.h>

#include "hub.h"

struct store_answer;

#define COHORT_IDS_MAX 500 /* rooms, and people, per cohort.set or cohort.clear */

/* cohort.set {cohort, rooms?, users?} and cohort.clear {rooms?, users?}: the name and the ids
 * checked, the id lists passed to cohort.lua as comma lists. */
void admin_cohort_set(conn *c, json_t *re, json_t *body);

/* report.sessions {from?, to?, cohort?, region?, room?} and report.cohort {cohort, from?,
 * to?, region?}: the facts from impact.lua, the figures from impact_report.h. */
void admin_report(conn *c, json_t *re, json_t *body);

/* cohort.lua's run function (generated in store_admin.h), for the route table. */
void script_cohort(void (*cb)(const struct store_answer *a, void *priv), void *priv,
		   const char *actor_id, const char *actor_name, const char *action,
		   const char *new_id, const char *jti, size_t nfields, const char *const *fields);

#endif
