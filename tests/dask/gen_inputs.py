"""Deterministic inputs for the Dask tests and benchmark: newline-delimited
logs of the example schemas (Custom.WebApp, Custom.Audit) from several
sources, with failures of several kinds and a silent stretch per source.

    python3 gen_inputs.py OUT_DIR [LINES]   # writes 8 files, prints their paths
"""
import json
import os
import random
import sys

BASE = 1714557600  # 2024-05-01T10:00:00Z
SOURCES = ["src-web", "src-vpc", "src-edge"]
# Broken lines, one per kind of failure (the classifier's reason in comments).
BROKEN = [
    b'{"time":"2024-05-01T10:00:00Z","request":{"method":"GET","status":"OK"}}',  # type_mismatch
    b'{"time":"yesterday","request":{"method":"GET","status":200}}',              # bad_timestamp
    b'{"time":"2024-05-01T10:00:00Z","request":{"method":"GET"}}',                # missing_required
    b'{"time":"2024-05-01T10:00:00Z","request":{"method":"GET","status":200}',    # malformed_json
    b'GET /healthz 200 - not JSON at all',                                        # malformed_json
    b'{"eventTime": 1714557600, "action": "test", "actor": {"id": "qa"}, "success": true}',
    b'{"time":"2024-05-01T10:00:00Z","request":{"method":"G\xffT","status":200}}',  # invalid UTF-8
    b'{"time":"2024-05-01T10:00:00Z","level":"trace","request":{"method":"GET","status":200}}',
]
USERS = ["alice", "bob", "carol", "dave", "erin"]


def _webapp(rng, t):
    return json.dumps({
        "time": t * 1000 + rng.randrange(1000),
        "level": rng.choice(["info", "info", "warn", "error"]),
        "request": {"method": rng.choice(["GET", "POST"]), "path": f"/api/{rng.randrange(50)}",
                    "status": rng.choice([200, 201, 404, 500]), "bytes": rng.randrange(90000)},
        "client": {"ip": f"10.{rng.randrange(4)}.{rng.randrange(256)}.{rng.randrange(1, 255)}",
                   "user": rng.choice(USERS)},
    }, separators=(",", ":")).encode()


def _audit(rng, t):
    actor = rng.choice(USERS)
    return json.dumps({
        "eventTime": t, "action": rng.choice(["login", "logout", "grant"]),
        "actor": {"id": actor, "email": f"{actor}@example.com"},
        "sourceIp": f"192.168.1.{rng.randrange(1, 255)}", "success": True,
    }, separators=(",", ":")).encode()


def inputs(out_dir, lines=200_000, files=8, seed=11):
    """Writes `files` files of about lines/files lines each; returns
    [(path, source id)]. Each source's events move forward in time by 2
    seconds a line; in its second file each source falls silent for two
    hours (a drop-off at 60 minutes), then resumes. About 3% of lines fail,
    the first failures before the first event of a file."""
    rng = random.Random(seed)
    os.makedirs(out_dir, exist_ok=True)
    per_file = lines // files
    clock = {s: BASE for s in SOURCES}
    seen = {s: 0 for s in SOURCES}
    result = []
    for k in range(files):
        source = SOURCES[k % len(SOURCES)]
        seen[source] += 1
        path = os.path.join(out_dir, f"part-{k:02d}.jsonl")
        with open(path, "wb") as f:
            f.write(BROKEN[k % len(BROKEN)] + b"\n")  # a failure before any event
            for i in range(per_file - 1):
                if seen[source] == 2 and i == per_file // 2:
                    clock[source] += 2 * 3600     # the silent stretch
                if i % 97 == 13:
                    f.write(b"   \n")               # blank: skipped
                elif rng.random() < 0.03:
                    f.write(rng.choice(BROKEN) + b"\n")
                else:
                    clock[source] += 2
                    make = _webapp if rng.random() < 0.6 else _audit
                    f.write(make(rng, clock[source]) + b"\n")
        result.append((path, source))
    return result


if __name__ == "__main__":
    for path, source in inputs(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 200_000):
        print(f"{source}\t{path}")
