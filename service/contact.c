/* Contact details in chat text (see contact.h): a few scans over a lower-case copy. */
#include "contact.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PHONE_MIN 9	 /* digits of a national number written without + or 00 */
#define PHONE_MIN_INTL 8 /* after + or 00 */
#define PHONE_MAX 15	 /* E.164 */
#define HANDLE_MIN 2

/* Endings taken as a link when a name is written before them ("site.com"). Short words
 * that end sentences in English or French ("it", "in", "be", "us", "la") are left out. */
static const char *const tlds[] = {
    "com",  "net",  "org",    "io", "me", "gg", "ly", "app", "info", "biz", "tv", "xyz",
    "link", "site", "online", "fr", "de", "uk", "es", "nl",  "ch",   "eu",  "ng", "gh",
    "ke",   "za",   "ma",     "sn", "cm", "ca", "pt", "br",  "ru",   NULL};

/* Messaging platforms: a message naming one turns an @name into a handle. */
static const char *const platforms[] = {
    "insta",	"instagram", "ig",     "snap",	  "snapchat", "telegram", "tg",
    "whatsapp", "discord",   "tiktok", "twitter", "facebook", "fb",	  "messenger",
    "kik",	"wechat",    "skype",  "signal",  "threads",  NULL};

static int is_digit(unsigned char ch)
{
	return ch >= '0' && ch <= '9';
}

static int is_alpha(unsigned char ch)
{
	return ch >= 'a' && ch <= 'z';
}

static int is_alnum(unsigned char ch)
{
	return is_alpha(ch) || is_digit(ch);
}

static int is_space(unsigned char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

static int is_local_char(unsigned char ch)
{
	return is_alnum(ch) || (ch && strchr("._%+-", ch));
}

static int is_name_char(unsigned char ch)
{
	return is_alnum(ch) || ch == '_' || ch == '.';
}

/* Whether the whole word w starts at s[i]. Called at every position: the first byte is
 * compared before anything else. */
static int word_at(const char *s, size_t len, size_t i, const char *w)
{
	size_t n;

	if (s[i] != w[0])
		return 0;
	n = strlen(w);
	if (i + n > len || memcmp(s + i, w, n))
		return 0;
	if (i > 0 && is_alnum((unsigned char)s[i - 1]))
		return 0;
	return i + n == len || !is_alnum((unsigned char)s[i + n]);
}

/* "@" or "." written as " at ", "(at)", "[at]", " dot ", "(dot)", "[dot]": the character
 * meant and, in *skip, how many bytes of s it takes; 0 when none starts at s[i]. */
static char spelled_at(const char *s, size_t len, size_t i, size_t *skip)
{
	static const char *const forms[][2] = {{" at ", "@"},  {"(at)", "@"},  {"[at]", "@"},
					       {"{at}", "@"},  {" dot ", "."}, {"(dot)", "."},
					       {"[dot]", "."}, {"{dot}", "."}};
	size_t k, n;

	if (s[i] != ' ' && s[i] != '(' && s[i] != '[' && s[i] != '{') /* how every form starts */
		return 0;
	for (k = 0; k < sizeof(forms) / sizeof(forms[0]); k++) {
		if (forms[k][0][0] != s[i])
			continue;
		n = strlen(forms[k][0]);
		if (i + n <= len && !memcmp(s + i, forms[k][0], n)) {
			*skip = forms[k][0][0] == ' ' ? n - 1 : n; /* leave the last space */
			return forms[k][1][0];
		}
	}
	return 0;
}

/* The text with "at"/"dot" spelled out turned into "@" and ".", and spaces next to either
 * dropped: "lea . b @ mail . com" -> "lea.b@mail.com". o has room for len + 1. */
static size_t email_form(const char *s, size_t len, char *o)
{
	size_t i = 0, n = 0, skip;
	int space = 0;
	char ch;

	while (i < len) {
		ch = spelled_at(s, len, i, &skip);
		if (ch) {
			i += skip;
		} else if (is_space((unsigned char)s[i])) {
			space = 1;
			i++;
			continue;
		} else {
			ch = s[i++];
		}
		if (space && ch != '@' && ch != '.' && n && o[n - 1] != '@' && o[n - 1] != '.')
			o[n++] = ' ';
		space = 0;
		o[n++] = ch;
	}
	o[n] = '\0';
	return n;
}

/* Whether a domain with a dot and a final label of 2+ letters starts at s (len bytes). */
static int domain_at(const char *s, size_t len)
{
	size_t n = 0, dot = 0, k;

	while (n < len && (is_alnum((unsigned char)s[n]) || s[n] == '-' || s[n] == '.'))
		n++;
	while (n && s[n - 1] == '.') /* the end of the sentence */
		n--;
	for (k = 0; k < n; k++)
		if (s[k] == '.')
			dot = k + 1;
	if (!dot || dot == 1 || n - dot < 2)
		return 0;
	for (k = dot; k < n; k++)
		if (!is_alpha((unsigned char)s[k]))
			return 0;
	return 1;
}

static int find_email(const char *s, size_t len, char *work)
{
	size_t n = email_form(s, len, work), i;

	for (i = 1; i < n; i++)
		if (work[i] == '@' && is_local_char((unsigned char)work[i - 1]) &&
		    work[i - 1] != '.' && domain_at(work + i + 1, n - i - 1))
			return 1;
	return 0;
}

/* Digits in the run of digits and separators that starts at s[*i]; *i moves past it and
 * *intl says whether it began with + or 00. A time ("10:30") ending the run is left out. */
static int phone_run(const char *s, size_t len, size_t *i, int *intl)
{
	size_t p = *i;
	int digits = 0, group = 0, seps = 0;

	*intl = s[p] == '+';
	if (*intl)
		p++;
	if (p + 1 < len && s[p] == '0' && s[p + 1] == '0') {
		*intl = 1;
		p += 2;
	}
	for (; p < len; p++) {
		unsigned char ch = (unsigned char)s[p];
		if (is_digit(ch)) {
			digits++;
			group = seps ? 1 : group + 1;
			seps = 0;
		} else if (strchr(" -.()/", ch) && ch && ++seps <= 2) {
			continue;
		} else {
			break;
		}
	}
	if (p < len && s[p] == ':' && !seps)
		digits -= group;
	*i = p;
	return digits;
}

static int find_phone(const char *s, size_t len)
{
	size_t i = 0;
	int intl, digits;

	while (i < len) {
		unsigned char ch = (unsigned char)s[i];
		int start = is_digit(ch) || ((ch == '+' || ch == '(') && i + 1 < len &&
					     is_digit((unsigned char)s[i + 1]));
		if (!start || (i > 0 && is_alnum((unsigned char)s[i - 1]))) {
			i++;
			continue;
		}
		if (ch == '(')
			i++;
		digits = phone_run(s, len, &i, &intl);
		if (digits <= PHONE_MAX && digits >= (intl ? PHONE_MIN_INTL : PHONE_MIN))
			return 1;
	}
	return 0;
}

/* name.tld with a known tld, standing alone or before a path. */
static int tld_at(const char *s, size_t len, size_t dot)
{
	size_t k, n;

	if (dot == 0 || !is_alnum((unsigned char)s[dot - 1]))
		return 0;
	for (k = 0; tlds[k]; k++) {
		n = strlen(tlds[k]);
		if (dot + 1 + n <= len && !memcmp(s + dot + 1, tlds[k], n) &&
		    (dot + 1 + n == len || !is_alnum((unsigned char)s[dot + 1 + n])))
			return 1;
	}
	return 0;
}

static int find_link(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '.' && tld_at(s, len, i))
			return 1;
		if (s[i] != 'h' && s[i] != 'w') /* the first letters of the two words below */
			continue;
		if (word_at(s, len, i, "http") && i + 7 <= len &&
		    (!memcmp(s + i, "http://", 7) ||
		     (i + 8 <= len && !memcmp(s + i, "https://", 8))))
			return 1;
		if (word_at(s, len, i, "www") && i + 4 < len && s[i + 3] == '.')
			return 1;
	}
	return 0;
}

