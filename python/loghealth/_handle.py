"""Lifetime of objects that own a library handle: close(), a context
manager, and a last-chance close when garbage collected."""
import threading
from typing import Any, TypeVar

_T = TypeVar("_T", bound="Closeable")


class Closeable:
    """Base of the classes that own a library handle: `with obj:` closes
    it at the end of the block; so does garbage collection, as a last
    resort."""

    def close(self) -> None:
        """Frees the handle (subclasses do; a second close does nothing)."""
        raise NotImplementedError

    def __enter__(self: _T) -> _T:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # interpreter shutdown: the library may be gone
            pass


class CallGuard:
    """Native calls in progress on a handle that threads share, so that
    close() frees it only when none is running:

        with self._guard:        # raises ValueError once closing began
            n.lh_something(self._handle, ...)

    and in close(): `if self._guard.close(): free the handle`. Calls may
    nest on one thread (it is a count, not a lock)."""

    __slots__ = ("_cond", "_active", "_closed", "_what")

    def __init__(self, what: str) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._active = 0
        self._closed = False
        self._what = what

    @property
    def closed(self) -> bool:
        """True once close() began."""
        return self._closed

    def __enter__(self) -> None:
        with self._cond:
            if self._closed:
                raise ValueError(f"the {self._what} is closed")
            self._active += 1

    def __exit__(self, *exc: Any) -> None:
        with self._cond:
            self._active -= 1
            if self._active == 0:
                self._cond.notify_all()

    def close(self) -> bool:
        """Refuses new calls, waits for those in progress to return, and
        says whether the caller is the one to free the handle (False when
        it was closed already)."""
        with self._cond:
            if self._closed:
                return False
            self._closed = True
            while self._active:
                self._cond.wait()
            return True
