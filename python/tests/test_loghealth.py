"""The Python package over libloghealth.so (unittest, standard library only)."""
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import threading
import unittest

import loghealth

SCHEMA = """
version: 0
schema: Custom.Py
fields:
  - {name: n, type: int, required: true}
  - {name: ip, type: string, indicators: [ip]}
  - {name: t, type: timestamp, timeFormat: unix, isEventTime: true}
"""


class ClassifierTest(unittest.TestCase):
    def setUp(self):
        self.c = loghealth.Classifier([SCHEMA], source_id="src-py", source_label="py")

    def tearDown(self):
        self.c.close()

    def test_event_failure_and_skipped(self):
        e = self.c.classify('{"n": "7", "ip": "10.0.0.1", "t": 1714557600}')
        self.assertIsInstance(e, loghealth.Event)
        self.assertEqual(e.log_type, "Custom.Py")
        self.assertEqual(e.event["n"], 7)
        self.assertEqual(e.event["p_source_id"], "src-py")
        self.assertEqual(e.event["p_any_ip_addresses"], ["10.0.0.1"])
        self.assertEqual(e.event["p_event_time"], "2024-05-01T10:00:00Z")
        f = self.c.classify(b'{"n": 1.5}')
        self.assertIsInstance(f, loghealth.Failure)
        self.assertEqual(f.reason, "type_mismatch")
        self.assertEqual(f.field, "n")
        self.assertEqual(f.offset, 6)
        self.assertEqual(f.error, "n: expected int, got 1.5 (not an integer)")
        self.assertEqual(f.payload, b'{"n": 1.5}')
        self.assertIsNone(self.c.classify("   "))

    def test_payload_bytes_are_exact_even_when_not_utf8(self):
        raw = b'{"n": "\xff\xfe"} \x00'
        f = self.c.classify(raw)
        self.assertEqual(f.reason, "nul_byte")
        self.assertEqual(f.payload, raw)
        bad = b'{"n": 1, "ip": "\xc3("}'
        f = self.c.classify(bad)
        self.assertEqual(f.reason, "invalid_utf8")
        self.assertEqual(f.payload, bad)

    def test_hundred_thousand_lines_every_count(self):
        # Built so the counts are known: every 10th line fails (a string for
        # an int), every 25th is blank, the rest are events.
        lines, events, failures, skipped = [], 0, 0, 0
        for i in range(100_000):
            if i % 25 == 0:
                lines.append("")
                skipped += 1
            elif i % 10 == 0:
                lines.append('{"n": "x%d"}' % i)
                failures += 1
            else:
                lines.append('{"n": %d, "ip": "10.0.%d.%d"}' % (i, i % 256, i % 200))
                events += 1
        data = ("\n".join(lines) + "\n").encode()
        results = list(self.c.classify_lines(data))
        self.assertEqual(sum(isinstance(r, loghealth.Event) for r in results), events)
        self.assertEqual(sum(isinstance(r, loghealth.Failure) for r in results), failures)
        stats = self.c.stats
        self.assertEqual(stats["logs"], 100_000)
        self.assertEqual(stats["events"], events)
        self.assertEqual(stats["failures"], failures)
        self.assertEqual(stats["skipped"], skipped)
        # In order, with the right values.
        self.assertEqual(results[0].event["n"], 1)
        # Line 0 is blank, lines 1-9 events, line 10 the first failure.
        self.assertEqual(results[9].reason, "type_mismatch")
        self.assertEqual(results[9].payload, b'{"n": "x10"}')
        # The same from an iterable of str lines, in small chunks.
        with loghealth.Classifier([SCHEMA]) as c2:
            again = list(c2.classify_lines(iter(lines), chunk_bytes=4096))
            self.assertEqual(len(again), len(results))
            self.assertEqual(c2.stats["events"], events)

    def test_schema_files_and_errors(self):
        with tempfile.TemporaryDirectory() as d:
            path = pathlib.Path(d) / "s.yml"
            path.write_text(SCHEMA)
            with loghealth.Classifier([str(path)]) as c:
                self.assertIsInstance(c.classify('{"n": 1}'), loghealth.Event)
            with loghealth.Classifier(path) as c:
                self.assertIsInstance(c.classify('{"n": 1}'), loghealth.Event)
        with self.assertRaises(loghealth.InvalidArgumentError) as e:
            loghealth.Classifier(["version: 0\nschema: Custom.X\nfields:\n  - {name: a, type: strng}\n"])
        self.assertEqual(e.exception.code, 3)
        self.assertIn('unknown type "strng" (did you mean "string"?)', e.exception.message)
        native = "version: 0\nschema: AWS.X\nparser:\n  native:\n    name: AWS.X\nfields:\n  - {name: a, type: string}\n"
        with self.assertRaises(loghealth.FailedPreconditionError):
            loghealth.Classifier([native])

    def test_batch_job_options(self):
        """One parse time for a job, row ids that repeat for a retried block."""
        with loghealth.Classifier([SCHEMA], parse_time="2024-05-01T10:00:00.5Z",
                                  row_id_seed=0x0102030405060708) as c:
            out = c.classify_batch(b'{"n": 1}\n\n{"n": "x"}\n{"n": 2}')
            lines = out.split(b"\n")
            self.assertEqual([line[:10] for line in lines],
                             [b"ECustom.Py", b"FCustom.Py", b"ECustom.Py", b""])
            first = json.loads(lines[0].split(b"\t", 1)[1])
            self.assertEqual(first["p_parse_time"], "2024-05-01T10:00:00.5Z")
            self.assertEqual(first["p_row_id"], "0102030405060708" + "0" * 16)
            self.assertEqual(json.loads(lines[2].split(b"\t", 1)[1])["p_row_id"],
                             "0102030405060708" + "0" * 15 + "2")
            c.new_input(row_id_seed=0xff)
            again = c.classify('{"n": 3}').event
            self.assertEqual(again["p_row_id"], "00000000000000ff" + "0" * 16)
            self.assertFalse(c.reads_input_start)
        csv = "version: 0\nschema: Custom.Csv\nparser:\n  csv:\n    hasHeader: true\nfields:\n  - {name: a, type: string}\n"
        with loghealth.Classifier([SCHEMA, csv]) as c:
            self.assertTrue(c.reads_input_start)
        # A bad schema is also a ValueError, as Python code expects.
        with self.assertRaises(ValueError):
            loghealth.Classifier(["version: 0\nschema: Custom.X\nfields: []\n"])

    def test_threads_share_one_classifier(self):
        counts = {}

        def work(k):
            for i in range(2000):
                self.c.classify('{"n": %d}' % i if i % 2 else '{"n": "bad"}')
            counts[k] = self.c.stats

        threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for k in range(4):
            self.assertEqual(counts[k]["logs"], 2000)
            self.assertEqual(counts[k]["events"], 1000)
            self.assertEqual(counts[k]["failures"], 1000)

    def test_close(self):
        c = loghealth.Classifier([SCHEMA])
        c.close()
        c.close()  # twice is fine
        with self.assertRaises(ValueError):
            c.classify('{"n": 1}')


