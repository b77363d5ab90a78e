/* Unit tests for service/base64.c. */
#include "base64.h"

#include "check.h"

#include <string.h>

/* RFC 4648 section 10 vectors: "", "f", "fo", ... "foobar". */
static const char *const rfc_plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
static const char *const rfc_std[] = {"",	  "Zg==",     "Zm8=",	 "Zm9v",
				      "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
static const char *const rfc_url[] = {"", "Zg", "Zm8", "Zm9v", "Zm9vYg", "Zm9vYmE", "Zm9vYmFy"};

static void test_vectors(void)
{
	char enc[16];
	unsigned char dec[16];
	size_t i, n;

	for (i = 0; i < sizeof rfc_plain / sizeof rfc_plain[0]; i++) {
		n = strlen(rfc_plain[i]);
		CHECK_UINT(b64_encode((const unsigned char *)rfc_plain[i], n, enc, sizeof enc),
			   strlen(rfc_std[i]));
		CHECK_STR(enc, rfc_std[i]);
		CHECK_UINT(b64_encoded_len(n), strlen(rfc_std[i]));
		CHECK_UINT(b64url_encode((const unsigned char *)rfc_plain[i], n, enc, sizeof enc),
			   strlen(rfc_url[i]));
		CHECK_STR(enc, rfc_url[i]);
		CHECK_UINT(b64url_encoded_len(n), strlen(rfc_url[i]));

		CHECK_INT(b64_decode(rfc_std[i], strlen(rfc_std[i]), dec, sizeof dec), (long)n);
		CHECK_MEM(dec, rfc_plain[i], n);
		CHECK_INT(b64url_decode(rfc_url[i], strlen(rfc_url[i]), dec, sizeof dec), (long)n);
		CHECK_MEM(dec, rfc_plain[i], n);
	}
}

/* The two alphabets differ only in positions 62 and 63. */
static void test_alphabets(void)
{
	const unsigned char in[] = {0xfb, 0xff, 0xbf};
	unsigned char dec[3];
	char enc[8];

	CHECK_UINT(b64_encode(in, 3, enc, sizeof enc), 4);
	CHECK_STR(enc, "+/+/");
	CHECK_UINT(b64url_encode(in, 3, enc, sizeof enc), 4);
	CHECK_STR(enc, "-_-_");
	CHECK_INT(b64url_decode("-_-_", 4, dec, sizeof dec), 3);
	CHECK_MEM(dec, in, 3);
	CHECK_INT(b64_decode("+/+/", 4, dec, sizeof dec), 3);
	CHECK_MEM(dec, in, 3);
	CHECK_INT(b64url_decode("+/+/", 4, dec, sizeof dec), -1);
	CHECK_INT(b64_decode("-_-_", 4, dec, sizeof dec), -1);
}

static void test_round_trip(void)
{
	unsigned char in[256], dec[256];
	char enc[400];
	size_t n, i, e;

	for (i = 0; i < sizeof in; i++)
		in[i] = (unsigned char)(i * 7 + 3);
	for (n = 0; n <= sizeof in; n++) {
		e = b64url_encode(in, n, enc, sizeof enc);
		CHECK_UINT(e, b64url_encoded_len(n));
		CHECK_UINT(strlen(enc), e);
		CHECK_INT(b64url_decode(enc, e, dec, sizeof dec), (long)n);
		CHECK_MEM(dec, in, n);
		e = b64_encode(in, n, enc, sizeof enc);
		CHECK_UINT(e, b64_encoded_len(n));
		CHECK_INT(b64_decode(enc, e, dec, sizeof dec), (long)n);
		CHECK_MEM(dec, in, n);
	}
}

static void test_encode_caps(void)
{
	const unsigned char in[] = "foobar";
	char enc[16];

	/* "Zm9vYmFy" needs 8 + 1 bytes: one less fails and writes nothing. */
	memset(enc, 'x', sizeof enc);
	CHECK_UINT(b64_encode(in, 6, enc, 8), 0);
	CHECK(enc[0] == 'x');
	CHECK_UINT(b64_encode(in, 6, enc, 9), 8);
	CHECK_UINT(b64url_encode(in, 4, enc, 6), 0); /* "Zm9vYg" + NUL is 7 */
	CHECK_UINT(b64url_encode(in, 4, enc, 7), 6);
	CHECK_UINT(b64url_encode(in, 0, enc, 0), 0);
	CHECK_UINT(b64url_encode(in, 0, enc, 1), 0);
	CHECK_STR(enc, "");
	CHECK_UINT(b64_encode(NULL, 3, enc, sizeof enc), 0);
	CHECK_UINT(b64_encode(in, 3, NULL, 10), 0);
	/* Lengths whose encoding cannot be counted in a size_t. */
	CHECK_UINT(b64_encoded_len(SIZE_MAX), 0);
	CHECK_UINT(b64url_encoded_len(SIZE_MAX / 4 * 3 + 3), 0);
}

static void test_decode_caps(void)
{
	unsigned char dec[8];

	memset(dec, 0xaa, sizeof dec);
	CHECK_INT(b64_decode("Zm9vYmFy", 8, dec, 5), -1);
	CHECK(dec[0] == 0xaa);
	CHECK_INT(b64_decode("Zm9vYmFy", 8, dec, 6), 6);
	CHECK_INT(b64url_decode("Zm9vYmE", 7, dec, 4), -1);
	CHECK_INT(b64url_decode("Zm9vYmE", 7, dec, 5), 5);
	CHECK_INT(b64url_decode("", 0, NULL, 0), 0);
	CHECK_INT(b64url_decode(NULL, 4, dec, sizeof dec), -1);
	CHECK_INT(b64url_decode("Zm9v", 4, NULL, 3), -1);
}

static void test_decode_rejects(void)
{
	static const char *const bad_url[] = {
	    "Z",      /* one char cannot hold a byte */
	    "Zm9vY",  /* 4k + 1 */
	    "Zg==",   /* padding in the unpadded form */
	    "Zm8=",   /* same */
	    "Zm 9v",  /* whitespace */
	    "Zm9v\n", /* trailing newline */
	    "Zm+v",   /* standard alphabet */
	    "Zh",     /* unused bits set: not canonical ("Zg" is) */
	    "Zm9",    /* unused bits set ("Zm8" is) */
	    "Zm.v",   /* dot */
	};
	static const char *const bad_std[] = {
	    "Zg",	/* missing padding */
	    "Zm8",	/* same */
	    "Zg=",	/* short padding */
	    "Z===",	/* three pads */
	    "====",	/* only pads */
	    "Zg=a",	/* pad in the middle */
	    "Z=g=",	/* pad in the middle */
	    "Zg==Zm9v", /* data after padding */
	    "Zh==",	/* unused bits set */
	    "Zm9=",	/* unused bits set */
	    "Zm9v ",	/* trailing space */
	    "Zm-v",	/* url alphabet */
	};
	unsigned char dec[8];
	size_t i;

	for (i = 0; i < sizeof bad_url / sizeof bad_url[0]; i++) {
		memset(dec, 0xaa, sizeof dec);
		if (!CHECK_INT(b64url_decode(bad_url[i], strlen(bad_url[i]), dec, sizeof dec), -1))
			fprintf(stderr, "    input \"%s\"\n", bad_url[i]);
		CHECK(dec[0] == 0xaa);
	}
	for (i = 0; i < sizeof bad_std / sizeof bad_std[0]; i++) {
		memset(dec, 0xaa, sizeof dec);
		if (!CHECK_INT(b64_decode(bad_std[i], strlen(bad_std[i]), dec, sizeof dec), -1))
			fprintf(stderr, "    input \"%s\"\n", bad_std[i]);
		CHECK(dec[0] == 0xaa);
	}
	/* An embedded NUL is just a bad character. */
	CHECK_INT(b64url_decode("Zm\0v", 4, dec, sizeof dec), -1);
	/* len bounds the input: the valid prefix decodes, the rest is ignored. */
	CHECK_INT(b64url_decode("Zm9v!!!", 4, dec, sizeof dec), 3);
}

int main(void)
{
	test_vectors();
	test_alphabets();
	test_round_trip();
	test_encode_caps();
	test_decode_caps();
	test_decode_rejects();
	return check_done("base64");
}
