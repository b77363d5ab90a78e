/* Unit tests for service/token.c. */
#include "token.h"

#include "base64.h"
#include "check.h"

#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

static const unsigned char key[] = "0123456789abcdef0123456789abcdef";
static const unsigned char other_key[] = "0123456789abcdef0123456789abcdeF";
#define KEYLEN 32

#define T0 1700000000000LL /* a fixed "now" */

static const char jti0[] = "0123456789abcdef0123456789abcdef";

static token_claims claims(const char *uid, int64_t exp_ms, const char *jti)
{
	token_claims c;

	memset(&c, 0, sizeof c);
	snprintf(c.uid, sizeof c.uid, "%s", uid);
	snprintf(c.jti, sizeof c.jti, "%s", jti);
	c.exp_ms = exp_ms;
	return c;
}

/* A sentinel to prove token_verify left *out alone. */
static token_claims sentinel(void)
{
	token_claims c;

	memset(&c, 0x5a, sizeof c);
	return c;
}

static int untouched(const token_claims *c)
{
	token_claims s = sentinel();

	return memcmp(c, &s, sizeof s) == 0;
}

/*
 * Builds a correctly signed token around an arbitrary payload of n bytes,
 * to reach the checks that run after the signature.
 */
static void forge(const char *payload, size_t n, char *out, size_t outsz)
{
	unsigned char mac[32];
	unsigned int maclen = 0;
	size_t len;

	strcpy(out, "v1.");
	len = 3 + b64url_encode((const unsigned char *)payload, n, out + 3, outsz - 3);
	HMAC(EVP_sha256(), key, KEYLEN, (const unsigned char *)out, len, mac, &maclen);
	out[len++] = '.';
	b64url_encode(mac, sizeof mac, out + len, outsz - len);
}

static void test_round_trip(void)
{
	token_claims c = claims("u_42-x", T0 + 60000, jti0), got;
	char tok[TOKEN_MAX], again[TOKEN_MAX];
	int n;

	n = token_sign(key, KEYLEN, &c, tok, sizeof tok);
	CHECK(n > 0);
	CHECK_UINT(strlen(tok), (size_t)n);
	memset(&got, 0, sizeof got);
	CHECK_INT(token_verify(key, KEYLEN, tok, T0, &got), TOKEN_OK);
	CHECK_STR(got.uid, "u_42-x");
	CHECK_STR(got.jti, jti0);
	CHECK_INT(got.exp_ms, T0 + 60000);
	CHECK_INT(token_verify(key, KEYLEN, tok, T0, NULL), TOKEN_OK);
	/* Signing is deterministic. */
	CHECK_INT(token_sign(key, KEYLEN, &c, again, sizeof again), n);
	CHECK_STR(again, tok);
}

/* Computed independently (Python hmac + base64) from the format in token.h. */
static void test_known_answer(void)
{
	const char want[] = "v1.YWxpY2V8MTIzNHwwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZg."
			    "AM8zQLG2DJ_KQjYGrH3Ba9-6YAt1Vm5_V80cXGuWqjo";
	token_claims c = claims("alice", 1234, jti0), got;
	char tok[TOKEN_MAX];

	CHECK_INT(token_sign(key, KEYLEN, &c, tok, sizeof tok), (long)strlen(want));
	CHECK_STR(tok, want);
	CHECK_INT(token_verify(key, KEYLEN, want, 1000, &got), TOKEN_OK);
	CHECK_STR(got.uid, "alice");
}

static void test_expiry(void)
{
	token_claims c = claims("bob", T0, jti0), got;
	char tok[TOKEN_MAX];

	CHECK(token_sign(key, KEYLEN, &c, tok, sizeof tok) > 0);
	CHECK_INT(token_verify(key, KEYLEN, tok, T0 - 1, NULL), TOKEN_OK);
	memset(&got, 0, sizeof got);
	CHECK_INT(token_verify(key, KEYLEN, tok, T0, &got), TOKEN_EXPIRED);
	/* Expired tokens still say whose they were, for logging. */
	CHECK_STR(got.uid, "bob");
	CHECK_INT(got.exp_ms, T0);
	CHECK_INT(token_verify(key, KEYLEN, tok, INT64_MAX, NULL), TOKEN_EXPIRED);
	/* An expired token under the wrong key is a bad signature first. */
	got = sentinel();
	CHECK_INT(token_verify(other_key, KEYLEN, tok, T0 + 1, &got), TOKEN_BAD_SIGNATURE);
	CHECK(untouched(&got));
}

