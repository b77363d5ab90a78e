/*
 * net.c: the load generator's connections: non-blocking connect, the
 * upgrade, sign-in and join through proto.c, frames through ws.c, and one
 * epoll loop for all of them (see load.h).
 */
#include "load.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define RBUF_SIZE (256 * 1024)
#define MAX_MESSAGE (16 * 1024 * 1024) /* a join answer with history fits */
#define TIMER_ID UINT32_MAX
#define MAX_TRIES 3
#define SCRATCH 4096
#define KEEP_OUT 65536

static uint32_t next_mask(struct load *ld)
{
	/* xorshift32: masks need not be secret here, only present. */
	ld->rng ^= ld->rng << 13;
	ld->rng ^= ld->rng >> 17;
	ld->rng ^= ld->rng << 5;
	return ld->rng;
}

int load_net_init(struct load *ld)
{
	ld->epfd = epoll_create1(EPOLL_CLOEXEC);
	ld->timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	ld->rbuf = malloc(RBUF_SIZE);
	ld->rbuf_cap = RBUF_SIZE;
	ld->conns = calloc(ld->nconns, sizeof *ld->conns);
	ld->q_cap = (size_t)ld->nconns * (MAX_TRIES + 1);
	ld->queue = malloc(ld->q_cap * sizeof *ld->queue);
	ld->rng = (uint32_t)mono_us() | 1;
	if (ld->epfd < 0 || ld->timerfd < 0 || !ld->rbuf || !ld->conns || !ld->queue)
		goto error;
	for (uint32_t i = 0; i < ld->nconns; i++) {
		struct conn *c = &ld->conns[i];

		c->fd = -1;
		c->room = i % ld->o.rooms;
		/* Members of each room on every URL: the room cycles fastest. */
		c->url = (i / ld->o.rooms) % (uint32_t)ld->o.nurls;
		ws_reader_init(&c->rd, MAX_MESSAGE);
		ld->queue[ld->q_tail++] = i;
	}
	struct epoll_event ev = {.events = EPOLLIN, .data.u32 = TIMER_ID};
	if (epoll_ctl(ld->epfd, EPOLL_CTL_ADD, ld->timerfd, &ev) < 0)
		goto error;
	return 0;
error:
	snprintf(ld->fatal, sizeof ld->fatal, "out of memory or descriptors: %s", strerror(errno));
	return -1;
}

static void conn_close(struct load *ld, struct conn *c, int state)
{
	if (c->fd >= 0) {
		epoll_ctl(ld->epfd, EPOLL_CTL_DEL, c->fd, NULL);
		close(c->fd);
	}
	c->fd = -1;
	c->state = (uint8_t)state;
	c->want_out = 0;
	free(c->out);
	c->out = NULL;
	c->out_off = c->out_len = c->out_cap = 0;
	ws_reader_free(&c->rd);
	ws_reader_init(&c->rd, MAX_MESSAGE);
}

void load_free(struct load *ld)
{
	if (ld == NULL)
		return;
	for (uint32_t i = 0; ld->conns && i < ld->nconns; i++)
		conn_close(ld, &ld->conns[i], CONN_DEAD);
	free(ld->conns);
	free(ld->queue);
	free(ld->rbuf);
	check_free(&ld->check);
	if (ld->epfd >= 0)
		close(ld->epfd);
	if (ld->timerfd >= 0)
		close(ld->timerfd);
	ld->conns = NULL;
	ld->queue = NULL;
	ld->rbuf = NULL;
	ld->epfd = ld->timerfd = -1;
}

/* A connection failed before it was ready: retried, or the run's setup fails. */
static void conn_failed(struct load *ld, struct conn *c, const char *why)
{
	uint32_t i = (uint32_t)(c - ld->conns);

	if (c->state == CONN_READY) {
		ld->dropped++;
		fprintf(stderr, "passerelle-load: connection %u dropped: %s\n", i, why);
		conn_close(ld, c, CONN_DEAD);
		return;
	}
	ld->connect_errors++;
	ld->in_flight--;
	conn_close(ld, c, CONN_IDLE);
	if (++c->tries < MAX_TRIES) {
		ld->queue[ld->q_tail++] = i;
		return;
	}
	if (!ld->fatal[0])
		snprintf(ld->fatal, sizeof ld->fatal, "connection %u to %s failed %d times: %s", i,
			 ld->o.urls[c->url].hostport, MAX_TRIES, why);
}

static void want_out(struct load *ld, struct conn *c, int on)
{
	struct epoll_event ev = {.events = EPOLLIN | (on ? EPOLLOUT : 0),
				 .data.u32 = (uint32_t)(c - ld->conns)};

	if (c->want_out == on)
		return;
	c->want_out = (uint8_t)on;
	epoll_ctl(ld->epfd, EPOLL_CTL_MOD, c->fd, &ev);
}

