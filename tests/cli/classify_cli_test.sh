#!/bin/bash
# loghealth classify end to end: every line accounted for, events on stdout,
# failures where asked, the summary line last, exit codes.
set -u
CLI="$1"
EXAMPLES="$(dirname "$(readlink -f "$2")")"   # examples/schemas
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
tmp="$(mktemp -d)"

printf '%s\n' \
  '{"time":"2024-05-01T10:00:00Z","request":{"method":"GET","status":200}}' \
  '' \
  '{"time":"2024-05-01T10:00:00Z","request":{"method":"GET","status":"x"}}' \
  'not json' \
  '{"time":1714557600123,"request":{"method":"PUT","status":"204"},"client":{"ip":"10.9.8.7"}}' \
  >"$tmp/in.jsonl"
"$CLI" classify --schema "$EXAMPLES/webapp.yml" --source-id src-9 \
  --failures "$tmp/failures.jsonl" "$tmp/in.jsonl" >"$tmp/events.jsonl" 2>"$tmp/err"
code=$?
[ "$code" -eq 0 ] || fail "exit $code"
[ "$(tail -n 1 "$tmp/err")" = "lines=5 events=2 failures=2 skipped=1" ] || fail "summary: $(cat "$tmp/err")"
[ "$(wc -l <"$tmp/events.jsonl")" -eq 2 ] || fail "events: $(cat "$tmp/events.jsonl")"
[ "$(wc -l <"$tmp/failures.jsonl")" -eq 2 ] || fail "failures: $(cat "$tmp/failures.jsonl")"
grep -q '"p_source_id":"src-9"' "$tmp/events.jsonl" || fail "no source id"
grep -q '"p_any_ip_addresses":\["10.9.8.7"\]' "$tmp/events.jsonl" || fail "no indicator"
grep -q '"reason":"type_mismatch","field":"request.status"' "$tmp/failures.jsonl" || fail "mismatch detail"
grep -q '"reason":"malformed_json"' "$tmp/failures.jsonl" || fail "malformed detail"

# Standard input, failures to standard error, a folder of schemas.
mkdir "$tmp/json_schemas"
cp "$EXAMPLES/webapp.yml" "$EXAMPLES/audit.json" "$tmp/json_schemas/"
printf '%s\n' '{"eventTime": 1.5, "action": "login", "actor": {"id": "u"}, "success": true}' |
  "$CLI" classify --schema "$tmp/json_schemas" >"$tmp/e2" 2>"$tmp/f2"; code=$?
[ "$code" -eq 0 ] || fail "stdin exit $code"
grep -q '"p_log_type":"Custom.Audit"' "$tmp/e2" || fail "stdin event: $(cat "$tmp/e2" "$tmp/f2")"

# Built-in log types: a CloudTrail file's Records are one event each, and
# the summary counts events; an unknown name is refused with the nearest.
printf '%s\n' '{"Records":[{"eventVersion":"1.08","eventTime":"2024-05-01T10:00:00Z","eventName":"A","eventSource":"s3.amazonaws.com","eventType":"AwsApiCall","awsRegion":"us-east-1","eventID":"e1","sourceIPAddress":"10.0.0.1","userIdentity":{"type":"Root"}},{"eventVersion":"1.08","eventTime":"2024-05-01T10:00:01Z","eventName":"B","eventSource":"s3.amazonaws.com","eventType":"AwsApiCall","awsRegion":"us-east-1","eventID":"e2","sourceIPAddress":"10.0.0.2","userIdentity":{"type":"Root"}}]}' \
  >"$tmp/trail.json"
"$CLI" classify --log-type AWS.CloudTrail "$tmp/trail.json" >"$tmp/e3" 2>"$tmp/f3"; code=$?
[ "$code" -eq 0 ] || fail "log-type exit $code: $(cat "$tmp/f3")"
[ "$(wc -l <"$tmp/e3")" -eq 2 ] || fail "two records, two events: $(cat "$tmp/e3")"
grep -q '"eventName":"B".*"p_log_type":"AWS.CloudTrail"' "$tmp/e3" || fail "second record: $(cat "$tmp/e3")"
[ "$(tail -n 1 "$tmp/f3")" = "lines=1 events=2 failures=0 skipped=0" ] || fail "summary: $(cat "$tmp/f3")"
"$CLI" classify --log-type AWS.CloudTrial "$tmp/trail.json" >/dev/null 2>"$tmp/f4"; code=$?
[ "$code" -eq 2 ] || fail "unknown log type: want 2, got $code"
grep -q 'did you mean "AWS.CloudTrail"' "$tmp/f4" || fail "suggestion: $(cat "$tmp/f4")"
"$CLI" log-types | grep -q '^AWS.VPCFlow ' || fail "log-types lists AWS.VPCFlow"
[ "$("$CLI" log-types | wc -l)" -eq 77 ] || fail "log-types: $("$CLI" log-types | wc -l) lines"
[ "$("$CLI" log-types GitLab | wc -l)" -eq 6 ] || fail "log-types GitLab"

# Usage and schema errors exit 2.
"$CLI" classify "$tmp/in.jsonl" >/dev/null 2>&1; [ $? -eq 2 ] || fail "no --schema: want 2"
"$CLI" classify --schema "$EXAMPLES/../broken_schemas" "$tmp/in.jsonl" >/dev/null 2>&1
[ $? -eq 2 ] || fail "broken schema: want 2"
"$CLI" classify --bogus >/dev/null 2>&1; [ $? -eq 2 ] || fail "unknown option: want 2"
"$CLI" classify --schema "$EXAMPLES/webapp.yml" /no/such/file >/dev/null 2>&1
[ $? -eq 1 ] || fail "unreadable input: want 1"

rm -rf "$tmp"
echo "$failures failure(s)"
[ "$failures" -eq 0 ]
