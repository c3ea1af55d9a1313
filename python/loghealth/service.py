"""The System Health service from Python: a monitor on the wall clock that
delivers its System Errors to real destinations and keeps its state in a
folder (loghealth/service.h; `loghealth serve` is the same thing as a
command)."""
import ctypes
import json
import os
from typing import List, Optional, Union

from . import _native as n
from ._handle import CallGuard, Closeable
from .errors import error_for
from .monitor import Config, Record, _text

__all__ = ["HealthService"]

# lh_service_wait_idle's answer when deliveries are still pending.
_DEADLINE_EXCEEDED = 4


class HealthService(Closeable):
    """Runs on a thread of its own inside the library; every method may be
    called from any thread.

        with loghealth.HealthService(config, "state/") as service:
            service.observe({"type": "classification_failure", "source": "src",
                             "error": "...", "payload": "..."})
            service.wait_idle(30)
            for record in service.records(): ...

    `config` is a dict or YAML/JSON text (the monitor config with typed
    destinations); destination secrets are read from the environment
    variables and files it names, when the service starts. Started again on
    the same `state_dir`, it continues where it stopped. close() waits for
    calls in progress on other threads; later calls raise ValueError."""

    def __init__(self, config: Config, state_dir: Union[str, "os.PathLike[str]"]) -> None:
        text = _text(config)
        handle, error = ctypes.c_void_p(), ctypes.c_void_p()
        code = n.lh_service_start(text, len(text), n.path_bytes(state_dir),
                                  ctypes.byref(handle), ctypes.byref(error))
        if code != 0:
            raise error_for(code, n.take_string(error.value))
        self._handle = handle
        self._guard = CallGuard("HealthService")

    @staticmethod
    def _check(code: int) -> None:
        if code != 0:
            raise error_for(code, n.lh_service_last_error().decode("utf-8", "replace"))

    def observe(self, observation: Config) -> None:
        """One observation, a dict or JSON text with the timeline's shapes;
        "time" is optional (default: now)."""
        text = _text(observation)
        with self._guard:
            self._check(n.lh_service_observe(self._handle, text, len(text)))

    def resolve(self, alert_id: str, actor: str, reason: str = "") -> None:
        """Resolves an open alert (NotFoundError for an unknown one)."""
        with self._guard:
            self._check(n.lh_service_resolve(self._handle, n.encode(alert_id),
                                             n.encode(actor), n.encode(reason)))

    def wait_idle(self, timeout: Optional[float] = None) -> bool:
        """Waits until no delivery is pending, at most `timeout` seconds
        (None: no limit). True when idle."""
        ms = -1 if timeout is None else int(timeout * 1000)
        with self._guard:
            code = n.lh_service_wait_idle(self._handle, ms)
            if code == _DEADLINE_EXCEEDED:
                return False
            self._check(code)
        return True

    def records(self) -> List[Record]:
        """Takes the records since the previous call, every kind
        (alarm_state, alert, alert_update, alert_resolved, delivery,
        data_audit), as dicts. They are in state_dir/records.jsonl as
        well."""
        out = ctypes.c_void_p()
        with self._guard:
            self._check(n.lh_service_take_records(self._handle, ctypes.byref(out)))
        return [json.loads(line) for line in n.take_string(out.value).splitlines()]

    def stop(self) -> None:
        """Waits up to 10 s for deliveries in flight and writes the state."""
        with self._guard:
            self._check(n.lh_service_stop(self._handle))

    def close(self) -> None:
        """Stops (as stop()) and frees the service, once calls in progress
        on other threads have returned. A second close does nothing."""
        guard = getattr(self, "_guard", None)
        if guard is None or not guard.close():
            return
        handle, self._handle = self._handle, None
        n.lh_service_free(handle)
