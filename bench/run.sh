#!/bin/sh
# `make bench`: every benchmark, each printing its own comparison table.
# Nothing here asserts a time; the numbers are read, compared and written down.
set -eu
cd "$(dirname "$0")/.."

echo "== matching: library vs plain optimum vs greedy vs scipy.optimize.linear_sum_assignment"
make -s build/bench-match build/passerelle-match
sh bench/match/run.sh "$@"
