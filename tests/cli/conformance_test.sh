#!/bin/bash
# Panther's schema tests for the declarative schemas pass through
# `loghealth test`: JSON (lacework, ossec, sophos) and fastmatch (apache,
# fastly, nginx). Without ../shared the test reports itself skipped (in the
# XML Bazel keeps), never passed.
set -u
CLI="$1"
ROOT="$(dirname "$(readlink -f "$2")")"   # the source tree (via WORKSPACE)
DIR="${LOGHEALTH_CONFORMANCE_DIR:-$ROOT/../shared/conformance/panther-analysis-v1.33.0}"

skip() {
  echo "SKIP: $1"
  if [ -n "${XML_OUTPUT_FILE:-}" ]; then
    cat >"$XML_OUTPUT_FILE" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<testsuites><testsuite name="conformance" tests="1" skipped="1">
<testcase name="DeclarativeConformance" result="skipped"><skipped message="$1"/></testcase>
</testsuite></testsuites>
XML
  fi
  exit 0
}
[ -d "$DIR" ] || skip "$DIR is absent (outside the loghealth environment); not checked"

out="$("$CLI" test "$DIR/lacework" "$DIR/ossec" "$DIR/sophos" "$DIR/apache" \
  "$DIR/fastly" "$DIR/nginx")"; code=$?
echo "$out"
[ "$code" -eq 0 ] || { echo "FAIL: loghealth test exited $code"; exit 1; }
# The conformance README: lacework 3, ossec 3, sophos 4, apache 3, fastly 2,
# nginx 2 cases.
last="$(tail -n 1 <<<"$out")"
[ "$last" = "17 passed, 0 failed, 0 skipped" ] || { echo "FAIL: want '17 passed, 0 failed, 0 skipped', got '$last'"; exit 1; }
# The whole corpus: the native cases run against loghealth's built-in types
# (each alone, and with its vendor's other types attached).
all="$("$CLI" test "$DIR")"
last="$(tail -n 1 <<<"$all")"
[ "$last" = "72 passed, 0 failed, 0 skipped" ] || { grep -A8 '^FAIL' <<<"$all"; echo "FAIL: whole corpus: $last"; exit 1; }
