/*
 * turn_end: runs a function once at the end of the current libuv loop turn, so that what
 * one turn queues (frames for a socket, commands for Redis) is written together. The
 * function runs from a check hook (after the turn's I/O callbacks), or from a prepare hook
 * when it was asked for by a timer or before polling, whichever comes first.
 */
#ifndef PASSERELLE_TURN_END_H
#define PASSERELLE_TURN_END_H

#include <uv.h>

typedef struct turn_end {
	uv_prepare_t prepare;
	uv_check_t check;
	void (*fn)(void *arg);
	void *arg;
	int armed;
} turn_end;

/* Sets t up on loop to call fn(arg). The handles' data pointers are left to the caller
 * (for its uv_close callback); t must stay where it is until turn_end_close's callbacks. */
void turn_end_init(turn_end *t, uv_loop_t *loop, void (*fn)(void *arg), void *arg);

/* fn runs once at the end of this turn; arming an armed t changes nothing. */
void turn_end_arm(turn_end *t);

/* fn does not run, unless armed again. */
void turn_end_cancel(turn_end *t);

/* Closes both handles; on_closed is called once for each of the two. */
void turn_end_close(turn_end *t, uv_close_cb on_closed);

#endif
