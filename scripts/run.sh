#!/bin/sh
# `make run`: one Passerelle node and a private Redis on this machine, with demo data,
# in the foreground. Ctrl-C stops both. Everything lives in run/ (git-ignored) and is
# kept between runs: same secrets, same data.
#
# Honoured from the environment: PASSERELLE_REDIS (use that Redis, start none),
# PASSERELLE_HTTP, PASSERELLE_ADMIN, and any other PASSERELLE_* setting of the server.
set -eu

cd -P "$(dirname "$0")/.."
BIN=build/passerelle
DEMO=deploy/demo.json

server_pid=
redis_pid=

# Output never stops a cleanup, even once the terminal is gone.
say() { printf '%s\n' "$*" 2>/dev/null || :; }
die() {
	printf 'run: %s\n' "$*" >&2
	exit 1
}

# A child that exited but was not reaped yet still answers kill -0: look at its state.
alive() {
	[ -n "$1" ] && kill -0 "$1" 2>/dev/null || return 1
	[ -r "/proc/$1/stat" ] || return 0
	[ "$(sed 's/.*) //' "/proc/$1/stat" | cut -c1)" != Z ]
}

# SIGTERM, up to 10 s to exit cleanly, then SIGKILL.
stop() {
	pid=$1
	[ -n "$pid" ] || return 0
	if alive "$pid"; then
		say "run: stopping $2 (pid $pid)"
		kill -TERM "$pid" 2>/dev/null || :
		n=0
		while alive "$pid" && [ "$n" -lt 100 ]; do
			sleep 0.1
			n=$((n + 1))
		done
		if alive "$pid"; then
			say "run: $2 did not stop in 10 s, killing it"
			kill -KILL "$pid" 2>/dev/null || :
		fi
	fi
	wait "$pid" 2>/dev/null || :
}

# The server first, so that it closes its clients while Redis still answers.
cleanup() {
	stop "$server_pid" passerelle
	server_pid=
	stop "$redis_pid" redis-server
	redis_pid=
}

trap cleanup EXIT
# Ctrl-C is the normal way to stop: a clean stop exits 0.
trap 'cleanup; say "run: stopped"; exit 0' HUP INT TERM

# True when no TCP socket listens on port $1, on any address (Linux /proc).
port_free() {
	[ -r /proc/net/tcp ] || return 0
	cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk -v p="$(printf ':%04X' "$1")" '
		$4 == "0A" && substr($2, length($2) - 4) == p { busy = 1 }
		END { exit busy }'
}

# Runs "$@" in its own session, so that a Ctrl-C reaches this script only and the
# script stops the processes in order. Replaces the calling (sub)shell.
detach() {
	if command -v setsid >/dev/null; then
		exec setsid "$@"
	fi
	exec "$@"
}

# The preferred port when free, else a random free one; never one of $ports, the ones
# already chosen for this run.
pick_port() {
	p=$1
	n=0
	while [ "$n" -lt 100 ]; do
		case " $ports " in
		*" $p "*) ;;
		*)
			if port_free "$p"; then
				say "$p"
				return 0
			fi
			;;
		esac
		p=$(($(od -An -N2 -tu2 /dev/urandom) % 28000 + 32768))
		n=$((n + 1))
	done
	die "no free TCP port found"
}

# Checks that the TCP port of listener address $1 is free and adds it to $ports.
listener() {
	case $1 in
	unix:*) return 0 ;;
	esac
	port_free "${1##*:}" || die "cannot listen on $1: port ${1##*:} is already in use"
	ports="$ports ${1##*:}"
}

# http://host:port/ for a listener address, or the address itself for a Unix socket.
url_of() {
	case $1 in
	unix:*)
		say "$1"
		return 0
		;;
	esac
	host=${1%:*}
	case $host in
	'' | 0.0.0.0 | '[::]') host=127.0.0.1 ;;
	esac
	scheme=http
	[ -z "${PASSERELLE_TLS_CERT:-}" ] || scheme=https
	say "$scheme://$host:${1##*:}/"
}

# A secret made once and kept: tokens stay valid across restarts.
make_secret() {
	if [ ! -s "$1" ]; then
		(umask 077 && openssl rand -hex 32 >"$1.new") && mv "$1.new" "$1"
	fi
	chmod 600 "$1"
}

