#!/bin/sh
# make demo: `loghealth serve` delivering to a local stand-in for Slack and
# PagerDuty (tools/fake_destinations.py on 127.0.0.1). Slack is down for the
# whole run: its deliveries are retried, give up, and the ALERT_DELIVERY
# System Error that follows reaches PagerDuty, never Slack.
set -eu
OUT="$1"
CLI=./bazel-bin/loghealth
rm -rf "$OUT/serve" && mkdir -p "$OUT/serve"
printf '%s\n' '{"/slack": ["fail:503"], "/pagerduty": ["ok:202"]}' > "$OUT/serve/script.json"
python3 tools/fake_destinations.py --port-file "$OUT/serve/port" --log "$OUT/serve/received.jsonl" \
  --script "$OUT/serve/script.json" --parent-pid $$ &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT INT TERM
i=0
while [ ! -s "$OUT/serve/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
port="$(cat "$OUT/serve/port")"
export DEMO_SLACK_WEBHOOK_URL="http://127.0.0.1:$port/slack/T00000000/B00000000/demo-secret"
export DEMO_PAGERDUTY_URL="http://127.0.0.1:$port/pagerduty/v2/enqueue"
export DEMO_PAGERDUTY_ROUTING_KEY="demo-routing-key-0000"
echo "   (Slack and PagerDuty stand-in on 127.0.0.1:$port; Slack answers 503 throughout)"
$CLI serve --config examples/health/serve.yml --state "$OUT/serve/state" \
  --input examples/health/serve_input.jsonl > "$OUT/serve/records.jsonl"
python3 tools/show_health.py < "$OUT/serve/records.jsonl"
echo "-- what reached each destination ($OUT/serve/received.jsonl):"
python3 tools/show_received.py < "$OUT/serve/received.jsonl"
