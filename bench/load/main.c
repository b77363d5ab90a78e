/*
 * passerelle-load: opens thousands of WebSocket connections from one
 * thread, signs each in and joins it to a room, then sends chat messages
 * on a fixed schedule at each rate asked for and checks every delivery:
 * loss, duplicates, order, and latency from the time each message was
 * scheduled (so a sender that falls behind shows, instead of hiding it).
 * See bench/load/README.md for the options and the JSON it prints.
 */
#include "load.h"

#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define STRAGGLE_US 2000000u /* how long stragglers are waited for after a window */
#define SETTLE_US 200000u    /* after setup, for connections the server closes at once */

struct step {
	double rate;
	uint64_t sent, send_errors, expected, received, lost, dup, order;
	double p50, p99, p999, max;
	int held;
	double cpu[LOAD_MAX_PIDS];
	long rss[LOAD_MAX_PIDS];
	double redis_cpu, client_cpu;
};

/* The send schedule of one step: message n is due at t0 + n * gap, from sender n % S. */
struct sched {
	uint64_t t0, n, stop;
	uint64_t armed; /* when the timer is set for, 0 for not at all */
	double gap;
	uint32_t *seq; /* last seq each sender used, across steps */
	uint64_t sent, expected, errors;
};

static void usage(FILE *f)
{
	fputs("usage: passerelle-load --proto passerelle|socketio|mirror --url "
	      "ws://H:P[/path][,...]\n"
	      "  --rooms R --per-room N [--senders S] [--rates a,b,c] [--warmup SEC]\n"
	      "  [--duration SEC] [--p99-ms MS] [--connect-batch K] [--pids p1,p2]\n"
	      "  [--redis-pid P] [--idle-seconds SEC] [--json] [--setup-timeout SEC]\n"
	      "  [--prefix load-] [--password bench-password] [--room-prefix bench-]\n"
	      "  [--tick-us US]   (steps: wake every US to take what is ready; 0: each event)\n"
	      "  [--drop-every K]   (tests only: pretend to lose every K-th delivery)\n"
	      "       passerelle-load --probe   (what a system call and a loopback send cost)\n",
	      f);
}

/* ws://host[:port][/path] into u; 0, or -1 with a reason on stderr. */
static int parse_url(const char *text, struct load_url *u)
{
	char host[256], port[16] = "80";
	const char *p = text + 5, *slash, *colon;
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res = NULL;
	int rc;

	if (strncmp(text, "ws://", 5) != 0)
		goto error;
	slash = strchr(p, '/');
	if (slash == NULL)
		slash = p + strlen(p);
	colon = memchr(p, ':', (size_t)(slash - p));
	if ((colon ? colon : slash) == p || (size_t)((colon ? colon : slash) - p) >= sizeof host)
		goto error;
	snprintf(host, sizeof host, "%.*s", (int)((colon ? colon : slash) - p), p);
	if (colon)
		snprintf(port, sizeof port, "%.*s", (int)(slash - colon - 1), colon + 1);
	snprintf(u->hostport, sizeof u->hostport, "%.*s", (int)(slash - p), p);
	snprintf(u->path, sizeof u->path, "%s", slash);
	rc = getaddrinfo(host, port, &hints, &res);
	if (rc != 0) {
		fprintf(stderr, "passerelle-load: %s: %s\n", text, gai_strerror(rc));
		return -1;
	}
	/* IPv4 first: "localhost" often resolves to ::1 first, and servers here listen on
	 * 127.0.0.1. */
	const struct addrinfo *pick = res;
	for (const struct addrinfo *a = res; a; a = a->ai_next) {
		if (a->ai_family == AF_INET) {
			pick = a;
			break;
		}
	}
	memcpy(&u->addr, pick->ai_addr, pick->ai_addrlen);
	u->addrlen = pick->ai_addrlen;
	freeaddrinfo(res);
	return 0;
error:
	fprintf(stderr, "passerelle-load: bad URL %s (want ws://host:port[/path])\n", text);
	return -1;
}

/* Splits a comma list into numbers; the count, or -1. */
static int parse_list(const char *text, double *out, int max)
{
	int n = 0;
	char *end;

	for (const char *p = text; *p; p = *end ? end + 1 : end) {
		if (n == max)
			return -1;
		errno = 0;
		out[n] = strtod(p, &end);
		if (end == p || errno || (*end && *end != ',') || out[n] < 0)
			return -1;
		n++;
	}
	return n;
}

