"""The Python package over libloghealth.so (unittest, standard library only)."""
import json
import os
import pathlib
import pickle
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

    def test_schema_errors(self):
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


BAD = "version: 0\nschema: Custom.Bad\nfields:\n  - {name: a, type: strng}\n"
WORDS = "version: 0\nschema: Custom.Words\nfields:\n  - {name: word, type: string, required: true}\n"


class SchemaFilesTest(unittest.TestCase):
    """Classifier.from_files and schema_files read files and folders as
    `loghealth classify --schema` does; Classifier() takes only texts."""

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        root = pathlib.Path(self.dir.name)
        self.root = root
        (root / "sub").mkdir()
        (root / "tests").mkdir()
        (root / "py.yml").write_text(SCHEMA)
        (root / "sub" / "words.yaml").write_text(WORDS)
        (root / "b.json").write_text(json.dumps({
            "version": 0, "schema": "Custom.Json",
            "fields": [{"name": "j", "type": "boolean", "required": True}]}))
        # Not schemas: a tests/ folder, *_tests files, other extensions.
        (root / "tests" / "broken.yml").write_text(BAD)
        (root / "py_tests.yml").write_text(BAD)
        (root / "notes.txt").write_text(BAD)

    def tearDown(self):
        self.dir.cleanup()

    def test_schema_files_lists_what_the_cli_reads(self):
        r = str(self.root)
        self.assertEqual(loghealth.schema_files(r),
                         [f"{r}/b.json", f"{r}/py.yml", f"{r}/sub/words.yaml"])
        self.assertEqual(loghealth.schema_files([self.root / "sub", f"{r}/py.yml"]),
                         [f"{r}/sub/words.yaml", f"{r}/py.yml"])
        self.assertEqual(loghealth.schema_files([self.root / "tests" / "broken.yml"]),
                         [f"{r}/tests/broken.yml"])  # a file named is read
        (self.root / "empty").mkdir()
        self.assertEqual(loghealth.schema_files(self.root / "empty"), [])
        with self.assertRaises(loghealth.NotFoundError) as e:
            loghealth.schema_files([r, f"{r}/missing"])
        self.assertEqual(str(e.exception), f"{r}/missing: no such file or folder")

    def test_from_files_reads_files_and_folders(self):
        with loghealth.Classifier.from_files(self.root, source_id="files") as c:
            self.assertEqual(c.classify('{"n": 1}').log_type, "Custom.Py")
            self.assertEqual(c.classify('{"word": "hi"}').log_type, "Custom.Words")
            self.assertEqual(c.classify('{"j": true}').log_type, "Custom.Json")
            self.assertEqual(c.classify('{"j": true}').event["p_source_id"], "files")
        # One file, as str, bytes or a Path; several paths.
        for path in (str(self.root / "py.yml"), os.fsencode(self.root / "py.yml"),
                     self.root / "py.yml"):
            with loghealth.Classifier.from_files(path) as c:
                self.assertIsInstance(c.classify('{"n": 1}'), loghealth.Event)
                self.assertIsInstance(c.classify('{"word": "hi"}'), loghealth.Failure)
        with loghealth.Classifier.from_files([self.root / "sub", self.root / "b.json"],
                                             parse_time="2024-05-01T10:00:00Z") as c:
            self.assertEqual(c.classify('{"word": "x"}').event["p_parse_time"],
                             "2024-05-01T10:00:00Z")
        with self.assertRaises(ValueError):
            loghealth.Classifier.from_files([])

    def test_from_files_errors_name_each_file_and_line(self):
        (self.root / "bad.yml").write_text(BAD)
        (self.root / "sub" / "worse.yml").write_text("version: 0\nschema: Custom.W\n"
                                                     "fields:\n  - {name: a}\n")
        with self.assertRaises(loghealth.InvalidArgumentError) as e:
            loghealth.Classifier.from_files([self.root])
        lines = str(e.exception).splitlines()
        self.assertEqual(len(lines), 2, lines)
        self.assertTrue(lines[0].startswith(f"{self.root}/bad.yml:4: "), lines[0])
        self.assertIn('unknown type "strng"', lines[0])
        self.assertTrue(lines[1].startswith(f"{self.root}/sub/worse.yml:4: "), lines[1])
        with self.assertRaises(loghealth.NotFoundError) as e:
            loghealth.Classifier.from_files(self.root / "nope.yml")
        self.assertEqual(str(e.exception), f"{self.root}/nope.yml: no such file or folder")
        self.assertIsInstance(e.exception, LookupError)

    def test_classifier_takes_texts_only(self):
        path = self.root / "py.yml"
        # A Path is refused, pointing at from_files.
        with self.assertRaises(TypeError) as e:
            loghealth.Classifier(path)
        self.assertIn("Classifier.from_files", str(e.exception))
        with self.assertRaises(TypeError):
            loghealth.Classifier([SCHEMA, path])
        # A str is a text even when it names a file: it does not compile as a
        # schema, and the message says what to use.
        with self.assertRaises(loghealth.InvalidArgumentError) as e:
            loghealth.Classifier([str(path)])
        self.assertIn("schema[0]", str(e.exception))
        self.assertIn("use Classifier.from_files", str(e.exception))
        # A text that names a built-in; texts as bytes.
        with loghealth.Classifier(["builtin:AWS.CloudTrail", path.read_bytes()]) as c:
            self.assertEqual(c.classify('{"n": 2}').log_type, "Custom.Py")
            self.assertEqual(c.classify(BuiltinLogTypesTest.TRAIL)[0].log_type,
                             "AWS.CloudTrail")
        with self.assertRaises(TypeError):
            loghealth.Classifier([42])


