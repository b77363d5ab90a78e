/* The participant socket's requests: fields, access and handler of each. */
#include "breakout.h"
#include "core.h"
#include "sizes.h"
#include "route.h"

#define ROOM_ID                                                                                    \
	{                                                                                          \
		"room", V_ID, 1, 0, ID_MAX                                                         \
	}

static const v_field f_none[] = {{NULL}};
static const v_field f_register[] = {
    {"email", V_STRING, 1, 0, 254},	  {"password", V_STRING, 1, 0, 1024},
    {"name", V_STRING, 1, 0, 80},	  {"role", V_STRING, 1, 0, 16},
    {"birth_year", V_INT, 0, 1900, 2100}, {"country", V_STRING, 0, 0, 2},
    {"consents", V_OBJECT, 0, 0, 0},	  {NULL},
};
static const v_field f_login[] = {
    {"email", V_STRING, 1, 0, 254},
    {"password", V_STRING, 1, 0, 1024},
    {NULL},
};
static const v_field f_password[] = {{"password", V_STRING, 1, 0, 1024}, {NULL}};
static const v_field f_auth[] = {{"token", V_STRING, 1, 0, 512}, {NULL}};
static const v_field f_profile_set[] = {{"profile", V_OBJECT, 1, 0, 0}, {NULL}};
static const v_field f_join[] = {ROOM_ID, {"since", V_MSGID, 0, 0, 0}, {NULL}};
static const v_field f_room[] = {ROOM_ID, {NULL}};
static const v_field f_history[] = {
    ROOM_ID,
    {"before", V_MSGID, 1, 0, 0},
    {"limit", V_INT, 0, 1, 200},
    {NULL},
};
static const v_field f_consent[] = {
    {"rooms", V_BOOL, 0, 0, 0}, {"matching", V_BOOL, 0, 0, 0}, {NULL}};
static const v_field f_offer[] = {{"offer", V_ID, 1, 0, ID_MAX}, {NULL}};
static const v_field f_decline[] = {
    {"offer", V_ID, 1, 0, ID_MAX}, {"reason", V_STRING, 0, 0, REASON_MAX_CHARS}, {NULL}};
static const v_field f_report[] = {
    ROOM_ID,
    {"message", V_MSGID, 1, 0, 0},
    {"reason", V_STRING, 1, 1, 16},
    {"note", V_STRING, 0, 0, REPORT_NOTE_MAX_CHARS},
    {NULL},
};
static const v_field f_vote[] = {
    {"poll", V_ID, 1, 0, ID_MAX},
    {"options", V_ARRAY, 1, 0, 10},
    {NULL},
};
static const v_field f_say[] = {
    ROOM_ID,
    {"text", V_TEXT, 1, 1, TEXT_MAX_CHARS},
    {"nonce", V_STRING, 0, 0, 64},
    {NULL},
};

const route core_routes[] = {
    {"ping", f_none, 1, handle_ping, 0, {NULL}, NULL},
    {"register", f_register, 1, handle_register, 0, {NULL}, NULL},
    {"login", f_login, 1, handle_login, 0, {NULL}, NULL},
    {"auth", f_auth, 1, handle_auth, 0, {NULL}, NULL},
    {"logout", f_none, 0, handle_logout, 0, {NULL}, NULL},
    {"profile.get", f_none, 0, handle_profile_get, 0, {NULL}, NULL},
    {"profile.set", f_profile_set, 0, handle_profile_set, 0, {NULL}, NULL},
    {"account.export", f_none, 0, handle_account_export, 0, {NULL}, NULL},
    {"account.delete", f_password, 0, handle_account_delete, 0, {NULL}, NULL},
    {"rooms.list", f_none, 0, handle_rooms_list, 0, {NULL}, NULL},
    {"join", f_join, 0, handle_join, 0, {NULL}, NULL},
    {"leave", f_room, 0, handle_leave, 0, {NULL}, NULL},
    {"history", f_history, 0, handle_history, 0, {NULL}, NULL},
    {"say", f_say, 0, handle_say, 0, {NULL}, NULL},
    {"typing", f_room, 0, handle_typing, 0, {NULL}, NULL},
    {"report", f_report, 0, handle_report, 0, {NULL}, NULL},
    {"poll.vote", f_vote, 0, handle_poll_vote, 0, {NULL}, NULL},
    {"poll.list", f_room, 0, handle_poll_list, 0, {NULL}, NULL},
    {"match.request", f_none, 0, handle_match_request, 0, {NULL}, NULL},
    {"match.status", f_none, 0, handle_match_status, 0, {NULL}, NULL},
    {"match.cancel", f_none, 0, handle_match_cancel, 0, {NULL}, NULL},
    {"match.offers", f_none, 0, handle_match_offers, 0, {NULL}, NULL},
    {"match.accept", f_offer, 0, handle_match_accept, 0, {NULL}, NULL},
    {"match.decline", f_decline, 0, handle_match_decline, 0, {NULL}, NULL},
    {"consent.set", f_consent, 0, handle_consent_set, 0, {NULL}, NULL},
    {"session.get", f_room, 0, handle_session_get, 0, {NULL}, NULL},
    {"hand.raise", f_room, 0, handle_hand_raise, 0, {NULL}, NULL},
    {"hand.lower", f_room, 0, handle_hand_lower, 0, {NULL}, NULL},
    {"breakout.help", f_room, 0, handle_breakout_help, 0, {NULL}, NULL},
};

const size_t core_nroutes = sizeof(core_routes) / sizeof(core_routes[0]);