static int parse_urls(const char *text, struct load_opts *o)
{
	char buf[4096], *save = NULL;

	snprintf(buf, sizeof buf, "%s", text);
	for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (o->nurls == LOAD_MAX_URLS || parse_url(t, &o->urls[o->nurls]) < 0)
			return -1;
		o->nurls++;
	}
	o->url_text = text;
	return o->nurls > 0 ? 0 : -1;
}

static int parse_pids(const char *text, struct load_opts *o)
{
	double v[LOAD_MAX_PIDS];
	int n = parse_list(text, v, LOAD_MAX_PIDS);

	for (int i = 0; i < n; i++)
		o->pids[i] = (pid_t)v[i];
	o->npids = n;
	return n;
}

/* A value that goes inside a JSON string unescaped. */
static int plain(const char *s)
{
	return strpbrk(s, "\"\\") == NULL && strlen(s) < 100;
}

enum {
	O_PROTO = 256,
	O_URL,
	O_ROOMS,
	O_PER_ROOM,
	O_SENDERS,
	O_RATES,
	O_WARMUP,
	O_DURATION,
	O_P99,
	O_BATCH,
	O_PIDS,
	O_REDIS,
	O_IDLE,
	O_JSON,
	O_DROP,
	O_SETUP,
	O_PREFIX,
	O_PASSWORD,
	O_ROOM_PREFIX,
	O_TICK,
	O_HELP,
	O_PROBE
};

static const struct option LONG_OPTS[] = {
    {"proto", 1, 0, O_PROTO},
    {"url", 1, 0, O_URL},
    {"rooms", 1, 0, O_ROOMS},
    {"per-room", 1, 0, O_PER_ROOM},
    {"senders", 1, 0, O_SENDERS},
    {"rates", 1, 0, O_RATES},
    {"warmup", 1, 0, O_WARMUP},
    {"duration", 1, 0, O_DURATION},
    {"p99-ms", 1, 0, O_P99},
    {"connect-batch", 1, 0, O_BATCH},
    {"pids", 1, 0, O_PIDS},
    {"redis-pid", 1, 0, O_REDIS},
    {"idle-seconds", 1, 0, O_IDLE},
    {"json", 0, 0, O_JSON},
    {"drop-every", 1, 0, O_DROP},
    {"setup-timeout", 1, 0, O_SETUP},
    {"prefix", 1, 0, O_PREFIX},
    {"password", 1, 0, O_PASSWORD},
    {"room-prefix", 1, 0, O_ROOM_PREFIX},
    {"tick-us", 1, 0, O_TICK},
    {"help", 0, 0, O_HELP},
    {"probe", 0, 0, O_PROBE},
    {0, 0, 0, 0},
};

/* One option with its value; 0, or -1 when the value is wrong. */
static int set_option(struct load_opts *o, int opt, const char *v)
{
	switch (opt) {
	case O_PROTO:
		return (o->pc.kind = proto_kind_of(v)) < 0 ? -1 : 0;
	case O_URL:
		return parse_urls(v, o);
	case O_ROOMS:
		return (o->rooms = (uint32_t)atol(v)) > 0 ? 0 : -1;
	case O_PER_ROOM:
		return (o->per_room = (uint32_t)atol(v)) > 0 ? 0 : -1;
	case O_SENDERS:
		return (o->senders = (uint32_t)atol(v)) > 0 ? 0 : -1;
	case O_RATES:
		return (o->nrates = parse_list(v, o->rates, LOAD_MAX_RATES)) > 0 ? 0 : -1;
	case O_WARMUP:
		return (o->warmup = atof(v)) >= 0 ? 0 : -1;
	case O_DURATION:
		return (o->duration = atof(v)) > 0 ? 0 : -1;
	case O_P99:
		return (o->p99_ms = atof(v)) > 0 ? 0 : -1;
	case O_BATCH:
		return (o->batch = (uint32_t)atol(v)) > 0 ? 0 : -1;
	case O_PIDS:
		return parse_pids(v, o) >= 0 ? 0 : -1;
	case O_REDIS:
		return (o->redis_pid = (pid_t)atol(v)) > 0 ? 0 : -1;
	case O_IDLE:
		o->idle = 1;
		return (o->idle_seconds = atof(v)) >= 0 ? 0 : -1;
	case O_JSON:
		o->json = 1;
		return 0;
	case O_DROP:
		return (o->drop_every = (uint32_t)atol(v)) > 0 ? 0 : -1;
	case O_SETUP:
		return (o->setup_timeout = atof(v)) > 0 ? 0 : -1;
	case O_PREFIX:
		o->pc.prefix = v;
		return plain(v) ? 0 : -1;
	case O_PASSWORD:
		o->pc.password = v;
		return plain(v) ? 0 : -1;
	case O_TICK:
		return (o->tick_us = (uint32_t)atol(v)) <= 100000 ? 0 : -1;
	case O_ROOM_PREFIX:
		o->pc.room_prefix = v;
		return plain(v) ? 0 : -1;
	default:
		return -1;
	}
}

