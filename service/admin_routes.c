/* The admin socket's requests: fields, access and handler of each. */
#include "admin.h"
#include "breakout.h"
#include "core.h"
#include "impact_admin.h"
#include "sizes.h"
#include "match.h"
#include "route.h"

#define ROOM_ID                                                                                    \
	{                                                                                          \
		"room", V_ID, 1, 0, ID_MAX                                                         \
	}
#define USER_ID                                                                                    \
	{                                                                                          \
		"user", V_ID, 1, 0, ID_MAX                                                         \
	}
#define REASON                                                                                     \
	{                                                                                          \
		"reason", V_STRING, 0, 0, REASON_MAX_CHARS                                         \
	}
#define MS_MAX 32503680000000LL /* year 3000 */

static const v_field f_none[] = {{NULL}};
static const v_field f_auth[] = {
    {"token", V_STRING, 0, 0, 512}, {"secret", V_STRING, 0, 0, 512}, {NULL}};
static const v_field f_login[] = {
    {"email", V_STRING, 1, 0, 254}, {"password", V_STRING, 1, 0, 1024}, {NULL}};
static const v_field f_room[] = {ROOM_ID, {NULL}};
static const v_field f_watch[] = {ROOM_ID, {"since", V_MSGID, 0, 0, 0}, {NULL}};
static const v_field f_room_opt[] = {{"room", V_ID, 0, 0, ID_MAX}, {NULL}};
static const v_field f_create[] = {{"title", V_STRING, 1, 1, 200},
				   {"topic", V_STRING, 0, 0, 1000},
				   {"starts_at", V_INT, 0, 0, MS_MAX},
				   {"ends_at", V_INT, 0, 0, MS_MAX},
				   {"kind", V_STRING, 0, 0, 16},
				   {"cohort", V_STRING, 0, 1, 40},
				   {NULL}};
static const v_field f_contact[] = {ROOM_ID, {"allowed", V_BOOL, 1, 0, 0}, {NULL}};
static const v_field f_slow[] = {ROOM_ID, {"seconds", V_INT, 1, 0, 3600}, {NULL}};
static const v_field f_mute[] = {
    ROOM_ID, USER_ID, {"seconds", V_INT, 1, 1, MODERATION_MAX_S}, REASON, {NULL}};
static const v_field f_target[] = {ROOM_ID, USER_ID, {NULL}};
static const v_field f_kick[] = {ROOM_ID, USER_ID, REASON, {NULL}};
static const v_field f_ban[] = {
    ROOM_ID, USER_ID, {"seconds", V_INT, 0, 1, MODERATION_MAX_S}, REASON, {NULL}};
/* The message id is `id` as in the contract (then also the request id), or `message`. */
static const v_field f_delete[] = {ROOM_ID, {"message", V_MSGID, 0, 0, 0}, {NULL}};
static const v_field f_announce[] = {
    {"room", V_ID, 0, 0, ID_MAX}, {"text", V_STRING, 1, 1, TEXT_MAX_CHARS}, {NULL}};
static const v_field f_audit[] = {
    {"room", V_ID, 0, 0, ID_MAX}, {"limit", V_INT, 0, 1, 1000}, {NULL}};
static const v_field f_reports[] = {
    {"state", V_STRING, 0, 0, 16}, {"room", V_ID, 0, 0, ID_MAX}, {NULL}};
static const v_field f_resolve[] = {{"report", V_ID, 1, 0, ID_MAX},
				    {"action", V_STRING, 1, 1, 16},
				    {"note", V_STRING, 1, 0, REPORT_NOTE_MAX_CHARS},
				    {NULL}};
static const v_field f_find[] = {{"email", V_STRING, 1, 1, 254}, {NULL}};
static const v_field f_user[] = {USER_ID, {NULL}};
static const v_field f_consent[] = {USER_ID, {"guardian", V_BOOL, 1, 0, 0}, {NULL}};
static const v_field f_role[] = {USER_ID, {"role", V_STRING, 1, 1, 16}, {NULL}};
/* report.matching (handle_report_matching.c): cohort and region are checked there. */
static const v_field f_report_matching[] = {{"from", V_INT, 0, 0, MS_MAX},
					    {"to", V_INT, 0, 0, MS_MAX},
					    {"cohort", V_STRING, 0, 1, 40},
					    {"region", V_STRING, 0, 1, 16},
					    {NULL}};
