"""Classifying logs from Python: Classifier, Event, Failure."""
import base64
import ctypes
import json
import os
import threading

from . import _native as n
from ._handle import Closeable
from .errors import error_for
from ._time import unix_nanos


class Event:
    """A normalized event: `log_type`, `json` (str) and `event` (dict, parsed
    on first use)."""

    __slots__ = ("log_type", "_json", "_event")

    def __init__(self, log_type, json_text):
        self.log_type = log_type
        self._json = json_text  # str, or UTF-8 bytes decoded on first use
        self._event = None

    @property
    def json(self):
        if isinstance(self._json, bytes):
            self._json = self._json.decode("utf-8")
        return self._json

    @property
    def event(self):
        if self._event is None:
            self._event = json.loads(self._json)
        return self._event

    def __repr__(self):
        return f"Event({self.log_type!r}, {self.json[:60]!r}...)"


class Failure:
    """A classification failure: the classification_failures row (`json`,
    `record`) and its parts: `error`, `log_type`, `payload` (bytes, exactly
    the log), `reason`, `field`, `offset`."""

    __slots__ = ("log_type", "_json", "_record")

    def __init__(self, log_type, json_text):
        self.log_type = log_type
        self._json = json_text  # str, or UTF-8 bytes decoded on first use
        self._record = None

    @property
    def json(self):
        if isinstance(self._json, bytes):
            self._json = self._json.decode("utf-8")
        return self._json

    @property
    def record(self):
        if self._record is None:
            self._record = json.loads(self._json)
        return self._record

    @property
    def error(self):
        return self.record["error"]

    @property
    def reason(self):
        return self.record["reason"]

    @property
    def field(self):
        return self.record.get("field")

    @property
    def offset(self):
        return self.record.get("offset", -1)

    @property
    def payload(self):
        r = self.record
        if r.get("payload_encoding") == "base64":
            return base64.b64decode(r["payload"])
        return r["payload"].encode("utf-8")

    def __repr__(self):
        return f"Failure({self.log_type!r}, {self.reason!r}, {self.error!r})"


def _schema_text(schema):
    """A schema given as YAML/JSON text (str or bytes) or as a path."""
    if isinstance(schema, os.PathLike) or (
            isinstance(schema, str) and "\n" not in schema and os.path.isfile(schema)):
        with open(schema, "rb") as f:
            return f.read()
    return n.encode(schema)


