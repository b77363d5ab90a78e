/* The handlers the route tables name, as stubs that count their calls: the route tables and
 * the decoder link without the handlers' modules. */
#include "admin.h"
#include "breakout.h"
#include "core.h"
#include "impact_admin.h"
#include "match.h"

int route_stub_calls;

#define STUB(name)                                                                                 \
	void name(conn *c, json_t *re, json_t *body)                                               \
	{                                                                                          \
		route_stub_calls++;                                                                \
	}

STUB(handle_ping)
STUB(handle_register)
STUB(handle_login)
STUB(handle_auth)
STUB(handle_logout)
STUB(handle_profile_get)
STUB(handle_profile_set)
STUB(handle_rooms_list)
STUB(handle_join)
STUB(handle_leave)
STUB(handle_history)
STUB(handle_say)
STUB(handle_typing)
STUB(handle_report)
STUB(handle_account_export)
STUB(handle_account_delete)
STUB(handle_consent_set)
STUB(handle_match_request)
STUB(handle_match_status)
STUB(handle_match_cancel)
STUB(handle_match_offers)
STUB(handle_match_accept)
STUB(handle_match_decline)
STUB(handle_match_run)
STUB(handle_match_stats)
STUB(handle_report_matching)
STUB(admin_auth)
STUB(admin_script)
STUB(admin_watch)
STUB(admin_create)
STUB(handle_poll_vote)
STUB(handle_poll_list)
STUB(admin_poll_create)

void polls_script(void (*cb)(const struct store_answer *a, void *priv), void *priv,
		  const char *actor_id, const char *actor_name, const char *action,
		  const char *new_id, const char *jti, size_t nfields, const char *const *fields)
{
}
STUB(admin_delete)
STUB(admin_unwatch)
STUB(handle_session_get)
STUB(handle_hand_raise)
STUB(handle_hand_lower)
STUB(admin_agenda_set)

void script_session(void (*cb)(const struct store_answer *a, void *priv), void *priv,
		    const char *actor_id, const char *actor_name, const char *action,
		    const char *new_id, const char *jti, size_t nfields, const char *const *fields)
{
}

STUB(admin_breakout_start)
STUB(handle_breakout_help)

void script_breakout(void (*cb)(const struct store_answer *a, void *priv), void *priv,
		     const char *actor_id, const char *actor_name, const char *action,
		     const char *new_id, const char *jti, size_t nfields, const char *const *fields)
{
	route_stub_calls++;
}

STUB(admin_cohort_set)
STUB(admin_report)

void script_cohort(void (*cb)(const struct store_answer *a, void *priv), void *priv,
		   const char *actor_id, const char *actor_name, const char *action,
		   const char *new_id, const char *jti, size_t nfields, const char *const *fields)
{
	route_stub_calls++;
}
