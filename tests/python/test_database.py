"""loghealth.MonitorDatabase: failures from a Classifier, monitor records,
reads while another writer writes, and the version guard."""
import json
import os
import sqlite3
import tempfile
import threading
import unittest

import loghealth

SCHEMA = """
version: 0
schema: Custom.Db
fields:
  - {name: n, type: int, required: true}
  - {name: t, type: timestamp, timeFormat: rfc3339, isEventTime: true}
"""

PARSE_TIME = "2024-06-15T12:00:00Z"


class MonitorDatabaseTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.dir.name, "monitor.db")
        self.classifier = loghealth.Classifier([SCHEMA], source_id="src-db",
                                               source_label="db test",
                                               parse_time=PARSE_TIME, row_id_seed=42)

    def tearDown(self):
        self.classifier.close()
        self.dir.cleanup()

    def failures_of(self, lines):
        out = [self.classifier.classify(line) for line in lines]
        return [r for r in out if isinstance(r, loghealth.Failure)]

    def test_failures_round_trip_with_exact_bytes(self):
        lines = [b'{"n": "x"}', b'{"t": "2024-01-01T00:00:00Z"}', b'{"n": 1}',
                 b'{"n": "\xff"}', b'{"n": "y\\u0000"} \x00', b'not json']
        failures = self.failures_of(lines)
        self.assertEqual(len(failures), 5)
        with loghealth.MonitorDatabase(self.path) as db:
            self.assertEqual(db.add_failures(failures), 5)
            db.add_failures(failures)  # the same row ids again: kept once
            rows = db.failures()
        self.assertEqual(len(rows), 5)
        by_payload = {r["payload"] if isinstance(r["payload"], bytes)
                      else r["payload"].encode(): r for r in rows}
        self.assertEqual(set(by_payload), {lines[i] for i in (0, 1, 3, 4, 5)})
        first = by_payload[b'{"n": "x"}']
        self.assertIsInstance(first["payload"], str)
        self.assertEqual((first["reason"], first["field"], first["expected"], first["got"],
                          first["offset"]), ("type_mismatch", "n", "int", '"x"', 7))
        self.assertEqual(first["p_source_id"], "src-db")
        self.assertEqual(first["p_source_label"], "db test")
        self.assertEqual(first["p_parse_time"], PARSE_TIME)
        self.assertEqual(first["p_log_type"], "Custom.Db")
        self.assertEqual(first["tried"], [])  # one schema: records list no others
        missing = by_payload[b'{"t": "2024-01-01T00:00:00Z"}']
        self.assertEqual((missing["reason"], missing["field"]), ("missing_required", "n"))
        self.assertIsInstance(by_payload[b'{"n": "\xff"}']["payload"], bytes)
        self.assertIsInstance(by_payload[b'{"n": "y\\u0000"} \x00']["payload"], bytes)
        # Each row's id is the one its failure record carries.
        self.assertEqual(sorted(r["p_row_id"] for r in rows),
                         sorted(f.record["p_row_id"] for f in failures))

    def test_filters_and_groups(self):
        with loghealth.MonitorDatabase(self.path) as db:
            db.add_failures(self.failures_of([b'{"n": "a"}', b'{"n": "b"}', b"{}",
                                              b'{"n": "\xfe"}']))
            self.assertEqual(len(db.failures(reason="type_mismatch")), 2)
            self.assertEqual(len(db.failures(source_id="src-db")), 4)
            self.assertEqual(db.failures(source_id="other"), [])
            self.assertEqual(db.failures(source_id="' OR 1=1 --"), [])
            self.assertEqual(db.failures(since="2024-06-15T12:00:01Z"), [])
            self.assertEqual(len(db.failures(since="2024-06-15T12:00:00Z", limit=3)), 3)
            groups = db.failure_groups()
        self.assertEqual([(g["reason"], g["field"], g["count"]) for g in groups],
                         [("type_mismatch", "n", 2), ("invalid_utf8", "", 1),
                          ("missing_required", "n", 1)])
        self.assertEqual(groups[0]["sample_payload"], '{"n": "b"}')  # the latest
        self.assertEqual(groups[0]["sample_offset"], 7)  # where b starts
        self.assertEqual(groups[1]["sample_payload"], b'{"n": "\xfe"}')  # bytes, exactly

    def test_monitor_records_become_alerts_and_deliveries(self):
        config = {"sources": [{"id": "src-db", "label": "db test"}],
                  "destinations": [{"id": "hook", "alertTypes": ["SYSTEM_ERROR"]}]}
        records = []
        with loghealth.HealthMonitor(config) as monitor:
            monitor.observe({"type": "classification_failure", "time": PARSE_TIME,
                             "source": "src-db", "error": "n: expected int",
                             "payload": '{"n": "x"}'})
            records += monitor.records()
            due = monitor.deliveries()
            self.assertEqual(len(due), 1)
            monitor.report_delivery(due[0]["deliveryId"], 503, "down")
            alert_id = due[0]["alertId"]
            monitor.resolve(alert_id, "alice", "schema fixed")
            records += monitor.records()
        with loghealth.MonitorDatabase(self.path) as db:
            db.add_records(records)
            self.assertEqual(db.alerts(status="OPEN"), [])
            alerts = db.alerts(status="RESOLVED")
            self.assertEqual(len(alerts), 1)
            alert = alerts[0]
            self.assertEqual((alert["id"], alert["severity"], alert["system_error_type"],
                              alert["source_id"], alert["resolved_by"], alert["resolution"]),
                             (alert_id, "CRITICAL", "SOURCE_CLASSIFICATION_FAILURES", "src-db",
                              "alice", "schema fixed"))
            self.assertEqual([line["payload"] for line in alert["lines"]], ['{"n": "x"}'])
            deliveries = db.deliveries(alert_id)
            self.assertEqual([(d["destination_id"], d["attempt"], d["success"], d["status_code"])
                              for d in deliveries], [("hook", 1, False, 503)])
            self.assertEqual(deliveries[0]["message"], "down")
            states = [(s["from_state"], s["to_state"]) for s in db.alarm_states("src-db")]
            self.assertEqual(states[-1][1], "OK")
            self.assertIn("ALARM", [to for _, to in states])
            # JSON lines text is taken as well, and the same records change nothing.
            db.add_records("\n".join(json.dumps(r) for r in records))
            self.assertEqual(len(db.alerts()), 1)
            self.assertEqual(len(db.deliveries()), 1)

    def test_reads_while_another_writer_writes(self):
        writer = loghealth.MonitorDatabase(self.path, batch_rows=100)
        reader = loghealth.MonitorDatabase(self.path)
        failure = self.failures_of([b'{"n": "x"}'])[0].record
        done = threading.Event()
        seen = []

        def write():
            for i in range(3000):
                record = dict(failure, p_row_id=f"w{i:05d}")
                writer.add_failure(loghealth._native.encode(json.dumps(record)))
            writer.flush()
            done.set()

        t = threading.Thread(target=write)
        t.start()
        while not done.is_set():
            seen.append(len(reader.failures()))
        t.join()
        seen.append(len(reader.failures()))
        writer.close()
        reader.close()
        self.assertEqual(seen[-1], 3000)
        self.assertEqual(seen, sorted(seen))  # committed rows never go away
        self.assertGreater(len(seen), 1)

    def test_newer_schema_is_refused(self):
        with sqlite3.connect(self.path) as c:
            c.execute("PRAGMA user_version = 99")
        with self.assertRaises(loghealth.FailedPreconditionError) as e:
            loghealth.MonitorDatabase(self.path)
        self.assertIn("schema version 99", str(e.exception))

    def test_closed_database(self):
        db = loghealth.MonitorDatabase(self.path)
        db.close()
        db.close()
        with self.assertRaises(ValueError):
            db.failures()


if __name__ == "__main__":
    unittest.main()