class FailureTest(unittest.TestCase):
    def test_reason_of_classify_comes_without_parsing_the_record(self):
        with loghealth.Classifier([SCHEMA]) as c:
            f = c.classify('{"n": "seven"}')
            self.assertEqual(f.reason, "type_mismatch")
            self.assertIsNone(f._parsed)  # the JSON was not parsed for it
            self.assertEqual(f.record["reason"], "type_mismatch")
            self.assertEqual(c.classify("{").reason, "malformed_json")
            # classify_lines' failures (lh_classify_batch has no reason
            # field) read it from the record.
            batch = list(c.classify_lines(b'{"n": "x"}\n{"n": 1.5}\n{"t": 1}\n'))
            self.assertEqual([b.reason for b in batch],
                             ["type_mismatch", "type_mismatch", "missing_required"])
            self.assertTrue(all(b._parsed is not None for b in batch))
        given = loghealth.Failure("Custom.X", "not JSON", reason="too_deep")
        self.assertEqual(given.reason, "too_deep")
        self.assertEqual(given.log_type, "Custom.X")
        self.assertEqual(given.json, "not JSON")

    def test_event_and_failure_share_the_lazy_json(self):
        event = loghealth.Event("Custom.X", b'{"a": "\xc3\xa9"}')  # UTF-8 bytes
        self.assertEqual(event.json, '{"a": "\u00e9"}')
        self.assertIs(event.event, event.event)  # parsed once
        self.assertEqual(event.event, {"a": "\u00e9"})
        failure = loghealth.Failure("Custom.X", b'{"error": "e", "reason": "r", '
                                                b'"payload": "p", "offset": 3}')
        self.assertEqual((failure.error, failure.reason, failure.payload, failure.offset,
                          failure.field), ("e", "r", b"p", 3, None))
        self.assertIs(failure.record, failure.record)