start_redis() {
	pidfile=run/redis/redis.pid
	if [ -s "$pidfile" ]; then
		old=$(cat "$pidfile")
		if alive "$old" && [ "$(readlink "/proc/$old/cwd")" = "$PWD/run/redis" ]; then
			die "a Redis from an earlier run still uses run/redis (pid $old); stop it with 'kill $old' and try again"
		fi
	fi
	for c in redis-server redis-cli; do
		command -v $c >/dev/null || die "$c is missing: run 'make deps'"
	done
	port=$(pick_port 6390)
	(detach redis-server "$PWD/deploy/redis.conf" --port "$port" --bind 127.0.0.1 \
		--protected-mode yes --dir "$PWD/run/redis" --appendonly yes \
		--appendfsync everysec --save '' --daemonize no --supervised no \
		--pidfile "$PWD/$pidfile" --logfile "$PWD/run/redis.log") &
	redis_pid=$!
	n=0
	until [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = PONG ]; do
		if ! alive "$redis_pid" || [ "$n" -ge 300 ]; then
			tail -n 20 run/redis.log >&2 2>/dev/null || :
			die "Redis did not start on port $port (log: run/redis.log)"
		fi
		sleep 0.1
		n=$((n + 1))
	done
	PASSERELLE_REDIS=redis://127.0.0.1:$port/0
	say "run: Redis on 127.0.0.1:$port, data in run/redis (log: run/redis.log)"
}

print_signins() {
	if [ ! -f "$DEMO" ]; then
		say "  (no $DEMO: no demo accounts)"
	elif command -v node >/dev/null; then
		node -e '
const doc = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
for (const p of doc.people || [])
  console.log("    " + String(p.role).padEnd(12) + String(p.email).padEnd(32) + p.password);
' "$DEMO"
	elif command -v python3 >/dev/null; then
		python3 -c '
import json, sys
for p in json.load(open(sys.argv[1], encoding="utf-8")).get("people", []):
    print("    %-12s%-32s%s" % (p["role"], p["email"], p["password"]))
' "$DEMO"
	else
		say "    the emails and passwords are in $DEMO (\"people\")"
	fi
}

print_banner() {
	admin_cli=build/passerelle-admin
	[ -x "$admin_cli" ] || admin_cli="make build/passerelle-admin && build/passerelle-admin"
	cat <<EOF

  Passerelle is running.

  Participants:   $(url_of "$PASSERELLE_HTTP")
  Console:        $(url_of "$PASSERELLE_ADMIN")   (facilitators)

  Demo sign-ins (role, email, password; for local demos only):
EOF
	print_signins
	cat <<EOF

  Make your own account a facilitator: register on the participant page, then
    $admin_cli --secret-file run/admin-secret role grant EMAIL facilitator

  Secrets and data are kept in run/ and reused by the next 'make run'.
  Press Ctrl-C to stop.

EOF
}

[ -x "$BIN" ] || die "$BIN is missing: run 'make' first"
command -v openssl >/dev/null || die "openssl is missing: run 'make deps'"
mkdir -p run/redis
chmod 700 run
make_secret run/secret
make_secret run/admin-secret

# The listeners first: a port asked for that is busy stops here, before anything starts.
ports=
: "${PASSERELLE_HTTP:=127.0.0.1:$(pick_port 8080)}"
listener "$PASSERELLE_HTTP"
: "${PASSERELLE_ADMIN:=127.0.0.1:$(pick_port 8091)}"
listener "$PASSERELLE_ADMIN"

if [ -z "${PASSERELLE_REDIS:-}" ]; then
	start_redis
else
	say "run: using the Redis at PASSERELLE_REDIS"
fi
PASSERELLE_SECRET=$(cat run/secret)
PASSERELLE_ADMIN_SECRET=$(cat run/admin-secret)
PASSERELLE_WEB=web
# Would turn the server below into a loader.
unset PASSERELLE_SEED
export PASSERELLE_REDIS PASSERELLE_HTTP PASSERELLE_ADMIN PASSERELLE_SECRET \
	PASSERELLE_ADMIN_SECRET PASSERELLE_WEB

if [ -f "$DEMO" ]; then
	"$BIN" --seed "$DEMO" || die "loading $DEMO failed"
fi

(detach "$BIN") &
server_pid=$!
[ -r /proc/net/tcp ] || sleep 1
n=0
for port in $ports; do
	while [ -r /proc/net/tcp ] && port_free "$port" && alive "$server_pid"; do
		[ "$n" -lt 300 ] || die "passerelle is not listening on port $port after 30 s"
		sleep 0.1
		n=$((n + 1))
	done
done
if ! alive "$server_pid"; then
	status=0
	wait "$server_pid" || status=$?
	server_pid=
	die "passerelle exited with status $status"
fi
print_banner

status=0
wait "$server_pid" || status=$?
server_pid=
[ "$status" -eq 0 ] || say "run: passerelle exited with status $status"
cleanup
exit "$status"
