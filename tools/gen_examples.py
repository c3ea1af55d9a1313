#!/usr/bin/env python3
"""Writes examples/logs/app_and_audit.jsonl: one source sending two JSON log
types (Custom.WebApp and Custom.Audit), about 5% of lines broken in the ways
real pipelines break them. Deterministic (fixed seed); rerun to regenerate."""
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
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples",
                       "logs", "app_and_audit.jsonl")
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
