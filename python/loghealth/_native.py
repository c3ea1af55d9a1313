"""ctypes declarations of libloghealth.so: every function gets its argtypes
and restype; handles are c_void_p; library-owned memory comes back as
c_void_p and is freed with lh_free."""
import ctypes
import os
import pathlib

_HERE = pathlib.Path(__file__).resolve().parent


def _candidates():
    env = os.environ.get("LOGHEALTH_LIBRARY")
    if env:
        yield pathlib.Path(env)
    yield _HERE / "libloghealth.so"
    # A source checkout: python/loghealth -> bazel-bin/capi/
    yield _HERE.parent.parent / "bazel-bin" / "capi" / "libloghealth.so"


def _load():
    tried = []
    for path in _candidates():
        tried.append(str(path))
        if path.is_file():
            return ctypes.CDLL(str(path))
    raise ImportError(
        "libloghealth.so not found (looked at: " + ", ".join(tried) + "). Build it with "
        "`bazel build //capi:libloghealth.so` from the source checkout, or set "
        "LOGHEALTH_LIBRARY to its path.")


lib = _load()

c_char_p, c_void_p, c_size_t, c_int, c_int64 = (
    ctypes.c_char_p, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int64)


class Result(ctypes.Structure):
    _fields_ = [("kind", c_int), ("log_type", c_void_p), ("log_type_len", c_size_t),
                ("json", c_void_p), ("json_len", c_size_t), ("reason", c_char_p),
                ("offset", c_int64)]


class Stats(ctypes.Structure):
    _fields_ = [("logs", ctypes.c_uint64), ("bytes", ctypes.c_uint64),
                ("events", ctypes.c_uint64), ("failures", ctypes.c_uint64),
                ("skipped", ctypes.c_uint64)]


class ClassifierOptions(ctypes.Structure):
    _fields_ = [("version", c_int), ("source_id", c_char_p), ("source_label", c_char_p),
                ("data_lake_timestamps", c_int), ("max_log_bytes", c_size_t),
                ("parse_time_ns", c_int64), ("row_id_seed", ctypes.c_uint64),
                ("max_depth", c_int), ("validate_only", c_int)]


def _declare(name, restype, *argtypes):
    f = getattr(lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)
    return f


lh_version = _declare("lh_version", c_char_p)
lh_status_name = _declare("lh_status_name", c_char_p, c_int)
lh_free = _declare("lh_free", None, c_void_p)
lh_classifier_options_init = _declare("lh_classifier_options_init", None,
                                      ctypes.POINTER(ClassifierOptions))
lh_classifier_create = _declare(
    "lh_classifier_create", c_int, ctypes.POINTER(c_char_p), ctypes.POINTER(c_size_t),
    c_size_t, ctypes.POINTER(ClassifierOptions), ctypes.POINTER(c_void_p),
    ctypes.POINTER(c_void_p))
lh_classifier_free = _declare("lh_classifier_free", None, c_void_p)
lh_classifier_reads_input_start = _declare("lh_classifier_reads_input_start", c_int,
                                           c_void_p)
lh_stream_create = _declare("lh_stream_create", c_int, c_void_p, ctypes.POINTER(c_void_p),
                            ctypes.POINTER(c_void_p))
lh_stream_free = _declare("lh_stream_free", None, c_void_p)
lh_stream_last_error = _declare("lh_stream_last_error", c_char_p, c_void_p)
lh_stream_new_input = _declare("lh_stream_new_input", c_int, c_void_p)
lh_stream_restart_row_ids = _declare("lh_stream_restart_row_ids", c_int, c_void_p,
                                     ctypes.c_uint64)
lh_classify = _declare("lh_classify", c_int, c_void_p, c_char_p, c_size_t,
                       ctypes.POINTER(Result))
lh_classify_batch = _declare("lh_classify_batch", c_int, c_void_p, c_char_p, c_size_t,
                             ctypes.POINTER(c_void_p), ctypes.POINTER(c_size_t))