static const v_field f_breakout[] = {ROOM_ID,
				     {"groups", V_INT, 0, 2, 50},
				     {"assignment", V_ARRAY, 0, 0, 50},
				     {"minutes", V_INT, 1, 1, 240},
				     {"prompt", V_STRING, 0, 0, 1000},
				     {NULL}};
static const v_field f_breakout_say[] = {ROOM_ID, {"text", V_STRING, 1, 1, TEXT_MAX_CHARS}, {NULL}};

static const v_field f_agenda[] = {ROOM_ID, {"items", V_ARRAY, 1, 0, 30}, {NULL}};
static const v_field f_timer[] = {
    ROOM_ID, {"seconds", V_INT, 1, 0, 7200}, {"label", V_STRING, 0, 0, 100}, {NULL}};
static const v_field f_hand_clear[] = {ROOM_ID, {"user", V_ID, 0, 0, ID_MAX}, {NULL}};
static const v_field f_poll_create[] = {ROOM_ID,
					{"question", V_TEXT, 1, 1, 300},
					{"options", V_ARRAY, 1, 2, 10},
					{"multiple", V_BOOL, 0, 0, 0},
					{"anonymous", V_BOOL, 0, 0, 0},
					{NULL}};
static const v_field f_poll[] = {{"poll", V_ID, 1, 0, ID_MAX}, {NULL}};

/* Programme impact: cohort tags and reports (handle_impact.c). */
static const v_field f_cohort_set[] = {{"cohort", V_STRING, 1, 1, 40},
				       {"rooms", V_ARRAY, 0, 0, COHORT_IDS_MAX},
				       {"users", V_ARRAY, 0, 0, COHORT_IDS_MAX},
				       {NULL}};
static const v_field f_cohort_clear[] = {
    {"rooms", V_ARRAY, 0, 0, COHORT_IDS_MAX}, {"users", V_ARRAY, 0, 0, COHORT_IDS_MAX}, {NULL}};

static const v_field f_report_sessions[] = {
    {"from", V_INT, 0, 0, MS_MAX},  {"to", V_INT, 0, 0, MS_MAX},  {"cohort", V_STRING, 0, 1, 40},
    {"region", V_STRING, 0, 1, 16}, {"room", V_ID, 0, 0, ID_MAX}, {NULL}};
static const v_field f_report_cohort[] = {{"from", V_INT, 0, 0, MS_MAX},
					  {"to", V_INT, 0, 0, MS_MAX},
					  {"cohort", V_STRING, 1, 1, 40},
					  {"region", V_STRING, 0, 1, 16},
					  {NULL}};

const v_field admin_f_delete_id[] = {{"id", V_MSGID, 1, 0, 0}, {NULL}};

