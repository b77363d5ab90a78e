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
