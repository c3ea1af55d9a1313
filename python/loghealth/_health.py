"""The health side of a batch job: observations from the classified blocks,
fed in event-time order to one HealthMonitor per shard of sources.

The monitor's clock is event time. Events count per source per minute (an
"events" observation at the minute's start). A classification failure has no
time of its own: it is observed at the minute of the nearest event before it
in the same input (else the nearest after it; else, in an input without a
single event, the job's last event minute, or `fallback_ns` when no input has
an event). These rules depend only on each input's lines in order, never on
how the inputs were cut into blocks.

Kept apart from loghealth.dask so workers can import run_shard by name.
"""
import datetime
import itertools
import json
import zlib

from ._time import rfc3339

_EVENTS, _FAILURE = 0, 1


def minute_nanos(minute):
    """"2024-05-01T10:00" -> unix ns."""
    t = datetime.datetime.strptime(minute, "%Y-%m-%dT%H:%M").replace(
        tzinfo=datetime.timezone.utc)
    return int(t.timestamp()) * 1_000_000_000


def shard_of(source_id, shards):
    """The shard of a source: stable in every process (unlike hash())."""
    return zlib.crc32(source_id.encode("utf-8")) % shards


def _failure_minutes(blocks, job_last_minute):
    """Yields (block, failure, minute) for the failures of one input's blocks
    (in file order), the minute chosen by the rules above."""
    # The first event minute in the blocks after block i.
    later_first = [None] * (len(blocks) + 1)
    for i in range(len(blocks) - 1, -1, -1):
        later_first[i] = blocks[i]["first_minute"] or later_first[i + 1]
    earlier_last = None  # the last event minute of the blocks before
    for i, r in enumerate(blocks):
        for failure in r["failures"]:
            before, after = failure[0], failure[1]
            yield r, failure, (before or earlier_last or after or later_first[i + 1]
                               or job_last_minute)
        earlier_last = r["last_minute"] or earlier_last


def observations(results, fallback_ns):
    """The monitor observations of classified blocks (classify_block's
    results, in any order) as timeline dicts, sorted by time, then events
    before failures, then source, then input order. Inputs without a source
    id are left out: the monitor follows sources."""
    results = sorted((r for r in results if r["block"].source_id),
                     key=lambda r: (r["block"].file_index, r["block"].index))
    events = {}  # (minute, source) -> count
    for r in results:
        for minute, count in r["minutes"].items():
            key = (minute, r["block"].source_id)
            events[key] = events.get(key, 0) + count
    job_last_minute = max((minute for minute, _ in events), default=None)

    keyed = []
    for (minute, source), count in events.items():
        t = minute_nanos(minute)
        keyed.append(((t, _EVENTS, source, 0, 0), {
            "time": rfc3339(t), "type": "events", "source": source, "count": count}))
    position = 0
    for _, blocks in itertools.groupby(results, key=lambda r: r["block"].file_index):
        for r, failure, minute in _failure_minutes(list(blocks), job_last_minute):
            t = minute_nanos(minute) if minute else fallback_ns
            source = r["block"].source_id
            keyed.append(((t, _FAILURE, source, r["block"].file_index, position), {
                "time": rfc3339(t), "type": "classification_failure", "source": source,
                "logType": failure[2], "error": failure[3], "payload": failure[4]}))
            position += 1
    keyed.sort(key=lambda k: k[0])
    return [o for _, o in keyed]


def monitor_config(sources, drop_off_minutes):
    """A monitor config for `sources` ({id: label}): alerts go to the console
    sink only (the job writes them to alerts.jsonl)."""
    return json.dumps({
        "sources": [{"id": s, "label": label or s, "dropOffMinutes": drop_off_minutes}
                    for s, label in sorted(sources.items())],
        "destinations": []})


def record_time(record):
    """The time a monitor record is about, for merging shards' records."""
    for key in ("time", "updatedAt", "resolvedAt", "dispatchedAt", "createdAt"):
        if key in record:
            return record[key]
    return ""


def run_shard(config, snapshot, shard_observations, end_ns):
    """Feeds one shard's observations (in order) to its monitor, restored
    from `snapshot` (bytes) when given, then moves its clock to `end_ns`.
    Returns (records as JSON lines, the new snapshot)."""
    from .monitor import HealthMonitor
    with (HealthMonitor.restore(config, snapshot) if snapshot
          else HealthMonitor(config)) as monitor:
        lines = []
        for o in shard_observations:
            monitor.observe(o)
            lines.extend(monitor.records_jsonl())
        monitor.advance(end_ns)
        lines.extend(monitor.records_jsonl())
        return lines, monitor.snapshot()
