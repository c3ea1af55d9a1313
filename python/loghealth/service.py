"""The System Health service from Python: a monitor on the wall clock that
delivers its System Errors to real destinations and keeps its state in a
folder (loghealth/service.h; `loghealth serve` is the same thing as a
command)."""
import ctypes
import json
import os

from . import _native as n
from ._handle import Closeable
from .errors import error_for

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
    the same `state_dir`, it continues where it stopped."""

    def __init__(self, config, state_dir):
        text = n.encode(config if isinstance(config, (str, bytes)) else json.dumps(config))
        handle, error = ctypes.c_void_p(), ctypes.c_void_p()
        code = n.lh_service_start(text, len(text), n.encode(os.fspath(state_dir)),
                                  ctypes.byref(handle), ctypes.byref(error))
        if code != 0:
            raise error_for(code, n.take_string(error.value))
        self._handle = handle

    def _check(self, code):
        if code != 0:
            raise error_for(code, n.lh_service_last_error().decode("utf-8", "replace"))

    def observe(self, observation):
        """One observation, a dict or JSON text with the timeline's shapes;
        "time" is optional (default: now)."""
        text = n.encode(observation if isinstance(observation, (str, bytes))
                        else json.dumps(observation))
        self._check(n.lh_service_observe(self._handle, text, len(text)))

    def resolve(self, alert_id, actor, reason=""):
        self._check(n.lh_service_resolve(self._handle, n.encode(alert_id), n.encode(actor),
                                         n.encode(reason)))

    def wait_idle(self, timeout=None):
        """Waits until no delivery is pending, at most `timeout` seconds
        (None: no limit). True when idle."""
        ms = -1 if timeout is None else int(timeout * 1000)
        code = n.lh_service_wait_idle(self._handle, ms)
        if code == _DEADLINE_EXCEEDED:
            return False
        self._check(code)
        return True

    def records(self):
        """The records since the previous call (alarm_state, alert,
        alert_update, alert_resolved, delivery, data_audit), as dicts. They
        are in state_dir/records.jsonl as well."""
        out = ctypes.c_void_p()
        self._check(n.lh_service_take_records(self._handle, ctypes.byref(out)))
        return [json.loads(line) for line in n.take_string(out.value).splitlines()]

    def stop(self):
        """Waits up to 10 s for deliveries in flight and writes the state."""
        self._check(n.lh_service_stop(self._handle))

    def close(self):
        if getattr(self, "_handle", None) is not None:
            n.lh_service_free(self._handle)
            self._handle = None
