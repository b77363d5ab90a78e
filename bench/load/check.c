/* check.c: loss, duplicate and order accounting, latency histogram (see check.h). */
#include "check.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define HIST_LIMIT ((uint64_t)1 << 40)

void hist_reset(struct hist *h)
{
	memset(h, 0, sizeof *h);
}

static size_t bucket_of(uint64_t v)
{
	int msb;

	if (v < HIST_SUB)
		return (size_t)v;
	msb = 63 - __builtin_clzll(v);
	return (size_t)(msb - HIST_SUB_BITS + 1) * HIST_SUB +
	       (size_t)((v >> (msb - HIST_SUB_BITS)) - HIST_SUB);
}

/* The highest value that falls in bucket i. */
static uint64_t bucket_top(size_t i)
{
	size_t shift;

	if (i < 2 * HIST_SUB)
		return i;
	shift = i / HIST_SUB - 1;
	return (((uint64_t)(i % HIST_SUB) + HIST_SUB) << shift) + ((uint64_t)1 << shift) - 1;
}

void hist_add(struct hist *h, uint64_t v)
{
	if (v >= HIST_LIMIT)
		v = HIST_LIMIT - 1;
	h->counts[bucket_of(v)]++;
	h->total++;
	if (v > h->max)
		h->max = v;
}

uint64_t hist_percentile(const struct hist *h, double q)
{
	uint64_t rank, seen = 0;

	if (h->total == 0)
		return 0;
	rank = (uint64_t)ceil(q * (double)h->total);
	if (rank < 1)
		rank = 1;
	for (size_t i = 0; i < HIST_BUCKETS; i++) {
		seen += h->counts[i];
		if (seen >= rank) {
			uint64_t top = bucket_top(i);
			return top < h->max ? top : h->max;
		}
	}
	return h->max;
}

int check_init(struct check *c, size_t receivers, size_t senders)
{
	memset(c, 0, sizeof *c);
	if (receivers > 0 && senders > 0) {
		c->slots = calloc(receivers * senders, sizeof *c->slots);
		if (c->slots == NULL)
			return -1;
	}
	c->receivers = receivers;
	c->senders = senders;
	return 0;
}

void check_free(struct check *c)
{
	if (c == NULL)
		return;
	free(c->slots);
	c->slots = NULL;
}

void check_reset_counts(struct check *c)
{
	c->received = c->dup = c->order = 0;
}

/* Moves the pair's state for seq; returns its class. */
static int classify(struct check_slot *s, uint32_t seq)
{
	uint32_t d;

	if (s->last == 0 || seq > s->last) {
		d = seq - s->last;
		s->bits = s->last == 0 || d >= 32 ? 1 : (s->bits << d) | 1;
		s->last = seq;
		return CHECK_NEW;
	}
	d = s->last - seq;
	if (d >= 32)
		return CHECK_ORDER; /* too old to tell; a late first copy is likelier */
	if (s->bits & (1u << d))
		return CHECK_DUP;
	s->bits |= 1u << d;
	return CHECK_ORDER;
}

int check_record(struct check *c, size_t receiver, size_t sender, uint32_t seq, int counted)
{
	int k = classify(&c->slots[receiver * c->senders + sender], seq);

	if (!counted)
		return k;
	if (k == CHECK_DUP)
		c->dup++;
	else
		c->received++;
	if (k == CHECK_ORDER)
		c->order++;
	return k;
}

uint64_t check_lost(const struct check *c, uint64_t expected)
{
	return expected > c->received ? expected - c->received : 0;
}