CONFIG = {
    "sources": [{"id": "s1", "label": "One", "dropOffMinutes": 15}],
    "destinations": [{"id": "hook", "alertTypes": ["SYSTEM_ERROR"],
                      "defaultForSeverity": ["LOW"], "sendResolved": True}],
}


class MonitorTest(unittest.TestCase):
    def test_alerts_deliveries_resolve_snapshot(self):
        with loghealth.HealthMonitor(CONFIG) as m:
            m.observe({"time": "2024-05-01T10:00:00Z", "type": "classification_failure",
                       "source": "s1", "error": "boom", "payload": "x"})
            records = m.alerts()
            kinds = [r["record"] for r in records]
            self.assertEqual(kinds, ["alert", "alarm_state"])
            alert = records[0]
            self.assertEqual(alert["severity"], "CRITICAL")
            self.assertEqual(alert["systemErrorType"], "SOURCE_CLASSIFICATION_FAILURES")
            self.assertEqual(m.alerts(), [])  # drained
            due = m.deliveries()
            self.assertEqual([d["destinationId"] for d in due], ["hook"])
            self.assertEqual(due[0]["payload"]["alertId"], alert["alertId"])
            m.report_delivery(due[0]["deliveryId"], 503, "down")
            self.assertEqual(m.deliveries(), [])  # retry later, not now
            self.assertGreater(m.next_due(), 0)
            snap = m.snapshot()
            with self.assertRaises(loghealth.NotFoundError):
                m.resolve("nope", "alice")
            m.resolve(alert["alertId"], "alice", "fixed")
            # The failed attempt's record, the resolution, and the
            # classification alarm's way back to OK.
            after = m.alerts()
            self.assertEqual([r["record"] for r in after],
                             ["delivery", "alert_resolved", "alarm_state"])
            self.assertEqual((after[2]["from"], after[2]["to"], after[2]["reason"]),
                             ("ALARM", "OK", "resolved by alice: fixed"))
        with loghealth.HealthMonitor.restore(CONFIG, snap) as r:
            r.advance("2024-05-01T10:10:00Z")
            retry = r.deliveries()
            self.assertEqual(len(retry), 1)
            self.assertEqual(retry[0]["attempt"], 2)
            r.advance("2024-05-01T10:20:00Z")  # 15 min of silence since registration
            kinds = [x["record"] for x in r.alerts()]
            self.assertIn("alert", kinds)
        with self.assertRaises(loghealth.InvalidArgumentError):
            loghealth.HealthMonitor.restore(CONFIG, b"junk")
        with self.assertRaises(loghealth.InvalidArgumentError) as e:
            loghealth.HealthMonitor(CONFIG).observe({"type": "events"})
        self.assertIn('needs "time"', str(e.exception))


