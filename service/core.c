/* Request decoding, validation and dispatch for the participant socket. */
#include "core.h"

#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "metrics.h"
#include "presence.h"
#include "reply.h"
#include "scripts.h"
#include "util.h"
#include "validate.h"

const config *core_cfg;
uv_loop_t *core_loop;

#define ROOM_ID                                                                                    \
	{                                                                                          \
		"room", V_ID, 1, 0, ID_MAX                                                         \
	}

static const v_field f_none[] = {{NULL}};
static const v_field f_register[] = {
    {"email", V_STRING, 1, 0, 254},
    {"password", V_STRING, 1, 0, 1024},
    {"name", V_STRING, 1, 0, 80},
    {"role", V_STRING, 1, 0, 16},
    {NULL},
};
static const v_field f_login[] = {
    {"email", V_STRING, 1, 0, 254},
    {"password", V_STRING, 1, 0, 1024},
    {NULL},
};
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
static const v_field f_say[] = {
    ROOM_ID,
    {"text", V_STRING, 1, 0, 4000 * 4},
    {"nonce", V_STRING, 0, 0, 64},
    {NULL},
};

typedef struct route {
	const char *type;
	const v_field *fields;
	int open; /* allowed before authentication */
	handler_fn fn;
} route;

static void handle_ping(conn *c, json_t *re, json_t *body)
{
	json_t *o = json_object();

	json_object_set_new(o, "type", json_string("pong"));
	if (re)
		json_object_set(o, "re", re);
	reply_event(c, o);
}

static const route routes[] = {
    {"ping", f_none, 1, handle_ping},
    {"register", f_register, 1, handle_register},
    {"login", f_login, 1, handle_login},
    {"auth", f_auth, 1, handle_auth},
    {"logout", f_none, 0, handle_logout},
    {"profile.get", f_none, 0, handle_profile_get},
    {"profile.set", f_profile_set, 0, handle_profile_set},
    {"rooms.list", f_none, 0, handle_rooms_list},
    {"join", f_join, 0, handle_join},
    {"leave", f_room, 0, handle_leave},
    {"history", f_history, 0, handle_history},
    {"say", f_say, 0, handle_say},
    {"typing", f_room, 0, handle_typing},
};

static const route *route_find(const char *type)
{
	size_t i;

	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		if (!strcmp(routes[i].type, type))
			return &routes[i];
	return NULL;
}

void core_on_message(conn *c, const char *text, size_t len)
{
	json_error_t jerr;
	json_t *body = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	json_t *re, *type;
	const route *r;
	char err[160];

	metrics_now.requests++;
	if (!json_is_object(body)) {
		reply_error(c, NULL, "bad_request",
			    body ? "A request is a JSON object." : "The frame is not valid JSON.");
		goto done;
	}
	re = validate_request_id(body);
	type = json_object_get(body, "type");
	if (!json_is_string(type)) {
		reply_error(c, re, "bad_request", "The field 'type' (a string) is required.");
		goto done;
	}
	r = route_find(json_string_value(type));
	if (!r) {
		reply_error(c, re, "bad_request", "Unknown request type.");
		goto done;
	}
	if (validate_fields(body, r->fields, err, sizeof(err))) {
		reply_error(c, re, "bad_request", err);
		goto done;
	}
	if (!r->open && c->authed && c->exp_ms < util_now_ms())
		conn_logout(c);
	if (!r->open && !c->authed) {
		reply_error(c, re, "unauthorized", NULL);
		goto done;
	}
	r->fn(c, re, body);
done:
	json_decref(body);
}

void core_on_too_large(conn *c)
{
	reply_error(c, NULL, "too_large", NULL);
	conn_close(c, 1009, "frame too large");
}

request *request_new(conn *c, json_t *re, json_t *body)
{
	request *rq = malloc(sizeof(*rq));

	if (!rq)
		return NULL;
	rq->c = conn_ref(c);
	rq->re = json_incref(re);
	rq->body = json_incref(body);
	return rq;
}

void request_free(request *rq)
{
	if (!rq)
		return;
	conn_unref(rq->c);
	json_decref(rq->re);
	json_decref(rq->body);
	free(rq);
}

int request_live(const request *rq)
{
	return !rq->c->gone;
}

void core_on_event(const char *channel, const char *payload, size_t len)
{
	const char *nl = memchr(payload, '\n', len);
	char hdr[128], id[ID_MAX + 1];
	size_t hlen;

	metrics_now.events_in++;
	if (!nl || (hlen = (size_t)(nl - payload)) >= sizeof(hdr))
		return;
	memcpy(hdr, payload, hlen);
	hdr[hlen] = '\0';
	nl++;
	if (!strncmp(channel, "room:", 5)) {
		room_publish(channel + 5, hdr, nl, len - (size_t)(nl - payload));
	} else if (!strncmp(channel, "user:", 5)) {
		if (util_strlcpy(id, channel + 5, sizeof(id)))
			return;
		if (hdr[0] == 'r' && hdr[1] == ' ')
			hub_user_revoke(id, hdr + 2);
		else
			hub_user_send(id, nl, len - (size_t)(nl - payload));
	}
}

void core_on_store_up(void)
{
	presence_sync();
}

int core_init(const config *cfg, uv_loop_t *loop)
{
	core_cfg = cfg;
	core_loop = loop;
	if (scripts_init() || account_init())
		return -1;
	return presence_init(loop, cfg->node, cfg->presence_ttl);
}

void core_shutdown(void)
{
	presence_shutdown();
}