class CloseWhileInUseTest(unittest.TestCase):
    """close() while other threads classify: their calls in progress finish,
    their next calls raise ValueError, nothing crashes. Run in a child
    process, so that a crash is a failure, not the end of the test run."""

    SCRIPT = """
import json, sys, threading
import loghealth
schema = sys.argv[1]
outcomes = []
for round in range(20):
    c = loghealth.Classifier([schema])
    running = threading.Barrier(4)
    results = [None] * 3

    def work(k):
        done = 0
        data = b"".join(b'{"n": %d}\\n' % i for i in range(200))
        try:
            while True:
                e = c.classify('{"n": %d}' % done)
                assert e.event["n"] == done, e.json
                out = list(c.classify_lines(data))
                assert len(out) == 200 and out[-1].event["n"] == 199
                c.new_input()
                assert c.stats["events"] > 0
                done += 1
                if done == 5:
                    running.wait()
        except ValueError as error:
            results[k] = [type(error).__name__, str(error), done]
        except BaseException as error:
            results[k] = [type(error).__name__, repr(error), done]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(3)]
    for t in threads:
        t.start()
    running.wait()  # every thread is classifying
    c.close()
    for t in threads:
        t.join(60)
    outcomes.append(results)
print(json.dumps(outcomes))
"""

    def test_close_waits_for_calls_in_progress(self):
        p = subprocess.run([sys.executable, "-c", self.SCRIPT, SCHEMA], capture_output=True,
                           text=True, timeout=300)
        self.assertEqual(p.returncode, 0, p.stderr[-2000:])
        outcomes = json.loads(p.stdout)
        self.assertEqual(len(outcomes), 20)
        for results in outcomes:
            for kind, message, done in results:
                self.assertEqual((kind, message), ("ValueError", "the Classifier is closed"))
                self.assertGreaterEqual(done, 5)

    def test_closed_classifier_refuses_every_call(self):
        c = loghealth.Classifier([SCHEMA])
        self.assertFalse(c.closed)
        c.classify('{"n": 1}')
        c.close()
        self.assertTrue(c.closed)
        for call in (lambda: c.classify('{"n": 1}'), lambda: c.classify_batch(b"{}"),
                     lambda: list(c.classify_lines(b"{}")), lambda: c.new_input(),
                     lambda: c.stats, lambda: c.reads_input_start):
            with self.assertRaises(ValueError) as e:
                call()
            self.assertEqual(str(e.exception), "the Classifier is closed")
        c.close()  # twice is fine

    def test_database_and_service_refuse_calls_once_closed(self):
        with tempfile.TemporaryDirectory() as d:
            db = loghealth.MonitorDatabase(os.path.join(d, "m.db"))
            db.close()
            for call in (db.flush, db.failures, lambda: db.add_records([]),
                         lambda: db.add_failure(b"{}"), db.failure_groups):
                with self.assertRaises(ValueError) as e:
                    call()
                self.assertEqual(str(e.exception), "the database is closed")
            service = loghealth.HealthService({"sources": [], "destinations": []},
                                              os.path.join(d, "state"))
            service.close()
            with self.assertRaises(ValueError) as e:
                service.records()
            self.assertEqual(str(e.exception), "the HealthService is closed")
            monitor = loghealth.HealthMonitor({"sources": [], "destinations": []})
            monitor.close()
            with self.assertRaises(ValueError) as e:
                monitor.records()
            self.assertEqual(str(e.exception), "the HealthMonitor is closed")


# code: (class name, the builtin it also is, lh_status_name), worked out from
# capi/loghealth.h and the table in loghealth/errors.py.
STATUS = {
    1: ("CancelledError", None, "CANCELLED"),
    2: ("UnknownError", None, "UNKNOWN"),
    3: ("InvalidArgumentError", ValueError, "INVALID_ARGUMENT"),
    4: ("DeadlineExceededError", TimeoutError, "DEADLINE_EXCEEDED"),
    5: ("NotFoundError", LookupError, "NOT_FOUND"),
    6: ("AlreadyExistsError", None, "ALREADY_EXISTS"),
    7: ("PermissionDeniedError", PermissionError, "PERMISSION_DENIED"),
    8: ("ResourceExhaustedError", MemoryError, "RESOURCE_EXHAUSTED"),
    9: ("FailedPreconditionError", None, "FAILED_PRECONDITION"),
    10: ("AbortedError", None, "ABORTED"),
    11: ("OutOfRangeError", IndexError, "OUT_OF_RANGE"),
    12: ("UnimplementedError", NotImplementedError, "UNIMPLEMENTED"),
    13: ("InternalError", None, "INTERNAL"),
    14: ("UnavailableError", None, "UNAVAILABLE"),
    15: ("DataLossError", None, "DATA_LOSS"),
    16: ("UnauthenticatedError", None, "UNAUTHENTICATED"),
}
BUILTINS = (ValueError, TimeoutError, LookupError, PermissionError, MemoryError, IndexError,
            NotImplementedError, OSError)


