"""Times given as unix nanoseconds, datetimes or RFC 3339 text."""
import datetime
from typing import Union

#: A time: unix nanoseconds (int), a datetime (naive means UTC), or RFC 3339
#: text ("2024-05-01T10:00:00Z").
TimeLike = Union[int, datetime.datetime, str]

_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def unix_nanos(time: TimeLike) -> int:
    """unix ns from an int (ns), a datetime (naive means UTC), or RFC 3339
    text."""
    if isinstance(time, int):
        return time
    if isinstance(time, str):
        time = datetime.datetime.fromisoformat(time.replace("Z", "+00:00"))
    if time.tzinfo is None:
        time = time.replace(tzinfo=datetime.timezone.utc)
    delta = time - _EPOCH
    return (delta.days * 86400 + delta.seconds) * 1_000_000_000 + delta.microseconds * 1000


def rfc3339(nanos: int) -> str:
    """unix ns -> "2006-01-02T15:04:05Z" (whole seconds; the monitor's
    observations need no more)."""
    seconds = nanos // 1_000_000_000
    return (_EPOCH + datetime.timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")
