"""Classifying logs from Python: Classifier, Event, Failure, schema_files."""
import base64
import ctypes
import json
import os
import threading
from typing import Any, Dict, Iterable, Iterator, List, Optional, Union

from . import _native as n
from ._handle import CallGuard, Closeable
from ._time import TimeLike, unix_nanos
from .errors import error_for

__all__ = ["Classifier", "Event", "Failure", "schema_files", "SchemaText", "PathType"]

#: A schema's YAML or JSON text, or "builtin:NAME" for the built-in log type
#: NAME.
SchemaText = Union[str, bytes, bytearray, memoryview]
#: A file or folder path.
PathType = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]

_EVENT, _FAILURE, _SKIPPED = 0, 1, 2  # lh_result.kind


class _Result:
    """What Event and Failure share: a log type and a JSON text (str, or
    UTF-8 bytes decoded on first use) parsed on first use."""

    __slots__ = ("log_type", "_json", "_parsed")

    def __init__(self, log_type: str, json_text: Union[str, bytes]) -> None:
        self.log_type = log_type
        self._json = json_text
        self._parsed: Optional[Dict[str, Any]] = None

    @property
    def json(self) -> str:
        """The JSON text, as the library wrote it."""
        if isinstance(self._json, bytes):
            self._json = self._json.decode("utf-8")
        return self._json

    def _value(self) -> Dict[str, Any]:
        if self._parsed is None:
            self._parsed = json.loads(self._json)
        return self._parsed


class Event(_Result):
    """A normalized event: `log_type`, `json` (str) and `event` (dict, parsed
    on first use)."""

    __slots__ = ()

    @property
    def event(self) -> Dict[str, Any]:
        """The event as a dict (parsed on first use, then kept)."""
        return self._value()

    def __repr__(self) -> str:
        return f"Event({self.log_type!r}, {self.json[:60]!r}...)"


class Failure(_Result):
    """A classification failure: the classification_failures row (`json`,
    `record`) and its parts: `error`, `log_type`, `payload` (bytes, exactly
    the log), `reason`, `field`, `offset`.

    `reason` comes without parsing the JSON when the library gave it apart
    (Classifier.classify); a Failure of classify_lines reads it from the
    record."""

    __slots__ = ("_reason",)

    def __init__(self, log_type: str, json_text: Union[str, bytes],
                 reason: Optional[str] = None) -> None:
        super().__init__(log_type, json_text)
        self._reason = reason

    @property
    def record(self) -> Dict[str, Any]:
        """The classification_failures row as a dict (parsed on first use)."""
        return self._value()

    @property
    def error(self) -> str:
        """Why the log failed, for people: "n: expected int, got 1.5 ..."."""
        return self.record["error"]

    @property
    def reason(self) -> str:
        """Why the log failed, for programs: "type_mismatch", "malformed_json", ..."""
        if self._reason is None:
            self._reason = self.record["reason"]
        return self._reason

    @property
    def field(self) -> Optional[str]:
        """The field that failed ("request.status"), or None."""
        return self.record.get("field")

    @property
    def offset(self) -> int:
        """The byte offset in the log where it failed, or -1."""
        return self.record.get("offset", -1)

    @property
    def payload(self) -> bytes:
        """The log's exact bytes (also when they were not UTF-8)."""
        r = self.record
        if r.get("payload_encoding") == "base64":
            return base64.b64decode(r["payload"])
        return r["payload"].encode("utf-8")

    def __repr__(self) -> str:
        return f"Failure({self.log_type!r}, {self.reason!r}, {self.error!r})"


def _path_list(paths: Union[PathType, Iterable[PathType]]) -> List[bytes]:
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]
    return [n.path_bytes(p) for p in paths]