class ErrorsTest(unittest.TestCase):
    def test_every_status_code_has_its_class(self):
        from loghealth import _native
        for code, (name, builtin, status) in STATUS.items():
            with self.subTest(code=code):
                cls = getattr(loghealth, name)
                self.assertIn(name, loghealth.__all__)
                e = loghealth.error_for(code, f"message {code}")
                self.assertIs(type(e), cls)
                self.assertIsInstance(e, loghealth.Error)
                self.assertEqual((e.code, e.message, str(e)),
                                 (code, f"message {code}", f"message {code}"))
                # The name the library gives the code.
                self.assertEqual(_native.lh_status_name(code).decode(), status)
                self.assertEqual(e.status_name, status)
                if builtin is not None:
                    self.assertIsInstance(e, builtin)
                # No other builtin base than the documented one (IndexError
                # is a LookupError, PermissionError and TimeoutError OSErrors).
                implied = {builtin, LookupError if builtin is IndexError else None,
                           OSError if builtin in (PermissionError, TimeoutError) else None}
                for other in BUILTINS:
                    if other not in implied:
                        self.assertNotIsInstance(e, other)
                # Dask ships exceptions between processes.
                again = pickle.loads(pickle.dumps(e))
                self.assertIs(type(again), cls)
                self.assertEqual((again.code, again.message), (code, f"message {code}"))

    def test_other_codes_give_error(self):
        for code in (0, 17, 99, -1):
            e = loghealth.error_for(code, "odd")
            self.assertIs(type(e), loghealth.Error)
            self.assertEqual((e.code, e.message), (code, "odd"))
        self.assertEqual(loghealth.error_for(17, "x").status_name, "UNKNOWN_CODE")

    def test_raised_from_real_calls(self):
        with self.assertRaises(loghealth.NotFoundError) as e:
            loghealth.Classifier(log_types=["No.Such"])
        self.assertIsInstance(e.exception, LookupError)
        with self.assertRaises(loghealth.InvalidArgumentError) as e:
            loghealth.HealthMonitor({"sources": "not a list"})
        self.assertIsInstance(e.exception, ValueError)
        self.assertEqual(e.exception.code, 3)


