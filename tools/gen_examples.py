#!/usr/bin/env python3
"""Writes the example logs, deterministically (fixed seed); rerun to regenerate:

- examples/logs/app_and_audit.jsonl: one source sending two JSON log types
  (Custom.WebApp and Custom.Audit), about 5% of lines broken the ways real
  pipelines break them;
- examples/logs/nginx_access.log: nginx's combined format (Custom.NginxAccess),
  with a few lines that do not fit;
- examples/logs/firewall.csv: the firewall's CSV export (Custom.FirewallCsv).
"""
import json
import os
import random

rng = random.Random(7)
BASE = 1714557600  # 2024-05-01T10:00:00Z
USERS = ["alice", "bob", "carol", "dave", "erin"]
PATHS = ["/", "/login", "/api/items", "/api/items/42", "/static/app.js"]


def webapp(i):
    t = BASE + i * 17
    e = {
        "time": t * 1000 + rng.randrange(1000) if i % 3 else
        f"2024-05-01T{10 + i * 17 // 3600:02d}:{(i * 17 // 60) % 60:02d}:{i * 17 % 60:02d}Z",
        "level": rng.choice(["info", "info", "info", "warn", "error"]),
        "request": {"method": rng.choice(["GET", "GET", "POST"]),
                    "path": rng.choice(PATHS), "status": rng.choice([200, 200, 201, 304, 404, 500]),
                    "bytes": str(rng.randrange(100, 90000)),
                    "duration_ms": round(rng.uniform(0.5, 900), 2)},
        "client": {"ip": f"10.{rng.randrange(4)}.{rng.randrange(256)}.{rng.randrange(1, 255)}",
                   "user": rng.choice(USERS)},
        "tags": rng.sample(["edge", "canary", "eu", "us"], rng.randrange(3)),
        "cached": rng.choice(["T", "F", True]),
    }
    return e


def audit(i):
    actor = rng.choice(USERS)
    return {
        "eventTime": BASE + i * 29 + rng.random(),
        "action": rng.choice(["login", "logout", "grant", "revoke"]),
        "actor": {"id": actor, "email": f"{actor}@example.com",
                  "arn": f"arn:aws:iam::123456789012:user/{actor}"},
        "targets": [{"id": rng.choice(USERS)}],
        "sourceIp": f"192.168.1.{rng.randrange(1, 255)}",
        "details": json.dumps({"mfa": rng.choice([True, False])}),
        "success": rng.choice([True, True, "false"]),
    }


BROKEN = [
    lambda: '{"time":"2024-05-01T10:00:00Z","request":{"method":"GET","status":"OK"}}',
    lambda: '{"time":"yesterday","request":{"method":"GET","status":200}}',
    lambda: '{"time":"2024-05-01T10:00:00Z","level":"trace","request":{"method":"GET","status":200}}',
    lambda: '{"time":"2024-05-01T10:00:00Z","request":{"method":"GET"}}',
    lambda: '{"eventTime": 1714557600, "action": "test", "actor": {"id": "qa"}, "success": true}',
    lambda: '{"time":"2024-05-01T10:00:00Z","request":{"method":"GET","status":200}',
    lambda: 'GET /healthz 200 - this line is not JSON',
    lambda: '["an", "array"]',
    lambda: '{"time":"2024-05-01T10:00:00Z","client":{"ip":"10.0.0.999"},"request":{"method":"GET","status":200}}',
]


