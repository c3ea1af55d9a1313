"""The System Health monitor from Python."""
import ctypes
import json

from . import _native as n
from ._handle import Closeable
from .errors import error_for
from ._time import unix_nanos


class HealthMonitor(Closeable):
    """Raises Panther's System Error alerts for the sources in `config` (a
    dict, or YAML/JSON text). Not thread-safe: one thread at a time."""

    def __init__(self, config, _snapshot=None):
        text = n.encode(config if isinstance(config, (str, bytes)) else json.dumps(config))
        handle, error = ctypes.c_void_p(), ctypes.c_void_p()
        if _snapshot is None:
            code = n.lh_monitor_create(text, len(text), ctypes.byref(handle),
                                       ctypes.byref(error))
        else:
            code = n.lh_monitor_restore(text, len(text), bytes(_snapshot), len(_snapshot),
                                        ctypes.byref(handle), ctypes.byref(error))
        if code != 0:
            raise error_for(code, n.take_string(error.value))
        self._handle = handle

    @classmethod
    def restore(cls, config, data):
        """Continues from snapshot() bytes."""
        return cls(config, _snapshot=data)

    def _check(self, code):
        if code != 0:
            raise error_for(code, n.lh_monitor_last_error(self._handle).decode("utf-8"))

    def observe(self, observation):
        """One observation: a dict like {"time": "...Z", "type": "events",
        "source": "s1", "count": 10} (the replay timeline's shapes)."""
        text = n.encode(observation if isinstance(observation, (str, bytes))
                        else json.dumps(observation))
        self._check(n.lh_monitor_observe(self._handle, text, len(text)))

    def advance(self, time):
        """Moves the clock to `time` (datetime, RFC 3339 text or unix ns)."""
        self._check(n.lh_monitor_advance(self._handle, unix_nanos(time)))

    def next_due(self):
        """unix ns when something falls due next, or 0."""
        return n.lh_monitor_next_due(self._handle)

    def alerts(self):
        """The records since the previous call (alarm_state, alert,
        alert_update, alert_resolved, delivery, data_audit), as dicts."""
        return [json.loads(line) for line in self.records_jsonl()]

    def records_jsonl(self):
        """The same records as alerts(), as the library wrote them: a list of
        JSON texts, one record each."""
        out = ctypes.c_void_p()
        self._check(n.lh_monitor_take_records(self._handle, ctypes.byref(out)))
        return n.take_string(out.value).splitlines()

    def deliveries(self):
        """The deliveries due now (dicts); report each with report_delivery."""
        out = ctypes.c_void_p()
        self._check(n.lh_monitor_take_deliveries(self._handle, ctypes.byref(out)))
        return json.loads(n.take_string(out.value))

    def report_delivery(self, delivery_id, status_code, message=""):
        self._check(n.lh_monitor_report_delivery(self._handle, n.encode(delivery_id),
                                                 int(status_code), n.encode(message)))

    def resolve(self, alert_id, actor, reason=""):
        self._check(n.lh_monitor_resolve(self._handle, n.encode(alert_id), n.encode(actor),
                                         n.encode(reason)))

    def snapshot(self):
        data, length = ctypes.c_void_p(), ctypes.c_size_t()
        self._check(n.lh_monitor_snapshot(self._handle, ctypes.byref(data),
                                          ctypes.byref(length)))
        return n.take_bytes(data.value, length.value)

    def close(self):
        if getattr(self, "_handle", None) is not None:
            n.lh_monitor_free(self._handle)
            self._handle = None
