/* Unit tests for service/strmap.c. */
#include "strmap.h"

#include "check.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define V(i) ((void *)(uintptr_t)(i))
#define I(p) ((uintptr_t)(p))

/* Reference vectors of SipHash-2-4: key 00..0f, message 00..(n-1). */
static void test_siphash(void)
{
	unsigned char k[16], msg[16];
	int i;

	for (i = 0; i < 16; i++)
		k[i] = msg[i] = (unsigned char)i;
	CHECK_UINT(strmap_siphash(k, msg, 0), 0x726fdb47dd0e0e31ULL);
	CHECK_UINT(strmap_siphash(k, msg, 1), 0x74f839c593dc67fdULL);
	CHECK_UINT(strmap_siphash(k, msg, 8), 0x93f5f5799a932462ULL);
	CHECK_UINT(strmap_siphash(k, msg, 15), 0xa129ca6149be45e5ULL);
}

static void test_basic(void)
{
	strmap *m = strmap_new();
	char key[32];

	if (!CHECK(m != NULL))
		return;
	CHECK_UINT(strmap_count(m), 0);
	CHECK(strmap_get(m, "a") == NULL);
	CHECK_INT(strmap_put(m, "a", V(1)), 0);
	CHECK_INT(strmap_put(m, "b", V(2)), 0);
	CHECK_INT(strmap_put(m, "", V(3)), 0);
	CHECK_UINT(strmap_count(m), 3);
	CHECK_UINT(I(strmap_get(m, "a")), 1);
	CHECK_UINT(I(strmap_get(m, "b")), 2);
	CHECK_UINT(I(strmap_get(m, "")), 3);
	CHECK(strmap_get(m, "c") == NULL);
	CHECK(strmap_get(m, "aa") == NULL);
	/* Replacing keeps the count. */
	CHECK_INT(strmap_put(m, "a", V(10)), 0);
	CHECK_UINT(strmap_count(m), 3);
	CHECK_UINT(I(strmap_get(m, "a")), 10);
	/* Deleting hands the value back, once. */
	CHECK_UINT(I(strmap_del(m, "a")), 10);
	CHECK(strmap_del(m, "a") == NULL);
	CHECK(strmap_get(m, "a") == NULL);
	CHECK_UINT(strmap_count(m), 2);
	/* Keys are copied. */
	strcpy(key, "room:42");
	CHECK_INT(strmap_put(m, key, V(42)), 0);
	strcpy(key, "room:43");
	CHECK_UINT(I(strmap_get(m, "room:42")), 42);
	CHECK(strmap_get(m, key) == NULL);
	strmap_free(m);
}

static void test_rejects(void)
{
	strmap *m = strmap_new();
	char *big = malloc(STRMAP_KEY_MAX + 2);

	if (!CHECK(m != NULL && big != NULL))
		goto error;
	CHECK_INT(strmap_put(m, "k", NULL), -1);
	CHECK_INT(strmap_put(m, NULL, V(1)), -1);
	CHECK_INT(strmap_put(NULL, "k", V(1)), -1);
	CHECK(strmap_get(m, NULL) == NULL);
	CHECK(strmap_get(NULL, "k") == NULL);
	CHECK(strmap_del(m, NULL) == NULL);
	CHECK(strmap_del(NULL, "k") == NULL);
	CHECK_UINT(strmap_count(NULL), 0);
	CHECK_UINT(strmap_count(m), 0);
	/* The key cap: exactly at it is fine, one over is refused. */
	memset(big, 'k', STRMAP_KEY_MAX + 1);
	big[STRMAP_KEY_MAX + 1] = '\0';
	CHECK_INT(strmap_put(m, big, V(1)), -1);
	CHECK(strmap_get(m, big) == NULL);
	CHECK_UINT(strmap_count(m), 0);
	big[STRMAP_KEY_MAX] = '\0';
	CHECK_INT(strmap_put(m, big, V(2)), 0);
	CHECK_UINT(I(strmap_get(m, big)), 2);
	CHECK(strmap_new_hashed(NULL, NULL) == NULL);
error:
	free(big);
	strmap_free(m);
	strmap_free(NULL);
}