const route admin_routes[] = {
    {"ping", f_none, 1, handle_ping, 0, {NULL}, NULL},
    {"auth", f_auth, 1, admin_auth, 0, {NULL}, NULL},
    {"auth.login", f_login, 1, handle_login, 0, {NULL}, NULL},
    {"room.create",
     f_create,
     0,
     admin_create,
     0,
     {"title", "topic", "starts_at", "ends_at", "kind", "cohort"},
     NULL},
    {"room.close", f_room, 0, admin_script, 0, {"room"}, NULL},
    {"room.lock", f_room, 0, admin_script, 0, {"room"}, NULL},
    {"room.unlock", f_room, 0, admin_script, 0, {"room"}, NULL},
    {"room.slowmode", f_slow, 0, admin_script, 0, {"room", "seconds"}, NULL},
    {"room.contact", f_contact, 0, admin_script, 0, {"room", "allowed"}, NULL},
    {"user.mute", f_mute, 0, admin_script, 0, {"room", "user", "seconds", "reason"}, NULL},
    {"user.unmute", f_target, 0, admin_script, 0, {"room", "user"}, NULL},
    {"user.kick", f_kick, 0, admin_script, 0, {"room", "user", "reason"}, NULL},
    {"user.ban", f_ban, 0, admin_script, 0, {"room", "user", "seconds", "reason"}, NULL},
    {"user.unban", f_target, 0, admin_script, 0, {"room", "user"}, NULL},
    {"message.delete", f_delete, 0, admin_delete, 0, {"room", "message"}, NULL},
    {"announce", f_announce, 0, admin_script, 0, {"room", "text"}, NULL},
    {"room.watch", f_watch, 0, admin_watch, 0, {NULL}, NULL},
    {"room.unwatch", f_room, 0, admin_unwatch, 0, {NULL}, NULL},
    {"room.stats", f_room_opt, 0, admin_script, 0, {"room"}, NULL},
    {"audit.list", f_audit, 0, admin_script, 0, {"room", "limit"}, NULL},
    {"report.list", f_reports, 0, admin_script, 0, {"state", "room"}, NULL},
    {"report.resolve", f_resolve, 0, admin_script, 0, {"report", "action", "note"}, NULL},
    {"user.find", f_find, 0, admin_script, 0, {"email"}, NULL},
    {"user.role", f_role, 0, admin_script, 1, {"user", "role"}, NULL},
    {"user.delete", f_user, 0, admin_script, 0, {"user"}, NULL},
    {"user.consent", f_consent, 0, admin_script, 0, {"user", "guardian"}, NULL},
    {"poll.create",
     f_poll_create,
     0,
     admin_poll_create,
     0,
     {"room", "question", "options", "multiple", "anonymous"},
     polls_script},
    {"poll.close", f_poll, 0, admin_script, 0, {"poll"}, polls_script},
    {"poll.results", f_poll, 0, admin_script, 0, {"poll"}, polls_script},
    {"poll.list", f_room, 0, admin_script, 0, {"room"}, polls_script},
    {"match.run", f_none, 0, handle_match_run, 0, {NULL}, NULL},
    {"match.stats", f_none, 0, handle_match_stats, 0, {NULL}, NULL},
    {"report.matching", f_report_matching, 0, handle_report_matching, 0, {NULL}, NULL},
    /* Live sessions (session.lua). */
    {"session.get", f_room, 0, admin_script, 0, {"room"}, script_session},
    {"agenda.set", f_agenda, 0, admin_agenda_set, 0, {"room", "items"}, script_session},
    {"agenda.next", f_room, 0, admin_script, 0, {"room"}, script_session},
    {"agenda.clear", f_room, 0, admin_script, 0, {"room"}, script_session},
    {"room.timer", f_timer, 0, admin_script, 0, {"room", "seconds", "label"}, script_session},
    {"room.timer.stop", f_room, 0, admin_script, 0, {"room"}, script_session},
    {"hand.clear", f_hand_clear, 0, admin_script, 0, {"room", "user"}, script_session},
    {"floor.give", f_target, 0, admin_script, 0, {"room", "user"}, script_session},
    {"floor.take", f_room, 0, admin_script, 0, {"room"}, script_session},
    {"breakout.start", f_breakout, 0, admin_breakout_start, 0, {NULL}, script_breakout},
    {"breakout.end", f_room, 0, admin_script, 0, {"room"}, script_breakout},
    {"breakout.announce", f_breakout_say, 0, admin_script, 0, {"room", "text"}, script_breakout},
    {"breakout.status", f_room, 0, admin_script, 0, {"room"}, script_breakout},
    /* Programme impact (handle_impact.c, cohort.lua, impact.lua). */
    {"cohort.set",
     f_cohort_set,
     0,
     admin_cohort_set,
     0,
     {"cohort", "rooms", "users"},
     script_cohort},
    {"cohort.clear", f_cohort_clear, 0, admin_cohort_set, 0, {"rooms", "users"}, script_cohort},
    {"cohort.list", f_none, 0, admin_script, 0, {NULL}, script_cohort},
    {"report.sessions", f_report_sessions, 0, admin_report, 0, {NULL}, NULL},
    {"report.cohort", f_report_cohort, 0, admin_report, 0, {NULL}, NULL},
};

const size_t admin_nroutes = sizeof(admin_routes) / sizeof(admin_routes[0]);
