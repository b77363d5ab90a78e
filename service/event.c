#include "event.h"

#include <string.h>

#include "util.h"

static int event_kind_ok(event_scope scope, int k)
{
	if (scope == EV_SCOPE_ROOM)
		return k == EV_MESSAGE || k == EV_PRESENCE || k == EV_TYPING || k == EV_OTHER;
	if (scope == EV_SCOPE_ADMIN)
		return k == EV_ADMIN;
	return k == EV_REVOKE || k == EV_ROLE || k == EV_KICK || k == EV_USER;
}

int event_parse(const char *channel, const char *payload, size_t len, event *ev)
{
	const char *nl = memchr(payload, '\n', len), *id = channel + 5;
	size_t hlen;

	memset(ev, 0, sizeof(*ev));
	if (!strncmp(channel, "room:", 5))
		ev->scope = EV_SCOPE_ROOM;
	else if (!strncmp(channel, "user:", 5))
		ev->scope = EV_SCOPE_USER;
	else if (!strcmp(channel, "admin:all"))
		ev->scope = EV_SCOPE_ADMIN;
	else
		return -1;
	if (ev->scope == EV_SCOPE_ADMIN)
		id = "all";
	if (!util_is_ident(id, ID_MAX) || !nl || nl == payload)
		return -1;
	util_strlcpy(ev->id, id, sizeof(ev->id));
	hlen = (size_t)(nl - payload);
	if (!event_kind_ok(ev->scope, (unsigned char)payload[0]) || (hlen > 1 && payload[1] != ' '))
		return -1;
	ev->kind = (event_kind)payload[0];
	if (hlen > 2) {
		if (hlen - 2 >= sizeof(ev->arg))
			return -1;
		memcpy(ev->arg, payload + 2, hlen - 2);
		ev->arg[hlen - 2] = '\0';
	}
	ev->json = nl + 1;
	ev->len = len - hlen - 1;
	return 0;
}