class BuiltinLogTypesTest(unittest.TestCase):
    TRAIL = json.dumps({"Records": [
        {"eventVersion": "1.08", "eventTime": "2024-05-01T10:00:0%dZ" % i, "eventName": name,
         "eventSource": "s3.amazonaws.com", "eventType": "AwsApiCall", "awsRegion": "us-east-1",
         "eventID": "e%d" % i, "sourceIPAddress": "10.0.0.%d" % (i + 1),
         "userIdentity": {"type": "Root"}} for i, name in enumerate(["GetObject", "PutObject"])]})

    def test_log_types_by_name_and_envelopes(self):
        with loghealth.Classifier(log_types=["AWS.CloudTrail", "AWS.VPCFlow"]) as c:
            events = c.classify(self.TRAIL)
            self.assertIsInstance(events, list)
            self.assertEqual([e.event["eventName"] for e in events], ["GetObject", "PutObject"])
            self.assertEqual({e.log_type for e in events}, {"AWS.CloudTrail"})
            batch = list(c.classify_lines(self.TRAIL + "\n" + self.TRAIL))
            self.assertEqual(len(batch), 4)
            self.assertEqual(batch[3].event["p_any_ip_addresses"], ["10.0.0.2"])
        with self.assertRaises(loghealth.NotFoundError) as e:
            loghealth.Classifier(log_types=["AWS.CloudTrial"])
        self.assertIn('did you mean "AWS.CloudTrail"', str(e.exception))
        with self.assertRaises(ValueError):
            loghealth.Classifier()


