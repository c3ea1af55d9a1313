"""Exceptions raised from the C ABI's status codes.

Every call into libloghealth.so returns a status code: 0 is LH_OK and the
others have the values of absl::StatusCode (and google.rpc.Code). A failed
call raises the subclass of Error that belongs to its code; error_for() picks
it. Each subclass also derives from the builtin exception Python code would
naturally catch for that kind of failure:

    code  name                 class                    also a builtin
    ----  -------------------  -----------------------  -------------------
     1    CANCELLED            CancelledError           -
     2    UNKNOWN              UnknownError             -
     3    INVALID_ARGUMENT     InvalidArgumentError     ValueError
     4    DEADLINE_EXCEEDED    DeadlineExceededError    TimeoutError
     5    NOT_FOUND            NotFoundError            LookupError
     6    ALREADY_EXISTS       AlreadyExistsError       -
     7    PERMISSION_DENIED    PermissionDeniedError    PermissionError
     8    RESOURCE_EXHAUSTED   ResourceExhaustedError   MemoryError
     9    FAILED_PRECONDITION  FailedPreconditionError  -
    10    ABORTED              AbortedError             -
    11    OUT_OF_RANGE         OutOfRangeError          IndexError
    12    UNIMPLEMENTED        UnimplementedError       NotImplementedError
    13    INTERNAL             InternalError            -
    14    UNAVAILABLE          UnavailableError         -
    15    DATA_LOSS            DataLossError            -
    16    UNAUTHENTICATED      UnauthenticatedError     -

Any other code (0 included: it is not an error) gives a plain Error.

Codes without a builtin base have no builtin that means the same thing:
ALREADY_EXISTS is not only about files (FileExistsError), UNAVAILABLE is a
busy database or an unreadable folder, not a connection (ConnectionError),
and CANCELLED is not asyncio's cancellation. PermissionError and TimeoutError
are OSErrors; their errno is None. ResourceExhaustedError is a MemoryError
because the library reports both "out of memory" and "disk full" this way.
"""
from typing import Dict, Type

__all__ = [
    "Error", "CancelledError", "UnknownError", "InvalidArgumentError",
    "DeadlineExceededError", "NotFoundError", "AlreadyExistsError", "PermissionDeniedError",
    "ResourceExhaustedError", "FailedPreconditionError", "AbortedError", "OutOfRangeError",
    "UnimplementedError", "InternalError", "UnavailableError", "DataLossError",
    "UnauthenticatedError", "STATUS_NAMES", "error_for",
]

#: The status codes' names, as lh_status_name() gives them.
STATUS_NAMES: Dict[int, str] = {
    0: "OK", 1: "CANCELLED", 2: "UNKNOWN", 3: "INVALID_ARGUMENT", 4: "DEADLINE_EXCEEDED",
    5: "NOT_FOUND", 6: "ALREADY_EXISTS", 7: "PERMISSION_DENIED", 8: "RESOURCE_EXHAUSTED",
    9: "FAILED_PRECONDITION", 10: "ABORTED", 11: "OUT_OF_RANGE", 12: "UNIMPLEMENTED",
    13: "INTERNAL", 14: "UNAVAILABLE", 15: "DATA_LOSS", 16: "UNAUTHENTICATED",
}


class Error(Exception):
    """A loghealth call failed. `code` is the status code, `message` why
    (str(error) is the message as well)."""

    code: int
    message: str

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    @property
    def status_name(self) -> str:
        """The code's name: "INVALID_ARGUMENT", ...; "UNKNOWN_CODE" for
        codes the C ABI does not define."""
        return STATUS_NAMES.get(self.code, "UNKNOWN_CODE")

    def __reduce__(self):
        # Pickled with both arguments (Dask ships a worker's exceptions to
        # the client); the default would call cls(message) alone.
        return (type(self), (self.code, self.message))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, {self.message!r})"


class CancelledError(Error):
    """CANCELLED (1): the operation was cancelled, usually by the caller."""


class UnknownError(Error):
    """UNKNOWN (2): an error the library could not classify."""


class InvalidArgumentError(Error, ValueError):
    """INVALID_ARGUMENT (3): bad input, whatever the state: a broken schema,
    a malformed observation or config, a NULL handle. Also a ValueError."""


class DeadlineExceededError(Error, TimeoutError):
    """DEADLINE_EXCEEDED (4): the operation did not finish in time. Also a
    TimeoutError."""


class NotFoundError(Error, LookupError):
    """NOT_FOUND (5): an unknown source, alert, delivery, built-in log type,
    or a schema path that is not there. Also a LookupError."""


class AlreadyExistsError(Error):
    """ALREADY_EXISTS (6): what was to be created is there already."""


class PermissionDeniedError(Error, PermissionError):
    """PERMISSION_DENIED (7): not allowed, e.g. a read-only database file.
    Also a PermissionError (an OSError whose errno is None)."""


class ResourceExhaustedError(Error, MemoryError):
    """RESOURCE_EXHAUSTED (8): out of memory, or of disk space for a
    database. Also a MemoryError."""


class FailedPreconditionError(Error):
    """FAILED_PRECONDITION (9): not possible in this state, e.g. a database
    of a newer schema version, or a schema that needs a native parser this
    build does not have."""


class AbortedError(Error):
    """ABORTED (10): the operation was aborted (a conflict); it may succeed
    when tried again from a higher level."""


class OutOfRangeError(Error, IndexError):
    """OUT_OF_RANGE (11): past the valid range (an offset, a time). Also an
    IndexError."""


class UnimplementedError(Error, NotImplementedError):
    """UNIMPLEMENTED (12): not supported by this build. Also a
    NotImplementedError."""


class InternalError(Error):
    """INTERNAL (13): a bug in loghealth: please report it."""


class UnavailableError(Error):
    """UNAVAILABLE (14): transient: a busy database, a file system error;
    trying again later may work."""


class DataLossError(Error):
    """DATA_LOSS (15): unrecoverable data loss or corruption, e.g. a corrupt
    database or state file."""


class UnauthenticatedError(Error):
    """UNAUTHENTICATED (16): the request lacks valid credentials."""


_BY_CODE: Dict[int, Type[Error]] = {
    1: CancelledError, 2: UnknownError, 3: InvalidArgumentError, 4: DeadlineExceededError,
    5: NotFoundError, 6: AlreadyExistsError, 7: PermissionDeniedError,
    8: ResourceExhaustedError, 9: FailedPreconditionError, 10: AbortedError,
    11: OutOfRangeError, 12: UnimplementedError, 13: InternalError, 14: UnavailableError,
    15: DataLossError, 16: UnauthenticatedError,
}


def error_for(code: int, message: str) -> Error:
    """The exception for status `code` with `message` (not raised): the class
    of the table above, or Error for a code outside 1..16."""
    return _BY_CODE.get(code, Error)(code, message)
