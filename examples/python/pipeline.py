#!/usr/bin/env python3
"""A small pipeline on loghealth: classify a log file, write the events and
the classification failures, tell the health monitor about each failure and
about the events seen, and print the System Error alerts it raises.

    PYTHONPATH=python python3 examples/python/pipeline.py \
        examples/logs/app_and_audit.jsonl out/

(after `bazel build //capi:libloghealth.so`, which `make demo` does; or with
the package installed: `pip install ./python`, then without PYTHONPATH).
"""
import datetime
import pathlib
import sys

import loghealth

ROOT = pathlib.Path(__file__).resolve().parent.parent


def main(log_path: str, out_dir: str) -> None:
    """Classifies `log_path` into out_dir/events.jsonl and
    out_dir/failures.jsonl and prints the summary and the alerts."""
    out = pathlib.Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    schemas = [ROOT / "schemas" / "webapp.yml", ROOT / "schemas" / "audit.json"]
    monitor = loghealth.HealthMonitor({
        "sources": [{"id": "app", "label": "demo app", "dropOffMinutes": 60}],
        "destinations": [{"id": "oncall", "displayName": "On-call webhook",
                          "alertTypes": ["SYSTEM_ERROR"], "defaultForSeverity": ["HIGH"]}],
    })
    now = datetime.datetime(2024, 5, 1, 12, 0, tzinfo=datetime.timezone.utc).isoformat()
    now = now.replace("+00:00", "Z")
    events = failures = 0
    with loghealth.Classifier.from_files(schemas, source_id="app",
                                         source_label="demo app") as c, \
            open(out / "events.jsonl", "w") as ev, open(out / "failures.jsonl", "w") as fl:
        for result in c.classify_lines(pathlib.Path(log_path).read_bytes()):
            if isinstance(result, loghealth.Event):
                ev.write(result.json + "\n")
                events += 1
            else:
                fl.write(result.json + "\n")
                failures += 1
                monitor.observe({"time": now, "type": "classification_failure",
                                 "source": "app", "logType": result.log_type,
                                 "error": result.error,
                                 "payload": result.payload.decode("utf-8", "replace")})
        stats = c.stats
    monitor.observe({"time": now, "type": "events", "source": "app", "count": events})
    # The host delivers what is due (here: pretend the webhook answered 200).
    for d in monitor.deliveries():
        monitor.report_delivery(d["deliveryId"], 200, "ok")
    print(f"lines={stats['logs']} events={stats['events']} failures={stats['failures']} "
          f"skipped={stats['skipped']} -> {out}/events.jsonl, {out}/failures.jsonl")
    for record in monitor.records():
        if record["record"] == "alert":
            print(f"ALERT {record['severity']} {record['systemErrorType']}: {record['title']}")
        elif record["record"] == "alert_update":
            pass  # every later failure joins the open alert
        elif record["record"] == "delivery":
            print(f"  delivered to {record['destinationId']}: {record['statusCode']}")
    monitor.close()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
