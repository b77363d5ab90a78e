#!/bin/sh
# Mentor matching benchmark: one table comparing, on the same generated cohorts,
#   matcher  the library as the service runs it (spreading, bonuses, best 50 per mentee)
#   plain    the library without spreading, bonuses or cut: the pure assignment
#   greedy   pairs taken by decreasing score while places last (best 50 per mentee)
#   scipy    scipy.optimize.linear_sum_assignment, each mentor expanded into its places
# Scores are the pair scores 0..100; "plain" and "scipy" solve the same problem and
# must reach the same total. Never a test: nothing here asserts a time.
# usage: bench/match/run.sh [SEED]
set -eu
cd "$(dirname "$0")/../.."
seed=${1:-1}
build=build
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

make -s "$build/bench-match" >/dev/null
python=python3
[ -x /usr/bin/python3 ] && python=/usr/bin/python3 # Debian's, with python3-scipy
have_scipy=yes
$python -c 'import scipy.optimize' 2>/dev/null || have_scipy=no

row() { printf '%-16s %-8s %10s %12s %12s %9s\n' "$@"; }
note() { printf '%-16s %-8s %s\n' "$@"; }
row size method time "peak memory" "total score" matched
row ---------------- -------- ---------- ------------ ------------ ---------

# One run of the C driver: "method seconds MiB total matched objective arcs phases".
lib() {
	if out=$("$build/bench-match" --mentees "$1" --mentors "$2" --seed "$seed" --method "$3"); then
		set -- $out
		row "$size" "$1" "$2 s" "$3 MiB" "$4" "$5"
		echo "$4" >"$tmp/$1"
	else
		note "$size" "$3" "failed"
	fi
}

for pair in 1000:200 10000:2000 100000:20000; do
	n=${pair%%:*}
	m=${pair##*:}
	size="${n} x ${m}"
	rm -f "$tmp/plain" "$tmp/scipy"
	lib "$n" "$m" matcher
	# the plain problem keeps every eligible pair: about n x m of them
	if [ $((n * m)) -le 100000000 ]; then
		lib "$n" "$m" plain
	else
		note "$size" plain "skipped (memory)"
	fi
	lib "$n" "$m" greedy
	# scipy needs a dense matrix of n x places doubles (places: 3 per mentor on average)
	if [ "$have_scipy" = no ]; then
		note "$size" scipy "skipped (apt install python3-scipy)"
	elif [ $((n * m * 3 * 8)) -gt 4000000000 ]; then
		note "$size" scipy "skipped (memory)"
	else
		"$build/bench-match" --mentees "$n" --mentors "$m" --seed "$seed" \
			--dump-scores "$tmp/scores"
		set -- $($python bench/match/lsa.py "$tmp/scores")
		row "$size" scipy "$1 s" "$2 MiB" "$3" "$4"
		echo "$3" >"$tmp/scipy"
		rm -f "$tmp/scores"
	fi
	if [ -f "$tmp/plain" ] && [ -f "$tmp/scipy" ]; then
		if [ "$(cat "$tmp/plain")" = "$(cat "$tmp/scipy")" ]; then
			echo "  $size: plain reaches scipy's optimum exactly"
		else
			echo "  $size: plain and scipy differ"
		fi
	fi
done