class ServiceTest(unittest.TestCase):
    """HealthService delivering to a scripted server on 127.0.0.1."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="lh_service_")
        port_file = os.path.join(self.dir, "port")
        fake = pathlib.Path(__file__).resolve().parents[2] / "tools" / "fake_destinations.py"
        self.server = subprocess.Popen([sys.executable, str(fake), "--port-file", port_file,
                                        "--parent-pid", str(os.getpid())])
        for _ in range(200):
            if os.path.exists(port_file):
                break
            import time
            time.sleep(0.05)
        with open(port_file) as f:
            self.base = "http://127.0.0.1:" + f.read()
        self.config = {
            "sources": [{"id": "src", "label": "Source"}],
            "destinations": [{"id": "hook", "type": "webhook", "url": self.base + "/hook",
                              "alertTypes": ["SYSTEM_ERROR"], "sendResolved": True}],
            "delivery": {"minRetryDelaySeconds": 1, "maxRetryDelaySeconds": 1},
        }

    def tearDown(self):
        self.server.terminate()
        self.server.wait(timeout=10)
        shutil.rmtree(self.dir, ignore_errors=True)

    def received(self):
        import urllib.request
        with urllib.request.urlopen(self.base + "/_requests", timeout=10) as r:
            return [q["body"] for q in json.load(r)]

    def test_delivers_resolves_and_continues_after_a_restart(self):
        state = os.path.join(self.dir, "state")
        failure = {"type": "classification_failure", "source": "src", "logType": "Custom.X",
                   "error": "n: expected int", "payload": "{\"n\":\"x\"}"}
        with loghealth.HealthService(self.config, state) as service:
            threads = [threading.Thread(target=service.observe, args=(failure,))
                       for _ in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            self.assertTrue(service.wait_idle(30))
            records = service.records()
            alerts = [r for r in records if r["record"] == "alert"]
            self.assertEqual(len(alerts), 1)
            self.assertEqual(len([r for r in records if r["record"] == "alert_update"]), 3)
            alert_id = alerts[0]["alertId"]
            service.resolve(alert_id, "alice", "fixed")
            self.assertTrue(service.wait_idle(30))
            with self.assertRaises(loghealth.InvalidArgumentError) as e:
                service.observe({"type": "events", "source": "src"})
            self.assertIn('events needs "count"', str(e.exception))
        bodies = self.received()
        self.assertEqual([(b["alertId"], b["notice"]) for b in bodies],
                         [(alert_id, "alert"), (alert_id, "resolved")])
        self.assertEqual(bodies[0]["failingLines"][0]["payload"], '{"n":"x"}')
        # The same folder: a new failure opens a second alert, the first is remembered.
        with loghealth.HealthService(self.config, state) as service:
            service.observe(failure)
            self.assertTrue(service.wait_idle(30))
            alerts = [r for r in service.records() if r["record"] == "alert"]
            self.assertEqual(len(alerts), 1)
            self.assertNotEqual(alerts[0]["alertId"], alert_id)
        self.assertEqual(len(self.received()), 3)

    def test_config_errors_raise(self):
        bad = dict(self.config, destinations=[{"id": "d", "type": "slack"}])
        with self.assertRaises(loghealth.InvalidArgumentError) as e:
            loghealth.HealthService(bad, os.path.join(self.dir, "s2"))
        self.assertIn("type slack needs url", str(e.exception))


class ImportTest(unittest.TestCase):
    def test_clear_import_error_without_the_library(self):
        with tempfile.TemporaryDirectory() as d:
            pkg = pathlib.Path(loghealth.__file__).parent
            shutil.copytree(pkg, pathlib.Path(d) / "loghealth",
                            ignore=shutil.ignore_patterns("*.so", "__pycache__"))
            env = dict(os.environ)
            env.pop("LOGHEALTH_LIBRARY", None)
            env["PYTHONPATH"] = d
            p = subprocess.run([sys.executable, "-c", "import loghealth"], env=env,
                               capture_output=True, text=True)
            self.assertNotEqual(p.returncode, 0)
            self.assertIn("ImportError: libloghealth.so not found", p.stderr)
            self.assertIn("bazel build //capi:libloghealth.so", p.stderr)


if __name__ == "__main__":
    unittest.main()
