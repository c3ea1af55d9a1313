#!/usr/bin/env python3
"""Prints what tools/fake_destinations.py received (its --log, on stdin)."""
import json
import re
import sys

for line in sys.stdin:
    q = json.loads(line)
    body = q.get("body") or {}
    where = q["path"].split("/")[1]
    answer = q["behaviour"]
    if where == "slack":
        alert = re.search(r"Alert ([0-9a-f]{32})", q.get("raw", ""))
        what = body.get("text", "")[:90]
        alert_id = alert.group(1)[:8] if alert else "?"
    else:
        alert_id = str(body.get("dedup_key", "?"))[:8]
        what = (f"{body.get('event_action')}: "
                f"{(body.get('payload') or {}).get('summary', '')}")[:90]
    print(f"  {where:<10} attempt {q['headers'].get('x-loghealth-attempt', '?')} "
          f"alert {alert_id} -> {answer:<9} {what}")