/* A platform named in the text; *colon_name set when "platform: name" follows it. */
static int find_platform(const char *s, size_t len, int *colon_name)
{
	size_t i, k, p, n, w;
	uint32_t initials = 0; /* the first letters of the platforms, one bit each */
	int found = 0;

	for (k = 0; platforms[k]; k++)
		initials |= 1u << (platforms[k][0] - 'a');
	*colon_name = 0;
	for (i = 0; i < len; i += w ? w : 1) {
		for (w = 0; i + w < len && is_alnum((unsigned char)s[i + w]); w++)
			;
		if (!w || !is_alpha((unsigned char)s[i]) || !(initials >> (s[i] - 'a') & 1))
			continue;
		for (k = 0; platforms[k]; k++) {
			if (s[i] != platforms[k][0] || strlen(platforms[k]) != w ||
			    memcmp(s + i, platforms[k], w))
				continue;
			found = 1;
			for (p = i + w; p < len && is_space((unsigned char)s[p]); p++)
				;
			if (p >= len || s[p] != ':')
				continue;
			for (p++; p < len && is_space((unsigned char)s[p]); p++)
				;
			for (n = 0; p + n < len && is_name_char((unsigned char)s[p + n]); n++)
				;
			if (n >= HANDLE_MIN)
				*colon_name = 1;
		}
	}
	return found;
}

static int find_handle(const char *s, size_t len)
{
	size_t i, n;
	int colon_name;

	if (!find_platform(s, len, &colon_name))
		return 0;
	if (colon_name)
		return 1;
	for (i = 0; i < len; i++) {
		if (s[i] != '@' || (i > 0 && !is_space((unsigned char)s[i - 1])))
			continue;
		for (n = 0; i + 1 + n < len && is_name_char((unsigned char)s[i + 1 + n]); n++)
			;
		if (n >= HANDLE_MIN)
			return 1;
	}
	return 0;
}

#define STACK_TEXT 2048 /* texts up to this many bytes are scanned without allocating */

contact_kind contact_find(const char *text, size_t len)
{
	char stack[2 * STACK_TEXT + 2];
	contact_kind k = CONTACT_NONE;
	char *s = len <= STACK_TEXT ? stack : malloc(2 * len + 2), *work;
	size_t i;

	if (!s)
		return CONTACT_NOMEM;
	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)text[i];
		s[i] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
	}
	s[len] = '\0';
	work = s + len + 1;
	if (find_email(s, len, work))
		k = CONTACT_EMAIL;
	else if (find_phone(s, len))
		k = CONTACT_PHONE;
	else if (find_link(s, len))
		k = CONTACT_LINK;
	else if (find_handle(s, len))
		k = CONTACT_HANDLE;
	if (s != stack)
		free(s);
	return k;
}

const char *contact_kind_name(contact_kind k)
{
	switch (k) {
	case CONTACT_EMAIL:
		return "email";
	case CONTACT_PHONE:
		return "phone";
	case CONTACT_LINK:
		return "link";
	case CONTACT_HANDLE:
		return "handle";
	default:
		return "";
	}
}
