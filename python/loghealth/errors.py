"""Exceptions raised from the C ABI's status codes (absl::StatusCode values)."""


class Error(Exception):
    """A loghealth call failed. `code` is the status code, `message` why."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


class InvalidArgumentError(Error, ValueError):
    """Bad input: a broken schema, a malformed observation, a NULL handle."""


class NotFoundError(Error):
    """An unknown source, alert or delivery."""


class FailedPreconditionError(Error):
    """Not possible in this state (e.g. a schema that needs a native parser)."""


class UnimplementedError(Error):
    """Not supported by this build."""


class InternalError(Error):
    """A bug in loghealth: please report it."""


_BY_CODE = {3: InvalidArgumentError, 5: NotFoundError, 9: FailedPreconditionError,
            12: UnimplementedError, 13: InternalError}


def error_for(code, message):
    return _BY_CODE.get(code, Error)(code, message)