lh_stream_stats = _declare("lh_stream_stats", c_int, c_void_p, ctypes.POINTER(Stats))
lh_monitor_create = _declare("lh_monitor_create", c_int, c_char_p, c_size_t,
                             ctypes.POINTER(c_void_p), ctypes.POINTER(c_void_p))
lh_monitor_restore = _declare("lh_monitor_restore", c_int, c_char_p, c_size_t, c_char_p,
                              c_size_t, ctypes.POINTER(c_void_p), ctypes.POINTER(c_void_p))
lh_monitor_free = _declare("lh_monitor_free", None, c_void_p)
lh_monitor_last_error = _declare("lh_monitor_last_error", c_char_p, c_void_p)
lh_monitor_observe = _declare("lh_monitor_observe", c_int, c_void_p, c_char_p, c_size_t)
lh_monitor_advance = _declare("lh_monitor_advance", c_int, c_void_p, c_int64)
lh_monitor_next_due = _declare("lh_monitor_next_due", c_int64, c_void_p)
lh_monitor_take_records = _declare("lh_monitor_take_records", c_int, c_void_p,
                                   ctypes.POINTER(c_void_p))
lh_monitor_take_deliveries = _declare("lh_monitor_take_deliveries", c_int, c_void_p,
                                      ctypes.POINTER(c_void_p))
lh_monitor_report_delivery = _declare("lh_monitor_report_delivery", c_int, c_void_p,
                                      c_char_p, c_int, c_char_p)
lh_monitor_resolve = _declare("lh_monitor_resolve", c_int, c_void_p, c_char_p, c_char_p,
                              c_char_p)
lh_monitor_snapshot = _declare("lh_monitor_snapshot", c_int, c_void_p,
                               ctypes.POINTER(c_void_p), ctypes.POINTER(c_size_t))

lh_service_start = _declare("lh_service_start", c_int, c_char_p, c_size_t, c_char_p,
                            ctypes.POINTER(c_void_p), ctypes.POINTER(c_void_p))
lh_service_free = _declare("lh_service_free", None, c_void_p)
lh_service_last_error = _declare("lh_service_last_error", c_char_p)
lh_service_observe = _declare("lh_service_observe", c_int, c_void_p, c_char_p, c_size_t)
lh_service_resolve = _declare("lh_service_resolve", c_int, c_void_p, c_char_p, c_char_p,
                              c_char_p)
lh_service_wait_idle = _declare("lh_service_wait_idle", c_int, c_void_p, c_int64)
lh_service_take_records = _declare("lh_service_take_records", c_int, c_void_p,
                                   ctypes.POINTER(c_void_p))
lh_service_stop = _declare("lh_service_stop", c_int, c_void_p)

lh_database_open = _declare("lh_database_open", c_int, c_char_p, c_size_t,
                            ctypes.POINTER(c_void_p), ctypes.POINTER(c_void_p))
lh_database_free = _declare("lh_database_free", None, c_void_p)
lh_database_last_error = _declare("lh_database_last_error", c_char_p)
lh_database_add_failure = _declare("lh_database_add_failure", c_int, c_void_p, c_char_p,
                                   c_size_t, c_char_p, c_size_t)
lh_database_add_records = _declare("lh_database_add_records", c_int, c_void_p, c_char_p,
                                   c_size_t)
lh_database_flush = _declare("lh_database_flush", c_int, c_void_p)
lh_database_failure_groups = _declare("lh_database_failure_groups", c_int, c_void_p, c_char_p,
                                      c_char_p, c_int64, c_size_t, ctypes.POINTER(c_void_p))


def encode(text):
    """str -> UTF-8 at the edge; bytes pass as they are."""
    if text is None:
        return None
    if isinstance(text, (bytes, bytearray, memoryview)):
        return bytes(text)
    return str(text).encode("utf-8")


def take_bytes(pointer, length):
    """Copies library-owned memory, then frees it through the library."""
    try:
        return ctypes.string_at(pointer, length) if pointer else b""
    finally:
        lh_free(pointer)


def take_string(pointer):
    try:
        return ctypes.string_at(pointer).decode("utf-8") if pointer else ""
    finally:
        lh_free(pointer)