def schema_files(paths: Union[PathType, Iterable[PathType]]) -> List[str]:
    """The schema files of `paths` as `loghealth classify --schema` reads
    them: a file itself; a folder's *.yml, *.yaml and *.json, recursively and
    sorted, skipping *_tests files and tests/ folders. A folder without
    schema files gives none. Raises NotFoundError for a path that is not
    there."""
    encoded = _path_list(paths)
    out, error = ctypes.c_void_p(), ctypes.c_void_p()
    code = n.lh_schema_files(n.char_p_array(encoded), len(encoded), ctypes.byref(out),
                             ctypes.byref(error))
    if code != 0:
        raise error_for(code, n.take_string(error.value))
    return [os.fsdecode(line) for line in n.take_raw(out.value).split(b"\n") if line]


def _options(source_id, source_label, data_lake_timestamps, max_log_bytes, parse_time,
             row_id_seed) -> n.ClassifierOptions:
    options = n.ClassifierOptions()
    n.lh_classifier_options_init(ctypes.byref(options))
    options.source_id = n.encode(source_id)
    options.source_label = n.encode(source_label)
    options.data_lake_timestamps = 1 if data_lake_timestamps else 0
    options.max_log_bytes = max_log_bytes
    options.parse_time_ns = 0 if parse_time is None else unix_nanos(parse_time)
    options.row_id_seed = row_id_seed
    return options


_TEXT_TYPES = (str, bytes, bytearray, memoryview)


