/*
 * strmap.h: hash map from NUL-terminated string keys to void pointers.
 * Open addressing with linear probing and backward-shift deletion (no
 * tombstones), SipHash-2-4 with a random key per map so that clients who
 * choose ids cannot flood one probe chain.
 *
 * Ownership: the map copies each key and owns the copy; it never owns the
 * values: strmap_del hands the value back, and before strmap_free the caller
 * iterates to free values it owns. Keys handed out by strmap_next stay valid
 * until that entry is deleted or the map is freed. Not locked: one thread at
 * a time.
 */
#ifndef PASSERELLE_STRMAP_H
#define PASSERELLE_STRMAP_H

#include <stddef.h>
#include <stdint.h>

/* Longest key in bytes; longer keys are refused by put and never found. */
#define STRMAP_KEY_MAX 1024

typedef struct strmap strmap;

/* Hash function for strmap_new_hashed: key of len bytes, ud as given. */
typedef uint64_t (*strmap_hash_fn)(const char *key, size_t len, void *ud);

/* New empty map with a randomly keyed SipHash. NULL when out of memory. */
strmap *strmap_new(void);

/*
 * New empty map using hash (with ud) instead of SipHash, e.g. to test long
 * collision chains. NULL when out of memory or hash is NULL.
 */
strmap *strmap_new_hashed(strmap_hash_fn hash, void *ud);

/* Frees the map and its key copies, not the values. NULL is fine. */
void strmap_free(strmap *m);

/* Value stored under key, or NULL if absent (or m or key is NULL). */
void *strmap_get(const strmap *m, const char *key);

/*
 * Stores val under key, replacing any previous value (which the caller still
 * owns). val must not be NULL, so that NULL always means "absent". Returns
 * 0, or -1 (map unchanged) on NULL arguments, a key over STRMAP_KEY_MAX
 * bytes, or out of memory.
 */
int strmap_put(strmap *m, const char *key, void *val);

/* Removes key; returns the value it had, or NULL if it was absent. */
void *strmap_del(strmap *m, const char *key);

/* Number of entries; 0 for NULL. */
size_t strmap_count(const strmap *m);

/*
 * Iterates: start with *it = 0, then call until it returns 0 (the end).
 * Each call returning 1 sets *key and *val (either may be NULL) to the next
 * entry, in no particular order. The map must not be changed while
 * iterating: a put may rehash, and deleting even the current entry may move
 * a later one before the cursor so that it is skipped. Collect the keys
 * first, or finish the loop, then change the map.
 */
int strmap_next(const strmap *m, size_t *it, const char **key, void **val);

/* SipHash-2-4 of len bytes under a 16-byte key; what strmap_new uses. */
uint64_t strmap_siphash(const unsigned char key[16], const void *data, size_t len);

#endif
