#include "hostport.h"

#include <string.h>

/* The decimal port of the len bytes at s, or -1. */
static long port_value(const char *s, size_t len)
{
	long v = 0;
	size_t i;

	if (len == 0 || len > 5)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int hostport_parse(const char *s, size_t len, char *host, size_t hostsz, int *port, unsigned flags)
{
	const char *end = s + len, *h = s, *h_end, *after;
	long p;

	if (len && s[0] == '[') {
		h_end = memchr(s, ']', len);
		if (!h_end)
			return -1;
		h = s + 1;
		after = h_end + 1;
	} else {
		/* The last colon: an unbracketed IPv6 listener (::1:8080) keeps its colons. */
		for (h_end = end; h_end > s && h_end[-1] != ':'; h_end--)
			;
		h_end = h_end > s ? h_end - 1 : end;
		after = h_end;
	}
	if ((h_end == h && !(flags & HOSTPORT_ANY_HOST)) || (size_t)(h_end - h) >= hostsz)
		return -1;
	if (after == end) {
		if (flags & HOSTPORT_NEED_PORT)
			return -1;
	} else {
		if (*after != ':')
			return -1;
		p = port_value(after + 1, (size_t)(end - after - 1));
		if (p < ((flags & HOSTPORT_PORT_ZERO) ? 0 : 1) || p > 65535)
			return -1;
		*port = (int)p;
	}
	memcpy(host, h, (size_t)(h_end - h));
	host[h_end - h] = '\0';
	return 0;
}
