#include "wsframe.h"

#include <stdint.h>
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

size_t wsframe_head(unsigned char *out, size_t len)
{
	int i;

	out[0] = 0x81; /* FIN, text */
	if (len < 126) {
		out[1] = (unsigned char)len;
		return 2;
	}
	if (len <= 0xffff) {
		out[1] = 126;
		out[2] = (unsigned char)(len >> 8);
		out[3] = (unsigned char)len;
		return 4;
	}
	out[1] = 127;
	for (i = 0; i < 8; i++)
		out[2 + i] = (unsigned char)((uint64_t)len >> (56 - 8 * i));
	return 10;
}
