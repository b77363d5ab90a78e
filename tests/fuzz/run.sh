#!/bin/sh
# Runs fuzz targets one after the other. Usage: run.sh FUZZ_DIR MODE SECONDS NAME...
# MODE corpus: new inputs go to FUZZ_DIR/corpus/NAME, kept between runs (make fuzz);
# MODE smoke: to a fresh FUZZ_DIR/smoke/NAME (make test). tests/fuzz/corpus/NAME is
# read, never written. Prints one line per target, the log's tail for a failure, and
# "fuzz: N passed, M failed"; exits 1 if any target failed.
dir=$1
mode=$2
seconds=$3
shift 3
here=$(dirname "$0")
passed=0
failed=0
mkdir -p "$dir/crashes" "$dir/logs"
for name in "$@"; do
	work=$dir/$mode/$name
	[ "$mode" = smoke ] && rm -rf "$work"
	mkdir -p "$work"
	set -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$dir/crashes/$name-"
	[ -f "$here/$name.dict" ] && set -- "$@" -dict="$here/$name.dict"
	case $name in
	decode) set -- "$@" -max_len=16384 ;; # the frame cap
	esac
	log=$dir/logs/$name.log
	if "$dir/fuzz_$name" "$@" "$work" "$here/corpus/$name" >"$log" 2>&1; then
		passed=$((passed + 1))
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		corp=$(ls "$work" | wc -l)
		echo "fuzz $name: ok, $runs runs in $seconds s, $corp new inputs"
	else
		failed=$((failed + 1))
		echo "fuzz $name: FAILED (log $log)"
		grep -v '^#[0-9]' "$log" | tail -n 40
	fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
