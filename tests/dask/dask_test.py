"""loghealth.dask on a LocalCluster of 2 worker processes, against a
single-process run of the same inputs (Classifier + one HealthMonitor, built
here without loghealth.dask)."""
import collections
import glob
import json
import logging
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest

from distributed import Client, LocalCluster

import loghealth
from loghealth import dask as lhdask

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_inputs  # noqa: E402

ROOT = os.environ.get("LOGHEALTH_ROOT", os.getcwd())
SCHEMAS = [os.path.join(ROOT, "examples/schemas/webapp.yml"),
           os.path.join(ROOT, "examples/schemas/audit.json")]
LABELS = {s: f"{s} (S3)" for s in gen_inputs.SOURCES}
PARSE_TIME = "2026-11-26T12:00:00Z"
DROP_OFF = 60
BLOCK = 1 << 20
ROW_ID = re.compile(r',"p_row_id":"[0-9a-f]{32}"')


def cluster():
    return LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                        dashboard_address=None, silence_logs=logging.ERROR)


def read_outputs(out_dir, kind):
    """Every line of out_dir/<kind>/*.jsonl: {file name: bytes}."""
    files = {}
    for path in sorted(glob.glob(os.path.join(out_dir, kind, "*.jsonl"))):
        with open(path, "rb") as f:
            files[os.path.basename(path)] = f.read()
    return files


def lines_of(files):
    return sorted(line.decode("utf-8") for data in files.values()
                  for line in data.split(b"\n") if line)


def without_row_ids(lines):
    return sorted(ROW_ID.sub("", line) for line in lines)


def comparable(records):
    """Monitor records without their per-monitor sequence numbers."""
    out = []
    for r in records:
        r = dict(r)
        r.pop("seq", None)
        out.append(json.dumps(r, sort_keys=True))
    return sorted(out)


def assert_same_lines(test, got, expected, what):
    """Equal as sorted lists; on a difference, shows a few lines of each side."""
    if got == expected:
        return
    only_got = collections.Counter(got) - collections.Counter(expected)
    only_expected = collections.Counter(expected) - collections.Counter(got)
    test.fail(f"{what}: {len(got)} lines against {len(expected)}; only here: "
              f"{[line[:400] for line in list(only_got)[:2]]}; only in the reference: "
              f"{[line[:400] for line in list(only_expected)[:2]]}")


class SingleProcess:
    """The reference: each input classified whole, in order, on one stream;
    the monitor's observations derived from those results by the documented
    rules and fed to one HealthMonitor."""

    def __init__(self, inputs):
        self.events, self.failures = [], []
        self.counts = dict(lines=0, events=0, failures=0, skipped=0)
        per_file = []  # [(source, [("E", minute) | ("F", Failure)])]
        for source in gen_inputs.SOURCES:
            with loghealth.Classifier.from_files(SCHEMAS, source_id=source,
                                                 source_label=LABELS[source],
                                                 parse_time=PARSE_TIME) as c:
                for path, s in inputs:
                    if s != source:
                        continue
                    c.new_input()
                    with open(path, "rb") as f:
                        results = list(c.classify_lines(f.read()))
                    items = []
                    for r in results:
                        if isinstance(r, loghealth.Event):
                            self.events.append(r.json)
                            items.append(("E", r.event["p_event_time"][:16]))
                        else:
                            self.failures.append(r.json)
                            items.append(("F", r))
                    per_file.append((inputs.index((path, s)), source, items))
                stats = c.stats
                self.counts["lines"] += stats["logs"]
                for k in ("events", "failures", "skipped"):
                    self.counts[k] += stats[k]
        per_file.sort(key=lambda x: x[0])
        self.records = self._monitor(per_file)

    @staticmethod
    def _monitor(per_file):
        counts = {}
        for _, source, items in per_file:
            for kind, value in items:
                if kind == "E":
                    counts[(value, source)] = counts.get((value, source), 0) + 1
        job_last = max(m for m, _ in counts)
        keyed = [((m, 0, s, 0, 0), {"time": m + ":00Z", "type": "events", "source": s,
                                    "count": n}) for (m, s), n in counts.items()]
        position = 0
        for file_index, source, items in per_file:
            minutes = [value if kind == "E" else None for kind, value in items]
            for i, (kind, failure) in enumerate(items):
                if kind != "F":
                    continue
                before = [m for m in minutes[:i] if m]
                after = [m for m in minutes[i + 1:] if m]
                m = before[-1] if before else after[0] if after else job_last
                # The whole payload: the monitor keeps an excerpt of its own.
                keyed.append(((m, 1, source, file_index, position), {
                    "time": m + ":00Z", "type": "classification_failure", "source": source,
                    "logType": failure.log_type, "error": failure.error,
                    "payload": failure.record["payload"]}))
                position += 1
        keyed.sort(key=lambda k: k[0])
        config = {"sources": [{"id": s, "label": LABELS[s], "dropOffMinutes": DROP_OFF}
                              for s in gen_inputs.SOURCES], "destinations": []}
        records = []
        with loghealth.HealthMonitor(config) as monitor:
            for _, o in keyed:
                monitor.observe(o)
                records.extend(monitor.records())
            monitor.advance(job_last + ":00Z")
            records.extend(monitor.records())
        return records


class DaskTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="loghealth-dask-")
        cls.inputs = gen_inputs.inputs(os.path.join(cls.tmp, "in"), lines=200_000)
        cls.reference = SingleProcess(cls.inputs)
        cls.cluster = cluster()
        cls.client = Client(cls.cluster)
        cls.out = os.path.join(cls.tmp, "out")
        cls.db = os.path.join(cls.tmp, "monitor.db")
        cls.totals = lhdask.classify_files(
            cls.client, cls.inputs, SCHEMAS, out_dir=cls.out, block_size=BLOCK,
            source_labels=LABELS, drop_off_minutes=DROP_OFF, shards=2, parse_time=PARSE_TIME,
            db=cls.db)

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.cluster.close()

    def test_inputs_are_what_the_issue_asks_for(self):
        self.assertEqual(len(self.inputs), 8)
        self.assertGreaterEqual(self.reference.counts["lines"], 200_000)
        self.assertTrue(any(os.path.getsize(p) > BLOCK for p, _ in self.inputs))
        self.assertGreater(self.totals["blocks"], len(self.inputs))
        reasons = {json.loads(f)["reason"] for f in self.reference.failures}
        self.assertLessEqual({"type_mismatch", "bad_timestamp", "missing_required",
                              "malformed_json", "invalid_utf8"}, reasons)

    def test_summary_equals_single_process(self):
        for k in ("lines", "events", "failures", "skipped"):
            self.assertEqual(self.totals[k], self.reference.counts[k], k)
        self.assertEqual(lhdask.summary_line(self.totals),
                         "lines={lines} events={events} failures={failures} skipped={skipped}"
                         .format(**self.reference.counts))

    def test_events_and_failures_equal_single_process(self):
        events = lines_of(read_outputs(self.out, "events"))
        failures = lines_of(read_outputs(self.out, "failures"))
        self.assertEqual(len(events), self.reference.counts["events"])
        assert_same_lines(self, without_row_ids(events), without_row_ids(self.reference.events),
                          "events")
        assert_same_lines(self, without_row_ids(failures),
                          without_row_ids(self.reference.failures), "failures")
        row_ids = [json.loads(line)["p_row_id"] for line in events + failures]
        self.assertEqual(len(set(row_ids)), len(row_ids))
        self.assertFalse(os.path.exists(os.path.join(self.out, ".tmp")))

    def test_sharded_alerts_equal_one_monitor(self):
        with open(os.path.join(self.out, "alerts.jsonl"), encoding="utf-8") as f:
            records = [json.loads(line) for line in f]
        self.assertEqual(comparable(records), comparable(self.reference.records))
        # The shards really split the sources.
        shards = {lhdask._health.shard_of(s, 2) for s in gen_inputs.SOURCES}
        self.assertEqual(shards, {0, 1})
        alerts = {(r["sourceId"], r["systemErrorType"]) for r in records
                  if r["record"] == "alert"}
        for source in gen_inputs.SOURCES:
            self.assertIn((source, "SOURCE_NO_DATA"), alerts)
            self.assertIn((source, "SOURCE_CLASSIFICATION_FAILURES"), alerts)
        self.assertTrue(all(r["severity"] == "CRITICAL" for r in records
                            if r["record"] == "alert"))
        self.assertTrue(any(r["record"] == "alert_resolved" for r in records))
        times = [lhdask._health.record_time(r) for r in records]
        self.assertEqual(times, sorted(times))

    def test_database_holds_every_failure_and_record(self):
        failures = [json.loads(line) for line in lines_of(read_outputs(self.out, "failures"))]
        with open(os.path.join(self.out, "alerts.jsonl"), encoding="utf-8") as f:
            records = [json.loads(line) for line in f]
        kinds = collections.Counter(r["record"] for r in records)

        def check(db):
            rows = db.failures()
            self.assertEqual(len(rows), self.reference.counts["failures"])
            self.assertEqual(sorted(r["p_row_id"] for r in rows),
                             sorted(f["p_row_id"] for f in failures))
            self.assertEqual(collections.Counter(r["reason"] for r in rows),
                             collections.Counter(f["reason"] for f in failures))
            self.assertEqual(sorted(a["id"] for a in db.alerts()),
                             sorted(r["alertId"] for r in records if r["record"] == "alert"))
            self.assertEqual(len(db.alerts(status="RESOLVED")), kinds["alert_resolved"])
            self.assertEqual(len(db.alarm_states()), kinds["alarm_state"])
            self.assertEqual(len(db.deliveries()), kinds["delivery"])

        with loghealth.MonitorDatabase(self.db) as db:
            check(db)
        # Written again (a retried job's end): nothing twice.
        lhdask._write_database(self.db, self.out,
                               [b for i, (p, sid) in enumerate(self.inputs)
                                for b in lhdask._blocks.split_file(p, i, sid, BLOCK)],
                               [json.dumps(r) for r in records])
        with loghealth.MonitorDatabase(self.db) as db:
            check(db)

    def test_rerun_continues_the_alarms(self):
        out = os.path.join(self.tmp, "rerun")
        first, second = self.inputs[:4], self.inputs[4:]
        for part in (first, second):
            lhdask.classify_files(self.client, part, SCHEMAS, out_dir=out, block_size=BLOCK,
                                  source_labels=LABELS, drop_off_minutes=DROP_OFF, shards=2,
                                  parse_time=PARSE_TIME)
        with open(os.path.join(out, "alerts.jsonl"), encoding="utf-8") as f:
            records = [json.loads(line) for line in f]
        # One classification alert per source for the two runs together: the
        # second run joins the alert the first one opened.
        opened = [r["sourceId"] for r in records if r["record"] == "alert"
                  and r["systemErrorType"] == "SOURCE_CLASSIFICATION_FAILURES"]
        self.assertEqual(sorted(opened), sorted(gen_inputs.SOURCES))
        with self.assertRaisesRegex(ValueError, "2 shards"):
            lhdask.classify_files(self.client, second, SCHEMAS, out_dir=out, shards=3,
                                  source_labels=LABELS, drop_off_minutes=DROP_OFF)

    def test_bad_schema_fails_before_any_task(self):
        bad = b"version: 0\nschema: Custom.Bad\nfields:\n  - {name: a, type: strng}\n"
        with self.assertRaisesRegex(ValueError, "strng"):
            lhdask.classify_files(self.client, self.inputs[:1], [bad],
                                  out_dir=os.path.join(self.tmp, "bad"))
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "bad")))

    def test_bad_schema_file_is_named_before_any_task(self):
        folder = os.path.join(self.tmp, "bad_schemas")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "bad.yml"), "w") as f:
            f.write("version: 0\nschema: Custom.Bad\nfields:\n  - {name: a, type: strng}\n")
        out = os.path.join(self.tmp, "bad_file")
        with self.assertRaises(loghealth.InvalidArgumentError) as e:
            lhdask.classify_files(self.client, self.inputs[:1], SCHEMAS + [folder],
                                  out_dir=out)
        self.assertTrue(str(e.exception).startswith(os.path.join(folder, "bad.yml") + ":4: "),
                        str(e.exception))
        self.assertIn('unknown type "strng"', str(e.exception))
        with self.assertRaises(loghealth.NotFoundError) as e:
            lhdask.classify_files(self.client, self.inputs[:1],
                                  [os.path.join(folder, "missing.yml")], out_dir=out)
        self.assertIn("missing.yml: no such file or folder", str(e.exception))
        self.assertFalse(os.path.exists(out))

    def test_csv_with_header_is_not_split(self):
        schema = (b"version: 0\nschema: Custom.Csv\nparser:\n  csv:\n    hasHeader: true\n"
                  b"fields:\n  - {name: n, type: int, required: true}\n"
                  b"  - {name: word, type: string}\n")
        path = os.path.join(self.tmp, "table.csv")
        with open(path, "wb") as f:
            f.write(b"word,n\n")
            for i in range(30_000):
                f.write(b"w%d,%s\n" % (i, b"x" if i % 1000 == 7 else b"%d" % i))
        out = os.path.join(self.tmp, "csv")
        totals = lhdask.classify_files(self.client, [path], [schema], out_dir=out,
                                       block_size=64 << 10, parse_time=PARSE_TIME)
        self.assertEqual(totals["blocks"], 1)
        self.assertEqual((totals["events"], totals["failures"], totals["skipped"]),
                         (29_970, 30, 1))


