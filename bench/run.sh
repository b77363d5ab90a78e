#!/bin/sh
# `make bench`: every benchmark, each printing its own comparison table.
# Nothing here asserts a time; the numbers are read, compared and written down.
set -eu
cd "$(dirname "$0")/.."

echo "== matching: library vs plain optimum vs greedy vs scipy.optimize.linear_sum_assignment"
make -s build/bench-match build/passerelle-match
sh bench/match/run.sh "$@"

echo
echo "== chat: fan-out to one room and memory per connection, 1 and 2 server processes"
if command -v node >/dev/null 2>&1 && [ -f node_modules/ws/package.json ]; then
	make -s build/passerelle
	node bench/chat/fanout.mjs
else
	echo "skipped: needs node and node_modules/ws (npm ci, or make test, installs them)"
fi

echo
echo "== load: fan-out against Socket.IO and libwebsockets' mirror (bench/load/RUNNING.md)"
load_bin=${LOAD_BIN:-build/passerelle-load}
if ! command -v node >/dev/null 2>&1 || [ ! -f node_modules/ws/package.json ]; then
	echo "skipped: needs node and node_modules/ws (npm ci, or make test, installs them)"
elif [ ! -e "$load_bin" ]; then
	echo "skipped: no load generator at $load_bin (make all builds it)"
else
	make -s build/passerelle
	node bench/load/run.mjs
fi