def nginx_lines():
    months = ["Apr", "May"]
    agents = ["Mozilla/5.0 (X11; Linux x86_64)", "curl/8.4.0", "Go-http-client/1.1"]
    lines = []
    for i in range(120):
        t = BASE + i * 41
        day = 1 + (t - BASE) // 86400
        hh, mm, ss = (t // 3600) % 24, (t // 60) % 60, t % 60
        ts = f"{day:02d}/{months[1]}/2024:{hh:02d}:{mm:02d}:{ss:02d} +0000"
        user = rng.choice(["-", "-", "alice", "bob"])
        ref = rng.choice(["-", "https://example.com/", "https://search.example.org/?q=x"])
        line = (f'10.{rng.randrange(4)}.{rng.randrange(256)}.{rng.randrange(1, 255)} - {user} '
                f'[{ts}] "{rng.choice(["GET", "POST"])} {rng.choice(PATHS)} HTTP/1.1" '
                f'{rng.choice([200, 200, 301, 404, 500])} {rng.choice(["-", rng.randrange(90000)])} '
                f'"{ref}" "{rng.choice(agents)}"')
        if i % 37 == 5:
            line = f"10.0.0.1 - - [{ts}] \"GET / HTTP/1.1\" OK 12 \"-\" \"curl/8.4.0\""
        elif i % 37 == 20:
            line = "nginx: [warn] the \"ssl\" directive is deprecated"
        elif i % 37 == 30:
            line = f"10.0.0.1 - - [{ts.replace('+0000', '+00:00')}] \"GET / HTTP/1.1\" 200 1 \"-\" \"x\""
        lines.append(line)
    return lines


def firewall_lines():
    lines = []
    for i in range(60):
        t = BASE + i * 13
        hh, mm, ss = (t // 3600) % 24, (t // 60) % 60, t % 60
        action = rng.choice(["ACCEPT", "ACCEPT", "DROP", "REJECT"])
        if i % 23 == 11:
            action = "LOG"          # not an allowed action
        row = [f"2024-05-01 {hh:02d}:{mm:02d}:{ss:02d}", action, rng.choice(["tcp", "udp"]),
               f"192.168.1.{rng.randrange(1, 255)}", str(rng.randrange(1024, 65535)),
               f"10.0.0.{rng.randrange(1, 20)}", rng.choice(["22", "443", "53", "-"]),
               rng.choice(["default", '"allow web, https"', "-"])]
        if i % 29 == 17:
            row = row[:5]           # a truncated row
        lines.append(",".join(row))
    return lines


def health_timeline(classification_alert_id):
    """A day in the life of three sources (examples/health/timeline.jsonl)."""
    def t(h, m=0):
        return f"2024-05-01T{h:02d}:{m:02d}:00Z"
    rows = []
    for h in range(0, 18):
        for m in (0, 30):
            rows.append((h, m, {"type": "events", "source": "src-web", "count": 100 + h}))
            rows.append((h, m, {"type": "events", "source": "src-edge", "count": 40}))
            # vpc-flow goes quiet from 02:00 to 10:00: a drop-off, alerted once.
            if h < 2 or h >= 10:
                rows.append((h, m, {"type": "events", "source": "src-vpc", "count": 250}))
    arn = "arn:aws:iam::123456789012:role/PantherLogProcessingRole-prod"
    rows += [
        (3, 0, {"type": "health_check", "source": "src-edge", "check": "processingRoleStatus",
                "healthy": False, "message": f"We were unable to assume {arn}"}),
        (3, 20, {"type": "health_check", "source": "src-edge", "check": "processingRoleStatus",
                 "healthy": True, "message": f"We were able to successfully assume {arn}"}),
        (6, 0, {"type": "classification_failure", "source": "src-edge", "logType": "Custom.NginxAccess",
                "error": "no pattern matched: pattern 1 stopped at offset 0: expected \" - \"",
                "payload": "nginx: [warn] the \"ssl\" directive is deprecated"}),
        (6, 1, {"type": "classification_failure", "source": "src-edge", "logType": "Custom.NginxAccess",
                "error": "status: expected smallint, got \"OK\" (not an integer)",
                "payload": "10.0.0.1 - - [01/May/2024:06:01:00 +0000] \"GET / HTTP/1.1\" OK 12"}),
        (6, 2, {"type": "classification_failure", "source": "src-edge", "logType": "Custom.NginxAccess",
                "error": "status: expected smallint, got \"OK\" (not an integer)",
                "payload": "10.0.0.2 - - [01/May/2024:06:02:00 +0000] \"GET / HTTP/1.1\" OK 12"}),
        (7, 30, {"type": "s3_get_object", "source": "src-web", "bucket": "web-logs",
                 "key": "2024/05/01/07/part-0001.json.gz", "ok": False,
                 "error": "AccessDenied: Access Denied", "roleArn": arn}),
        (7, 31, {"type": "s3_get_object", "source": "src-web", "bucket": "web-logs",
                 "key": "2024/05/01/07/part-0002.json.gz", "ok": True, "size": 48213,
                 "versionId": "3HL4kqtJlcpXroDTDmJ", "recordCount": 1200, "roleArn": arn}),
        (9, 0, {"type": "resolve", "alertId": classification_alert_id, "actor": "alice@example.com",
                "reason": "nginx schema fixed: status may be a word"}),
        (11, 0, {"type": "scan", "account": "123456789012",
                 "resource": "arn:aws:kms:us-east-1:123456789012:key/1a2b3c", "ok": False,
                 "error": "AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/"
                          "PantherAuditRole/scan is not authorized to perform: kms:ListResourceTags "
                          "because no resource-based policy allows the kms:ListResourceTags action"}),
        (12, 0, {"type": "destination", "destination": "slack", "up": False}),
        (12, 30, {"type": "classification_failure", "source": "src-web", "logType": "Custom.WebApp",
                  "error": "request.status: expected smallint, got \"OK\" (not an integer)",
                  "payload": "{\"time\":\"2024-05-01T12:30:00Z\",\"request\":{\"method\":\"GET\",\"status\":\"OK\"}}"}),
        (15, 0, {"type": "destination", "destination": "slack", "up": True}),
        (15, 10, {"type": "scan", "account": "123456789012",
                  "resource": "arn:aws:kms:us-east-1:123456789012:key/1a2b3c", "ok": True}),
        (17, 59, {"type": "tick"}),
    ]
    rows.sort(key=lambda r: (r[0], r[1]))
    return [json.dumps({"time": t(h, m), **row}, separators=(",", ":")) for h, m, row in rows]


def write(name, lines):
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples",
                       "logs", name)
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    lines = []
    for i in range(300):
        if i % 19 == 7:
            lines.append(BROKEN[(i // 19) % len(BROKEN)]())
        elif i % 41 == 0:
            lines.append("")
        elif rng.random() < 0.35:
            lines.append(json.dumps(audit(i), separators=(",", ":")))
        else:
            lines.append(json.dumps(webapp(i), separators=(",", ":")))
    write("app_and_audit.jsonl", lines)
    write("nginx_access.log", nginx_lines())
    write("firewall.csv", firewall_lines())
    # The classification alert's id is stable: derived from its type, source
    # and sequence (`loghealth replay` prints it in the alert record).
    timeline = health_timeline("3ffc0013c5d4786a852cf62bb7ad93fa")
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples",
                       "health", "timeline.jsonl")
    with open(out, "w") as f:
        f.write("\n".join(timeline) + "\n")


if __name__ == "__main__":
    main()