/* Writes what is queued; 0, or -1 when the socket failed. */
static int flush_out(struct load *ld, struct conn *c)
{
	while (c->out_off < c->out_len) {
		ssize_t n = send(c->fd, c->out + c->out_off, c->out_len - c->out_off, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			want_out(ld, c, 1);
			return 0;
		}
		if (n <= 0)
			return -1;
		c->out_off += (size_t)n;
	}
	c->out_off = c->out_len = 0;
	if (c->out_cap > KEEP_OUT) {
		free(c->out);
		c->out = NULL;
		c->out_cap = 0;
	}
	want_out(ld, c, 0);
	return 0;
}

/* Queues len bytes and writes what the socket takes; 0 or -1. */
static int conn_write(struct load *ld, struct conn *c, const void *data, size_t len)
{
	if (c->out_len + len > c->out_cap) {
		size_t cap = c->out_cap ? c->out_cap : 1024;
		uint8_t *p;

		while (cap < c->out_len + len)
			cap *= 2;
		p = realloc(c->out, cap);
		if (p == NULL)
			return -1;
		c->out = p;
		c->out_cap = cap;
	}
	memcpy(c->out + c->out_len, data, len);
	c->out_len += len;
	/* While EPOLLOUT is armed the socket is full: the loop writes it later. */
	return c->want_out ? 0 : flush_out(ld, c);
}

static int send_frame(struct load *ld, struct conn *c, int opcode, const void *p, size_t len)
{
	uint8_t buf[SCRATCH + WS_MAX_HEADER];
	size_t n = ws_frame_write(buf, sizeof buf, opcode, p, len, next_mask(ld));

	return n ? conn_write(ld, c, buf, n) : -1;
}

/* Starts connection i; a failure to even start is a failed try. */
static void conn_open(struct load *ld, uint32_t i)
{
	struct conn *c = &ld->conns[i];
	const struct load_url *u = &ld->o.urls[c->url];
	struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.u32 = i};
	int one = 1;

	ld->in_flight++;
	c->state = CONN_CONNECTING;
	c->fd = socket(u->addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0) {
		conn_failed(ld, c, strerror(errno));
		return;
	}
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (connect(c->fd, (const struct sockaddr *)&u->addr, u->addrlen) < 0 &&
	    errno != EINPROGRESS) {
		conn_failed(ld, c, strerror(errno));
		return;
	}
	c->want_out = 1;
	if (epoll_ctl(ld->epfd, EPOLL_CTL_ADD, c->fd, &ev) < 0)
		conn_failed(ld, c, strerror(errno));
}

/* The TCP connect finished: send the upgrade. */
static void conn_connected(struct load *ld, struct conn *c)
{
	const struct load_url *u = &ld->o.urls[c->url];
	char path[512], req[1024];
	int err = 0;
	socklen_t len = sizeof err;
	size_t n;

	getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
	if (err != 0) {
		conn_failed(ld, c, strerror(err));
		return;
	}
	ws_key_make(c->key);
	if (proto_path(&ld->o.pc, u->path, c->room, path, sizeof path) < 0 ||
	    (n = ws_request_write(req, sizeof req, u->hostport, path,
				  proto_subprotocol(ld->o.pc.kind), c->key)) == 0) {
		conn_failed(ld, c, "request too long");
		return;
	}
	c->state = CONN_HANDSHAKE;
	want_out(ld, c, 0); /* conn_write arms it again if the socket is full */
	if (conn_write(ld, c, req, n) < 0)
		conn_failed(ld, c, strerror(errno));
}

/* The connection is in its room. */
static void conn_joined(struct load *ld, struct conn *c)
{
	c->state = CONN_READY;
	ld->in_flight--;
	ld->ready++;
}

/* A delivery: accounted when it belongs to the measured window. */
static void on_delivery(struct load *ld, struct conn *c, const struct delivery *d)
{
	uint32_t i = (uint32_t)(c - ld->conns);
	uint64_t now = mono_us();
	int counted = ld->win.active && d->sched_us >= ld->win.from && d->sched_us < ld->win.to;
	int k;

	ld->deliveries++;
	if (ld->o.drop_every && ld->deliveries % ld->o.drop_every == 0)
		return; /* --drop-every: pretend this one never came */
	if (d->sender >= ld->o.senders || d->seq == 0 || d->sender % ld->o.rooms != c->room) {
		ld->stray++; /* not one this run sent to this room */
		return;
	}
	k = check_record(&ld->check, i, d->sender / ld->o.rooms, d->seq, counted);
	if (counted && k != CHECK_DUP)
		hist_add(&ld->hist, now > d->sched_us ? now - d->sched_us : 0);
}

