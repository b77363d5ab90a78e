/*
 * load.h: the state the load generator's parts share: options, the
 * connections and their epoll loop (net.c), /proc sampling (sys.c), and the
 * steps and the report (main.c). One thread; nothing here is locked.
 *
 * Ownership: struct load owns its connections, the check and every buffer
 * reached from them; load_free releases them all and accepts NULL.
 */
#ifndef PASSERELLE_LOAD_LOAD_H
#define PASSERELLE_LOAD_LOAD_H

#include "check.h"
#include "proto.h"
#include "ws.h"

#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/types.h>

#define LOAD_MAX_PIDS 16
#define LOAD_MAX_URLS 16
#define LOAD_MAX_RATES 64

struct load_url {
	char hostport[300]; /* for the Host header */
	char path[256];
	struct sockaddr_storage addr;
	socklen_t addrlen;
};

/* Microseconds between wake-ups during steps: waking for each event costs a context switch
 * each, and the generator shares the cores with the servers it measures (docs/benchmarks.md). */
#define LOAD_TICK_US 250

struct load_opts {
	struct proto_conf pc;
	struct load_url urls[LOAD_MAX_URLS];
	int nurls;
	const char *url_text; /* as given, for the report */
	uint32_t rooms, per_room, senders, batch, drop_every;
	uint32_t tick_us; /* steps: wake every tick_us instead of for each event (0: each event) */
	double rates[LOAD_MAX_RATES];
	int nrates;
	double warmup, duration, p99_ms, setup_timeout, idle_seconds;
	int idle, json;
	pid_t pids[LOAD_MAX_PIDS];
	int npids;
	pid_t redis_pid;
};

enum conn_state { CONN_IDLE, CONN_CONNECTING, CONN_HANDSHAKE, CONN_SETUP, CONN_READY, CONN_DEAD };

struct conn {
	int fd;
	uint8_t state;
	int8_t stage; /* enum proto_stage */
	uint8_t tries;
	uint8_t want_out; /* EPOLLOUT is armed */
	uint32_t room, url;
	uint32_t say_id;
	char key[25];
	struct ws_reader rd;
	uint8_t *out; /* bytes the socket did not take yet: out[off..len) */
	size_t out_off, out_len, out_cap;
};

/* The measured window of the running step, in microseconds of mono_us(). */
struct load_window {
	uint64_t from, to;
	int active;
};

struct load {
	struct load_opts o;
	struct conn *conns;
	uint32_t nconns;
	int epfd, timerfd;
	uint8_t *rbuf; /* one read buffer for every socket */
	size_t rbuf_cap;
	/* setup */
	uint32_t *queue; /* connections still to open (retries go to its end) */
	size_t q_head, q_tail, q_cap;
	uint32_t in_flight, ready;
	uint64_t connect_errors, dropped;
	char fatal[256];
	/* delivery accounting */
	struct check check;
	struct hist hist;
	struct load_window win;
	uint32_t slots; /* senders per room */
	uint64_t deliveries, send_errors, stray;
	char first_send_error[160];
	uint32_t rng;
};

/* Microseconds on CLOCK_MONOTONIC. */
uint64_t mono_us(void);

/* net.c */
int load_net_init(struct load *ld);
void load_free(struct load *ld);
/* Opens, signs in and joins every connection; 0, or -1 with ld->fatal set. */
int load_setup(struct load *ld);
/* Runs the loop until deadline (mono_us) or until done(arg) is true; wakes for the timerfd,
 * or, with tick_us, every tick_us to take everything ready at once (done(arg) then sends). */
int load_poll(struct load *ld, uint64_t deadline, int (*done)(struct load *, void *), void *arg,
	      void (*on_timer)(struct load *, void *), uint32_t tick_us);
/* Arms the timerfd for mono_us() time at (0 disarms). */
void load_timer_at(struct load *ld, uint64_t at);
/* Sends one chat message from connection i; 0, or -1 when it is gone. */
int load_say(struct load *ld, uint32_t i, uint32_t sender, uint32_t seq, uint64_t sched_us);
/* Sends a close frame on every open connection and closes it. */
void load_close_all(struct load *ld);

/* sys.c */
/* CPU seconds (user + system) pid has used, or -1. */
double proc_cpu_seconds(pid_t pid);
/* VmRSS of pid in KiB, or -1. */
long proc_rss_kib(pid_t pid);
/* CPU seconds this process has used. */
double self_cpu_seconds(void);
/* Raises RLIMIT_NOFILE to its hard limit; returns the soft limit now in force. */
long raise_nofile(void);

/* probe.c */
/* Prints {"syscall_ns","tcp_send_us","unix_send_us"}: a null system call, and a 200-byte send
 * over loopback TCP and over a Unix socket with its share of the reads. 0, or -1 when a
 * socket pair could not be made. */
int load_probe(FILE *out);

#endif
