/*
 * fuzz_contact.c - the contact-detail scan (service/contact.c) on any bytes: it reads only
 * the bytes it is given, answers a known kind, answers the same twice, and does not care
 * about ASCII case.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contact.h"

#define EXPECT(cond)                                                                               \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "fuzz_contact: %s\n", #cond);                              \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *exact = malloc(size ? size : 1), *upper = malloc(size ? size : 1);
	contact_kind k;
	size_t i;

	if (!exact || !upper)
		goto done;
	memcpy(exact, data, size); /* a heap copy of exactly size bytes: ASan sees overreads */
	k = contact_find(exact, size);
	EXPECT(k >= CONTACT_NONE && k <= CONTACT_HANDLE);
	EXPECT(contact_find(exact, size) == k);
	for (i = 0; i < size; i++)
		upper[i] = (char)(data[i] >= 'a' && data[i] <= 'z' ? data[i] - 32 : data[i]);
	EXPECT(contact_find(upper, size) == k);
done:
	free(exact);
	free(upper);
	return 0;
}