static void test_growth_and_deletion(void)
{
	enum { N = 20000 };
	strmap *m = strmap_new();
	char key[32];
	int i, wrong = 0;

	if (!CHECK(m != NULL))
		return;
	for (i = 0; i < N; i++) {
		snprintf(key, sizeof key, "user-%d", i);
		wrong += strmap_put(m, key, V(i + 1)) != 0;
	}
	CHECK_INT(wrong, 0);
	CHECK_UINT(strmap_count(m), N);
	for (i = 0; i < N; i++) {
		snprintf(key, sizeof key, "user-%d", i);
		wrong += I(strmap_get(m, key)) != (uintptr_t)(i + 1);
	}
	CHECK_INT(wrong, 0);
	/* Remove the odd ones, then nearly all, so the table shrinks. */
	for (i = 1; i < N; i += 2) {
		snprintf(key, sizeof key, "user-%d", i);
		wrong += I(strmap_del(m, key)) != (uintptr_t)(i + 1);
	}
	CHECK_INT(wrong, 0);
	CHECK_UINT(strmap_count(m), N / 2);
	for (i = 0; i < N; i++) {
		snprintf(key, sizeof key, "user-%d", i);
		wrong += I(strmap_get(m, key)) != (i % 2 ? 0 : (uintptr_t)(i + 1));
	}
	CHECK_INT(wrong, 0);
	for (i = 0; i < N - 10; i += 2) {
		snprintf(key, sizeof key, "user-%d", i);
		wrong += strmap_del(m, key) == NULL;
	}
	CHECK_INT(wrong, 0);
	CHECK_UINT(strmap_count(m), 5);
	for (i = N - 10; i < N; i += 2) {
		snprintf(key, sizeof key, "user-%d", i);
		wrong += I(strmap_get(m, key)) != (uintptr_t)(i + 1);
	}
	CHECK_INT(wrong, 0);
	strmap_free(m);
}

static void test_iteration(void)
{
	enum { N = 500 };
	strmap *m = strmap_new();
	unsigned char seen[N];
	const char *k;
	void *v;
	size_t it = 0, visits = 0;
	char key[16];
	int i, bad = 0;

	if (!CHECK(m != NULL))
		return;
	CHECK_INT(strmap_next(m, &it, &k, &v), 0);
	for (i = 0; i < N; i++) {
		snprintf(key, sizeof key, "%d", i);
		strmap_put(m, key, V(i + 1));
	}
	memset(seen, 0, sizeof seen);
	it = 0;
	while (strmap_next(m, &it, &k, &v)) {
		uintptr_t n = I(v) - 1;

		visits++;
		snprintf(key, sizeof key, "%d", (int)n);
		if (n >= N || seen[n] || strcmp(key, k) != 0)
			bad++;
		else
			seen[n] = 1;
	}
	CHECK_UINT(visits, N);
	CHECK_INT(bad, 0);
	/* The end stays the end; NULL outputs are allowed. */
	CHECK_INT(strmap_next(m, &it, NULL, NULL), 0);
	it = 0;
	visits = 0;
	while (strmap_next(m, &it, NULL, NULL))
		visits++;
	CHECK_UINT(visits, N);
	CHECK_INT(strmap_next(NULL, &it, &k, &v), 0);
	CHECK_INT(strmap_next(m, NULL, &k, &v), 0);

	/* Documented pattern: free every value while iterating, then the map. */
	strmap_free(m);
	m = strmap_new();
	if (!CHECK(m != NULL))
		return;
	strmap_put(m, "x", strdup("value x"));
	strmap_put(m, "y", strdup("value y"));
	it = 0;
	while (strmap_next(m, &it, NULL, &v))
		free(v);
	strmap_free(m);
}

