#include "wsframe.h"

#include <stdlib.h>
#include <string.h>

wsframe *wsframe_new_about(const char *data, size_t len, const char *about)
{
	size_t alen = about ? strlen(about) : 0;
	wsframe *f = malloc(sizeof(*f) + WSFRAME_PRE + len + 1 + alen + 1);

	if (!f)
		return NULL;
	f->refs = 1;
	f->len = len;
	memcpy(f->buf + WSFRAME_PRE, data, len);
	f->buf[WSFRAME_PRE + len] = '\0';
	memcpy(f->buf + WSFRAME_PRE + len + 1, about ? about : "", alen + 1);
	return f;
}

wsframe *wsframe_new(const char *data, size_t len)
{
	return wsframe_new_about(data, len, NULL);
}

wsframe *wsframe_ref(wsframe *f)
{
	f->refs++;
	return f;
}

void wsframe_unref(wsframe *f)
{
	if (f && --f->refs == 0)
		free(f);
}