static int parse_args(int argc, char **argv, struct load_opts *o)
{
	int opt;

	*o = (struct load_opts){.pc = {.kind = -1,
				       .prefix = "load-",
				       .password = "bench-password",
				       .room_prefix = "bench-"},
				.warmup = 5,
				.duration = 20,
				.p99_ms = 50,
				.batch = 200,
				.setup_timeout = 120,
				.tick_us = LOAD_TICK_US};
	while ((opt = getopt_long(argc, argv, "", LONG_OPTS, NULL)) != -1) {
		if (opt == O_HELP) {
			usage(stdout);
			exit(0);
		}
		if (opt == O_PROBE)
			exit(load_probe(stdout) ? 1 : 0);
		if (opt == '?' || set_option(o, opt, optarg) < 0) {
			if (opt != '?')
				fprintf(stderr, "passerelle-load: bad value for --%s: %s\n",
					LONG_OPTS[opt - O_PROTO].name, optarg);
			return -1;
		}
	}
	if (o->pc.kind < 0 || o->nurls == 0 || o->rooms == 0 || o->per_room == 0 || optind < argc) {
		fprintf(stderr,
			"passerelle-load: --proto, --url, --rooms and --per-room are needed\n");
		return -1;
	}
	if (o->senders == 0)
		o->senders = o->rooms;
	if ((uint64_t)o->senders > (uint64_t)o->rooms * o->per_room) {
		fprintf(stderr, "passerelle-load: --senders is more than the connections\n");
		return -1;
	}
	if (!o->idle && o->nrates == 0) {
		fprintf(stderr, "passerelle-load: --rates or --idle-seconds is needed\n");
		return -1;
	}
	return 0;
}

static uint64_t due(const struct sched *s, uint64_t n)
{
	return s->t0 + (uint64_t)((double)n * s->gap);
}

/*
 * The connection sender s sends from: in room s % R, and for rooms side by
 * side a member on another URL, so that every node has senders.
 */
static uint32_t sender_conn(const struct load_opts *o, uint32_t s)
{
	uint32_t room = s % o->rooms, k = (s / o->rooms + room) % o->per_room;

	return room + o->rooms * k;
}

/* Sends every message whose time has come (the backlog too, at its own times). */
static void send_due(struct load *ld, struct sched *s)
{
	uint64_t now = mono_us(), t;

	while ((t = due(s, s->n)) <= now && t < s->stop) {
		uint32_t sender = (uint32_t)(s->n % ld->o.senders);
		int counted = t >= ld->win.from && t < ld->win.to, failed;

		s->n++;
		failed = load_say(ld, sender_conn(&ld->o, sender), sender, ++s->seq[sender], t) < 0;
		if (!counted)
			continue; /* warm-up: not in the step's numbers */
		/* Scheduled in the window: expected even if it could not go (then it is lost). */
		s->expected += ld->o.per_room;
		if (failed)
			s->errors++;
		else
			s->sent++;
	}
	t = t < s->stop && !ld->o.tick_us ? t : 0; /* on a tick, every wake-up sends */
	if (t != s->armed) /* re-arming costs a system call: only when it moves */
		load_timer_at(ld, t);
	s->armed = t;
}

static void on_timer(struct load *ld, void *arg)
{
	send_due(ld, arg);
}

static int sending_done(struct load *ld, void *arg)
{
	send_due(ld, arg);
	return 0;
}

static int all_arrived(struct load *ld, void *arg)
{
	const struct sched *s = arg;

	return ld->check.received >= s->expected;
}

