/* A hiredis event adapter for libuv that batches writes (see redis_loop.h). */
#include "redis_loop.h"

#include <stdlib.h>

#include "turn_end.h"

typedef struct redis_loop {
	redisAsyncContext *ac; /* NULL once hiredis has let go of it */
	uv_poll_t poll;
	turn_end flush; /* writes the commands queued during the turn, at its end */
	int events;	/* what the poll watches now */
	int flushing;	/* inside redisAsyncHandleWrite from the flush */
	int open;	/* handles not yet closed */
} redis_loop;

static void on_poll(uv_poll_t *h, int status, int events);

/* Sets what the poll watches; uv_poll_start() only when that changes. */
static void poll_set(redis_loop *r, int events)
{
	if (events == r->events)
		return;
	r->events = events;
	if (events)
		uv_poll_start(&r->poll, events, on_poll);
	else
		uv_poll_stop(&r->poll);
}

static void flush(void *arg)
{
	redis_loop *r = arg;

	if (!r->ac)
		return;
	/* Calls back del_write when all is written, add_write when the socket is full. */
	r->flushing = 1;
	redisAsyncHandleWrite(r->ac);
	r->flushing = 0;
}

static void on_poll(uv_poll_t *h, int status, int events)
{
	redis_loop *r = h->data;

	if (status < 0) { /* libuv stopped the poll: let hiredis meet the error itself */
		events = r->events | UV_READABLE;
		r->events = 0;
	}
	if (r->ac && (events & UV_READABLE))
		redisAsyncHandleRead(r->ac);
	if (r->ac && (events & UV_WRITABLE))
		redisAsyncHandleWrite(r->ac);
}

static void add_read(void *priv)
{
	redis_loop *r = priv;

	poll_set(r, r->events | UV_READABLE);
}

static void del_read(void *priv)
{
	redis_loop *r = priv;

	poll_set(r, r->events & ~UV_READABLE);
}

/* Until connected, hiredis learns of the connection from the first POLLOUT. */
static void add_write(void *priv)
{
	redis_loop *r = priv;

	if (r->events & UV_WRITABLE)
		return;
	if (r->flushing || !r->ac || !(r->ac->c.flags & REDIS_CONNECTED)) {
		poll_set(r, r->events | UV_WRITABLE);
		return;
	}
	turn_end_arm(&r->flush);
}

static void del_write(void *priv)
{
	redis_loop *r = priv;

	turn_end_cancel(&r->flush);
	poll_set(r, r->events & ~UV_WRITABLE);
}

static void on_closed(uv_handle_t *h)
{
	redis_loop *r = h->data;

	if (--r->open == 0)
		free(r);
}

static void cleanup(void *priv)
{
	redis_loop *r = priv;

	r->ac = NULL;
	uv_close((uv_handle_t *)&r->poll, on_closed);
	turn_end_close(&r->flush, on_closed);
}

int redis_loop_attach(redisAsyncContext *ac, uv_loop_t *loop)
{
	redis_loop *r;

	if (ac->ev.data)
		return -1;
	r = calloc(1, sizeof(*r));
	if (!r)
		return -1;
	if (uv_poll_init(loop, &r->poll, ac->c.fd)) {
		free(r);
		return -1;
	}
	turn_end_init(&r->flush, loop, flush, r);
	r->poll.data = r->flush.prepare.data = r->flush.check.data = r;
	r->ac = ac;
	r->open = 3;
	ac->ev.data = r;
	ac->ev.addRead = add_read;
	ac->ev.delRead = del_read;
	ac->ev.addWrite = add_write;
	ac->ev.delWrite = del_write;
	ac->ev.cleanup = cleanup;
	return 0;
}
