#!/bin/bash
# loghealth replay on the shipped day in the life: each behaviour the issue
# names shows up, and the run is deterministic.
set -u
CLI="$1"
HEALTH="$(dirname "$(readlink -f "$2")")"   # examples/health
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
out="$("$CLI" replay --config "$HEALTH/config.yml" "$HEALTH/timeline.jsonl")"; code=$?
[ "$code" -eq 0 ] || fail "exit $code"
count() { grep -c "$1" <<<"$out"; }
# One drop-off alert for 8 hours of silence, resolved when events resume.
[ "$(count '"record":"alert",.*"systemErrorType":"SOURCE_NO_DATA"')" -eq 1 ] || fail "drop-off alerts"
grep -q '"to":"OK","reason":"events received again at 2024-05-01T10:00:00Z"' <<<"$out" || fail "drop-off recovery"
# A burst of classification failures: one alert, two updates, resolved by a person.
[ "$(count '"record":"alert",.*"systemErrorType":"SOURCE_CLASSIFICATION_FAILURES"')" -eq 2 ] || fail "classification alerts"
grep -q '"resolvedBy":"alice@example.com","resolution":"nginx schema fixed' <<<"$out" || fail "resolved by a person"
# The Slack outage ends in an ALERT_DELIVERY alert, never sent to Slack.
[ "$(count '"record":"alert",.*"systemErrorType":"ALERT_DELIVERY"')" -eq 1 ] || fail "ALERT_DELIVERY"
delivery_id="$(grep '"systemErrorType":"ALERT_DELIVERY"' <<<"$out" | grep '"record":"alert"' | sed 's/.*"alertId":"\([0-9a-f]*\)".*/\1/')"
if grep '"record":"delivery"' <<<"$out" | grep "\"alertId\":\"$delivery_id\"" | grep -q '"destinationId":"slack"'; then
  fail "ALERT_DELIVERY went to the failed destination"
fi
# Jira never gets a System Error.
grep '"record":"delivery"' <<<"$out" | grep -q '"destinationId":"jira"' && fail "jira got a System Error"
# Every alert is CRITICAL; every S3 read has a data_audit row.
[ "$(count '"record":"alert",')" -eq "$(count '"severity":"CRITICAL"')" ] || fail "severity"
[ "$(count '"record":"data_audit"')" -eq 2 ] || fail "data_audit"
# Deterministic: the same run twice is the same, byte for byte.
again="$("$CLI" replay --config "$HEALTH/config.yml" "$HEALTH/timeline.jsonl")"
[ "$out" = "$again" ] || fail "not deterministic"
# A bad line stops the run with its number.
tmp="$(mktemp)"
printf '%s\n' '{"time":"2024-05-01T00:00:00Z","type":"tick"}' '{"time":"2024-05-01T00:01:00Z","type":"events","source":"src-web"}' >"$tmp"
"$CLI" replay --config "$HEALTH/config.yml" "$tmp" >/dev/null 2>"$tmp.err"; code=$?
[ "$code" -eq 2 ] || fail "bad line: exit $code"
grep -q ':2: events needs "count" (an integer)' "$tmp.err" || fail "bad line message: $(cat "$tmp.err")"
rm -f "$tmp" "$tmp.err"
echo "$failures failure(s)"
[ "$failures" -eq 0 ]
