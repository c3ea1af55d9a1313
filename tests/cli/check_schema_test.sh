#!/bin/bash
# loghealth check-schema end to end: outputs and exit codes.
set -u
CLI="$1"
EXAMPLES="$(dirname "$(readlink -f "$2")")"   # examples/schemas
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

out="$("$CLI" check-schema "$EXAMPLES" 2>/dev/null)"; code=$?
[ "$code" -eq 0 ] || fail "valid examples: exit $code"
for t in Custom.Audit Custom.FirewallCsv Custom.NginxAccess Custom.WebApp; do
  grep -qx "OK $t" <<<"$out" || fail "missing 'OK $t' in: $out"
done

broken="$EXAMPLES/../broken_schemas"
out="$("$CLI" check-schema "$broken" 2>/dev/null)"; code=$?
[ "$code" -eq 1 ] || fail "broken example: exit $code, want 1"
grep -q 'typos.yml:5: fields\[0\] "eventTime": type timestamp needs timeFormat or timeFormats' <<<"$out" ||
  fail "timestamp error missing: $out"
[ "$(wc -l <<<"$out")" -eq 5 ] || fail "want 5 error lines, got: $out"

"$CLI" check-schema /no/such/path >/dev/null 2>&1; code=$?
[ "$code" -eq 1 ] || fail "missing path: exit $code, want 1"
"$CLI" check-schema >/dev/null 2>&1; code=$?
[ "$code" -eq 2 ] || fail "no path: exit $code, want 2"
"$CLI" check-schema --bogus x >/dev/null 2>&1; code=$?
[ "$code" -eq 2 ] || fail "unknown option: exit $code, want 2"
"$CLI" frobnicate >/dev/null 2>&1; code=$?
[ "$code" -eq 2 ] || fail "unknown command: exit $code, want 2"
"$CLI" --help | grep -q "check-schema" || fail "--help does not list check-schema"
"$CLI" check-schema --help | grep -q "usage: loghealth check-schema" || fail "check-schema --help"

# Native schemas are reported as such, declarative ones plainly.
tmp="$(mktemp -d)"
printf 'version: 0\nschema: AWS.Thing\nparser:\n  native:\n    name: AWS.Thing\nfields:\n  - {name: a, type: string}\n' >"$tmp/native.yml"
printf '{"version": 0, "schema": "Custom.J", "fields": [{"name": "a", "type": "string"}]}' >"$tmp/j.json"
printf 'name: t\n' >"$tmp/x_tests.yml"   # Panther test files are not schemas
out="$("$CLI" check-schema "$tmp" 2>/dev/null)"; code=$?
[ "$code" -eq 0 ] || fail "tmp: exit $code"
grep -qx "OK AWS.Thing (native parser: no built-in of that name)" <<<"$out" || fail "native: $out"
grep -qx "OK Custom.J" <<<"$out" || fail "json: $out"
# A native schema loghealth has built in says so.
printf 'version: 0\nschema: AWS.CloudTrail\nparser:\n  native:\n    name: AWS.CloudTrail\nfields:\n  - {name: a, type: string}\n' >"$tmp/ct.yml"
out="$("$CLI" check-schema "$tmp/ct.yml" 2>/dev/null)"
grep -qx "OK AWS.CloudTrail (native parser: served by loghealth's built-in)" <<<"$out" || fail "built-in: $out"
rm "$tmp/ct.yml"
# The same log type twice is an error.
cp "$tmp/j.json" "$tmp/k.json"
out="$("$CLI" check-schema "$tmp" 2>/dev/null)"; code=$?
[ "$code" -eq 1 ] || fail "duplicate log type: exit $code"
grep -q 'log type "Custom.J" is also defined in' <<<"$out" || fail "dup message: $out"
rm -rf "$tmp"

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
