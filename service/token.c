/* token.c: HMAC-SHA256 login tokens; see token.h. */
#include "token.h"

#include "base64.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#define PREFIX "v1."
#define PREFIX_LEN 3
#define MAC_LEN 32
#define MAC_B64_LEN 43 /* b64url of 32 bytes */
#define UID_MAX 63
#define JTI_LEN 32
#define EXP_DIGITS_MAX 19 /* INT64_MAX has 19 digits */
#define PAYLOAD_MAX (UID_MAX + 1 + EXP_DIGITS_MAX + 1 + JTI_LEN)
#define PAYLOAD_B64_MAX 155 /* b64url of PAYLOAD_MAX bytes */

static int uid_char(unsigned char ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
	       ch == '_' || ch == '-';
}

static int hex_char(unsigned char ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
}

/* 1 if the n bytes at s are a valid uid. */
static int uid_valid(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > UID_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!uid_char((unsigned char)s[i]))
			return 0;
	return 1;
}

/* 1 if the n bytes at s are a valid jti. */
static int jti_valid(const char *s, size_t n)
{
	size_t i;

	if (n != JTI_LEN)
		return 0;
	for (i = 0; i < n; i++)
		if (!hex_char((unsigned char)s[i]))
			return 0;
	return 1;
}

static int claims_valid(const token_claims *c)
{
	return uid_valid(c->uid, strnlen(c->uid, sizeof c->uid)) &&
	       jti_valid(c->jti, strnlen(c->jti, sizeof c->jti)) && c->exp_ms >= 0;
}

static int mac_compute(const unsigned char *key, size_t keylen, const char *data, size_t len,
		       unsigned char mac[MAC_LEN])
{
	unsigned int maclen = 0;

	if (key == NULL || keylen == 0 || keylen > INT_MAX)
		return -1;
	if (HMAC(EVP_sha256(), key, (int)keylen, (const unsigned char *)data, len, mac, &maclen) ==
		NULL ||
	    maclen != MAC_LEN)
		return -1;
	return 0;
}

int token_sign(const unsigned char *key, size_t keylen, const token_claims *c, char *out,
	       size_t outsz)
{
	char payload[PAYLOAD_MAX + 1];
	char buf[TOKEN_MAX];
	unsigned char mac[MAC_LEN];
	size_t len;
	int n;

	if (c == NULL || out == NULL || !claims_valid(c))
		return -1;
	n = snprintf(payload, sizeof payload, "%s|%" PRId64 "|%s", c->uid, c->exp_ms, c->jti);
	if (n <= 0 || (size_t)n >= sizeof payload)
		return -1;
	memcpy(buf, PREFIX, PREFIX_LEN);
	len = PREFIX_LEN;
	len +=
	    b64url_encode((const unsigned char *)payload, (size_t)n, buf + len, sizeof buf - len);
	if (mac_compute(key, keylen, buf, len, mac) < 0)
		return -1;
	buf[len++] = '.';
	len += b64url_encode(mac, MAC_LEN, buf + len, sizeof buf - len);
	if (len + 1 > outsz)
		return -1;
	memcpy(out, buf, len + 1);
	return (int)len;
}

/* Parses the decimal exp_ms: digits only, no leading zero, fits int64_t. */
static int exp_parse(const char *s, size_t n, int64_t *out)
{
	int64_t v = 0;
	size_t i;

	if (n == 0 || n > EXP_DIGITS_MAX || (n > 1 && s[0] == '0'))
		return -1;
	for (i = 0; i < n; i++) {
		int d = s[i] - '0';

		if (d < 0 || d > 9 || v > (INT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

/* Parses "uid|exp_ms|jti" (n bytes, not NUL-terminated) into *c. */
static int payload_parse(const char *p, size_t n, token_claims *c)
{
	const char *bar1, *bar2, *end = p + n;

	bar1 = memchr(p, '|', n);
	if (bar1 == NULL)
		return -1;
	bar2 = memchr(bar1 + 1, '|', (size_t)(end - bar1 - 1));
	if (bar2 == NULL)
		return -1;
	if (!uid_valid(p, (size_t)(bar1 - p)) || !jti_valid(bar2 + 1, (size_t)(end - bar2 - 1)))
		return -1;
	if (exp_parse(bar1 + 1, (size_t)(bar2 - bar1 - 1), &c->exp_ms) < 0)
		return -1;
	memcpy(c->uid, p, (size_t)(bar1 - p));
	c->uid[bar1 - p] = '\0';
	memcpy(c->jti, bar2 + 1, JTI_LEN);
	c->jti[JTI_LEN] = '\0';
	return 0;
}

token_status token_verify(const unsigned char *key, size_t keylen, const char *token,
			  int64_t now_ms, token_claims *out)
{
	unsigned char sig[MAC_LEN], mac[MAC_LEN];
	char payload[PAYLOAD_MAX];
	const char *dot;
	token_claims c;
	size_t n, b64len;
	long plen;

	if (token == NULL)
		return TOKEN_MALFORMED;
	n = strnlen(token, TOKEN_MAX);
	if (n >= TOKEN_MAX || n < PREFIX_LEN || memcmp(token, PREFIX, PREFIX_LEN) != 0)
		return TOKEN_MALFORMED;
	dot = memchr(token + PREFIX_LEN, '.', n - PREFIX_LEN);
	if (dot == NULL)
		return TOKEN_MALFORMED;
	b64len = (size_t)(dot - token) - PREFIX_LEN;
	if (b64len == 0 || b64len > PAYLOAD_B64_MAX || n - (size_t)(dot + 1 - token) != MAC_B64_LEN)
		return TOKEN_MALFORMED;
	if (b64url_decode(dot + 1, MAC_B64_LEN, sig, sizeof sig) != MAC_LEN)
		return TOKEN_MALFORMED;

	/* Nothing from the payload is read before the signature holds. */
	if (mac_compute(key, keylen, token, (size_t)(dot - token), mac) < 0)
		return TOKEN_BAD_SIGNATURE;
	if (CRYPTO_memcmp(mac, sig, MAC_LEN) != 0)
		return TOKEN_BAD_SIGNATURE;

	memset(&c, 0, sizeof c);
	plen = b64url_decode(token + PREFIX_LEN, b64len, (unsigned char *)payload, sizeof payload);
	if (plen <= 0 || payload_parse(payload, (size_t)plen, &c) < 0)
		return TOKEN_MALFORMED;
	if (out != NULL)
		*out = c;
	return now_ms >= c.exp_ms ? TOKEN_EXPIRED : TOKEN_OK;
}

int token_new_id(char out[33])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char raw[JTI_LEN / 2];
	int i;

	if (out == NULL || RAND_bytes(raw, sizeof raw) != 1)
		return -1;
	for (i = 0; i < (int)sizeof raw; i++) {
		out[2 * i] = hex[raw[i] >> 4];
		out[2 * i + 1] = hex[raw[i] & 15];
	}
	out[JTI_LEN] = '\0';
	OPENSSL_cleanse(raw, sizeof raw);
	return 0;
}

const char *token_status_str(token_status st)
{
	switch (st) {
	case TOKEN_OK:
		return "ok";
	case TOKEN_MALFORMED:
		return "malformed";
	case TOKEN_BAD_SIGNATURE:
		return "bad signature";
	case TOKEN_EXPIRED:
		return "expired";
	}
	return "unknown";
}