/* CPU seconds now of each pid, redis (last) and this process (after it). */
static void cpu_sample(const struct load_opts *o, double *out)
{
	for (int i = 0; i < o->npids; i++)
		out[i] = proc_cpu_seconds(o->pids[i]);
	out[o->npids] = o->redis_pid ? proc_cpu_seconds(o->redis_pid) : -1;
	out[o->npids + 1] = self_cpu_seconds();
}

static double pct(double before, double after, double wall)
{
	return before < 0 || after < 0 || wall <= 0 ? -1 : (after - before) / wall * 100.0;
}

/* Fills st from the counters and samples of a finished window. */
static void step_stats(struct load *ld, const struct sched *s, uint64_t dup0, uint64_t dropped0,
		       const double *c0, const double *c1, double wall, struct step *st)
{
	const struct load_opts *o = &ld->o;

	st->sent = s->sent;
	st->send_errors = s->errors + ld->send_errors;
	st->expected = s->expected;
	st->received = ld->check.received;
	st->lost = check_lost(&ld->check, s->expected);
	st->dup = ld->check.dup + (ld->stray - dup0);
	st->order = ld->check.order;
	st->p50 = (double)hist_percentile(&ld->hist, 0.50) / 1000.0;
	st->p99 = (double)hist_percentile(&ld->hist, 0.99) / 1000.0;
	st->p999 = (double)hist_percentile(&ld->hist, 0.999) / 1000.0;
	st->max = (double)ld->hist.max / 1000.0;
	for (int i = 0; i < o->npids; i++) {
		st->cpu[i] = pct(c0[i], c1[i], wall);
		st->rss[i] = proc_rss_kib(o->pids[i]);
	}
	st->redis_cpu = pct(c0[o->npids], c1[o->npids], wall);
	st->client_cpu = pct(c0[o->npids + 1], c1[o->npids + 1], wall);
	st->held = st->expected > 0 && st->p99 <= o->p99_ms && st->lost == 0 && st->dup == 0 &&
		   st->order == 0 && st->send_errors == 0 && ld->dropped == dropped0;
}

/* Runs one step at rate deliveries per second; -1 when the run cannot go on. */
static int run_step(struct load *ld, struct sched *s, double rate, struct step *st)
{
	double c0[LOAD_MAX_PIDS + 2], c1[LOAD_MAX_PIDS + 2];
	uint64_t dropped0 = ld->dropped, stray0, t_end;

	memset(st, 0, sizeof *st);
	st->rate = rate;
	s->gap = 1e6 * ld->o.per_room / rate; /* all senders together: rate / N messages a second */
	s->t0 = mono_us() + 1000;
	s->n = s->sent = s->expected = s->errors = 0;
	ld->win.from = s->t0 + (uint64_t)(ld->o.warmup * 1e6);
	ld->win.to = ld->win.from + (uint64_t)(ld->o.duration * 1e6);
	ld->win.active = 1;
	s->stop = ld->win.to;
	if (load_poll(ld, ld->win.from, sending_done, s, on_timer, ld->o.tick_us) < 0)
		return -1;
	check_reset_counts(&ld->check);
	hist_reset(&ld->hist);
	ld->send_errors = 0;
	ld->first_send_error[0] = '\0';
	stray0 = ld->stray;
	cpu_sample(&ld->o, c0);
	if (load_poll(ld, ld->win.to, sending_done, s, on_timer, ld->o.tick_us) < 0)
		return -1;
	cpu_sample(&ld->o, c1);
	load_timer_at(ld, 0);
	s->armed = 0;
	t_end = mono_us();
	if (load_poll(ld, ld->win.to + STRAGGLE_US, all_arrived, s, NULL, ld->o.tick_us) < 0)
		return -1;
	step_stats(ld, s, stray0, dropped0, c0, c1, (double)(t_end - ld->win.from) / 1e6, st);
	ld->win.active = 0;
	return 0;
}

struct idle_report {
	double seconds;
	long before[LOAD_MAX_PIDS], after[LOAD_MAX_PIDS];
	double per_conn_bytes;
};

static void json_num(FILE *f, double v)
{
	if (v < 0)
		fputs("null", f);
	else
		fprintf(f, "%.3f", v);
}