/* One text frame, through the protocol. */
static void on_text(struct load *ld, struct conn *c, const uint8_t *p, size_t len)
{
	char out[1024];
	size_t outlen = 0;
	struct delivery d;
	int stage = c->stage;
	int ev = proto_on_text(&ld->o.pc, &stage, c->room, (const char *)p, len, out, sizeof out,
			       &outlen, &d);

	c->stage = (int8_t)stage;
	switch (ev) {
	case PROTO_DELIVERY:
		on_delivery(ld, c, &d);
		break;
	case PROTO_REPLY:
		if (send_frame(ld, c, WS_TEXT, out, outlen) < 0)
			conn_failed(ld, c, "write failed");
		break;
	case PROTO_JOINED:
		conn_joined(ld, c);
		break;
	case PROTO_SEND_ERROR:
		if (ld->send_errors++ == 0)
			snprintf(ld->first_send_error, sizeof ld->first_send_error, "%.*s",
				 (int)outlen, out);
		break;
	case PROTO_FAILED:
		snprintf(ld->fatal, sizeof ld->fatal, "connection %u (%s): sign-in or join: %.*s",
			 (unsigned)(c - ld->conns), ld->o.urls[c->url].hostport, (int)outlen, out);
		break;
	default:
		break;
	}
}

/* The upgrade answer: 1 when done, 0 when it is not whole yet, -1 when it failed. */
static int on_handshake(struct load *ld, struct conn *c)
{
	char why[200], out[1024];
	size_t len, outlen;
	const uint8_t *p = ws_reader_peek(&c->rd, &len);
	int stage, ev;
	long n;

	if (p == NULL) {
		conn_failed(ld, c, "out of memory");
		return -1;
	}
	n = ws_response_parse((const char *)p, len, c->key, proto_subprotocol(ld->o.pc.kind), why,
			      sizeof why);
	if (n == 0)
		return 0;
	if (n < 0) {
		conn_failed(ld, c, why);
		return -1;
	}
	ws_reader_consume(&c->rd, (size_t)n);
	c->state = CONN_SETUP;
	ev = proto_start(&ld->o.pc, &stage, (uint32_t)(c - ld->conns), c->room, out, sizeof out,
			 &outlen);
	c->stage = (int8_t)stage;
	if (ev == PROTO_JOINED)
		conn_joined(ld, c);
	else if (ev == PROTO_REPLY && send_frame(ld, c, WS_TEXT, out, outlen) < 0) {
		conn_failed(ld, c, "write failed");
		return -1;
	}
	return 1;
}

/* Pulls every whole frame out of the connection's reader. */
static void on_frames(struct load *ld, struct conn *c)
{
	struct ws_frame f;
	int rc = 0;

	while (c->fd >= 0 && (rc = ws_reader_next(&c->rd, &f)) > 0) {
		if (f.opcode == WS_TEXT)
			on_text(ld, c, f.payload, f.len);
		else if (f.opcode == WS_PING)
			send_frame(ld, c, WS_PONG, f.payload, f.len);
		else if (f.opcode == WS_CLOSE) {
			send_frame(ld, c, WS_CLOSE, f.payload, f.len < 2 ? f.len : 2);
			conn_failed(ld, c, "closed by the server");
			return;
		}
	}
	if (c->fd >= 0 && rc < 0)
		conn_failed(ld, c, c->rd.errstr);
}

static void on_readable(struct load *ld, struct conn *c)
{
	ssize_t n = recv(c->fd, ld->rbuf, ld->rbuf_cap, 0);

	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		return;
	if (n <= 0) {
		conn_failed(ld, c, n == 0 ? "connection closed" : strerror(errno));
		return;
	}
	if (ws_reader_feed(&c->rd, ld->rbuf, (size_t)n) < 0) {
		conn_failed(ld, c, c->rd.errstr);
		return;
	}
	if (c->state == CONN_HANDSHAKE && on_handshake(ld, c) <= 0)
		return;
	on_frames(ld, c);
}

static void on_event(struct load *ld, const struct epoll_event *ev)
{
	struct conn *c = &ld->conns[ev->data.u32];

	if (c->fd < 0)
		return; /* closed earlier in this batch of events */
	if (c->state == CONN_CONNECTING) {
		if (ev->events & (EPOLLOUT | EPOLLERR | EPOLLHUP))
			conn_connected(ld, c);
		return;
	}
	if ((ev->events & EPOLLOUT) && flush_out(ld, c) < 0) {
		conn_failed(ld, c, strerror(errno));
		return;
	}
	if (c->fd >= 0 && (ev->events & (EPOLLIN | EPOLLERR | EPOLLHUP)))
		on_readable(ld, c);
}

