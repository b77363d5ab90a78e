/* A hiredis event adapter for libuv that batches writes (see redis_loop.h). */
#include "redis_loop.h"

#include <stdlib.h>

typedef struct redis_loop {
	redisAsyncContext *ac; /* NULL once hiredis has let go of it */
	uv_poll_t poll;
	uv_prepare_t prepare; /* flushes commands queued before the loop blocks */
	uv_check_t check;     /* flushes commands queued by this turn's I/O callbacks */
	int events;	      /* what the poll watches now */
	int flush_due;	      /* output queued, a hook will write it */
	int flushing;	      /* inside redisAsyncHandleWrite from a hook */
	int open;	      /* handles not yet closed */
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

static void flush_cancel(redis_loop *r)
{
	if (!r->flush_due)
		return;
	r->flush_due = 0;
	uv_prepare_stop(&r->prepare);
	uv_check_stop(&r->check);
}

static void flush(redis_loop *r)
{
	flush_cancel(r);
	if (!r->ac)
		return;
	/* Calls back del_write when all is written, add_write when the socket is full. */
	r->flushing = 1;
	redisAsyncHandleWrite(r->ac);
	r->flushing = 0;
}

static void on_prepare(uv_prepare_t *h)
{
	flush(h->data);
}

static void on_check(uv_check_t *h)
{
	flush(h->data);
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
	if (r->flush_due)
		return;
	r->flush_due = 1;
	uv_prepare_start(&r->prepare, on_prepare);
	uv_check_start(&r->check, on_check);
}

static void del_write(void *priv)
{
	redis_loop *r = priv;

	flush_cancel(r);
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
	r->flush_due = 0;
	uv_close((uv_handle_t *)&r->poll, on_closed);
	uv_close((uv_handle_t *)&r->prepare, on_closed);
	uv_close((uv_handle_t *)&r->check, on_closed);
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
	uv_prepare_init(loop, &r->prepare);
	uv_check_init(loop, &r->check);
	r->poll.data = r->prepare.data = r->check.data = r;
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