class VersionTest(unittest.TestCase):
    def test_the_library_has_the_version_the_package_was_written_for(self):
        from loghealth import _native
        self.assertEqual(loghealth.ABI_VERSION, (0, 3))
        number = _native.lh_version_number()
        # lh_version and lh_version_number agree.
        self.assertEqual(_native.version_text(number), loghealth.__version__)
        self.assertEqual(number // 100, 3)  # 0.3.x
        self.assertEqual(loghealth.library_path, os.environ.get("LOGHEALTH_LIBRARY",
                                                                loghealth.library_path))

    def test_check_version(self):
        from loghealth._native import check_version
        for number in (300, 301, 399):  # 0.3.0, 0.3.1, 0.3.99
            check_version(number, "/x/libloghealth.so")
        for number, text in ((200, "0.2.0"), (400, "0.4.0"), (10300, "1.3.0"), (0, "0.0.0")):
            with self.assertRaises(ImportError) as e:
                check_version(number, "/x/libloghealth.so")
            message = str(e.exception)
            self.assertIn(f"/x/libloghealth.so is loghealth C ABI version {text}", message)
            self.assertIn("written for C ABI version 0.3.x", message)
            self.assertIn("bazel build //capi:libloghealth.so", message)
            self.assertIn("LOGHEALTH_LIBRARY", message)
        check_version(10203, "/x", expected=(1, 2))

    def test_import_refuses_a_library_that_is_not_loghealth(self):
        with open("/proc/self/maps") as f:
            libc = next(line.split()[-1] for line in f if "/libc.so" in line
                        or "/libc-" in line)
        env = dict(os.environ, LOGHEALTH_LIBRARY=libc)
        p = subprocess.run([sys.executable, "-c", "import loghealth"], env=env,
                           capture_output=True, text=True)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn(f"ImportError: {libc} has no lh_version_number: it is not a "
                      f"loghealth C ABI library", p.stderr)

    def test_import_refuses_another_minor_version(self):
        # A copy of the package written for 0.2: importing it with this
        # library (0.3.x) fails, naming both versions.
        with tempfile.TemporaryDirectory() as d:
            pkg = pathlib.Path(loghealth.__file__).parent
            copy = pathlib.Path(d) / "loghealth"
            shutil.copytree(pkg, copy, ignore=shutil.ignore_patterns("*.so", "__pycache__"))
            native = copy / "_native.py"
            text = native.read_text()
            self.assertIn("ABI_VERSION: Tuple[int, int] = (0, 3)", text)
            native.write_text(text.replace("ABI_VERSION: Tuple[int, int] = (0, 3)",
                                           "ABI_VERSION: Tuple[int, int] = (0, 2)"))
            env = dict(os.environ, PYTHONPATH=d)
            env["LOGHEALTH_LIBRARY"] = loghealth.library_path
            p = subprocess.run([sys.executable, "-c", "import loghealth"], env=env,
                               capture_output=True, text=True)
            self.assertNotEqual(p.returncode, 0)
            last = p.stderr.strip().splitlines()[-1]
            self.assertTrue(last.startswith("ImportError: "), last)
            self.assertIn(f"is loghealth C ABI version {loghealth.__version__}", last)
            self.assertIn("written for C ABI version 0.2.x", last)
            self.assertIn("LOGHEALTH_LIBRARY", last)

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
            records = m.records()
            kinds = [r["record"] for r in records]
            self.assertEqual(kinds, ["alert", "alarm_state"])
            alert = records[0]
            self.assertEqual(alert["severity"], "CRITICAL")
            self.assertEqual(alert["systemErrorType"], "SOURCE_CLASSIFICATION_FAILURES")
            self.assertEqual(m.records(), [])  # drained
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
            after = m.records()
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
            kinds = [x["record"] for x in r.records()]
            self.assertIn("alert", kinds)
        with self.assertRaises(loghealth.InvalidArgumentError):
            loghealth.HealthMonitor.restore(CONFIG, b"junk")
        with self.assertRaises(loghealth.InvalidArgumentError) as e:
            loghealth.HealthMonitor(CONFIG).observe({"type": "events"})
        self.assertIn('needs "time"', str(e.exception))


    def test_alerts_are_only_the_alert_records(self):
        with loghealth.HealthMonitor(CONFIG) as m:
            m.observe({"time": "2024-05-01T10:00:00Z", "type": "classification_failure",
                       "source": "s1", "error": "boom", "payload": "x"})
            alerts = m.alerts()  # the alarm_state that came with it is dropped
            self.assertEqual([a["record"] for a in alerts], ["alert"])
            self.assertEqual(alerts[0]["systemErrorType"], "SOURCE_CLASSIFICATION_FAILURES")
            self.assertEqual(m.records(), [])  # taken as well
            m.observe({"time": "2024-05-01T10:01:00Z", "type": "classification_failure",
                       "source": "s1", "error": "boom again", "payload": "y"})
            # The second failure joins the open alert: an update, no new alert.
            self.assertEqual(m.alerts(), [])
            m.observe({"time": "2024-05-01T10:02:00Z", "type": "classification_failure",
                       "source": "s1", "error": "and again", "payload": "z"})
            self.assertEqual([r["record"] for r in m.records()], ["alert_update"])
            self.assertEqual(m.records_jsonl(), [])


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