class Classifier(Closeable):
    """The log schemas attached to one source, compiled.

    `schemas` are schema texts: YAML or JSON (str or bytes), or
    "builtin:NAME" for a built-in log type. To read schema files and folders
    of them, use Classifier.from_files(paths): its errors name each file and
    line. A path (os.PathLike) given here raises TypeError; a str is always
    a text, never a file name.

    `log_types` names built-in log types (Panther's native types:
    "AWS.CloudTrail", "AWS.VPCFlow", ...; `loghealth log-types` lists them).

    `source_id` and `source_label` become every event's p_source_id and
    p_source_label. `data_lake_timestamps` writes timestamps in Panther's
    data-lake layout ("2006-01-02 15:04:05.000000000"). `max_log_bytes`
    (0: 8 MiB) makes longer logs fail. `parse_time` (unix ns, datetime or
    RFC 3339 text) fixes p_parse_time for every log, e.g. one time for a
    whole batch job; by default each log gets the wall clock. `row_id_seed`
    (nonzero) makes p_row_ids reproducible.

    A Classifier may be shared by threads: each thread gets its own stream
    internally. Use it as a context manager or call close(); close() waits
    for calls in progress on other threads, and later calls raise
    ValueError."""

    def __init__(self, schemas: Union[SchemaText, Iterable[SchemaText]] = (),
                 source_id: Optional[str] = None, source_label: Optional[str] = None,
                 data_lake_timestamps: bool = False, max_log_bytes: int = 0,
                 parse_time: Optional[TimeLike] = None, row_id_seed: int = 0,
                 log_types: Union[str, Iterable[str]] = ()) -> None:
        if isinstance(schemas, (*_TEXT_TYPES, os.PathLike)):
            schemas = [schemas]
        if isinstance(log_types, str):
            log_types = [log_types]
        schemas = list(schemas)
        texts = []
        for schema in schemas:
            if isinstance(schema, os.PathLike):
                raise TypeError(
                    f"Classifier() takes schema texts, not paths ({schema!r}): use "
                    f"Classifier.from_files([...]) to read schema files and folders")
            if not isinstance(schema, _TEXT_TYPES):
                raise TypeError(f"a schema is a YAML or JSON text (str or bytes), not "
                                f"{type(schema).__name__}")
            texts.append(n.encode(schema))
        texts += [b"builtin:" + n.encode(name) for name in log_types]
        if not texts:
            raise ValueError("a Classifier needs schemas or log_types")
        array = n.char_p_array(texts)
        lengths = (ctypes.c_size_t * len(texts))(*[len(t) for t in texts])
        options = _options(source_id, source_label, data_lake_timestamps, max_log_bytes,
                           parse_time, row_id_seed)
        handle, error = ctypes.c_void_p(), ctypes.c_void_p()
        code = n.lh_classifier_create(array, lengths, len(texts), ctypes.byref(options),
                                      ctypes.byref(handle), ctypes.byref(error))
        if code != 0:
            message = n.take_string(error.value)
            named = [s for s in schemas if isinstance(s, str) and "\n" not in s
                     and os.path.exists(s)]
            if named:
                message += (f"\n(the schema text {named[0]!r} names a file: Classifier() "
                            f"takes texts; use Classifier.from_files to read files)")
            raise error_for(code, message)
        self._start(handle)

    @classmethod
    def from_files(cls, paths: Union[PathType, Iterable[PathType]],
                   source_id: Optional[str] = None, source_label: Optional[str] = None,
                   data_lake_timestamps: bool = False, max_log_bytes: int = 0,
                   parse_time: Optional[TimeLike] = None,
                   row_id_seed: int = 0) -> "Classifier":
        """A Classifier of the schema files of `paths` (files, and folders of
        them read as schema_files() lists them), with the options of
        Classifier(). Errors name each file and line; a path that is not
        there raises NotFoundError, a broken schema InvalidArgumentError.
        A schema that names one of Panther's native parsers is served by the
        built-in of its name."""
        encoded = _path_list(paths)
        if not encoded:
            raise ValueError("Classifier.from_files needs at least one path")
        options = _options(source_id, source_label, data_lake_timestamps, max_log_bytes,
                           parse_time, row_id_seed)
        handle, error = ctypes.c_void_p(), ctypes.c_void_p()
        code = n.lh_classifier_create_from_files(n.char_p_array(encoded), len(encoded),
                                                 ctypes.byref(options), ctypes.byref(handle),
                                                 ctypes.byref(error))
        if code != 0:
            raise error_for(code, n.take_string(error.value))
        self = cls.__new__(cls)
        self._start(handle)
        return self

    def _start(self, handle: ctypes.c_void_p) -> None:
        self._handle = handle
        self._local = threading.local()
        self._streams: List[ctypes.c_void_p] = []
        self._streams_lock = threading.Lock()
        # Native calls in progress: close() waits until there are none.
        self._guard = CallGuard("Classifier")

    def _stream(self) -> ctypes.c_void_p:
        """This thread's stream, created on first use (inside the guard)."""
        stream = getattr(self._local, "stream", None)
        if stream is None:
            handle, error = ctypes.c_void_p(), ctypes.c_void_p()
            code = n.lh_stream_create(self._handle, ctypes.byref(handle), ctypes.byref(error))
            if code != 0:
                raise error_for(code, n.take_string(error.value))
            stream = handle
            self._local.stream = stream
            with self._streams_lock:
                self._streams.append(stream)
        return stream

    @staticmethod
    def _check(code: int, stream: ctypes.c_void_p) -> None:
        if code != 0:
            raise error_for(code, n.lh_stream_last_error(stream).decode("utf-8", "replace"))

    # -- classification ----------------------------------------------------------

    def classify(self, log: Union[str, bytes]) -> Union[Event, List[Event], Failure, None]:
        """One log (str or bytes): an Event, a Failure, or None if blank. A
        log with an envelope of several events (a CloudTrail file's
        {"Records": [...]}) gives a list of Events."""
        data = n.encode(log)
        result = n.Result()
        with self._guard:
            stream = self._stream()
            self._check(n.lh_classify(stream, data, len(data), ctypes.byref(result)), stream)
            if result.kind == _SKIPPED:
                return None
            # The result's memory belongs to the stream: copied while the
            # call still counts as in progress.
            log_type = ctypes.string_at(result.log_type, result.log_type_len).decode("utf-8")
            text = ctypes.string_at(result.json, result.json_len).decode("utf-8")
            reason = result.reason.decode("ascii") if result.reason else None
        if result.kind == _FAILURE:
            return Failure(log_type, text, reason)
        if "\n" in text:
            return [Event(log_type, line) for line in text.split("\n")]
        return Event(log_type, text)

    def classify_lines(self, data: Union[bytes, bytearray, memoryview, str,
                                         Iterable[Union[str, bytes]]],
                       chunk_bytes: int = 4 << 20) -> Iterator[Union[Event, Failure]]:
        """Newline-delimited logs (bytes, str, or an iterable of lines): yields
        an Event or a Failure per non-blank line, in order. Works in large
        batches: one call into the library per chunk, not per line."""
        if isinstance(data, (bytes, bytearray, memoryview, str)):
            yield from self._batch(n.encode(data))
            return
        pending, size = [], 0
        for line in data:
            line = n.encode(line)
            if not line.endswith(b"\n"):
                line += b"\n"
            pending.append(line)
            size += len(line)
            if size >= chunk_bytes:
                yield from self._batch(b"".join(pending))
                pending, size = [], 0
        if pending:
            yield from self._batch(b"".join(pending))

    def classify_batch(self, data: bytes) -> bytes:
        """Newline-delimited logs (bytes) in one call; returns bytes with one
        line per non-blank log, in order: b"E<log type>\\t<event JSON>" or
        b"F<log type>\\t<failure JSON>". For pipelines that write results out
        without looking into them."""
        out, length = ctypes.c_void_p(), ctypes.c_size_t()
        with self._guard:
            stream = self._stream()
            self._check(n.lh_classify_batch(stream, data, len(data), ctypes.byref(out),
                                            ctypes.byref(length)), stream)
        # The buffer belongs to the caller: no need to hold close() back.
        return n.take_bytes(out.value, length.value)

    def _batch(self, data: bytes) -> Iterator[Union[Event, Failure]]:
        # Each record's JSON is sliced straight out of the batch (one copy;
        # split() then a slice would copy every byte twice) and decoded only
        # when it is read: one non-ASCII character would make decoding the
        # whole buffer (and every slice of it) several times slower.
        out = self.classify_batch(data)
        find = out.find
        log_types = {}
        pos, size = 0, len(out)
        while pos < size:
            end = find(b"\n", pos)
            if end < 0:
                end = size
            if end > pos:
                tab = find(b"\t", pos, end)
                raw_type = out[pos + 1:tab]
                log_type = log_types.get(raw_type)
                if log_type is None:
                    log_type = log_types[raw_type] = raw_type.decode("utf-8")
                body = out[tab + 1:end]
                yield Event(log_type, body) if out[pos] == 69 else Failure(log_type, body)  # b"E"
            pos = end + 1

    def new_input(self, row_id_seed: int = 0) -> None:
        """A new file begins on this thread's stream (csv headers, skipLines).
        A nonzero `row_id_seed` restarts p_row_id at `seed` + counter 0, so
        classifying the same input again gives the same row ids."""
        with self._guard:
            stream = self._stream()
            self._check(n.lh_stream_new_input(stream), stream)
            if row_id_seed:
                self._check(n.lh_stream_restart_row_ids(stream, row_id_seed), stream)

    @property
    def reads_input_start(self) -> bool:
        """True when a schema learns from each input's first lines (a csv
        header, skipLines): such inputs cannot be split into blocks."""
        with self._guard:
            return bool(n.lh_classifier_reads_input_start(self._handle))

    @property
    def stats(self) -> Dict[str, int]:
        """This thread's counts: logs, bytes, events, failures, skipped."""
        s = n.Stats()
        with self._guard:
            stream = self._stream()
            self._check(n.lh_stream_stats(stream, ctypes.byref(s)), stream)
        return {"logs": s.logs, "bytes": s.bytes, "events": s.events,
                "failures": s.failures, "skipped": s.skipped}

    @property
    def closed(self) -> bool:
        """True once close() was called."""
        guard = getattr(self, "_guard", None)
        return guard is None or guard.closed

    # -- lifetime ------------------------------------------------------------------

    def close(self) -> None:
        """Frees the classifier and every thread's stream. Calls in progress
        on other threads finish first; calls after (or while close() waits)
        raise ValueError("the Classifier is closed"). A second close does
        nothing."""
        guard = getattr(self, "_guard", None)
        if guard is None or not guard.close():
            return  # __init__ failed before there was anything to free, or closed
        with self._streams_lock:
            streams, self._streams = self._streams, []
        handle, self._handle = self._handle, None
        for stream in streams:
            n.lh_stream_free(stream)
        if handle is not None:
            n.lh_classifier_free(handle)
        self._local = threading.local()