static void test_wrong_key(void)
{
	token_claims c = claims("carol", T0 + 1, jti0), got = sentinel();
	char tok[TOKEN_MAX];

	CHECK(token_sign(key, KEYLEN, &c, tok, sizeof tok) > 0);
	CHECK_INT(token_verify(other_key, KEYLEN, tok, T0, &got), TOKEN_BAD_SIGNATURE);
	CHECK_INT(token_verify(key, KEYLEN - 1, tok, T0, &got), TOKEN_BAD_SIGNATURE);
	CHECK_INT(token_verify(key, 0, tok, T0, &got), TOKEN_BAD_SIGNATURE);
	CHECK_INT(token_verify(NULL, KEYLEN, tok, T0, &got), TOKEN_BAD_SIGNATURE);
	CHECK(untouched(&got));
}

/* Every single-character change is refused and leaves *out alone. */
static void test_tampered(void)
{
	static const char alt[] = "AB-_.=9";
	token_claims c = claims("dave", T0 + 1000, jti0), got;
	char tok[TOKEN_MAX], bad[TOKEN_MAX];
	size_t n, i, k;
	int accepted = 0, touched = 0;

	CHECK(token_sign(key, KEYLEN, &c, tok, sizeof tok) > 0);
	n = strlen(tok);
	for (i = 0; i < n; i++) {
		for (k = 0; alt[k] != '\0'; k++) {
			if (tok[i] == alt[k])
				continue;
			memcpy(bad, tok, n + 1);
			bad[i] = alt[k];
			got = sentinel();
			if (token_verify(key, KEYLEN, bad, T0, &got) == TOKEN_OK)
				accepted++;
			touched += !untouched(&got);
		}
	}
	CHECK_INT(accepted, 0);
	CHECK_INT(touched, 0);
	/* A changed payload is caught by the signature. */
	memcpy(bad, tok, n + 1);
	bad[5] = bad[5] == 'A' ? 'B' : 'A';
	CHECK_INT(token_verify(key, KEYLEN, bad, T0, NULL), TOKEN_BAD_SIGNATURE);
}

static void test_truncated_and_junk(void)
{
	token_claims c = claims("erin", T0 + 1000, jti0);
	char tok[TOKEN_MAX], bad[TOKEN_MAX + 8];
	size_t n, i;
	int accepted = 0;

	CHECK(token_sign(key, KEYLEN, &c, tok, sizeof tok) > 0);
	n = strlen(tok);
	for (i = 0; i < n; i++) {
		memcpy(bad, tok, i);
		bad[i] = '\0';
		accepted += token_verify(key, KEYLEN, bad, T0, NULL) == TOKEN_OK;
	}
	CHECK_INT(accepted, 0);
	/* Dropping the last signature character leaves 42: wrong length. */
	memcpy(bad, tok, n - 1);
	bad[n - 1] = '\0';
	CHECK_INT(token_verify(key, KEYLEN, bad, T0, NULL), TOKEN_MALFORMED);

	snprintf(bad, sizeof bad, "%sA", tok);
	CHECK_INT(token_verify(key, KEYLEN, bad, T0, NULL), TOKEN_MALFORMED);
	snprintf(bad, sizeof bad, "%s.", tok);
	CHECK_INT(token_verify(key, KEYLEN, bad, T0, NULL), TOKEN_MALFORMED);
	snprintf(bad, sizeof bad, "%s=", tok);
	CHECK_INT(token_verify(key, KEYLEN, bad, T0, NULL), TOKEN_MALFORMED);
	snprintf(bad, sizeof bad, "%s\n", tok);
	CHECK_INT(token_verify(key, KEYLEN, bad, T0, NULL), TOKEN_MALFORMED);
	snprintf(bad, sizeof bad, " %s", tok);
	CHECK_INT(token_verify(key, KEYLEN, bad, T0, NULL), TOKEN_MALFORMED);
}

