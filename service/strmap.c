/* strmap.c: open-addressing string map; see strmap.h. */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#define MIN_CAP 16 /* a power of two */

typedef struct slot {
	char *key; /* NULL: empty */
	void *val;
	uint64_t hash;
} slot;

struct strmap {
	slot *slots;
	size_t cap; /* a power of two; at most 3/4 full, so probes always end */
	size_t count;
	strmap_hash_fn hash;
	void *ud;
	unsigned char seed[16];
};

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))

#define SIPROUND                                                                                   \
	do {                                                                                       \
		v0 += v1;                                                                          \
		v1 = ROTL(v1, 13);                                                                 \
		v1 ^= v0;                                                                          \
		v0 = ROTL(v0, 32);                                                                 \
		v2 += v3;                                                                          \
		v3 = ROTL(v3, 16);                                                                 \
		v3 ^= v2;                                                                          \
		v0 += v3;                                                                          \
		v3 = ROTL(v3, 21);                                                                 \
		v3 ^= v0;                                                                          \
		v2 += v1;                                                                          \
		v1 = ROTL(v1, 17);                                                                 \
		v1 ^= v2;                                                                          \
		v2 = ROTL(v2, 32);                                                                 \
	} while (0)

static uint64_t load_le64(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

uint64_t strmap_siphash(const unsigned char key[16], const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t k0 = load_le64(key), k1 = load_le64(key + 8);
	uint64_t v0 = k0 ^ 0x736f6d6570736575ULL, v1 = k1 ^ 0x646f72616e646f6dULL;
	uint64_t v2 = k0 ^ 0x6c7967656e657261ULL, v3 = k1 ^ 0x7465646279746573ULL;
	uint64_t m, b = (uint64_t)len << 56;
	size_t i, tail = len % 8;

	for (i = 0; i + 8 <= len; i += 8) {
		m = load_le64(p + i);
		v3 ^= m;
		SIPROUND;
		SIPROUND;
		v0 ^= m;
	}
	/* The last block holds the tail bytes and the length's low byte. */
	while (tail > 0) {
		tail--;
		b |= (uint64_t)p[i + tail] << (8 * tail);
	}
	v3 ^= b;
	SIPROUND;
	SIPROUND;
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}

static uint64_t sip_hash_fn(const char *key, size_t len, void *ud)
{
	return strmap_siphash(ud, key, len);
}

/* Fills the per-map key; a weak fallback beats failing to start. */
static void seed_fill(unsigned char seed[16])
{
	struct timespec ts;
	uint64_t a, b;

	if (getrandom(seed, 16, 0) == 16)
		return;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	a = (uint64_t)ts.tv_sec * 1000000007ULL ^ (uint64_t)ts.tv_nsec;
	b = (uint64_t)(uintptr_t)seed ^ ((uint64_t)time(NULL) << 20);
	memcpy(seed, &a, 8);
	memcpy(seed + 8, &b, 8);
}

strmap *strmap_new_hashed(strmap_hash_fn hash, void *ud)
{
	strmap *m;

	if (hash == NULL)
		return NULL;
	m = calloc(1, sizeof *m);
	if (m == NULL)
		return NULL;
	m->slots = calloc(MIN_CAP, sizeof *m->slots);
	if (m->slots == NULL) {
		free(m);
		return NULL;
	}
	m->cap = MIN_CAP;
	m->hash = hash;
	m->ud = ud;
	return m;
}

strmap *strmap_new(void)
{
	strmap *m = strmap_new_hashed(sip_hash_fn, NULL);

	if (m == NULL)
		return NULL;
	seed_fill(m->seed);
	m->ud = m->seed;
	return m;
}

void strmap_free(strmap *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	free(m);
}

/* Hashes key into *h. Returns its length, or -1 if it is over the cap. */
static int key_hash(const strmap *m, const char *key, uint64_t *h)
{
	size_t len = strnlen(key, STRMAP_KEY_MAX + 1);

	if (len > STRMAP_KEY_MAX)
		return -1;
	*h = m->hash(key, len, m->ud);
	return (int)len;
}

/* Index of key's slot, or m->cap if absent. */
static size_t slot_find(const strmap *m, const char *key, uint64_t h)
{
	size_t mask = m->cap - 1, i = (size_t)h & mask;

	while (m->slots[i].key != NULL) {
		if (m->slots[i].hash == h && strcmp(m->slots[i].key, key) == 0)
			return i;
		i = (i + 1) & mask;
	}
	return m->cap;
}

/* First empty slot on h's probe chain in slots (cap a power of two). */
static size_t slot_free(const slot *slots, size_t cap, uint64_t h)
{
	size_t mask = cap - 1, i = (size_t)h & mask;

	while (slots[i].key != NULL)
		i = (i + 1) & mask;
	return i;
}

/* Moves every entry to a table of newcap slots. Returns 0, or -1 (unchanged). */
static int rehash(strmap *m, size_t newcap)
{
	slot *ns;
	size_t i;

	if (newcap > SIZE_MAX / sizeof *ns)
		return -1;
	ns = calloc(newcap, sizeof *ns);
	if (ns == NULL)
		return -1;
	for (i = 0; i < m->cap; i++)
		if (m->slots[i].key != NULL)
			ns[slot_free(ns, newcap, m->slots[i].hash)] = m->slots[i];
	free(m->slots);
	m->slots = ns;
	m->cap = newcap;
	return 0;
}

void *strmap_get(const strmap *m, const char *key)
{
	uint64_t h;
	size_t i;

	if (m == NULL || key == NULL || key_hash(m, key, &h) < 0)
		return NULL;
	i = slot_find(m, key, h);
	return i < m->cap ? m->slots[i].val : NULL;
}

int strmap_put(strmap *m, const char *key, void *val)
{
	char *copy;
	uint64_t h;
	size_t i;
	int len;

	if (m == NULL || key == NULL || val == NULL || (len = key_hash(m, key, &h)) < 0)
		return -1;
	i = slot_find(m, key, h);
	if (i < m->cap) {
		m->slots[i].val = val;
		return 0;
	}
	copy = malloc((size_t)len + 1);
	if (copy == NULL)
		return -1;
	memcpy(copy, key, (size_t)len + 1);
	if (m->count + 1 > m->cap / 4 * 3 && (m->cap > SIZE_MAX / 2 || rehash(m, m->cap * 2) < 0)) {
		free(copy);
		return -1;
	}
	i = slot_free(m->slots, m->cap, h);
	m->slots[i].key = copy;
	m->slots[i].val = val;
	m->slots[i].hash = h;
	m->count++;
	return 0;
}

/* Empties slot i, pulling later entries of the same cluster back over it. */
static void slot_clear(strmap *m, size_t i)
{
	size_t mask = m->cap - 1, j = i, home;

	for (;;) {
		j = (j + 1) & mask;
		if (m->slots[j].key == NULL)
			break;
		home = (size_t)m->slots[j].hash & mask;
		/* An entry whose home lies cyclically in (i, j] is still reachable. */
		if (i <= j ? (i < home && home <= j) : (i < home || home <= j))
			continue;
		m->slots[i] = m->slots[j];
		i = j;
	}
	m->slots[i].key = NULL;
	m->slots[i].val = NULL;
	m->slots[i].hash = 0;
}

void *strmap_del(strmap *m, const char *key)
{
	uint64_t h;
	size_t i;
	void *val;

	if (m == NULL || key == NULL || key_hash(m, key, &h) < 0)
		return NULL;
	i = slot_find(m, key, h);
	if (i == m->cap)
		return NULL;
	val = m->slots[i].val;
	free(m->slots[i].key);
	slot_clear(m, i);
	m->count--;
	/* Give memory back after a spike; failing to shrink is harmless. */
	if (m->cap > MIN_CAP && m->count < m->cap / 8)
		(void)rehash(m, m->cap / 2);
	return val;
}

size_t strmap_count(const strmap *m)
{
	return m == NULL ? 0 : m->count;
}

int strmap_next(const strmap *m, size_t *it, const char **key, void **val)
{
	size_t i;

	if (m == NULL || it == NULL)
		return 0;
	for (i = *it; i < m->cap; i++) {
		if (m->slots[i].key == NULL)
			continue;
		if (key != NULL)
			*key = m->slots[i].key;
		if (val != NULL)
			*val = m->slots[i].val;
		*it = i + 1;
		return 1;
	}
	*it = m->cap;
	return 0;
}