void load_timer_at(struct load *ld, uint64_t at)
{
	struct timespec now;
	struct itimerspec its = {0};
	uint64_t base = mono_us();

	/* mono_us() and the timer share CLOCK_MONOTONIC: convert at to its timespec. */
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (at) {
		uint64_t t = (uint64_t)now.tv_sec * 1000000u + (uint64_t)now.tv_nsec / 1000u;

		t += at > base ? at - base : 1;
		its.it_value.tv_sec = (time_t)(t / 1000000u);
		its.it_value.tv_nsec = (long)(t % 1000000u) * 1000;
	}
	timerfd_settime(ld->timerfd, TFD_TIMER_ABSTIME, &its, NULL);
}

/* Sleeps to the next multiple of tick microseconds of CLOCK_MONOTONIC. */
static void sleep_to_tick(uint32_t tick)
{
	uint64_t t = (mono_us() / tick + 1) * tick;
	struct timespec ts = {.tv_sec = (time_t)(t / 1000000u),
			      .tv_nsec = (long)(t % 1000000u) * 1000};

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

int load_poll(struct load *ld, uint64_t deadline, int (*done)(struct load *, void *), void *arg,
	      void (*on_timer)(struct load *, void *), uint32_t tick_us)
{
	struct epoll_event evs[512];
	int n = 0;

	while (!ld->fatal[0] && !(done && done(ld, arg))) {
		uint64_t now = mono_us();
		int ms;

		if (now >= deadline)
			return 0;
		ms = (int)((deadline - now + 999) / 1000);
		if (tick_us && n < 512) /* a full batch: more is ready, no sleep */
			sleep_to_tick(tick_us);
		n = epoll_wait(ld->epfd, evs, 512, tick_us ? 0 : ms > 100 ? 100 : ms);
		if (n < 0 && errno != EINTR) {
			snprintf(ld->fatal, sizeof ld->fatal, "epoll_wait: %s", strerror(errno));
			break;
		}
		for (int k = 0; k < n; k++) {
			if (evs[k].data.u32 == TIMER_ID) {
				uint64_t ticks;

				if (read(ld->timerfd, &ticks, sizeof ticks) < 0)
					ticks = 0;
				if (on_timer)
					on_timer(ld, arg);
				continue;
			}
			on_event(ld, &evs[k]);
		}
	}
	return ld->fatal[0] ? -1 : 0;
}

/* Setup is over when every connection is ready, or it cannot go on. */
static int setup_done(struct load *ld, void *arg)
{
	(void)arg;
	while (ld->in_flight < ld->o.batch && ld->q_head < ld->q_tail)
		conn_open(ld, ld->queue[ld->q_head++]);
	return ld->ready == ld->nconns;
}

int load_setup(struct load *ld)
{
	uint64_t deadline = mono_us() + (uint64_t)(ld->o.setup_timeout * 1e6);

	if (load_poll(ld, deadline, setup_done, NULL, NULL, 0) < 0)
		return -1;
	if (ld->ready < ld->nconns) {
		snprintf(ld->fatal, sizeof ld->fatal,
			 "only %u of %u connections ready after %.0f s (%llu connect errors)",
			 ld->ready, ld->nconns, ld->o.setup_timeout,
			 (unsigned long long)ld->connect_errors);
		return -1;
	}
	return 0;
}

int load_say(struct load *ld, uint32_t i, uint32_t sender, uint32_t seq, uint64_t sched_us)
{
	struct conn *c = &ld->conns[i];
	char text[512];
	size_t n;

	if (c->state != CONN_READY)
		return -1;
	n = proto_say(&ld->o.pc, c->room, ++c->say_id + 2, sender, seq, sched_us, text,
		      sizeof text);
	if (n == 0 || send_frame(ld, c, WS_TEXT, text, n) < 0) {
		conn_failed(ld, c, "write failed");
		return -1;
	}
	return 0;
}

void load_close_all(struct load *ld)
{
	static const uint8_t normal[2] = {0x03, 0xe8}; /* 1000 */

	for (uint32_t i = 0; i < ld->nconns; i++) {
		struct conn *c = &ld->conns[i];

		if (c->fd < 0)
			continue;
		if (c->state == CONN_READY && !c->want_out)
			send_frame(ld, c, WS_CLOSE, normal, sizeof normal);
		conn_close(ld, c, CONN_DEAD);
	}
}
