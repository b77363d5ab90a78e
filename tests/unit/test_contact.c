/* Unit tests for service/contact.c: contact details found, and ordinary chat left alone. */
#include "contact.h"

#include "check.h"

static void expect(const char *text, contact_kind want)
{
	contact_kind got = contact_find(text, strlen(text));

	if (!CHECK_INT(got, want))
		fprintf(stderr, "    text: \"%s\"\n", text);
}

static void test_emails(void)
{
	expect("write to lea.dupont@example.org please", CONTACT_EMAIL);
	expect("lea @ example . com", CONTACT_EMAIL);
	expect("lea at example dot com", CONTACT_EMAIL);
	expect("LEA[at]EXAMPLE.FR", CONTACT_EMAIL);
	expect("mail me: lea.b @gmail.com.", CONTACT_EMAIL);
	expect("lea (at) mail (dot) ng", CONTACT_EMAIL);
}

static void test_phones(void)
{
	expect("+33 6 12 34 56 78", CONTACT_PHONE);
	expect("call +1 (415) 555-2671 tonight", CONTACT_PHONE);
	expect("0044 20 7946 0958", CONTACT_PHONE);
	expect("06.12.34.56.78", CONTACT_PHONE);
	expect("+234 803 123 4567", CONTACT_PHONE);
	expect("my number 0612345678", CONTACT_PHONE);
	expect("(415) 555-2671", CONTACT_PHONE);
	expect("+45 12 34 56 78", CONTACT_PHONE); /* 8 digits after the country code */
	expect("+49 30/1234567", CONTACT_PHONE);
}

static void test_links(void)
{
	expect("look at https://example.org/x", CONTACT_LINK);
	expect("HTTP://X.Y", CONTACT_LINK);
	expect("see www.example.org", CONTACT_LINK);
	expect("my page mysite.com", CONTACT_LINK);
	expect("t.me/lea", CONTACT_LINK);
	expect("join discord.gg/abc", CONTACT_LINK);
}

static void test_handles(void)
{
	expect("my insta is @lea_22", CONTACT_HANDLE);
	expect("snap: lea22", CONTACT_HANDLE);
	expect("add me on Discord @lea.b", CONTACT_HANDLE);
	expect("Telegram : leab", CONTACT_HANDLE);
	expect("@lea_22 on ig", CONTACT_HANDLE); /* the platform last, after the handle */
	expect("fb:lea", CONTACT_HANDLE);
}

/* A platform counts only as a whole word: inside another word, or run into digits or
 * letters, it is not one, and an @name then stays a mention. */
static void test_platform_words(void)
{
	expect("@Amina signals are weak", CONTACT_NONE);
	expect("@Amina the igloo talk", CONTACT_NONE);
	expect("@Amina see ig2 later", CONTACT_NONE);
	expect("@Amina bigger fbi", CONTACT_NONE);
	expect("ask me on kik @amina_b", CONTACT_HANDLE);
}

static void test_ordinary_chat(void)
{
	expect("Meet at 10:30 on 2026-12-03", CONTACT_NONE);
	expect("2026-12-03 10:30", CONTACT_NONE);
	expect("We were 120 people in 2025", CONTACT_NONE);
	expect("12/03/2026", CONTACT_NONE);
	expect("I agree. Com'on!", CONTACT_NONE);
	expect("e.g. this works, i.e. fine", CONTACT_NONE);
	expect("@Amina great idea!", CONTACT_NONE);
	expect("Version 3.5 is out", CONTACT_NONE);
	expect("see you at home", CONTACT_NONE);
	expect("meet at noon", CONTACT_NONE);
	expect("score 3-2, then 4-1", CONTACT_NONE);
	expect("my email is private", CONTACT_NONE);
	expect("1 000 000 people", CONTACT_NONE);
	expect("Do it. It works", CONTACT_NONE);
	expect("the signal was weak", CONTACT_NONE);
	expect("", CONTACT_NONE);
	expect("@", CONTACT_NONE);
	expect("a@b", CONTACT_NONE);
	expect("+", CONTACT_NONE);
	expect("Bonjour à tous, on se retrouve à 18h30 !", CONTACT_NONE);
}

/* Not NUL-terminated: only len bytes are read. */
static void test_length_bound(void)
{
	const char t[] = "lea@example.org";

	CHECK_INT(contact_find(t, 4), CONTACT_NONE);
	CHECK_INT(contact_find(t, sizeof(t) - 1), CONTACT_EMAIL);
	CHECK_STR(contact_kind_name(CONTACT_PHONE), "phone");
	CHECK_STR(contact_kind_name(CONTACT_NONE), "");
}

/* Long texts are scanned from an allocated copy: the same answers. */
static void test_long_text(void)
{
	static char t[3100];

	memset(t, 'a', sizeof(t) - 1);
	for (size_t i = 5; i < sizeof(t) - 1; i += 6)
		t[i] = ' ';
	CHECK_INT(contact_find(t, strlen(t)), CONTACT_NONE);
	memcpy(t + sizeof(t) - 17, " lea@example.org", 16);
	CHECK_INT(contact_find(t, strlen(t)), CONTACT_EMAIL);
}

int main(void)
{
	test_emails();
	test_phones();
	test_links();
	test_handles();
	test_platform_words();
	test_ordinary_chat();
	test_length_bound();
	test_long_text();
	return check_done("contact");
}