class SchemaTextsTest(unittest.TestCase):
    """schema_texts reads what `loghealth classify --schema` reads."""

    def test_files_folders_and_texts(self):
        with tempfile.TemporaryDirectory() as d:
            files = {"a.yml": "A", "sub/b.yaml": "B", "sub/deeper/c.json": "C",
                     # Not schemas:
                     "tests/t.yml": "T", "x_tests.yml": "X", "notes.txt": "N"}
            for name, text in files.items():
                os.makedirs(os.path.dirname(os.path.join(d, name)), exist_ok=True)
                with open(os.path.join(d, name), "w") as f:
                    f.write(text)
            self.assertEqual(lhdask.schema_texts([d]), [b"A", b"B", b"C"])
            self.assertEqual(lhdask.schema_texts([b"raw", os.path.join(d, "sub"),
                                                  os.path.join(d, "x_tests.yml")]),
                             [b"raw", b"B", b"C", b"X"])
            os.mkdir(os.path.join(d, "empty"))
            with self.assertRaisesRegex(ValueError, "empty: no schema files"):
                lhdask.schema_texts([os.path.join(d, "empty")])
            with self.assertRaises(loghealth.NotFoundError):
                lhdask.schema_texts([os.path.join(d, "missing")])
            with self.assertRaisesRegex(ValueError, "at least one schema"):
                lhdask.schema_texts([])
        # The same files as the library's list.
        self.assertEqual(lhdask.schema_texts(SCHEMAS),
                         [open(p, "rb").read() for p in loghealth.schema_files(SCHEMAS)])


