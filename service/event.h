/* The events that travel between nodes: Redis channels ev:room:<id>, ev:user:<uid> and
 * ev:admin:all, each
 * payload one header line "kind[ arg]" then the JSON to deliver. The Lua side names the same
 * kinds in lib/common.lua (EV). No I/O: parse a published payload, read its parts. */
#ifndef PASSERELLE_EVENT_H
#define PASSERELLE_EVENT_H

#include <stddef.h>

#include "sizes.h"

typedef enum event_kind {
	/* on ev:room:<id> */
	EV_MESSAGE = 'm',  /* arg: the message id */
	EV_PRESENCE = 'p', /* arg: the uid it is about */
	EV_TYPING = 't',   /* arg: the uid */
	EV_OTHER = 'x',	   /* room.updated, message.deleted, announcement */
	/* on ev:user:<uid> */
	EV_REVOKE = 'r', /* arg: the token id signed out, "*" for all */
	EV_ROLE = 'o',	 /* arg: the new role */
	EV_KICK = 'k',	 /* arg: the room the person leaves */
	EV_USER = 'e',	 /* for every participant connection of the person */
	/* on ev:admin:all */
	EV_ADMIN = 'a', /* for every signed-in admin connection (report.new, report.updated) */
} event_kind;

typedef enum event_scope { EV_SCOPE_ROOM, EV_SCOPE_USER, EV_SCOPE_ADMIN } event_scope;

typedef struct event {
	event_scope scope;
	char id[ID_MAX + 1]; /* the room or the user */
	event_kind kind;
	char arg[128];
	const char *json; /* points into the payload */
	size_t len;
} event;

/* Parses a channel (without "ev:") and its payload. Returns 0, or -1 when either is not an
 * event of a known kind for its scope. */
int event_parse(const char *channel, const char *payload, size_t len, event *ev);

#endif
