/*
 * fuzz_token.c - login tokens (service/token.c, base64.c). The first byte picks a mode:
 *   0  the rest is a token to verify, as `auth` receives it;
 *   1  the rest is a payload, signed here with the key, so that verification goes past
 *      the signature into the payload parser: what it accepts must print back the same;
 *   2  the rest fills claims to sign: a token signed must verify to the same claims;
 *   3  the rest is base64url text to decode: only canonical text decodes, so what
 *      decodes must encode back to the same text.
 *
 * The tokens among the seeds (corpus/token/verify-*) were made with token_sign() and
 * the key below.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "base64.h"
#include "token.h"

#define NOW_MS 1767830400000LL

static const unsigned char key[] = "fuzz-secret-0123456789abcdef";
#define KEYLEN (sizeof(key) - 1)

#define EXPECT(cond)                                                                               \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "fuzz_token: %s\n", #cond);                                \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

static int claims_ok(const token_claims *c)
{
	size_t n = strlen(c->uid);

	if (n == 0 || n > 63 ||
	    strspn(c->uid, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			   "0123456789_-") != n)
		return 0;
	return strlen(c->jti) == 32 && strspn(c->jti, "0123456789abcdef") == 32 && c->exp_ms >= 0;
}

static void verify_text(const uint8_t *data, size_t size)
{
	char *tok = malloc(size + 1);
	token_claims c;
	token_status st;

	EXPECT(tok != NULL);
	memcpy(tok, data, size);
	tok[size] = '\0';
	st = token_verify(key, KEYLEN, tok, NOW_MS, &c);
	EXPECT(st >= TOKEN_OK && st <= TOKEN_EXPIRED && token_status_str(st) != NULL);
	if (st == TOKEN_OK || st == TOKEN_EXPIRED)
		EXPECT(claims_ok(&c) && (st == TOKEN_EXPIRED) == (NOW_MS >= c.exp_ms));
	EXPECT(token_verify(NULL, 0, tok, NOW_MS, NULL) != TOKEN_OK);
	free(tok);
}

static void verify_payload(const uint8_t *data, size_t size)
{
	char tok[4 * TOKEN_MAX], back[TOKEN_MAX];
	unsigned char mac[32];
	unsigned int maclen = 0;
	token_claims c;
	token_status st;
	size_t len;

	if (size > TOKEN_MAX)
		return;
	memcpy(tok, "v1.", 3);
	len = 3 + b64url_encode(data, size, tok + 3, sizeof(tok) - 3);
	EXPECT(HMAC(EVP_sha256(), key, (int)KEYLEN, (const unsigned char *)tok, len, mac, &maclen));
	tok[len++] = '.';
	len += b64url_encode(mac, sizeof(mac), tok + len, sizeof(tok) - len);
	tok[len] = '\0';
	st = token_verify(key, KEYLEN, tok, NOW_MS, &c);
	if (st != TOKEN_OK && st != TOKEN_EXPIRED)
		return;
	EXPECT(claims_ok(&c));
	snprintf(back, sizeof(back), "%s|%" PRId64 "|%s", c.uid, c.exp_ms, c.jti);
	EXPECT(strlen(back) == size && memcmp(back, data, size) == 0);
}

static void sign_claims(const uint8_t *data, size_t size)
{
	token_claims c, got;
	char tok[TOKEN_MAX];
	int n;

	memset(&c, 0, sizeof(c));
	memcpy(&c, data, size < sizeof(c) ? size : sizeof(c));
	n = token_sign(key, KEYLEN, &c, tok, sizeof(tok));
	if (n < 0)
		return;
	EXPECT((size_t)n == strlen(tok));
	EXPECT(token_verify(key, KEYLEN, tok, NOW_MS, &got) ==
	       (NOW_MS >= c.exp_ms ? TOKEN_EXPIRED : TOKEN_OK));
	EXPECT(strcmp(got.uid, c.uid) == 0 && strcmp(got.jti, c.jti) == 0 &&
	       got.exp_ms == c.exp_ms);
	EXPECT(token_sign(key, KEYLEN, &c, tok, (size_t)n) == -1);
}

static void base64_round(const uint8_t *data, size_t size)
{
	unsigned char raw[4096], again[4096];
	char text[8192];
	long n, m;
	size_t len;

	n = b64url_decode((const char *)data, size, raw, sizeof(raw));
	if (n < 0)
		return;
	len = b64url_encode(raw, (size_t)n, text, sizeof(text));
	EXPECT(len == b64url_encoded_len((size_t)n));
	EXPECT(len == size && memcmp(text, data, size) == 0);
	m = b64url_decode(text, len, again, sizeof(again));
	EXPECT(m == n && memcmp(raw, again, (size_t)n) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	switch (data[0] % 4) {
	case 0:
		verify_text(data + 1, size - 1);
		break;
	case 1:
		verify_payload(data + 1, size - 1);
		break;
	case 2:
		sign_claims(data + 1, size - 1);
		break;
	default:
		base64_round(data + 1, size - 1);
	}
	return 0;
}
