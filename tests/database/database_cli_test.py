#!/usr/bin/env python3
"""`loghealth classify|replay --db` and `loghealth failures` end to end.

What the CLI put in the database is compared row by row with the JSON-lines
it writes beside it (read here with Python's json and sqlite3, not with
loghealth), and the database is put through what breaks storage: kill -9
mid-write, two writers, a reader during a write, a future schema version,
bytes that are not text.

    database_cli_test.py LOGHEALTH_CLI SOURCE_ROOT
"""
import base64
import collections
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest

import yaml

CLI = ROOT = None
CONFORMANCE = None

COLUMNS = ("p_row_id", "p_log_type", "error", "payload", "p_source_id", "p_source_label",
           "p_parse_time", "reason", "field", "expected", "got", "offset", "tried")


def run(*args, check=True, **kw):
    kw.setdefault("stdout", subprocess.PIPE)
    p = subprocess.run([CLI, *args], stderr=subprocess.PIPE, timeout=600, **kw)
    if check and p.returncode != 0:
        raise AssertionError(f"{args} exited {p.returncode}: {p.stderr.decode(errors='replace')}")
    return p


def db_rows(path, sql="SELECT * FROM classification_failures", params=()):
    with sqlite3.connect(path) as c:
        c.row_factory = sqlite3.Row
        return [dict(r) for r in c.execute(sql, params)]


def expected_row(record):
    """A failure record (JSON) as the database row it must become."""
    payload = record["payload"]
    if record.get("payload_encoding") == "base64":
        payload = base64.b64decode(payload)
    elif "\x00" in payload:
        payload = payload.encode()  # text with NUL is stored as a blob
    tried = record.get("tried")
    return {
        "p_row_id": record["p_row_id"], "p_log_type": record.get("id"),
        "error": record["error"], "payload": payload,
        "p_source_id": record.get("p_source_id"), "p_source_label": record.get("p_source_label"),
        "p_parse_time": record["p_parse_time"], "reason": record["reason"],
        "field": record.get("field"), "expected": record.get("expected"),
        "got": record.get("got"), "offset": record.get("offset"),
        "tried": None if tried is None else json.dumps(tried, separators=(",", ":"),
                                                       ensure_ascii=False),
    }


def stored_row(row):
    out = {k: row[k] for k in COLUMNS}
    if out["tried"] is not None:  # compare the JSON, not its spelling
        out["tried"] = json.dumps(json.loads(out["tried"]), separators=(",", ":"),
                                  ensure_ascii=False)
    return out


def all_failing_lines(n):
    """Lines that fail the example webapp schema in several ways."""
    shapes = ['{{"time":"2024-05-01T10:00:{s:02d}Z","request":{{"method":"GET","status":"x{i}"}}}}',
              '{{"time":"never-{i}","request":{{"method":"GET","status":200}}}}',
              '{{"time":"2024-05-01T10:00:{s:02d}Z","request":{{"method":"GET"}},"n":{i}}}',
              'plain text line {i} that is not JSON at all']
    return [shapes[i % 4].format(i=i, s=i % 60) for i in range(n)]


class DatabaseCliTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        self.db = os.path.join(self.dir, "monitor.db")

    def tearDown(self):
        self.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.dir, name)

    def classify_both(self, schemas, inputs, source="src-1", seed="77", extra=()):
        failures = self.path("failures.jsonl")
        args = ["classify", "--source-id", source, "--source-label", f"label of {source}",
                "--failures", failures, "--db", self.db, "--row-id-seed", seed, *extra]
        for s in schemas:
            args += ["--schema", s]
        run(*args, *inputs, stdout=subprocess.DEVNULL)
        with open(failures, "rb") as f:
            return [json.loads(line) for line in f if line.strip()]

    def assert_same_rows(self, records):
        self.assertGreater(len(records), 0)
        rows = {r["p_row_id"]: stored_row(r) for r in db_rows(self.db)}
        self.assertEqual(len(rows), len(records))
        for record in records:
            self.assertEqual(rows[record["p_row_id"]], expected_row(record), record["p_row_id"])

    # ---- the same rows as the JSON lines ---------------------------------------

    def test_example_logs_row_by_row(self):
        ex = os.path.join(ROOT, "examples")
        records, input_lines = [], set()
        for schemas, log in (
                (["schemas/webapp.yml", "schemas/audit.json"], "logs/app_and_audit.jsonl"),
                (["schemas/nginx_access.yml"], "logs/nginx_access.log"),
                (["schemas/firewall.yml"], "logs/firewall.csv"),
                (["schemas"], "logs/app_and_audit.jsonl")):
            records += self.classify_both([os.path.join(ex, s) for s in schemas],
                                          [os.path.join(ex, log)], seed=str(len(records) + 1))
            with open(os.path.join(ex, log), "rb") as f:
                input_lines |= {line.rstrip(b"\n") for line in f}
        self.assert_same_rows(records)
        self.assertEqual({r["reason"] for r in records} >= {"type_mismatch", "missing_required",
                                                             "malformed_json", "not_allowed",
                                                             "no_pattern_matched"}, True)
        # Every payload is one of the input lines, byte for byte.
        for r in db_rows(self.db):
            payload = r["payload"] if isinstance(r["payload"], bytes) else r["payload"].encode()
            self.assertIn(payload, input_lines)

    def conformance_inputs(self):
        lines = []
        for dirpath, _, files in sorted(os.walk(CONFORMANCE)):
            for name in sorted(files):
                if not name.endswith("_tests.yml"):
                    continue
                with open(os.path.join(dirpath, name), encoding="utf-8") as f:
                    for case in yaml.safe_load_all(f):
                        text = (case or {}).get("input")
                        if not isinstance(text, str):
                            continue
                        try:
                            lines.append(json.dumps(json.loads(text), separators=(",", ":")))
                        except ValueError:
                            lines += [ln for ln in text.splitlines() if ln.strip()]
        return lines

    def test_conformance_cases_row_by_row(self):
        if not os.path.isdir(CONFORMANCE):
            self.skipTest(f"{CONFORMANCE} is absent")
        lines = self.conformance_inputs()
        self.assertGreaterEqual(len(lines), 72)  # the README counts 72 cases
        corpus = self.path("conformance_inputs.log")
        with open(corpus, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        # Against the example schemas, Panther's real logs fail in many ways;
        # against Panther's own schemas, the few that fail there.
        records = self.classify_both([os.path.join(ROOT, "examples/schemas")], [corpus])
        self.assertGreater(len(records), 50)
        records += self.classify_both([CONFORMANCE], [corpus], source="src-2", seed="99")
        self.assert_same_rows(records)

    def test_payload_bytes_nul_and_megabyte_lines(self):
        lines = [b'{"time":"\xff\xfe","request":{}}', b'{"a":"b"}\x00\x01 tail',
                 b'{"time":"2024-05-01T10:00:00Z","request":{"method":"' + b"G" * (1 << 20) +
                 b'","status":"x"}}', b"\xc3\x28 not utf-8 text", b"'; DROP TABLE alerts; --"]
        log = self.path("hostile.log")
        with open(log, "wb") as f:
            f.write(b"\n".join(lines) + b"\n")
        records = self.classify_both([os.path.join(ROOT, "examples/schemas/webapp.yml")], [log],
                                     source="x'); DROP TABLE classification_failures; --")
        self.assertEqual(len(records), len(lines))
        self.assert_same_rows(records)
        rows = db_rows(self.db, "SELECT payload, typeof(payload) AS t, p_source_id "
                                "FROM classification_failures ORDER BY p_row_id")
        stored = [r["payload"] if isinstance(r["payload"], bytes) else r["payload"].encode()
                  for r in rows]
        self.assertEqual(stored, lines)
        self.assertEqual([r["t"] for r in rows], ["blob", "blob", "text", "blob", "text"])
        self.assertEqual({r["p_source_id"] for r in rows},
                         {"x'); DROP TABLE classification_failures; --"})
        self.assertEqual(len(db_rows(self.db, "SELECT * FROM alerts")), 0)  # still a table

    # ---- storage under stress ----------------------------------------------------

    def write_corpus(self, name, n):
        path = self.path(name)
        with open(path, "w") as f:
            f.write("\n".join(all_failing_lines(n)) + "\n")
        return path

    def classify_args(self, corpus, seed):
        return [CLI, "classify", "--schema", os.path.join(ROOT, "examples/schemas/webapp.yml"),
                "--source-id", "big", "--db", self.db, "--row-id-seed", seed, corpus]

    def test_kill_mid_write_then_rerun(self):
        n = 400_000
        corpus = self.write_corpus("big.log", n)
        proc = subprocess.Popen(self.classify_args(corpus, "4096"), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        count = 0
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                count = db_rows(self.db, "SELECT count(*) AS n FROM classification_failures")[0]["n"]
            except sqlite3.Error:
                count = 0
            if count > 0:
                break
            time.sleep(0.01)
        self.assertIsNone(proc.poll(), "classify finished before it could be killed")
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        with sqlite3.connect(self.db) as c:
            self.assertEqual(c.execute("PRAGMA integrity_check").fetchone()[0], "ok")
            ids = [r[0] for r in c.execute(
                "SELECT p_row_id FROM classification_failures ORDER BY p_row_id")]
        self.assertGreater(len(ids), 0)
        self.assertLess(len(ids), n)
        # Whole batches of a run that goes in order: exactly the first rows.
        prefix = "%016x" % 4096
        self.assertEqual(ids, [prefix + "%016x" % i for i in range(len(ids))])
        # The rerun with the same seed adds the rest, nothing twice.
        p = subprocess.run(self.classify_args(corpus, "4096"), stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, timeout=600)
        self.assertEqual(p.returncode, 0, p.stderr)
        with sqlite3.connect(self.db) as c:
            self.assertEqual(c.execute("SELECT count(*), count(DISTINCT p_row_id), "
                                       "min(p_row_id), max(p_row_id) "
                                       "FROM classification_failures").fetchone(),
                             (n, n, prefix + "%016x" % 0, prefix + "%016x" % (n - 1)))
            self.assertEqual(c.execute("PRAGMA integrity_check").fetchone()[0], "ok")

    def test_two_writers_and_a_reader(self):
        n = 60_000
        corpus = self.write_corpus("two.log", n)
        # Both start on a file that is not there yet: one creates the tables.
        writers = [subprocess.Popen(self.classify_args(corpus, seed), stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE) for seed in ("1", "2")]
        counts, reader_errors = [], []
        while any(w.poll() is None for w in writers):
            if not os.path.exists(self.db):
                continue
            try:
                with sqlite3.connect(self.db, timeout=0.05) as c:
                    counts.append(c.execute(
                        "SELECT count(*) FROM classification_failures").fetchone()[0])
            except sqlite3.OperationalError as e:  # a reader must never be locked out
                if not (str(e).startswith("no such table") and not counts):  # not created yet
                    reader_errors.append(str(e))
            time.sleep(0.005)
        for w in writers:
            _, err = w.communicate()
            self.assertEqual(w.returncode, 0, err)
        self.assertEqual(reader_errors, [])
        self.assertGreater(len(counts), 2)
        self.assertEqual(counts, sorted(counts))
        with sqlite3.connect(self.db) as c:
            per_seed = dict(c.execute(
                "SELECT substr(p_row_id, 1, 16), count(*) FROM classification_failures "
                "GROUP BY 1").fetchall())
        self.assertEqual(per_seed, {"%016x" % 1: n, "%016x" % 2: n})

    def test_future_schema_version_is_refused(self):
        with sqlite3.connect(self.db) as c:
            c.execute("PRAGMA user_version = 3")
        p = run("classify", "--schema", os.path.join(ROOT, "examples/schemas"), "--db", self.db,
                os.path.join(ROOT, "examples/logs/app_and_audit.jsonl"), check=False)
        self.assertEqual(p.returncode, 2)
        self.assertIn(b"schema version 3, newer than this loghealth's (2)", p.stderr)
        self.assertEqual(p.stdout, b"")  # nothing classified into nowhere
        with sqlite3.connect(self.db) as c:
            self.assertEqual(c.execute("PRAGMA user_version").fetchone()[0], 3)

    # ---- loghealth failures --------------------------------------------------------

    def test_failures_command_groups(self):
        ex = os.path.join(ROOT, "examples")
        records = self.classify_both([os.path.join(ex, "schemas")],
                                     [os.path.join(ex, "logs/app_and_audit.jsonl")])
        counts = collections.Counter((r.get("id", ""), r["reason"], r.get("field", ""))
                                     for r in records)
        p = run("failures", "--db", self.db, "--json")
        groups = [json.loads(line) for line in p.stdout.splitlines()]
        self.assertEqual({(g["log_type"], g["reason"], g["field"]): g["count"] for g in groups},
                         dict(counts))
        self.assertEqual([g["count"] for g in groups],
                         sorted((g["count"] for g in groups), reverse=True))
        latest = {}
        for r in records:  # one parse time per run: the last written is the latest
            latest[(r.get("id", ""), r["reason"], r.get("field", ""))] = r
        for g in groups:
            r = latest[(g["log_type"], g["reason"], g["field"])]
            self.assertEqual((g["sample_payload"], g["error"], g["sample_offset"]),
                             (r["payload"], r["error"], r.get("offset", -1)))
        text = run("failures", "--db", self.db).stdout.decode()
        self.assertIn(f"{len(groups)} groups, {len(records)} failures", text)
        # The marker sits under the value that failed.
        lines = text.splitlines()
        i = next(i for i, ln in enumerate(lines) if "Custom.WebApp  type_mismatch  request.status"
                 in ln)
        excerpt, marker = lines[i + 2], lines[i + 3]
        self.assertEqual(excerpt[marker.index("^"):marker.index("^") + 4], '"OK"')
        self.assertEqual(marker.strip(), "^^^^")
        # Filters.
        only = run("failures", "--db", self.db, "--log-type", "Custom.Audit", "--json")
        self.assertTrue(all(json.loads(x)["log_type"] == "Custom.Audit"
                            for x in only.stdout.splitlines()))
        none = run("failures", "--db", self.db, "--source", "nobody").stdout.decode()
        self.assertEqual(none.strip(), "0 groups, 0 failures")
        later = run("failures", "--db", self.db, "--since", "2200-01-01T00:00:00Z").stdout
        self.assertEqual(later.decode().strip(), "0 groups, 0 failures")
        bad = run("failures", "--db", self.db, "--since", "yesterday", check=False)
        self.assertEqual(bad.returncode, 2)
        self.assertIn(b'--since: failed to parse "yesterday"', bad.stderr)
        far = run("failures", "--db", self.db, "--since", "2999-01-01T00:00:00Z", check=False)
        self.assertEqual(far.returncode, 2)
        self.assertIn(b"--since: 2999-01-01T00:00:00Z is outside 1677-09-21 .. 2262-04-11",
                      far.stderr)
        missing = run("failures", "--db", self.path("nope.db"), check=False)
        self.assertEqual(missing.returncode, 2)
        self.assertIn(b"no such database", missing.stderr)
        self.assertFalse(os.path.exists(self.path("nope.db")))

    def test_failures_text_is_safe_for_a_terminal(self):
        log = self.path("escape.log")
        with open(log, "wb") as f:
            f.write(b'{"time":"2024-05-01T10:00:00Z","request":{"method":"\x1b[31mred",'
                    b'"status":"\x1b]0;pwned\x07"}}\n')
        self.classify_both([os.path.join(ROOT, "examples/schemas/webapp.yml")], [log])
        out = run("failures", "--db", self.db).stdout
        self.assertNotIn(b"\x1b", out)
        self.assertNotIn(b"\x07", out)
        self.assertIn(b".[31mred", out)

    # ---- replay --db -----------------------------------------------------------------

    def test_replay_records_match_the_tables(self):
        health = os.path.join(ROOT, "examples/health")
        p = run("replay", "--config", os.path.join(health, "config.yml"), "--db", self.db,
                os.path.join(health, "timeline.jsonl"))
        records = [json.loads(line) for line in p.stdout.splitlines()]
        by_kind = collections.defaultdict(list)
        for r in records:
            by_kind[r["record"]].append(r)
        alerts = {a["id"]: a for a in db_rows(self.db, "SELECT * FROM alerts")}
        self.assertEqual(set(alerts), {a["alertId"] for a in by_kind["alert"]})
        resolved = {r["alertId"]: r for r in by_kind["alert_resolved"]}
        occurrences = {a["alertId"]: int(a["occurrences"]) for a in by_kind["alert"]}
        for u in by_kind["alert_update"]:
            occurrences[u["alertId"]] = int(u["occurrences"])
        for alert_id, a in alerts.items():
            self.assertEqual(a["severity"], "CRITICAL")
            self.assertEqual(a["status"], "RESOLVED" if alert_id in resolved else "OPEN")
            self.assertEqual(a["occurrences"], occurrences[alert_id])
            if alert_id in resolved:
                self.assertEqual((a["resolved_at"], a["resolved_by"], a["resolution"]),
                                 (resolved[alert_id]["resolvedAt"],
                                  resolved[alert_id]["resolvedBy"],
                                  resolved[alert_id]["resolution"]))
        self.assertEqual(
            sorted((d["seq"], d["alert_id"], d["destination_id"], d["status_code"])
                   for d in db_rows(self.db, "SELECT * FROM deliveries")),
            sorted((d["seq"], d["alertId"], d["destinationId"], d.get("statusCode", 0))
                   for d in by_kind["delivery"]))
        self.assertEqual(
            [(s["seq"], s["from_state"], s["to_state"]) for s in
             db_rows(self.db, "SELECT * FROM alarm_states ORDER BY seq")],
            [(s["seq"], s["from"], s["to"]) for s in by_kind["alarm_state"]])
        self.assertEqual(
            sorted((d["p_row_id"], d["status"], d["s3key"]) for d in
                   db_rows(self.db, "SELECT * FROM data_audit")),
            sorted((d["p_row_id"], d["status"], d["s3key"]) for d in by_kind["data_audit"]))
        self.assertGreater(len(by_kind["data_audit"]), 0)
        # Replayed again into the same file: the same rows, none twice.
        run("replay", "--config", os.path.join(health, "config.yml"), "--db", self.db,
            os.path.join(health, "timeline.jsonl"))
        self.assertEqual(len(db_rows(self.db, "SELECT * FROM alerts")), len(alerts))
        self.assertEqual(len(db_rows(self.db, "SELECT * FROM data_audit")),
                         len(by_kind["data_audit"]))
        self.assertEqual(len(db_rows(self.db, "SELECT * FROM deliveries")),
                         len(by_kind["delivery"]))


if __name__ == "__main__":
    CLI = os.path.abspath(sys.argv.pop(1))
    ROOT = os.path.abspath(sys.argv.pop(1))
    CONFORMANCE = os.environ.get("LOGHEALTH_CONFORMANCE_DIR",
                                 os.path.join(ROOT, "../shared/conformance/"
                                                    "panther-analysis-v1.33.0"))
    unittest.main(verbosity=2)