static void test_malformed_shapes(void)
{
	token_claims c = claims("frank", T0 + 1000, jti0), got = sentinel();
	char tok[TOKEN_MAX], bad[TOKEN_MAX + 8], longer[TOKEN_MAX + 1];

	CHECK(token_sign(key, KEYLEN, &c, tok, sizeof tok) > 0);
	CHECK_INT(token_verify(key, KEYLEN, NULL, T0, &got), TOKEN_MALFORMED);
	CHECK_INT(token_verify(key, KEYLEN, "", T0, &got), TOKEN_MALFORMED);
	CHECK_INT(token_verify(key, KEYLEN, "v1.", T0, &got), TOKEN_MALFORMED);
	CHECK_INT(token_verify(key, KEYLEN, "v1..", T0, &got), TOKEN_MALFORMED);
	memcpy(bad, tok, strlen(tok) + 1);
	bad[1] = '2';
	CHECK_INT(token_verify(key, KEYLEN, bad, T0, &got), TOKEN_MALFORMED);
	bad[1] = '1';
	bad[0] = 'V';
	CHECK_INT(token_verify(key, KEYLEN, bad, T0, &got), TOKEN_MALFORMED);
	/* No payload, or the signature in place of the payload. */
	snprintf(bad, sizeof bad, "v1.%s", strchr(tok + 3, '.'));
	CHECK_INT(token_verify(key, KEYLEN, bad, T0, &got), TOKEN_MALFORMED);
	/* A length at the cap is refused before anything else. */
	memset(longer, 'A', TOKEN_MAX);
	memcpy(longer, "v1.", 3);
	longer[TOKEN_MAX] = '\0';
	CHECK_INT(token_verify(key, KEYLEN, longer, T0, &got), TOKEN_MALFORMED);
	CHECK(untouched(&got));
}

/* Correctly signed, but the payload breaks the format: still refused. */
static void test_bad_payloads(void)
{
	static const char *const bad[] = {
	    "alice|1234",
	    "alice|1234|0123456789abcdef0123456789abcdef|x",
	    "|1234|0123456789abcdef0123456789abcdef",
	    "al ice|1234|0123456789abcdef0123456789abcdef",
	    "alice.x|1234|0123456789abcdef0123456789abcdef",
	    "alice||0123456789abcdef0123456789abcdef",
	    "alice|01234|0123456789abcdef0123456789abcdef",
	    "alice|-1234|0123456789abcdef0123456789abcdef",
	    "alice|+1234|0123456789abcdef0123456789abcdef",
	    "alice|12a4|0123456789abcdef0123456789abcdef",
	    "alice|9223372036854775808|0123456789abcdef0123456789abcdef",
	    "alice|99999999999999999999|0123456789abcdef0123456789abcdef",
	    "alice|1234|0123456789ABCDEF0123456789abcdef",
	    "alice|1234|0123456789abcdef0123456789abcde",
	    "alice|1234|0123456789abcdef0123456789abcdef0",
	    "alice|1234|0123456789abcdeg0123456789abcdef",
	    ("a123456789012345678901234567890123456789012345678901234567890123|1|"
	     "0123456789abcdef0123456789abcdef"),
	};
	token_claims got;
	char tok[TOKEN_MAX + 64];
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		forge(bad[i], strlen(bad[i]), tok, sizeof tok);
		got = sentinel();
		if (!CHECK_INT(token_verify(key, KEYLEN, tok, 0, &got), TOKEN_MALFORMED))
			fprintf(stderr, "    payload \"%s\"\n", bad[i]);
		CHECK(untouched(&got));
	}
	/* A NUL inside the uid. */
	forge("al\0ce|1|0123456789abcdef0123456789abcdef", 40, tok, sizeof tok);
	CHECK_INT(token_verify(key, KEYLEN, tok, 0, NULL), TOKEN_MALFORMED);
	/* The forging itself is sound: a good payload passes. */
	forge("alice|1234|0123456789abcdef0123456789abcdef", 43, tok, sizeof tok);
	CHECK_INT(token_verify(key, KEYLEN, tok, 0, NULL), TOKEN_OK);
	forge("alice|0|0123456789abcdef0123456789abcdef", 40, tok, sizeof tok);
	CHECK_INT(token_verify(key, KEYLEN, tok, -1, NULL), TOKEN_OK);
}

