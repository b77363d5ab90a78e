/* A stub of the presence module, the hub's only way to the store: it records the leaves the
 * hub asks for instead of running a script. */
#include <string.h>

#include "presence.h"
#include "util.h"

int presence_stub_leaves;
char presence_stub_last[160];

void presence_leave(const char *room, const char *uid, int by_choice)
{
	presence_stub_leaves++;
	util_strlcpy(presence_stub_last, room, sizeof(presence_stub_last));
	strncat(presence_stub_last, "|",
		sizeof(presence_stub_last) - strlen(presence_stub_last) - 1);
	strncat(presence_stub_last, uid,
		sizeof(presence_stub_last) - strlen(presence_stub_last) - 1);
}
