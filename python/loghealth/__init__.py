"""loghealth: Panther-compatible log classification and System Health alerts.

    import loghealth
    with loghealth.Classifier(["schemas/app.yml"], source_id="src-1") as c:
        for r in c.classify_lines(open("app.jsonl", "rb").read()):
            ...  # loghealth.Event or loghealth.Failure

Loads libloghealth.so from this package's folder, $LOGHEALTH_LIBRARY, or the
bazel-bin/capi/ of a source checkout.
"""
from ._native import lh_version as _lh_version
from .classifier import Classifier, Event, Failure
from .database import MonitorDatabase
from .errors import (Error, FailedPreconditionError, InternalError, InvalidArgumentError,
                     NotFoundError, UnimplementedError)
from .monitor import HealthMonitor
from .service import HealthService

__version__ = _lh_version().decode("ascii")

__all__ = ["Classifier", "Event", "Failure", "HealthMonitor", "HealthService", "MonitorDatabase",
           "Error", "InvalidArgumentError", "NotFoundError", "FailedPreconditionError",
           "UnimplementedError", "InternalError", "__version__"]
