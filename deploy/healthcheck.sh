#!/bin/bash
# Container health check: exits 0 when GET /healthz on the participant listener
# (PASSERELLE_HTTP) answers 200. Plain HTTP only: in containers TLS ends at the proxy.
# Bash for /dev/tcp, so that the image needs no HTTP client.
set -eu

addr=${PASSERELLE_HTTP:-0.0.0.0:8080}
port=${addr##*:}
host=${addr%:*}
host=${host#[}
host=${host%]}
case $host in
'' | 0.0.0.0 | '::') host=127.0.0.1 ;;
esac

if ! { exec 3<>"/dev/tcp/$host/$port"; } 2>/dev/null; then
	echo "unhealthy: cannot connect to $host:$port"
	exit 1
fi
printf 'GET /healthz HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$host" >&3
status=
IFS= read -r -t 5 status <&3 || :
case $status in
'HTTP/1.'?' 200 '*) exit 0 ;;
esac
echo "unhealthy: ${status:-no answer}"
exit 1
