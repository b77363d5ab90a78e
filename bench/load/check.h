/*
 * check.h: delivery accounting for the load generator, without I/O.
 *
 * For each (receiver, sender) pair it keeps the highest sequence number seen
 * and which of the 32 before it arrived, so that each delivery is classed as
 * new, a duplicate, or out of order (an older one that came after a newer).
 * Loss is what was expected and never counted as received. Latencies go
 * into a log-linear histogram (32 buckets per power of two, so a percentile
 * is at most about 3% above the true value) of whole microseconds.
 *
 * Ownership: check_init allocates one slot per pair, check_free releases
 * them and accepts NULL. A hist allocates nothing.
 */
#ifndef PASSERELLE_LOAD_CHECK_H
#define PASSERELLE_LOAD_CHECK_H

#include <stddef.h>
#include <stdint.h>

#define HIST_SUB_BITS 5
#define HIST_SUB (1u << HIST_SUB_BITS)
/* Up to 2^40 us (12 days): far beyond any run. */
#define HIST_BUCKETS ((40 - HIST_SUB_BITS + 2) * HIST_SUB)

struct hist {
	uint64_t counts[HIST_BUCKETS];
	uint64_t total;
	uint64_t max;
};

/* Empties h. */
void hist_reset(struct hist *h);

/* Adds one value (microseconds); larger than the last bucket goes to it. */
void hist_add(struct hist *h, uint64_t v);

/*
 * The value at quantile q (0 < q <= 1): the top of the bucket holding the
 * ceil(q * total)-th smallest value, never above the exact maximum. 0 when
 * h is empty.
 */
uint64_t hist_percentile(const struct hist *h, double q);

enum check_class {
	CHECK_NEW,   /* first copy, in order (gaps before it are not yet loss) */
	CHECK_ORDER, /* first copy, but after a higher seq from the same sender */
	CHECK_DUP,   /* a copy already counted */
};

struct check_slot {
	uint32_t last; /* highest seq seen, 0 before the first */
	uint32_t bits; /* bit i: last - i was seen */
};

struct check {
	struct check_slot *slots;
	size_t receivers, senders;
	uint64_t received; /* first copies counted (new and order) */
	uint64_t dup, order;
};

/* Sets up receivers x senders pairs. Returns 0, or -1 when out of memory. */
int check_init(struct check *c, size_t receivers, size_t senders);

/* Releases the slots; c may be NULL. */
void check_free(struct check *c);

/* Zeroes the counters, not what each pair has seen. */
void check_reset_counts(struct check *c);

/*
 * Records that receiver got seq (from 1 up) from sender. The pair's state
 * always moves; the counters move only when counted is non-zero (a delivery
 * inside the measured window). Returns its enum check_class.
 */
int check_record(struct check *c, size_t receiver, size_t sender, uint32_t seq, int counted);

/* Expected deliveries not counted as received (0 if more arrived). */
uint64_t check_lost(const struct check *c, uint64_t expected);

#endif
