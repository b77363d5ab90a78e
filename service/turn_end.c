#include "turn_end.h"

#include <stddef.h>

static void run(turn_end *t)
{
	turn_end_cancel(t);
	t->fn(t->arg);
}

static void on_prepare(uv_prepare_t *h)
{
	run((turn_end *)((char *)h - offsetof(turn_end, prepare)));
}

static void on_check(uv_check_t *h)
{
	run((turn_end *)((char *)h - offsetof(turn_end, check)));
}

void turn_end_init(turn_end *t, uv_loop_t *loop, void (*fn)(void *arg), void *arg)
{
	uv_prepare_init(loop, &t->prepare);
	uv_check_init(loop, &t->check);
	t->fn = fn;
	t->arg = arg;
	t->armed = 0;
}

void turn_end_arm(turn_end *t)
{
	if (t->armed)
		return;
	t->armed = 1;
	uv_prepare_start(&t->prepare, on_prepare);
	uv_check_start(&t->check, on_check);
}

void turn_end_cancel(turn_end *t)
{
	if (!t->armed)
		return;
	t->armed = 0;
	uv_prepare_stop(&t->prepare);
	uv_check_stop(&t->check);
}

void turn_end_close(turn_end *t, uv_close_cb on_closed)
{
	t->armed = 0;
	uv_close((uv_handle_t *)&t->prepare, on_closed);
	uv_close((uv_handle_t *)&t->check, on_closed);
}
