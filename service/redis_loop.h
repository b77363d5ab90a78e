/*
 * redis_loop: runs a hiredis async context on a libuv loop.
 *
 * hiredis asks its adapter to add or remove read and write interest around every
 * command and every read. libuv's uv_poll_start() removes the fd from epoll and adds it
 * back on each call, so the stock adapter costs several epoll_ctl calls per command.
 * This one changes the poll only when the wanted events change, and writes the commands
 * queued during one loop turn together, from a prepare/check hook, asking for POLLOUT only
 * when the socket is full.
 */
#ifndef PASSERELLE_REDIS_LOOP_H
#define PASSERELLE_REDIS_LOOP_H

#include <hiredis/async.h>
#include <uv.h>

/* Attaches ac to loop. Returns 0, or -1 (out of memory, ac already attached, or libuv
 * refused the fd); then ac is left as it was and the caller still owns it. The state made
 * here is freed by hiredis' cleanup hook, when ac is freed. */
int redis_loop_attach(redisAsyncContext *ac, uv_loop_t *loop);

#endif
