#include "metrics.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "hub.h"
#include "reply.h"
#include "store.h"

metrics metrics_now;

/* Counts by error code, in the order of reply_code(). */
#define NCODES 32
static uint64_t metrics_errors[NCODES];

void metrics_error(const char *code)
{
	size_t i;

	for (i = 0; i < NCODES && reply_code(i); i++)
		if (!strcmp(reply_code(i), code)) {
			metrics_errors[i]++;
			return;
		}
}

static void line(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void line(sbuf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > 0)
		sbuf_add(b, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

static void metrics_counter(sbuf *b, const char *name, const char *help, uint64_t v)
{
	line(b, "# HELP %s %s\n# TYPE %s counter\n%s %llu\n", name, help, name, name,
	     (unsigned long long)v);
}

static void metrics_gauge(sbuf *b, const char *name, const char *help, double v)
{
	line(b, "# HELP %s %s\n# TYPE %s gauge\n%s %g\n", name, help, name, name, v);
}

static void metrics_rtt(sbuf *b)
{
	const store_stats *s = store_get_stats();
	uint64_t cum = 0;
	size_t i;

	line(b, "# HELP passerelle_redis_rtt_ms Redis command round trip.\n"
		"# TYPE passerelle_redis_rtt_ms histogram\n");
	for (i = 0; i < STORE_RTT_BUCKETS; i++) {
		cum += s->rtt_count[i];
		line(b, "passerelle_redis_rtt_ms_bucket{le=\"%g\"} %llu\n", store_rtt_bounds[i],
		     (unsigned long long)cum);
	}
	cum += s->rtt_count[STORE_RTT_BUCKETS];
	line(b, "passerelle_redis_rtt_ms_bucket{le=\"+Inf\"} %llu\n", (unsigned long long)cum);
	line(b, "passerelle_redis_rtt_ms_sum %g\npasserelle_redis_rtt_ms_count %llu\n",
	     s->rtt_sum_ms, (unsigned long long)s->rtt_total);
	metrics_counter(b, "passerelle_redis_errors_total", "Redis error replies.", s->errors);
	metrics_counter(b, "passerelle_redis_reconnects_total", "Redis reconnect attempts.",
			s->reconnects);
}

void metrics_render(sbuf *b, const char *node)
{
	size_t i;

	metrics_gauge(b, "passerelle_up", "1 while the process serves.", 1);
	metrics_gauge(b, "passerelle_redis_ready", "1 when Redis answers.", store_ready());
	metrics_gauge(b, "passerelle_connections", "Open WebSocket connections.",
		      (double)hub_conn_count());
	metrics_gauge(b, "passerelle_rooms", "Rooms with members on this node.",
		      (double)hub_room_count());
	metrics_counter(b, "passerelle_connections_total", "WebSocket connections accepted.",
			metrics_now.connections_total);
	metrics_counter(b, "passerelle_connections_refused_total",
			"WebSocket upgrades refused (origin, per-IP cap).",
			metrics_now.connections_refused);
	metrics_counter(b, "passerelle_requests_total", "Requests received.", metrics_now.requests);
	metrics_counter(b, "passerelle_messages_in_total", "Messages stored by say.",
			metrics_now.messages_in);
	metrics_counter(b, "passerelle_deliveries_total", "Frames written to sockets.",
			metrics_now.deliveries);
	metrics_counter(b, "passerelle_events_in_total", "Events received from Redis.",
			metrics_now.events_in);
	line(b, "# HELP passerelle_errors_total Error replies by code.\n"
		"# TYPE passerelle_errors_total counter\n");
	for (i = 0; i < NCODES && reply_code(i); i++)
		line(b, "passerelle_errors_total{code=\"%s\"} %llu\n", reply_code(i),
		     (unsigned long long)metrics_errors[i]);
	metrics_rtt(b);
	line(b,
	     "# HELP passerelle_node_info Node name.\n# TYPE passerelle_node_info gauge\n"
	     "passerelle_node_info{node=\"%s\"} 1\n",
	     node);
}
