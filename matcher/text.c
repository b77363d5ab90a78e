/*
 * text.c - interned strings, skill name normalisation and the synonym table.
 *
 * A dict owns its pool of keys; a matcher_synonyms_t owns its dict. Callers own the
 * buffers they pass in and out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define SYN_TEXT_MAX (1 << 20) /* bytes of synonym text */
#define SYN_LINE_MAX 4096

/* ---------------------------------------------------------------- dict */

static uint64_t hash_bytes(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

void dict_init(dict_t *d)
{
	memset(d, 0, sizeof(*d));
}

void dict_clear(dict_t *d)
{
	if (!d)
		return;
	free(d->pool);
	free(d->offs);
	free(d->slots);
	dict_init(d);
}

const char *dict_key(const dict_t *d, size_t id)
{
	return d->pool + d->offs[id];
}

static size_t dict_slot(const dict_t *d, const char *key, size_t len)
{
	size_t mask = d->nslots - 1;
	size_t i = hash_bytes(key, len) & mask;

	while (d->slots[i]) {
		const char *k = dict_key(d, d->slots[i] - 1);
		if (strncmp(k, key, len) == 0 && k[len] == '\0')
			break;
		i = (i + 1) & mask;
	}
	return i;
}

long dict_find(const dict_t *d, const char *key, size_t len)
{
	if (!d->nslots)
		return -1;
	size_t i = dict_slot(d, key, len);
	return d->slots[i] ? (long)d->slots[i] - 1 : -1;
}

static int dict_grow(dict_t *d)
{
	size_t nslots = d->nslots ? d->nslots * 2 : 64;
	uint32_t *slots = calloc(nslots, sizeof(*slots));
	uint32_t *old = d->slots;

	if (!slots)
		return -1;
	d->slots = slots;
	d->nslots = nslots;
	for (size_t id = 0; id < d->count; id++) {
		const char *k = dict_key(d, id);
		d->slots[dict_slot(d, k, strlen(k))] = (uint32_t)id + 1;
	}
	free(old);
	return 0;
}

static int reserve(void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return 0;
	size_t ncap = *cap ? *cap : 64;
	while (ncap < need)
		ncap *= 2;
	void *np = realloc(*p, ncap * size);
	if (!np)
		return -1;
	*p = np;
	*cap = ncap;
	return 0;
}

long dict_add(dict_t *d, const char *key, size_t len)
{
	long id = dict_find(d, key, len);

	if (id >= 0)
		return id;
	if (d->pool_len + len + 1 > UINT32_MAX || d->count + 1 >= UINT32_MAX)
		return -1;
	if ((d->count + 1) * 2 > d->nslots && dict_grow(d) < 0)
		return -1;
	if (reserve((void **)&d->pool, &d->pool_cap, d->pool_len + len + 1, 1) < 0 ||
	    reserve((void **)&d->offs, &d->offs_cap, d->count + 1, sizeof(*d->offs)) < 0)
		return -1;
	memcpy(d->pool + d->pool_len, key, len);
	d->pool[d->pool_len + len] = '\0';
	d->offs[d->count] = (uint32_t)d->pool_len;
	d->pool_len += len + 1;
	d->slots[dict_slot(d, key, len)] = (uint32_t)d->count + 1;
	return (long)d->count++;
}

/* ---------------------------------------------------------------- folding */

int utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned c = s[i];
		size_t n = 4; /* continuation bytes; 4 marks an invalid lead byte */
		if (c < 0x80)
			n = 0;
		else if (c >= 0xC2 && c <= 0xDF)
			n = 1;
		else if ((c & 0xF0) == 0xE0)
			n = 2;
		else if (c >= 0xF0 && c <= 0xF4)
			n = 3;
		if (n == 4 || (n > 0 && i + n >= len))
			return 0;
		for (size_t k = 1; k <= n; k++)
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
		/* overlong forms, surrogates and code points past U+10FFFF */
		if ((c == 0xE0 && s[i + 1] < 0xA0) || (c == 0xED && s[i + 1] >= 0xA0) ||
		    (c == 0xF0 && s[i + 1] < 0x90) || (c == 0xF4 && s[i + 1] >= 0x90))
			return 0;
		i += n + 1;
	}
	return 1;
}

