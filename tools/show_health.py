#!/usr/bin/env python3
"""Prints `loghealth replay` records (JSON lines on stdin) as a timeline."""
import json
import sys

for line in sys.stdin:
    r = json.loads(line)
    kind = r["record"]
    if kind == "alarm_state":
        who = r.get("source") or r.get("account") or r.get("destination")
        print(f"  {r['time'][11:19]}  {r['systemErrorType']:<31} {who:<13} "
              f"{r['from']} -> {r['to']}: {r['reason'][:70]}")
    elif kind == "alert":
        print(f"  {r['createdAt'][11:19]}  ALERT {r['alertId'][:8]} {r['severity']}  {r['title'][:70]}")
    elif kind == "alert_update":
        print(f"  {r['updatedAt'][11:19]}    alert {r['alertId'][:8]} occurrences={r['occurrences']}")
    elif kind == "alert_resolved":
        print(f"  {r['resolvedAt'][11:19]}    alert {r['alertId'][:8]} RESOLVED by {r['resolvedBy']}: {r['resolution']}")
    elif kind == "delivery":
        ok = "ok" if r["success"] else "FAILED"
        print(f"  {r['dispatchedAt'][11:19]}    delivery {r['alertId'][:8]} -> {r['destinationId']} "
              f"attempt {r['attempt']}: {r['statusCode']} {ok}")
    elif kind == "data_audit":
        print(f"  {r['p_event_time'][11:19]}    data_audit GetObject s3://{r['s3bucket']}/{r['s3key']} {r['status']}")