class WorkerKillTest(unittest.TestCase):
    def test_killed_worker_loses_and_doubles_nothing(self):
        tmp = tempfile.mkdtemp(prefix="loghealth-dask-kill-")
        inputs = gen_inputs.inputs(os.path.join(tmp, "in"), lines=200_000)
        block = 256 << 10
        kwargs = dict(block_size=block, source_labels=LABELS, drop_off_minutes=DROP_OFF,
                      shards=2, parse_time=PARSE_TIME)
        with cluster() as c, Client(c) as client:
            clean = os.path.join(tmp, "clean")
            expected = lhdask.classify_files(client, inputs, SCHEMAS, out_dir=clean, **kwargs)

            out = os.path.join(tmp, "killed")
            outcome = {}
            job = threading.Thread(target=lambda: outcome.update(
                totals=lhdask.classify_files(client, inputs, SCHEMAS, out_dir=out, **kwargs)))
            pids = client.run(os.getpid)
            job.start()
            deadline = time.monotonic() + 60
            while len(glob.glob(os.path.join(out, "events", "*"))) < 4:
                self.assertLess(time.monotonic(), deadline, "the job never started")
                time.sleep(0.005)
            self.assertTrue(job.is_alive(), "the job ended before a worker could be killed")
            victim = sorted(pids.values())[0]
            os.kill(victim, signal.SIGKILL)
            job.join(300)
            self.assertFalse(job.is_alive())
            self.assertNotIn(victim, client.run(os.getpid).values())  # it really died

        totals = outcome["totals"]
        for k in ("lines", "events", "failures", "skipped", "blocks"):
            self.assertEqual(totals[k], expected[k], k)
        # Same parse time and per-block row ids: the files are byte-identical.
        for kind in ("events", "failures"):
            self.assertEqual(read_outputs(out, kind), read_outputs(clean, kind), kind)
        with open(os.path.join(out, "alerts.jsonl"), "rb") as a, \
                open(os.path.join(clean, "alerts.jsonl"), "rb") as b:
            self.assertEqual(a.read(), b.read())


class CommandTest(unittest.TestCase):
    def test_summary_line_matches_loghealth_classify(self):
        tmp = tempfile.mkdtemp(prefix="loghealth-dask-cli-")
        logs = [os.path.join(ROOT, "examples/logs/app_and_audit.jsonl"),
                os.path.join(ROOT, "examples/logs/nginx_access.log")]
        schemas = os.path.join(ROOT, "examples/schemas")
        native = subprocess.run(
            [os.environ["LOGHEALTH_CLI"], "classify", "--schema", schemas, "--source-id", "s1",
             "--failures", os.devnull, *logs], stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True, check=True)
        run = subprocess.run(
            [sys.executable, "-m", "loghealth.dask", "--local", "2", "--schema", schemas,
             "--source-id", "s1", "--block-size", "8k", "--out", os.path.join(tmp, "out"),
             *logs], stderr=subprocess.PIPE, text=True, check=True)
        summary = native.stderr.strip().splitlines()[-1]
        self.assertRegex(summary, r"^lines=\d+ events=\d+ failures=\d+ skipped=\d+$")
        self.assertEqual(run.stderr.strip().splitlines()[-1], summary)
        self.assertIn("classified", run.stderr)  # the per-block progress
        usage = subprocess.run([sys.executable, "-m", "loghealth.dask", "--local", "1",
                                "--schema", os.path.join(tmp, "missing.yml"), "--out", tmp,
                                logs[0]], stderr=subprocess.PIPE, text=True)
        self.assertEqual(usage.returncode, 2)
        self.assertIn("missing.yml", usage.stderr)


if __name__ == "__main__":
    unittest.main()