/* Base letters of U+00C0..U+00FF; '_' marks a symbol that separates words. */
static const char *const latin1[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",	 "i",
    "d", "n", "o", "o", "o", "o", "o",	"_", "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",	 "i",
    "d", "n", "o", "o", "o", "o", "o",	"_", "o", "u", "u", "u", "u", "y", "th", "y",
};

static int keeps(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '#';
}

/* Writes the folded form of one character; returns the bytes of input it used. */
static size_t fold_char(const unsigned char *s, char *word, size_t *wlen)
{
	unsigned c = s[0];

	if (c < 0x80) {
		c = c >= 'A' && c <= 'Z' ? c + 32 : c;
		if (keeps((unsigned char)c))
			word[(*wlen)++] = (char)c;
		return 1;
	}
	if (c == 0xC3 || (c == 0xC5 && (s[1] == 0x92 || s[1] == 0x93))) {
		const char *base = c == 0xC3 ? latin1[s[1] - 0x80] : "oe";
		if (base[0] != '_')
			for (; *base; base++)
				word[(*wlen)++] = *base;
		return 2;
	}
	if (c == 0xC2)
		return 2; /* U+0080..U+00BF: spaces, quotes, symbols */
	size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
	memcpy(word + *wlen, s, n);
	*wlen += n;
	return n;
}

int text_fold(const char *name, char *out, size_t outsz, matcher_error_t *err)
{
	size_t len = name ? strlen(name) : 0;
	size_t olen = 0;
	const unsigned char *s = (const unsigned char *)name;

	if (len > MATCHER_NAME_MAX) {
		error_set(err, MATCHER_EINVAL, "skill name longer than %d bytes", MATCHER_NAME_MAX);
		return -1;
	}
	if (!utf8_valid(name ? name : "", len)) {
		error_set(err, MATCHER_EINVAL, "skill name is not valid UTF-8");
		return -1;
	}
	for (size_t i = 0; i < len;) {
		char word[MATCHER_NAME_MAX + 1];
		size_t wlen = 0;
		/* a run of kept characters makes a word; everything else separates words */
		while (i < len) {
			size_t before = wlen;
			size_t used = fold_char(s + i, word, &wlen);
			if (wlen == before) {
				i += used;
				break;
			}
			i += used;
		}
		if (!wlen)
			continue;
		if (olen + (olen > 0) + wlen + 1 > outsz) {
			error_set(err, MATCHER_EINVAL, "skill name too long");
			return -1;
		}
		if (olen)
			out[olen++] = ' ';
		memcpy(out + olen, word, wlen);
		olen += wlen;
	}
	if (!olen) {
		error_set(err, MATCHER_EINVAL, "empty skill name");
		return -1;
	}
	out[olen] = '\0';
	return (int)olen;
}

int matcher_normalize(const matcher_synonyms_t *syn, const char *name, char *out, size_t outsz,
		      matcher_error_t *err)
{
	int len = text_fold(name, out, outsz, err);
	long id;

	if (len < 0 || !syn)
		return len;
	id = dict_find(&syn->names, out, (size_t)len);
	if (id < 0)
		return len;
	const char *canon = dict_key(&syn->names, syn->canon[id]);
	size_t clen = strlen(canon);
	if (clen + 1 > outsz) {
		error_set(err, MATCHER_EINVAL, "skill name too long");
		return -1;
	}
	memcpy(out, canon, clen + 1);
	return (int)clen;
}

/* ---------------------------------------------------------------- synonyms */

