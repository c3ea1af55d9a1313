"""The System Health monitor from Python."""
import ctypes
import json
from typing import Any, Dict, List, Mapping, Optional, Union

from . import _native as n
from ._handle import Closeable
from ._time import TimeLike, unix_nanos
from .errors import error_for

__all__ = ["HealthMonitor", "Config", "Record"]

#: A config or an observation: a dict, or its YAML/JSON text.
Config = Union[Mapping[str, Any], str, bytes]
#: A monitor record: {"record": "alert", ...}, {"record": "alarm_state", ...}, ...
Record = Dict[str, Any]


def _text(value: Config) -> bytes:
    return n.encode(value if isinstance(value, (str, bytes)) else json.dumps(value))


class HealthMonitor(Closeable):
    """Raises Panther's System Error alerts for the sources in `config` (a
    dict, or YAML/JSON text; see loghealth/monitor.h). Its clock moves only
    with the observations' times and advance(). Not thread-safe: one thread
    at a time.

    Each observation may produce records: alerts, their updates and
    resolutions, deliveries, alarm states, data_audit rows. records() takes
    them all; alerts() takes them and keeps only the alerts."""

    def __init__(self, config: Config, _snapshot: Optional[bytes] = None) -> None:
        text = _text(config)
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
    def restore(cls, config: Config, data: bytes) -> "HealthMonitor":
        """Continues from snapshot() bytes (with the same or an updated
        config)."""
        return cls(config, _snapshot=data)

    @property
    def _h(self) -> ctypes.c_void_p:
        handle = getattr(self, "_handle", None)
        if handle is None:
            raise ValueError("the HealthMonitor is closed")
        return handle

    def _check(self, code: int) -> None:
        if code != 0:
            raise error_for(code, n.lh_monitor_last_error(self._handle).decode("utf-8"))

    def observe(self, observation: Config) -> None:
        """One observation: a dict like {"time": "...Z", "type": "events",
        "source": "s1", "count": 10} (the replay timeline's shapes), or its
        JSON text."""
        text = _text(observation)
        self._check(n.lh_monitor_observe(self._h, text, len(text)))

    def advance(self, time: TimeLike) -> None:
        """Moves the clock to `time` (datetime, RFC 3339 text or unix ns),
        firing what fell due."""
        self._check(n.lh_monitor_advance(self._h, unix_nanos(time)))

    def next_due(self) -> int:
        """unix ns when something falls due next, or 0."""
        return n.lh_monitor_next_due(self._h)

    def records(self) -> List[Record]:
        """Takes the records produced since the previous records(), alerts()
        or records_jsonl() call, every kind (alert, alert_update,
        alert_resolved, delivery, alarm_state, data_audit), as dicts, in the
        order they happened."""
        return [json.loads(line) for line in self.records_jsonl()]

    def alerts(self) -> List[Record]:
        """Takes the records produced since the previous records(), alerts()
        or records_jsonl() call and returns the alerts among them (records
        whose "record" is "alert"): the other records are taken too and
        dropped. Use records() to keep every kind."""
        return [r for r in self.records() if r.get("record") == "alert"]

    def records_jsonl(self) -> List[str]:
        """Takes the same records as records(), as the library wrote them: a
        list of JSON texts, one record each."""
        out = ctypes.c_void_p()
        self._check(n.lh_monitor_take_records(self._h, ctypes.byref(out)))
        return n.take_string(out.value).splitlines()

    def deliveries(self) -> List[Dict[str, Any]]:
        """The deliveries due now (dicts: deliveryId, alertId, destinationId,
        attempt, resolvedNotice, payload); they are in flight until reported
        with report_delivery()."""
        out = ctypes.c_void_p()
        self._check(n.lh_monitor_take_deliveries(self._h, ctypes.byref(out)))
        return json.loads(n.take_string(out.value))

    def report_delivery(self, delivery_id: str, status_code: int, message: str = "") -> None:
        """The host's result for one delivery: an HTTP status (0: network
        error). A failure is retried later."""
        self._check(n.lh_monitor_report_delivery(self._h, n.encode(delivery_id),
                                                 int(status_code), n.encode(message)))

    def resolve(self, alert_id: str, actor: str, reason: str = "") -> None:
        """Resolves an open alert (NotFoundError for an unknown one)."""
        self._check(n.lh_monitor_resolve(self._h, n.encode(alert_id), n.encode(actor),
                                         n.encode(reason)))

    def snapshot(self) -> bytes:
        """The whole state, for restore()."""
        data, length = ctypes.c_void_p(), ctypes.c_size_t()
        self._check(n.lh_monitor_snapshot(self._h, ctypes.byref(data),
                                          ctypes.byref(length)))
        return n.take_bytes(data.value, length.value)

    def close(self) -> None:
        """Frees the monitor (a second close does nothing)."""
        if getattr(self, "_handle", None) is not None:
            n.lh_monitor_free(self._handle)
            self._handle = None
