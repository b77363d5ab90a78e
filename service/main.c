/* passerelle: the server. One libuv loop carries libwebsockets and both Redis connections. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <uv.h>

#include "config.h"
#include "core.h"
#include "net.h"
#include "seed.h"
#include "store.h"
#include "util.h"

static struct {
	uv_loop_t loop;
	uv_signal_t sigint, sigterm;
	uv_timer_t grace;
	config cfg;
	int stopping;
} app;

static void app_close_handle(uv_handle_t *h)
{
	if (!uv_is_closing(h))
		uv_close(h, NULL);
}

static void app_close_walk(uv_handle_t *h, void *arg)
{
	app_close_handle(h);
}

static void app_grace_over(uv_timer_t *t)
{
	app_close_handle((uv_handle_t *)&app.grace);
	core_shutdown();
	store_close();
	net_stop();
}

/* First signal: close frames (1001) to every client, then stop after a short grace. */
static void app_on_signal(uv_signal_t *s, int signum)
{
	if (app.stopping++) {
		log_warn("second signal: stopping now");
		exit(1);
	}
	log_info("signal %d: shutting down", signum);
	app_close_handle((uv_handle_t *)&app.sigint);
	app_close_handle((uv_handle_t *)&app.sigterm);
	net_close_all();
	uv_timer_init(&app.loop, &app.grace);
	uv_timer_start(&app.grace, app_grace_over, 300, 0);
}

/* The Redis url without its password, for logs. */
static const char *app_redis_shown(const char *url, char *out, size_t outsz)
{
	const char *at = strrchr(url, '@'), *scheme = strstr(url, "://");

	if (!at || !scheme)
		return url;
	snprintf(out, outsz, "%.*s://***%s", (int)(scheme - url), url, at);
	return out;
}

static int app_run(void)
{
	static const store_hooks hooks = {core_on_event, core_on_store_up, core_on_sub_up};
	char err[256] = "", redis[600];

	if (uv_loop_init(&app.loop))
		return 1;
	if (core_init(&app.cfg, &app.loop, err, sizeof(err)) ||
	    store_init(&app.loop, app.cfg.redis, &hooks, err, sizeof(err)) ||
	    net_start(&app.cfg, &app.loop, err, sizeof(err))) {
		fprintf(stderr, "passerelle: %s\n", err[0] ? err : "cannot start");
		return 2;
	}
	uv_signal_init(&app.loop, &app.sigint);
	uv_signal_init(&app.loop, &app.sigterm);
	uv_signal_start(&app.sigint, app_on_signal, SIGINT);
	uv_signal_start(&app.sigterm, app_on_signal, SIGTERM);
	log_info("serving %s://%s, admin on %s (node %s, redis %s)",
		 app.cfg.tls_cert[0] ? "https" : "http", app.cfg.http, app.cfg.admin, app.cfg.node,
		 app_redis_shown(app.cfg.redis, redis, sizeof(redis)));
	uv_run(&app.loop, UV_RUN_DEFAULT);
	net_finish();
	uv_walk(&app.loop, app_close_walk, NULL);
	uv_run(&app.loop, UV_RUN_DEFAULT);
	uv_loop_close(&app.loop);
	hub_shutdown();
	log_info("stopped");
	return 0;
}

int main(int argc, char **argv)
{
	char err[256] = "";
	int i;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			config_usage();
			return 0;
		}
	signal(SIGPIPE, SIG_IGN);
	srand((unsigned)time(NULL) ^ (unsigned)getpid());
	if (config_load(&app.cfg, argc, argv, err, sizeof(err))) {
		fprintf(stderr, "passerelle: %s\n", err);
		return 2;
	}
	log_set_node(app.cfg.node);
	if (app.cfg.seed[0])
		return seed_load(&app.cfg) ? 1 : 0;
	return app_run();
}
