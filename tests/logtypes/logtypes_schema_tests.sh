#!/bin/bash
# The built-in log types' schema tests, through `loghealth test`, against the
# schemas compiled into the binary.
set -u
CLI="$1"
DIR="$(dirname "$0")"
out="$("$CLI" test "$DIR")"; code=$?
grep -v '^PASS' <<<"$out"
last="$(tail -n 1 <<<"$out")"
passed="$(cut -d' ' -f1 <<<"$last")"
[ "$code" -eq 0 ] || { echo "FAIL: loghealth test exited $code"; exit 1; }
# At least five cases for each of the 77 types (three good, two bad).
[ "${passed:-0}" -ge 385 ] || { echo "FAIL: only $passed cases (want >= 385)"; exit 1; }
echo "OK: $last"
