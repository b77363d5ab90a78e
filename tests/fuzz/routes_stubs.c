/*
 * routes_stubs.c - the handlers that core_routes (routes.c) and admin_routes
 * (admin_routes.c) name, as no-ops, so that a fuzz target links the route tables and the
 * request decoder without the protocol, the hub or Redis. The headers are included so
 * that a handler renamed or retyped there fails to build here.
 */
#include "admin.h"
#include "core.h"
#include "match.h"

#define STUB(name)                                                                                 \
	void name(conn *c, json_t *re, json_t *body)                                               \
	{                                                                                          \
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
STUB(handle_match_request)
STUB(handle_match_status)
STUB(handle_match_cancel)
STUB(handle_match_offers)
STUB(handle_match_accept)
STUB(handle_match_decline)
STUB(admin_auth)
STUB(admin_script)
STUB(admin_watch)
STUB(admin_create)
STUB(admin_delete)
STUB(admin_unwatch)
STUB(handle_match_run)
STUB(handle_match_stats)
