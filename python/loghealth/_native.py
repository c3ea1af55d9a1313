"""ctypes declarations of libloghealth.so: every function gets its argtypes
and restype; handles are c_void_p; library-owned memory comes back as
c_void_p and is freed with lh_free.

The library is looked for at $LOGHEALTH_LIBRARY (when set), then next to this
file (an installed package carries its own copy), then at bazel-bin/capi/ of
the source checkout this package sits in. Its C ABI version must have the
major and minor version this package was written for (ABI_VERSION).
"""
import ctypes
import os
import pathlib
from typing import Iterator, Optional, Tuple

_HERE = pathlib.Path(__file__).resolve().parent

#: The C ABI version (major, minor) this package was written for: a library
#: of another major or minor version is refused at import; any patch level
#: is accepted.
ABI_VERSION: Tuple[int, int] = (0, 3)


def _candidates() -> Iterator[pathlib.Path]:
    env = os.environ.get("LOGHEALTH_LIBRARY")
    if env:
        yield pathlib.Path(env)
    yield _HERE / "libloghealth.so"
    # A source checkout: python/loghealth -> bazel-bin/capi/
    yield _HERE.parent.parent / "bazel-bin" / "capi" / "libloghealth.so"


def _load() -> Tuple[ctypes.CDLL, str]:
    tried = []
    for path in _candidates():
        tried.append(str(path))
        if path.is_file():
            return ctypes.CDLL(str(path)), str(path)
    raise ImportError(
        "libloghealth.so not found (looked at: " + ", ".join(tried) + "). Build it with "
        "`bazel build //capi:libloghealth.so` from the source checkout, or set "
        "LOGHEALTH_LIBRARY to its path.")


def version_text(number: int) -> str:
    """lh_version_number()'s major*10000 + minor*100 + patch as "0.3.0"."""
    return f"{number // 10000}.{number // 100 % 100}.{number % 100}"


def check_version(number: int, library_path: str,
                  expected: Tuple[int, int] = ABI_VERSION) -> None:
    """Raises ImportError unless the library's version `number` (as
    lh_version_number() gives it) has the major and minor of `expected`."""
    major, minor = number // 10000, number // 100 % 100
    if (major, minor) == tuple(expected):
        return
    wanted = f"{expected[0]}.{expected[1]}"
    raise ImportError(
        f"{library_path} is loghealth C ABI version {version_text(number)}, but this "
        f"loghealth Python package ({_HERE}) was written for C ABI version {wanted}.x. "
        f"Rebuild the library from the same source checkout as the package "
        f"(`bazel build //capi:libloghealth.so`; reinstall the package if it was "
        f"installed with pip), or set LOGHEALTH_LIBRARY to a {wanted}.x libloghealth.so.")


lib, library_path = _load()

# Checked before anything else is declared: a library of another version may
# lack functions this module declares.
try:
    _lh_version_number = lib.lh_version_number
except AttributeError:  # every loghealth C ABI has had it
    raise ImportError(
        f"{library_path} has no lh_version_number: it is not a loghealth C ABI library. "
        f"Build it with `bazel build //capi:libloghealth.so` from the source checkout, or "
        f"set LOGHEALTH_LIBRARY to a {ABI_VERSION[0]}.{ABI_VERSION[1]}.x "
        f"libloghealth.so.") from None
_lh_version_number.restype = ctypes.c_uint
_lh_version_number.argtypes = []
check_version(_lh_version_number(), library_path)

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
lh_version_number = _declare("lh_version_number", ctypes.c_uint)
lh_status_name = _declare("lh_status_name", c_char_p, c_int)
lh_free = _declare("lh_free", None, c_void_p)
lh_classifier_options_init = _declare("lh_classifier_options_init", None,
                                      ctypes.POINTER(ClassifierOptions))
lh_classifier_create = _declare(
    "lh_classifier_create", c_int, ctypes.POINTER(c_char_p), ctypes.POINTER(c_size_t),
    c_size_t, ctypes.POINTER(ClassifierOptions), ctypes.POINTER(c_void_p),
    ctypes.POINTER(c_void_p))
lh_classifier_create_from_files = _declare(
    "lh_classifier_create_from_files", c_int, ctypes.POINTER(c_char_p), c_size_t,
    ctypes.POINTER(ClassifierOptions), ctypes.POINTER(c_void_p), ctypes.POINTER(c_void_p))
lh_schema_files = _declare("lh_schema_files", c_int, ctypes.POINTER(c_char_p), c_size_t,
                           ctypes.POINTER(c_void_p), ctypes.POINTER(c_void_p))
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


def encode(text) -> Optional[bytes]:
    """str -> UTF-8 at the edge; bytes pass as they are."""
    if text is None:
        return None
    if isinstance(text, (bytes, bytearray, memoryview)):
        return bytes(text)
    return str(text).encode("utf-8")


def take_bytes(pointer: Optional[int], length: int) -> bytes:
    """Copies library-owned memory, then frees it through the library."""
    try:
        return ctypes.string_at(pointer, length) if pointer else b""
    finally:
        lh_free(pointer)


def take_raw(pointer: Optional[int]) -> bytes:
    """Copies a library-owned NUL-terminated string as bytes, then frees it."""
    try:
        return ctypes.string_at(pointer) if pointer else b""
    finally:
        lh_free(pointer)


def take_string(pointer: Optional[int]) -> str:
    """Copies a library-owned NUL-terminated UTF-8 string, then frees it."""
    try:
        return ctypes.string_at(pointer).decode("utf-8") if pointer else ""
    finally:
        lh_free(pointer)


def char_p_array(items):
    """A `const char *const *` of `items` (bytes): the array keeps them
    alive as long as it lives."""
    return (c_char_p * len(items))(*items)


def path_bytes(path) -> bytes:
    """A path (str, bytes or os.PathLike) as the file system's bytes."""
    return os.fsencode(os.fspath(path))
