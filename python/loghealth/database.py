"""The panther_monitor database from Python (loghealth/database.h;
docs/database.md has the tables and example SQL).

    with loghealth.MonitorDatabase("monitor.db") as db:
        db.add_failures(f for f in results if isinstance(f, loghealth.Failure))
        db.flush()
        for group in db.failure_groups(source_id="src-1"): ...
        for alert in db.alerts(status="OPEN"): ...

Writes go through the library (the same batched, deduplicated writer as
`loghealth classify --db`); reads use Python's sqlite3, which in WAL mode
never blocks a writer, in this process or another. Every value given to a
query is a bound parameter.
"""
import base64
import ctypes
import json
import os
import sqlite3
import threading
from typing import Any, Dict, Iterable, List, Mapping, Optional, Union

from . import _native as n
from ._handle import CallGuard, Closeable
from .classifier import Failure
from ._time import TimeLike, unix_nanos
from .errors import error_for

__all__ = ["MonitorDatabase"]

Row = Dict[str, Any]


def _since_nanos(since: Optional[TimeLike]) -> int:
    return 0 if since is None else unix_nanos(since)


class MonitorDatabase(Closeable):
    """Opens (creating, or migrating an older schema) the database at `path`;
    a database of a newer schema version raises FailedPreconditionError.
    Written rows commit every `batch_rows` rows (0: the library's default),
    on flush() and on close(). One object may be used from several threads;
    close() waits for calls in progress on other threads, and later calls
    raise ValueError("the database is closed")."""

    def __init__(self, path: Union[str, "os.PathLike[str]"], batch_rows: int = 0) -> None:
        self._path = os.fspath(path)
        handle, error = ctypes.c_void_p(), ctypes.c_void_p()
        code = n.lh_database_open(n.path_bytes(self._path), batch_rows, ctypes.byref(handle),
                                  ctypes.byref(error))
        if code != 0:
            raise error_for(code, n.take_string(error.value))
        self._handle = handle
        self._reader: Optional[sqlite3.Connection] = None
        self._reader_lock = threading.Lock()
        self._guard = CallGuard("database")

    @property
    def path(self) -> str:
        """The database file's path, as given."""
        return self._path

    def _check(self, code: int) -> None:
        if code != 0:
            raise error_for(code, n.lh_database_last_error().decode("utf-8", "replace"))

    # ---- writing ---------------------------------------------------------------

    def add_failure(self, failure: Union[Failure, str, bytes],
                    payload: Optional[bytes] = None) -> None:
        """One classification failure: a loghealth.Failure, or its record (JSON
        text or bytes). `payload` (bytes) is the log's exact bytes; without it
        the record's own payload is stored."""
        record = failure.json if hasattr(failure, "json") else failure
        record = n.encode(record)
        raw = None if payload is None else n.encode(payload)
        with self._guard:
            self._check(n.lh_database_add_failure(self._handle, record, len(record), raw,
                                                  0 if raw is None else len(raw)))

    def add_failures(self, failures: Iterable[Union[Failure, str, bytes]]) -> int:
        """Many failures (Failures or records); returns how many."""
        count = 0
        for failure in failures:
            self.add_failure(failure)
            count += 1
        return count

    def add_records(self, records: Union[str, bytes,
                                         Iterable[Union[Mapping[str, Any], str, bytes]]]) -> None:
        """Monitor records: JSON-lines text, or an iterable of dicts or JSON
        texts (HealthMonitor.records(), HealthService.records(),
        records.jsonl). Kinds the database does not keep are skipped."""
        if isinstance(records, (str, bytes)):
            text = n.encode(records)
        else:
            text = b"\n".join(n.encode(r if isinstance(r, (str, bytes)) else json.dumps(r))
                              for r in records)
        with self._guard:
            self._check(n.lh_database_add_records(self._handle, text, len(text)))

    def flush(self) -> None:
        """Commits what was added."""
        with self._guard:
            self._check(n.lh_database_flush(self._handle))

    # ---- reading ---------------------------------------------------------------

    def _query(self, sql: str, params: Any = ()) -> List[Row]:
        with self._guard:
            self.flush()  # read what this object wrote
            with self._reader_lock:
                if self._reader is None:
                    self._reader = sqlite3.connect(self._path, timeout=60,
                                                   check_same_thread=False)
                    self._reader.row_factory = sqlite3.Row
                reader = self._reader
            return [dict(row) for row in reader.execute(sql, params)]

    def failures(self, source_id: Optional[str] = None, log_type: Optional[str] = None,
                 reason: Optional[str] = None, since: Optional[TimeLike] = None,
                 limit: Optional[int] = None) -> List[Row]:
        """Classification failures, oldest first, as dicts of their columns.
        `payload` is str when the log was UTF-8 and bytes otherwise (exactly
        the log's bytes either way); `tried` is a list."""
        rows = self._query(
            "SELECT p_row_id, p_log_type, error, payload, p_source_id, p_source_label, "
            "p_parse_time, reason, field, expected, got, \"offset\", tried "
            "FROM classification_failures "
            "WHERE (:source IS NULL OR p_source_id = :source) "
            "  AND (:type IS NULL OR p_log_type = :type) "
            "  AND (:reason IS NULL OR reason = :reason) AND p_parse_time_ns >= :since "
            "ORDER BY p_parse_time_ns, rowid LIMIT :limit",
            {"source": source_id, "type": log_type, "reason": reason,
             "since": _since_nanos(since), "limit": -1 if limit is None else limit})
        for row in rows:
            row["tried"] = json.loads(row["tried"]) if row["tried"] else []
        return rows

    def failure_groups(self, source_id: Optional[str] = None, log_type: Optional[str] = None,
                       since: Optional[TimeLike] = None, limit: int = 100) -> List[Row]:
        """Failures grouped by log type, reason and field, most frequent first
        (what `loghealth failures` shows): log_type, reason, field, count,
        first_seen, last_seen, and the latest row's error, sample_got,
        sample_offset and sample_payload (bytes when the log was not UTF-8)."""
        out = ctypes.c_void_p()
        with self._guard:
            self._check(n.lh_database_failure_groups(
                self._handle, n.encode(source_id), n.encode(log_type), _since_nanos(since),
                limit, ctypes.byref(out)))
        groups = []
        for line in n.take_string(out.value).splitlines():
            group = json.loads(line)
            if group.pop("sample_payload_encoding", None) == "base64":
                group["sample_payload"] = base64.b64decode(group["sample_payload"])
            groups.append(group)
        return groups

    def alerts(self, status: Optional[str] = None, system_error_type: Optional[str] = None,
               source_id: Optional[str] = None) -> List[Row]:
        """System Errors, newest first; `context` is a dict and `lines` the
        failing lines the alert carries."""
        rows = self._query(
            "SELECT id, type, severity, system_error_type, related_component, title, "
            "description, source_id, source_label, destination_id, account, resource, "
            "created_at, updated_at, resolved_at, resolved_by, resolution, occurrences, "
            "status, context FROM alerts "
            "WHERE (:status IS NULL OR status = :status) "
            "  AND (:type IS NULL OR system_error_type = :type) "
            "  AND (:source IS NULL OR source_id = :source) "
            "ORDER BY created_at_ns DESC, id",
            {"status": status, "type": system_error_type, "source": source_id})
        for row in rows:
            row["context"] = json.loads(row["context"]) if row["context"] else {}
            row["lines"] = self._query(
                "SELECT time, log_type, error, payload FROM alert_lines WHERE alert_id = ? "
                "ORDER BY rowid", (row["id"],))
        return rows

    def deliveries(self, alert_id: Optional[str] = None) -> List[Row]:
        """Every delivery attempt, in the order they happened."""
        rows = self._query(
            "SELECT seq, alert_id, destination_id, attempt, resolved_notice, success, "
            "status_code, message, response_excerpt, duration_ms, time FROM deliveries "
            "WHERE (:alert IS NULL OR alert_id = :alert) ORDER BY time_ns, rowid",
            {"alert": alert_id})
        for row in rows:
            row["success"] = bool(row["success"])
            row["resolved_notice"] = bool(row["resolved_notice"])
        return rows

    def alarm_states(self, subject: Optional[str] = None) -> List[Row]:
        """Alarm transitions (source, destination or account), oldest first."""
        return self._query(
            "SELECT seq, subject_kind, subject, system_error_type, from_state, to_state, "
            "time, reason, alert_id FROM alarm_states "
            "WHERE (:subject IS NULL OR subject = :subject) ORDER BY time_ns, rowid",
            {"subject": subject})

    def data_audit(self, source_id: Optional[str] = None, status: Optional[str] = None,
                   since: Optional[TimeLike] = None) -> List[Row]:
        """S3 GetObject outcomes (Panther's data_audit), oldest first."""
        return self._query(
            "SELECT p_row_id, operation, status, error, s3bucket, s3key, s3objectversionid, "
            "s3objectsize, recordcount, assumedrolearn, p_source_id, p_source_label, "
            "p_event_time, p_parse_time FROM data_audit "
            "WHERE (:source IS NULL OR p_source_id = :source) "
            "  AND (:status IS NULL OR status = :status) AND p_event_time_ns >= :since "
            "ORDER BY p_event_time_ns, p_row_id",
            {"source": source_id, "status": status, "since": _since_nanos(since)})

    def close(self) -> None:
        """Commits and closes, once calls in progress on other threads have
        returned (a second close does nothing)."""
        guard = getattr(self, "_guard", None)
        if guard is None or not guard.close():
            return
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        handle, self._handle = self._handle, None
        n.lh_database_free(handle)