static void test_sign_rejects(void)
{
	token_claims c;
	char tok[TOKEN_MAX], uid63[64];
	int n;

	memset(tok, 'x', sizeof tok);
	c = claims("", 1, jti0);
	CHECK_INT(token_sign(key, KEYLEN, &c, tok, sizeof tok), -1);
	c = claims("a b", 1, jti0);
	CHECK_INT(token_sign(key, KEYLEN, &c, tok, sizeof tok), -1);
	c = claims("a|b", 1, jti0);
	CHECK_INT(token_sign(key, KEYLEN, &c, tok, sizeof tok), -1);
	c = claims("alice", -1, jti0);
	CHECK_INT(token_sign(key, KEYLEN, &c, tok, sizeof tok), -1);
	c = claims("alice", 1, "0123456789ABCDEF0123456789abcdef");
	CHECK_INT(token_sign(key, KEYLEN, &c, tok, sizeof tok), -1);
	c = claims("alice", 1, "0123456789abcdef");
	CHECK_INT(token_sign(key, KEYLEN, &c, tok, sizeof tok), -1);
	/* A uid filling all 64 bytes has no NUL: refused, never over-read. */
	c = claims("alice", 1, jti0);
	memset(c.uid, 'a', sizeof c.uid);
	CHECK_INT(token_sign(key, KEYLEN, &c, tok, sizeof tok), -1);
	c = claims("alice", 1, jti0);
	memset(c.jti, 'a', sizeof c.jti);
	CHECK_INT(token_sign(key, KEYLEN, &c, tok, sizeof tok), -1);
	c = claims("alice", 1, jti0);
	CHECK_INT(token_sign(NULL, KEYLEN, &c, tok, sizeof tok), -1);
	CHECK_INT(token_sign(key, 0, &c, tok, sizeof tok), -1);
	CHECK_INT(token_sign(key, KEYLEN, NULL, tok, sizeof tok), -1);
	CHECK(tok[0] == 'x');

	/* The largest claims fit TOKEN_MAX and verify. */
	memset(uid63, 'Z', 63);
	uid63[63] = '\0';
	c = claims(uid63, INT64_MAX, jti0);
	n = token_sign(key, KEYLEN, &c, tok, sizeof tok);
	CHECK(n > 0 && n < TOKEN_MAX);
	CHECK_INT(token_verify(key, KEYLEN, tok, T0, NULL), TOKEN_OK);
	/* outsz must hold the NUL too; a short buffer is left untouched. */
	{
		char small[TOKEN_MAX];

		memset(small, 'x', sizeof small);
		CHECK_INT(token_sign(key, KEYLEN, &c, small, (size_t)n), -1);
		CHECK(small[0] == 'x');
		CHECK_INT(token_sign(key, KEYLEN, &c, small, (size_t)n + 1), n);
		CHECK_STR(small, tok);
	}
}

static void test_new_id(void)
{
	char a[33], b[33];
	token_claims c;
	size_t i;
	int hex = 1;

	CHECK_INT(token_new_id(a), 0);
	CHECK_INT(token_new_id(b), 0);
	CHECK_UINT(strlen(a), 32);
	for (i = 0; i < 32; i++)
		hex &= (a[i] >= '0' && a[i] <= '9') || (a[i] >= 'a' && a[i] <= 'f');
	CHECK(hex);
	CHECK(strcmp(a, b) != 0);
	CHECK_INT(token_new_id(NULL), -1);
	/* An id is always a valid jti. */
	c = claims("x", 1, a);
	CHECK(token_sign(key, KEYLEN, &c, (char[TOKEN_MAX]){0}, TOKEN_MAX) > 0);
}

static void test_status_str(void)
{
	CHECK_STR(token_status_str(TOKEN_OK), "ok");
	CHECK_STR(token_status_str(TOKEN_MALFORMED), "malformed");
	CHECK_STR(token_status_str(TOKEN_BAD_SIGNATURE), "bad signature");
	CHECK_STR(token_status_str(TOKEN_EXPIRED), "expired");
}

int main(void)
{
	test_round_trip();
	test_known_answer();
	test_expiry();
	test_wrong_key();
	test_tampered();
	test_truncated_and_junk();
	test_malformed_shapes();
	test_bad_payloads();
	test_sign_rejects();
	test_new_id();
	test_status_str();
	return check_done("token");
}