class Classifier(Closeable):
    """The log schemas attached to one source, compiled.

    `schemas` are YAML/JSON texts or file paths; `log_types` names built-in
    log types (Panther's native types: "AWS.CloudTrail", "AWS.VPCFlow", ...;
    `loghealth log-types` lists them). A Classifier may be shared by threads:
    each thread gets its own stream internally. Use it as a context manager
    or call close().

    `parse_time` (unix ns, datetime or RFC 3339 text) fixes p_parse_time for
    every log, e.g. one time for a whole batch job; by default each log gets
    the wall clock. `row_id_seed` (nonzero) makes p_row_ids reproducible."""

    def __init__(self, schemas=(), source_id=None, source_label=None,
                 data_lake_timestamps=False, max_log_bytes=0, parse_time=None,
                 row_id_seed=0, log_types=()):
        if isinstance(schemas, (str, bytes, os.PathLike)):
            schemas = [schemas]
        if isinstance(log_types, str):
            log_types = [log_types]
        texts = [_schema_text(s) for s in schemas]
        texts += [b"builtin:" + n.encode(name) for name in log_types]
        if not texts:
            raise ValueError("a Classifier needs schemas or log_types")
        array = (ctypes.c_char_p * len(texts))(*texts)
        lengths = (ctypes.c_size_t * len(texts))(*[len(t) for t in texts])
        options = n.ClassifierOptions()
        n.lh_classifier_options_init(ctypes.byref(options))
        options.source_id = n.encode(source_id)
        options.source_label = n.encode(source_label)
        options.data_lake_timestamps = 1 if data_lake_timestamps else 0
        options.max_log_bytes = max_log_bytes
        options.parse_time_ns = 0 if parse_time is None else unix_nanos(parse_time)
        options.row_id_seed = row_id_seed
        handle, error = ctypes.c_void_p(), ctypes.c_void_p()
        code = n.lh_classifier_create(array, lengths, len(texts), ctypes.byref(options),
                                      ctypes.byref(handle), ctypes.byref(error))
        if code != 0:
            raise error_for(code, n.take_string(error.value))
        self._handle = handle
        self._local = threading.local()
        self._streams = []
        self._lock = threading.Lock()

    # -- streams (one per thread) ------------------------------------------------

    def _stream(self):
        stream = getattr(self._local, "stream", None)
        if stream is None:
            if self._handle is None:
                raise ValueError("the Classifier is closed")
            handle, error = ctypes.c_void_p(), ctypes.c_void_p()
            code = n.lh_stream_create(self._handle, ctypes.byref(handle), ctypes.byref(error))
            if code != 0:
                raise error_for(code, n.take_string(error.value))
            stream = handle
            self._local.stream = stream
            with self._lock:
                self._streams.append(stream)
        return stream

    def _check(self, code, stream):
        if code != 0:
            raise error_for(code, n.lh_stream_last_error(stream).decode("utf-8", "replace"))

    # -- classification ----------------------------------------------------------

    def classify(self, log):
        """One log (str or bytes): an Event, a Failure, or None if blank. A
        log with an envelope of several events (a CloudTrail file's
        {"Records": [...]}) gives a list of Events."""
        stream = self._stream()
        data = n.encode(log)
        result = n.Result()
        self._check(n.lh_classify(stream, data, len(data), ctypes.byref(result)), stream)
        if result.kind == 2:
            return None
        log_type = ctypes.string_at(result.log_type, result.log_type_len).decode("utf-8")
        text = ctypes.string_at(result.json, result.json_len).decode("utf-8")
        if result.kind != 0:
            return Failure(log_type, text)
        if "\n" in text:
            return [Event(log_type, line) for line in text.split("\n")]
        return Event(log_type, text)

    def classify_lines(self, data, chunk_bytes=4 << 20):
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

    def classify_batch(self, data):
        """Newline-delimited logs (bytes) in one call; returns bytes with one
        line per non-blank log, in order: b"E<log type>\t<event JSON>" or
        b"F<log type>\t<failure JSON>". For pipelines that write results out
        without looking into them."""
        stream = self._stream()
        out, length = ctypes.c_void_p(), ctypes.c_size_t()
        self._check(n.lh_classify_batch(stream, data, len(data), ctypes.byref(out),
                                        ctypes.byref(length)), stream)
        return n.take_bytes(out.value, length.value)

    def _batch(self, data):
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

    def new_input(self, row_id_seed=0):
        """A new file begins on this thread's stream (csv headers, skipLines).
        A nonzero `row_id_seed` restarts p_row_id at `seed` + counter 0, so
        classifying the same input again gives the same row ids."""
        stream = self._stream()
        self._check(n.lh_stream_new_input(stream), stream)
        if row_id_seed:
            self._check(n.lh_stream_restart_row_ids(stream, row_id_seed), stream)

    @property
    def reads_input_start(self):
        """True when a schema learns from each input's first lines (a csv
        header, skipLines): such inputs cannot be split into blocks."""
        if self._handle is None:
            raise ValueError("the Classifier is closed")
        return bool(n.lh_classifier_reads_input_start(self._handle))

    @property
    def stats(self):
        """This thread's counts: logs, bytes, events, failures, skipped."""
        stream = self._stream()
        s = n.Stats()
        self._check(n.lh_stream_stats(stream, ctypes.byref(s)), stream)
        return {"logs": s.logs, "bytes": s.bytes, "events": s.events,
                "failures": s.failures, "skipped": s.skipped}

    # -- lifetime ------------------------------------------------------------------

    def close(self):
        if not hasattr(self, "_lock"):
            return  # __init__ failed before there was anything to free
        with self._lock:
            for stream in self._streams:
                n.lh_stream_free(stream)
            self._streams = []
        self._local = threading.local()
        if self._handle is not None:
            n.lh_classifier_free(self._handle)
            self._handle = None