/* {"<pid>":n,...} of longs, or of doubles when d is not NULL. */
static void json_by_pid(FILE *f, const struct load_opts *o, const long *l, const double *d)
{
	fputc('{', f);
	for (int i = 0; i < o->npids; i++) {
		fprintf(f, "%s\"%d\":", i ? "," : "", (int)o->pids[i]);
		if (d)
			json_num(f, d[i]);
		else
			fprintf(f, "%ld", l[i]);
	}
	fputc('}', f);
}

static void json_step(FILE *f, const struct load_opts *o, const struct step *st)
{
	fprintf(f,
		"{\"rate\":%.15g,\"sent\":%llu,\"send_errors\":%llu,\"expected\":%llu,"
		"\"received\":%llu,\"lost\":%llu,\"dup\":%llu,\"order\":%llu,",
		st->rate, (unsigned long long)st->sent, (unsigned long long)st->send_errors,
		(unsigned long long)st->expected, (unsigned long long)st->received,
		(unsigned long long)st->lost, (unsigned long long)st->dup,
		(unsigned long long)st->order);
	fprintf(f, "\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"p999_ms\":%.3f,\"max_ms\":%.3f,\"held\":%s,",
		st->p50, st->p99, st->p999, st->max, st->held ? "true" : "false");
	fputs("\"cpu_pct\":", f);
	json_by_pid(f, o, NULL, st->cpu);
	fputs(",\"rss_kib\":", f);
	json_by_pid(f, o, st->rss, NULL);
	fputs(",\"redis_cpu_pct\":", f);
	json_num(f, st->redis_cpu);
	fputs(",\"client_cpu_pct\":", f);
	json_num(f, st->client_cpu);
	fputc('}', f);
}

static void json_report(const struct load *ld, double setup_ms, const struct idle_report *idle,
			const struct step *steps, int nsteps, double held_rate)
{
	const struct load_opts *o = &ld->o;
	static const char *names[] = {"passerelle", "socketio", "mirror"};
	FILE *f = stdout;

	fprintf(f, "{\"proto\":\"%s\",\"urls\":[", names[o->pc.kind]);
	for (int i = 0; i < o->nurls; i++)
		fprintf(f, "%s\"ws://%s%s\"", i ? "," : "", o->urls[i].hostport, o->urls[i].path);
	fprintf(f,
		"],\"rooms\":%u,\"per_room\":%u,\"conns\":%u,\"senders\":%u,\"setup_ms\":%.1f,"
		"\"connect_errors\":%llu,\"dropped\":%llu,\"idle\":",
		o->rooms, o->per_room, ld->nconns, o->senders, setup_ms,
		(unsigned long long)ld->connect_errors, (unsigned long long)ld->dropped);
	if (idle) {
		fprintf(f, "{\"seconds\":%.15g,\"rss_before_kib\":", idle->seconds);
		json_by_pid(f, o, idle->before, NULL);
		fputs(",\"rss_after_kib\":", f);
		json_by_pid(f, o, idle->after, NULL);
		fprintf(f, ",\"per_conn_bytes\":%.1f}", idle->per_conn_bytes);
	} else {
		fputs("null", f);
	}
	fputs(",\"steps\":[", f);
	for (int i = 0; i < nsteps; i++) {
		if (i)
			fputc(',', f);
		json_step(f, o, &steps[i]);
	}
	fprintf(f, "],\"held_rate\":%.15g}\n", held_rate);
	fflush(f);
}

static void print_step(const struct step *st)
{
	fprintf(stderr,
		"rate %g/s: sent %llu, received %llu of %llu (lost %llu, dup %llu, order %llu, "
		"send errors %llu), p50 %.2f p99 %.2f p999 %.2f max %.2f ms, client CPU %.0f%%: "
		"%s\n",
		st->rate, (unsigned long long)st->sent, (unsigned long long)st->received,
		(unsigned long long)st->expected, (unsigned long long)st->lost,
		(unsigned long long)st->dup, (unsigned long long)st->order,
		(unsigned long long)st->send_errors, st->p50, st->p99, st->p999, st->max,
		st->client_cpu, st->held ? "held" : "NOT held");
}

/* Sums VmRSS over the pids into out; the sum. */
static long rss_all(const struct load_opts *o, long *out)
{
	long sum = 0;

	for (int i = 0; i < o->npids; i++)
		sum += (out[i] = proc_rss_kib(o->pids[i])) > 0 ? out[i] : 0;
	return sum;
}