void matcher_synonyms_free(matcher_synonyms_t *syn)
{
	if (!syn)
		return;
	dict_clear(&syn->names);
	free(syn->canon);
	free(syn);
}

/* Adds one folded name under canonical `c` (c < 0: the name is itself canonical). */
static long syn_add(matcher_synonyms_t *syn, const char *raw, long c, size_t line,
		    matcher_error_t *err)
{
	char name[MATCHER_NAME_MAX + 1];
	int len = text_fold(raw, name, sizeof(name), err);
	long id;
	size_t before = syn->names.count;

	if (len < 0) {
		char why[MATCHER_ERROR_MAX];
		snprintf(why, sizeof(why), "%s", err ? err->text : "");
		error_set(err, MATCHER_EINVAL, "synonyms line %zu: %s", line, why);
		return -1;
	}
	id = dict_add(&syn->names, name, (size_t)len);
	if (id < 0 || reserve((void **)&syn->canon, &syn->canon_cap, syn->names.count,
			      sizeof(*syn->canon)) < 0) {
		error_set(err, MATCHER_ENOMEM, "out of memory");
		return -1;
	}
	if (syn->names.count > before) {
		syn->canon[id] = (uint32_t)(c < 0 ? id : c);
		return id;
	}
	if (c < 0 && syn->canon[id] != (uint32_t)id) {
		error_set(err, MATCHER_EINVAL, "synonyms line %zu: \"%s\" is already an alias",
			  line, name);
		return -1;
	}
	if (c >= 0 && id != c && syn->canon[id] != (uint32_t)c) {
		error_set(err, MATCHER_EINVAL, "synonyms line %zu: \"%s\" already has a meaning",
			  line, name);
		return -1;
	}
	return id;
}

static int syn_line(matcher_synonyms_t *syn, char *line, size_t lineno, matcher_error_t *err)
{
	char *hash = strchr(line, '#');
	char *colon, *p;
	long c;

	if (hash)
		*hash = '\0';
	p = line + strspn(line, " \t\r");
	if (!*p || strspn(p, " \t\r") == strlen(p))
		return 0;
	colon = strchr(p, ':');
	if (!colon) {
		error_set(err, MATCHER_EINVAL, "synonyms line %zu: expected \"name: alias, ...\"",
			  lineno);
		return -1;
	}
	*colon = '\0';
	c = syn_add(syn, p, -1, lineno, err);
	if (c < 0)
		return -1;
	for (p = colon + 1; p;) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		if (syn_add(syn, p, c, lineno, err) < 0)
			return -1;
		p = comma ? comma + 1 : NULL;
	}
	return 0;
}

matcher_synonyms_t *matcher_synonyms_parse(const char *text, size_t len, matcher_error_t *err)
{
	matcher_synonyms_t *syn = NULL;
	size_t lineno = 0;

	if (!text || len > SYN_TEXT_MAX) {
		error_set(err, MATCHER_EINVAL, "synonym text missing or over %d bytes",
			  SYN_TEXT_MAX);
		return NULL;
	}
	syn = calloc(1, sizeof(*syn));
	if (!syn) {
		error_set(err, MATCHER_ENOMEM, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < len;) {
		char line[SYN_LINE_MAX + 1];
		const char *nl = memchr(text + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - text) - i : len - i;
		lineno++;
		if (n > SYN_LINE_MAX) {
			error_set(err, MATCHER_EINVAL, "synonyms line %zu: over %d bytes", lineno,
				  SYN_LINE_MAX);
			goto error;
		}
		if (memchr(text + i, '\0', n)) {
			error_set(err, MATCHER_EINVAL, "synonyms line %zu: NUL byte", lineno);
			goto error;
		}
		memcpy(line, text + i, n);
		line[n] = '\0';
		if (syn_line(syn, line, lineno, err) < 0)
			goto error;
		i += n + 1;
	}
	return syn;
error:
	matcher_synonyms_free(syn);
	return NULL;
}