/* Two maps rarely order 64 keys alike unless their hash keys are equal. */
static void test_seeds_differ(void)
{
	strmap *a = strmap_new(), *b = strmap_new();
	const char *ka, *kb;
	size_t ia = 0, ib = 0;
	char key[16];
	int i, same = 1;

	if (!CHECK(a != NULL && b != NULL))
		goto error;
	for (i = 0; i < 64; i++) {
		snprintf(key, sizeof key, "k%d", i);
		strmap_put(a, key, V(1));
		strmap_put(b, key, V(1));
	}
	while (strmap_next(a, &ia, &ka, NULL) && strmap_next(b, &ib, &kb, NULL))
		same &= strcmp(ka, kb) == 0;
	CHECK(!same);
error:
	strmap_free(a);
	strmap_free(b);
}

static uint64_t hash_const(const char *key, size_t len, void *ud)
{
	/* Home is the last slot of any table, so every chain wraps around. */
	return UINT64_MAX;
}

static uint64_t hash_few(const char *key, size_t len, void *ud)
{
	(*(int *)ud)++;
	return len ? (unsigned char)key[len - 1] % 4 : 0;
}

/* Every key collides: lookups and deletions must walk and repair the chain. */
static void test_full_collisions(void)
{
	enum { N = 300 };
	strmap *m = strmap_new_hashed(hash_const, NULL);
	char key[16];
	int i, wrong = 0;

	if (!CHECK(m != NULL))
		return;
	for (i = 0; i < N; i++) {
		snprintf(key, sizeof key, "c%d", i);
		wrong += strmap_put(m, key, V(i + 1)) != 0;
	}
	CHECK_INT(wrong, 0);
	/* Delete from the middle, the head and the tail of the one chain. */
	CHECK_UINT(I(strmap_del(m, "c150")), 151);
	CHECK_UINT(I(strmap_del(m, "c0")), 1);
	CHECK_UINT(I(strmap_del(m, "c299")), 300);
	CHECK(strmap_del(m, "c150") == NULL);
	for (i = 0; i < N; i++) {
		uintptr_t want = (i == 0 || i == 150 || i == 299) ? 0 : (uintptr_t)(i + 1);

		snprintf(key, sizeof key, "c%d", i);
		wrong += I(strmap_get(m, key)) != want;
	}
	CHECK_INT(wrong, 0);
	CHECK_UINT(strmap_count(m), N - 3);
	strmap_free(m);
}

/* Random operations against a plain array, with a real and a clustering hash. */
static void check_model(strmap *m, const char *name)
{
	enum { KEYS = 257, OPS = 60000 };
	uintptr_t model[KEYS];
	uint32_t x = 2463534242u;
	size_t count = 0, it = 0, visits = 0;
	char key[16];
	int op, k, wrong = 0;

	memset(model, 0, sizeof model);
	for (op = 0; op < OPS; op++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		k = (int)(x % KEYS);
		snprintf(key, sizeof key, "key%d", k);
		if ((x >> 16) % 3 == 0) {
			wrong += I(strmap_del(m, key)) != model[k];
			count -= model[k] != 0;
			model[k] = 0;
		} else {
			count += model[k] == 0;
			model[k] = (uintptr_t)op + 1;
			wrong += strmap_put(m, key, V(model[k])) != 0;
		}
		wrong += strmap_count(m) != count;
	}
	for (k = 0; k < KEYS; k++) {
		snprintf(key, sizeof key, "key%d", k);
		wrong += I(strmap_get(m, key)) != model[k];
	}
	while (strmap_next(m, &it, NULL, NULL))
		visits++;
	if (!CHECK_INT(wrong, 0) || !CHECK_UINT(visits, count))
		fprintf(stderr, "    with %s\n", name);
}

static void test_against_model(void)
{
	strmap *m = strmap_new();
	int calls = 0;

	if (CHECK(m != NULL))
		check_model(m, "siphash");
	strmap_free(m);
	m = strmap_new_hashed(hash_few, &calls);
	if (CHECK(m != NULL))
		check_model(m, "four-value hash");
	CHECK(calls > 0);
	strmap_free(m);
}

int main(void)
{
	test_siphash();
	test_basic();
	test_rejects();
	test_growth_and_deletion();
	test_iteration();
	test_seeds_differ();
	test_full_collisions();
	test_against_model();
	return check_done("strmap");
}