/* Steps in order until one does not hold; the highest rate held. */
static int run_steps(struct load *ld, struct step *steps, int *nsteps, double *held_rate)
{
	struct sched s = {0};

	s.seq = calloc(ld->o.senders, sizeof *s.seq);
	if (s.seq == NULL)
		return -1;
	for (int i = 0; i < ld->o.nrates; i++) {
		if (ld->o.rates[i] <= 0)
			continue;
		if (run_step(ld, &s, ld->o.rates[i], &steps[*nsteps]) < 0)
			goto error;
		print_step(&steps[*nsteps]);
		if (ld->send_errors && ld->first_send_error[0])
			fprintf(stderr, "  first send error: %s\n", ld->first_send_error);
		if (!steps[(*nsteps)++].held)
			break;
		*held_rate = ld->o.rates[i];
	}
	free(s.seq);
	return 0;
error:
	free(s.seq);
	return -1;
}

int main(int argc, char **argv)
{
	static struct load ld = {.epfd = -1, .timerfd = -1};
	static struct step steps[LOAD_MAX_RATES];
	struct idle_report idle = {0};
	int nsteps = 0;
	double held_rate = 0, setup_ms;
	long before = 0, nofile;
	uint64_t t0;

	if (parse_args(argc, argv, &ld.o) < 0) {
		usage(stderr);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	ld.nconns = ld.o.rooms * ld.o.per_room;
	ld.slots = (ld.o.senders + ld.o.rooms - 1) / ld.o.rooms;
	nofile = raise_nofile();
	if (nofile >= 0 && (uint64_t)nofile < (uint64_t)ld.nconns + 16)
		fprintf(stderr,
			"passerelle-load: warning: only %ld descriptors for %u connections\n",
			nofile, ld.nconns);
	if (load_net_init(&ld) < 0 || check_init(&ld.check, ld.nconns, ld.slots) < 0)
		goto error;
	before = rss_all(&ld.o, idle.before);
	t0 = mono_us();
	fprintf(stderr, "passerelle-load: %u connections (%u rooms x %u) to %d URL(s)\n", ld.nconns,
		ld.o.rooms, ld.o.per_room, ld.o.nurls);
	if (load_setup(&ld) < 0)
		goto error;
	setup_ms = (double)(mono_us() - t0) / 1000.0;
	fprintf(stderr, "passerelle-load: all joined in %.0f ms (%llu connect errors)\n", setup_ms,
		(unsigned long long)ld.connect_errors);
	/* A server may accept the upgrade and close at once (lws' mirror past its instances). */
	if (load_poll(&ld, mono_us() + SETTLE_US, NULL, NULL, NULL, 0) < 0)
		goto error;
	if (ld.dropped > 0) {
		snprintf(ld.fatal, sizeof ld.fatal,
			 "%llu connection(s) closed right after joining%s",
			 (unsigned long long)ld.dropped,
			 ld.o.pc.kind == PROTO_MIRROR
			     ? " (lws-mirror-protocol serves 3 mirror instances at most)"
			     : "");
		goto error;
	}
	if (ld.o.idle) {
		if (load_poll(&ld, mono_us() + (uint64_t)(ld.o.idle_seconds * 1e6), NULL, NULL,
			      NULL, 0) < 0)
			goto error;
		idle.seconds = ld.o.idle_seconds;
		idle.per_conn_bytes =
		    (double)(rss_all(&ld.o, idle.after) - before) * 1024.0 / ld.nconns;
		fprintf(stderr, "passerelle-load: idle: %.0f bytes per connection\n",
			idle.per_conn_bytes);
	} else if (run_steps(&ld, steps, &nsteps, &held_rate) < 0) {
		goto error;
	}
	if (ld.o.json)
		json_report(&ld, setup_ms, ld.o.idle ? &idle : NULL, steps, nsteps, held_rate);
	fprintf(stderr, "passerelle-load: held rate %g deliveries/s (own VmRSS %ld KiB)\n",
		held_rate, proc_rss_kib(getpid()));
	load_close_all(&ld);
	load_free(&ld);
	return 0;
error:
	fprintf(stderr, "passerelle-load: %s\n", ld.fatal[0] ? ld.fatal : "out of memory");
	load_free(&ld);
	return 1;
}
