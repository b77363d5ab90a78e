/*
 * contact: finds contact details in a chat message (an email address, a phone number, a
 * link, a messaging handle), so that a programme can keep contact inside its rooms. Pure:
 * no I/O; texts over 2 KiB get one allocated working copy.
 *
 * What counts (docs/protocol.md, "Contact details"):
 *   email   local@domain.tld, also written with spaces around @ and dots, or with "at" and
 *           "dot" for them ("lea at mail dot com", "lea [at] mail.com")
 *   phone   9 to 15 digits in one run of digits and separators (space - . ( ) /), or 8 to
 *           15 after a leading + or 00; a time ("10:30") ending the run is not counted
 *   link    http://, https://, www., or a name ending in a common top-level domain
 *           ("mysite.com", "t.me/lea")
 *   handle  @name in a message that names a messaging platform ("my insta is @lea_22"), or a
 *           platform followed by a colon and a name ("snap: lea22")
 */
#ifndef PASSERELLE_CONTACT_H
#define PASSERELLE_CONTACT_H

#include <stddef.h>

typedef enum {
	CONTACT_NONE = 0,
	CONTACT_EMAIL,
	CONTACT_PHONE,
	CONTACT_LINK,
	CONTACT_HANDLE,
	CONTACT_NOMEM /* no memory for the working copy: the caller decides */
} contact_kind;

/* The first kind of contact detail found in text (len bytes; need not end in NUL). */
contact_kind contact_find(const char *text, size_t len);

/* "email", "phone", "link", "handle"; "" for CONTACT_NONE and CONTACT_NOMEM. */
const char *contact_kind_name(contact_kind k);

#endif
