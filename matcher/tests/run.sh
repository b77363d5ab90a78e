#!/bin/sh
# Runs the matcher's unit tests (built with ASan and UBSan) and the CLI checks, then
# prints the closing line "matcher: N passed, M failed". Usage: run.sh BUILD_DIR
build=${1:-build}
here=$(dirname "$0")
lib=$("$build/test-matcher") || true
echo "library: $lib"
cli=$(sh "$here/cli.sh" "$build/passerelle-match-san" | tail -n 1) || true
echo "cli: $cli"
passed=$(( $(echo "$lib" | sed -n 's/^\([0-9]*\) passed.*/\1/p') + \
	$(echo "$cli" | sed -n 's/^\([0-9]*\) passed.*/\1/p') ))
failed=$(( $(echo "$lib" | sed -n 's/.* \([0-9]*\) failed$/\1/p') + \
	$(echo "$cli" | sed -n 's/.* \([0-9]*\) failed$/\1/p') ))
case "$lib" in *passed*) ;; *) failed=$((failed + 1)) ;; esac
case "$cli" in *passed*) ;; *) failed=$((failed + 1)) ;; esac
echo "matcher: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
