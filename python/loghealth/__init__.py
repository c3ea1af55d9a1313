"""loghealth: Panther-compatible log classification and System Health alerts.

    import loghealth
    with loghealth.Classifier.from_files(["schemas/app.yml"], source_id="src-1") as c:
        for r in c.classify_lines(open("app.jsonl", "rb").read()):
            ...  # loghealth.Event or loghealth.Failure

Loads libloghealth.so from $LOGHEALTH_LIBRARY when it is set, else from this
package's folder (where `pip install` puts it), else from the bazel-bin/capi/
of the source checkout the package sits in. library_path says which one was
loaded. The library's C ABI must be version ABI_VERSION (major, minor; any
patch): another one is refused with an ImportError at import.
"""
from typing import Tuple

from . import _native
from .classifier import Classifier, Event, Failure, schema_files
from .database import MonitorDatabase
from .errors import (AbortedError, AlreadyExistsError, CancelledError, DataLossError,
                     DeadlineExceededError, Error, FailedPreconditionError, InternalError,
                     InvalidArgumentError, NotFoundError, OutOfRangeError,
                     PermissionDeniedError, ResourceExhaustedError, UnauthenticatedError,
                     UnavailableError, UnimplementedError, UnknownError, error_for)
from .monitor import HealthMonitor
from .service import HealthService

#: The loaded library's version, e.g. "0.3.0".
__version__: str = _native.lh_version().decode("ascii")
#: The path of the libloghealth.so this package loaded.
library_path: str = _native.library_path
#: The C ABI version (major, minor) this package was written for.
ABI_VERSION: Tuple[int, int] = _native.ABI_VERSION

__all__ = [
    "Classifier", "Event", "Failure", "schema_files", "HealthMonitor", "HealthService",
    "MonitorDatabase",
    "Error", "CancelledError", "UnknownError", "InvalidArgumentError", "DeadlineExceededError",
    "NotFoundError", "AlreadyExistsError", "PermissionDeniedError", "ResourceExhaustedError",
    "FailedPreconditionError", "AbortedError", "OutOfRangeError", "UnimplementedError",
    "InternalError", "UnavailableError", "DataLossError", "UnauthenticatedError", "error_for",
    "library_path", "ABI_VERSION", "__version__",
]
