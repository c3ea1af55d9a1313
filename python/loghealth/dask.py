"""Classify and monitor across a Dask cluster.

    from distributed import Client
    from loghealth.dask import classify_files
    with Client("tcp://scheduler:8786") as client:      # or Client(LocalCluster())
        summary = classify_files(client, ["a.jsonl", "b.jsonl"], ["schemas/"],
                                 source_id="src-1", out_dir="out")

Inputs are cut into blocks (about `block_size` bytes, at line boundaries);
each block is one task. A worker process compiles each source's Classifier
once and reuses it. Each block's events and failures are written under
`out_dir` (events/<block>.jsonl, failures/<block>.jsonl) through a temporary
name and a rename, with a parse time fixed for the job and row ids fixed per
block: a retried task rewrites the same file with the same bytes, so no line
is lost or doubled when a worker dies.

The health side: every block also returns its events per minute (event time)
and its failures; these are merged in event-time order and fed to one
HealthMonitor per shard of sources. Their records go to out_dir/alerts.jsonl
and their snapshots to out_dir/monitor/, so a later run over new inputs into
the same out_dir continues the same alarms.

Every path must be readable by every worker (a shared file system or the same
layout on each machine). `python3 -m loghealth.dask --help` for the command.
"""
import argparse
import json
import logging
import os
import shutil
import sys
import time
import uuid
from typing import (Any, Dict, Iterable, List, Mapping, Optional, Sequence, TextIO, Tuple,
                    Union)

from distributed import Client, LocalCluster, as_completed

from . import _blocks, _health
from ._time import TimeLike, unix_nanos
from .classifier import Classifier, PathType, schema_files
from .database import MonitorDatabase
from .errors import Error, NotFoundError

#: A schema for classify_files: a file or folder path, or a text (bytes).
SchemaSource = Union[PathType, bytes, bytearray]

DEFAULT_BLOCK_SIZE = 64 << 20
DEFAULT_SHARDS = 4
_COUNTS = ("logs", "bytes", "events", "failures", "skipped")


def _schema_paths(schemas: Sequence[SchemaSource]) -> List[PathType]:
    """The schemas given as paths (everything but bytes texts)."""
    return [s for s in schemas if not isinstance(s, (bytes, bytearray))]


def _check_schema_paths(paths: Sequence[PathType]) -> None:
    """Compiles the schema files of `paths` once, for errors that name each
    file and line (and each path that is not there); a folder without schema
    files is a ValueError, as in schema_texts."""
    for path in paths:
        try:
            files = schema_files([path])
        except NotFoundError:
            continue  # named by from_files, with every other problem
        if not files:
            raise ValueError(f"{os.fspath(path)}: no schema files (.yml, .yaml, .json) in it")
    Classifier.from_files(paths).close()


def schema_texts(schemas: Sequence[SchemaSource]) -> List[bytes]:
    """Schema files, folders of them (as `loghealth classify --schema` reads
    them: lh_schema_files lists them), or texts (bytes, passed through).
    Returns the texts in a stable order. Raises NotFoundError for a path
    that is not there, ValueError for a folder without schema files or for
    no schemas at all."""
    texts = []
    for schema in schemas:
        if isinstance(schema, (bytes, bytearray)):
            texts.append(bytes(schema))
            continue
        files = schema_files([schema])
        if not files:
            raise ValueError(f"{os.fspath(schema)}: no schema files (.yml, .yaml, .json) in it")
        for path in files:
            with open(path, "rb") as f:
                texts.append(f.read())
    if not texts:
        raise ValueError("at least one schema is needed")
    return texts


def _normalize_inputs(inputs, source_id) -> List[Tuple[str, str]]:
    """[(path, source id)]: an input is a path, or a (path, source id) pair."""
    items = []
    for item in inputs:
        path, sid = (item, source_id) if isinstance(item, (str, os.PathLike)) else item
        path = os.fspath(path)
        if not os.path.isfile(path):
            raise FileNotFoundError(f"{path}: no such file")
        items.append((os.path.abspath(path), sid or ""))
    return items


class _Progress:
    """A per-block count on stderr: rewritten in place on a terminal, every
    tenth of the job otherwise."""

    def __init__(self, total, stream):
        self.total, self.done, self.lines, self.stream = total, 0, 0, stream
        self.tty = stream.isatty()
        self.next_report = 0

    def step(self, lines):
        self.done += 1
        self.lines += lines
        if self.tty:
            self.stream.write(f"\rclassified {self.done}/{self.total} blocks, "
                              f"{self.lines:,} lines")
            if self.done == self.total:
                self.stream.write("\n")
        elif self.done >= self.next_report:
            self.stream.write(f"classified {self.done}/{self.total} blocks, {self.lines:,} lines\n")
            self.next_report = self.done + max(1, self.total // 10)
        self.stream.flush()


def _read_manifest(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        return None


def _write_text(path, text):
    _blocks.write_atomically(path, [text.encode("utf-8")])


def _monitor(client, results, labels, out_dir, drop_off_minutes, shards, fallback_ns):
    """Runs the shards' monitors (as tasks) over the merged observations and
    appends their records to out_dir/alerts.jsonl. Returns the record count
    and the number of alerts raised."""
    monitor_dir = os.path.join(out_dir, "monitor")
    manifest_path = os.path.join(monitor_dir, "manifest.json")
    manifest = _read_manifest(manifest_path) or {}
    if manifest:
        if shards is not None and shards != manifest["shards"]:
            raise ValueError(f"{out_dir} was monitored with {manifest['shards']} shards; "
                             f"a later run must use the same number (not {shards})")
        if drop_off_minutes != manifest["dropOffMinutes"]:
            raise ValueError(f"{out_dir} was monitored with dropOffMinutes "
                             f"{manifest['dropOffMinutes']}; a later run must keep it")
    shards = manifest.get("shards") or shards or DEFAULT_SHARDS
    sources = dict(manifest.get("sources", {}))
    sources.update({s: l for s, l in labels.items() if s})
    if not sources:
        return 0, 0, []

    observations = _health.observations(results, fallback_ns)
    # Sorted by time: the last one is the latest.
    end_ns = unix_nanos(observations[-1]["time"]) if observations else fallback_ns
    per_shard = {}
    for o in observations:
        per_shard.setdefault(_health.shard_of(o["source"], shards), []).append(o)
    shard_sources = {}
    for s, label in sources.items():
        shard_sources.setdefault(_health.shard_of(s, shards), {})[s] = label

    futures = {}
    for shard, members in sorted(shard_sources.items()):
        snapshot_path = os.path.join(monitor_dir, f"shard-{shard:03d}-of-{shards:03d}.snapshot")
        snapshot = None
        if os.path.exists(snapshot_path):
            with open(snapshot_path, "rb") as f:
                snapshot = f.read()
        config = _health.monitor_config(members, drop_off_minutes)
        # Shipped ahead of the task, not inside its graph: they can be large.
        shard_input = client.scatter([per_shard.get(shard, []), snapshot], hash=False)
        futures[shard] = (snapshot_path, client.submit(
            _health.run_shard, config, shard_input[1], shard_input[0], end_ns,
            pure=False, key=f"loghealth-monitor-{shard}-{uuid.uuid4().hex}"))

    merged = []
    for shard, (snapshot_path, future) in futures.items():
        lines, snapshot = future.result()
        _blocks.write_atomically(snapshot_path, [snapshot])
        for line in lines:
            record = json.loads(line)
            merged.append(((_health.record_time(record), shard, record.get("seq", 0)),
                           line, record.get("record")))
    merged.sort(key=lambda m: m[0])
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "alerts.jsonl"), "a", encoding="utf-8") as f:
        for _, line, _ in merged:
            f.write(line + "\n")
    _write_text(manifest_path, json.dumps({"shards": shards, "dropOffMinutes": drop_off_minutes,
                                           "sources": sources}, indent=1, sort_keys=True))
    return len(merged), sum(1 for m in merged if m[2] == "alert"), [m[1] for m in merged]


def _write_database(path, out_dir, blocks, record_lines):
    """This job's failures (its blocks' files, in input order) and monitor
    records into the database at `path`."""
    with MonitorDatabase(path) as db:
        for block in blocks:
            failures = os.path.join(out_dir, "failures", block.name + ".jsonl")
            if not os.path.exists(failures):
                continue  # a block without failures writes no file
            with open(failures, "rb") as f:
                for line in f:
                    if line.strip():
                        db.add_failure(line.rstrip(b"\n"))
        if record_lines:
            db.add_records("\n".join(record_lines))


def classify_files(client: Client,
                   inputs: Iterable[Union[PathType, Tuple[PathType, Optional[str]]]],
                   schemas: Union[SchemaSource, Sequence[SchemaSource]],
                   source_id: Optional[str] = None, source_label: Optional[str] = None,
                   out_dir: Union[str, "os.PathLike[str]"] = "loghealth-out",
                   block_size: int = DEFAULT_BLOCK_SIZE, *,
                   source_labels: Optional[Mapping[str, str]] = None,
                   drop_off_minutes: int = 0, shards: Optional[int] = None,
                   parse_time: Optional[TimeLike] = None, progress: Optional[TextIO] = None,
                   monitor: bool = True,
                   db: Optional[Union[str, "os.PathLike[str]"]] = None) -> Dict[str, Any]:
    """Classifies `inputs` (paths, or (path, source id) pairs; `source_id` is
    the default) against `schemas` (schema files, folders of them, or texts
    as bytes: see schema_texts) on the cluster behind `client`, and runs the
    System Health monitor over the result.

    Returns a dict: lines, bytes, events, failures, skipped, blocks, records
    (monitor records written), alerts (alerts raised), seconds.
    `parse_time` (unix ns, datetime or RFC 3339) is the p_parse_time of every
    event; the start of the job by default. `progress`: a text stream for the
    per-block count (None: quiet). Before any task starts, raises
    InvalidArgumentError (a ValueError) for a broken schema, naming the file
    and line when it was given as a path, NotFoundError for a schema path
    that is not there, and ValueError for a folder without schema files.

    `db`: a panther_monitor database (path) that gets this job's failures
    and monitor records when the job ends. The client writes it, from the
    workers' files: SQLite's locks are not to be trusted on the network file
    systems those files live on, and one writer at the end commits in large
    batches. A job run again (a retry, the same inputs) adds no row twice:
    row ids are fixed per block.
    """
    started = time.monotonic()
    if block_size <= 0:
        raise ValueError("block_size must be positive")
    out_dir = os.path.abspath(out_dir)
    schemas = [schemas] if isinstance(schemas, (str, bytes, bytearray, os.PathLike)) \
        else list(schemas)
    # Schema errors come before any task runs; those of files name the file
    # and line (the workers compile the texts read here).
    paths = _schema_paths(schemas)
    if paths:
        _check_schema_paths(paths)
    texts = tuple(schema_texts(schemas))
    parse_time_ns = time.time_ns() if parse_time is None else unix_nanos(parse_time)
    items = _normalize_inputs(inputs, source_id)
    labels = dict(source_labels or {})
    if source_id and source_label:
        labels.setdefault(source_id, source_label)
    specs = {sid: _blocks.ClassifierSpec(texts, sid, labels.get(sid, ""), parse_time_ns)
             for sid in sorted({sid for _, sid in items} | ({source_id} if source_id else set()))}

    # Compiled as the workers will (from the texts): the errors of schemas
    # given as texts, and whether inputs may be split (csv headers and
    # skipLines may not).
    with Classifier(list(texts)) as c:
        reads_input_start = c.reads_input_start
    whole = dict.fromkeys(specs, reads_input_start)
    blocks = [b for i, (path, sid) in enumerate(items)
              for b in _blocks.split_file(path, i, sid, block_size, whole[sid])]

    spec_futures = {sid: client.scatter(spec, broadcast=True, hash=False)
                    for sid, spec in specs.items()}
    job = uuid.uuid4().hex[:12]
    futures = [client.submit(_blocks.classify_block, spec_futures[b.source_id], b, out_dir,
                             key=f"loghealth-block-{job}-{i}", retries=2)
               for i, b in enumerate(blocks)]
    bar = _Progress(len(blocks), progress) if progress is not None and blocks else None
    totals = dict.fromkeys(_COUNTS, 0)
    results = []
    for future in as_completed(futures):
        result = future.result()
        future.release()
        for k in _COUNTS:
            totals[k] += result["counts"][k]
        results.append(result)
        if bar:
            bar.step(result["counts"]["logs"])
    del futures

    records = alerts = 0
    record_lines = []
    if monitor:
        records, alerts, record_lines = _monitor(
            client, results, {sid: spec.source_label for sid, spec in specs.items()},
            out_dir, drop_off_minutes, shards, parse_time_ns)
    if db is not None:
        _write_database(db, out_dir, blocks, record_lines)
    # What attempts killed mid-write left behind; every task has ended.
    shutil.rmtree(os.path.join(out_dir, ".tmp"), ignore_errors=True)
    totals["lines"] = totals.pop("logs")
    totals.update(blocks=len(blocks), records=records, alerts=alerts,
                  seconds=time.monotonic() - started)
    return totals


def summary_line(totals: Mapping[str, Any]) -> str:
    """The summary `loghealth classify` prints."""
    return (f"lines={totals['lines']} events={totals['events']} "
            f"failures={totals['failures']} skipped={totals['skipped']}")


# ---- python3 -m loghealth.dask ----------------------------------------------------

def _size(text):
    units = {"": 1, "k": 1 << 10, "kib": 1 << 10, "m": 1 << 20, "mib": 1 << 20,
             "g": 1 << 30, "gib": 1 << 30}
    t = text.strip().lower()
    number = t.rstrip("kmgib")
    unit = t[len(number):]
    if not number.isdigit() or unit not in units or int(number) == 0:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 64M, 1048576)")
    return int(number) * units[unit]


def _parser():
    p = argparse.ArgumentParser(
        prog="python3 -m loghealth.dask",
        description="Classifies newline-delimited logs on a Dask cluster and raises "
                    "System Health alerts. Writes OUT/events/*.jsonl, OUT/failures/*.jsonl, "
                    "OUT/alerts.jsonl and OUT/monitor/ (snapshots: a later run into the same "
                    "OUT continues the alarms). Prints the summary line of `loghealth "
                    "classify` on standard error.")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--local", type=int, metavar="N",
                       help="start a local cluster of N worker processes")
    where.add_argument("--scheduler", metavar="ADDRESS",
                       help="a running scheduler, e.g. tcp://10.0.0.5:8786")
    p.add_argument("--schema", action="append", required=True, metavar="PATH",
                   help="a schema file or a folder of them (repeatable)")
    p.add_argument("--source-id", metavar="ID", help="p_source_id, and the monitored source")
    p.add_argument("--source-label", metavar="LABEL")
    p.add_argument("--drop-off-minutes", type=int, default=0, metavar="M",
                   help="alert when a source has no events for M minutes (event time); "
                        "0: off (default)")
    p.add_argument("--shards", type=int, metavar="K",
                   help=f"monitor shards (default {DEFAULT_SHARDS}; fixed by the first run)")
    p.add_argument("--block-size", type=_size, default=DEFAULT_BLOCK_SIZE, metavar="SIZE",
                   help="bytes per task (default 64M)")
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--db", metavar="PATH",
                   help="also write the failures and monitor records into the panther_monitor "
                        "database PATH (SQLite), when the job ends")
    p.add_argument("inputs", nargs="+", metavar="INPUT")
    return p


def main(argv: Optional[Sequence[str]] = None) -> int:
    """`python3 -m loghealth.dask`: returns the exit status (0, 1 when an
    input cannot be read, 2 on usage or schema errors)."""
    args = _parser().parse_args(argv)
    if args.local is not None and args.local < 1:
        print("--local needs at least 1 worker", file=sys.stderr)
        return 2
    try:
        # A bad or missing schema is a usage error (2), as in classify; the
        # errors name each file and line.
        _check_schema_paths(args.schema)
        texts = schema_texts(args.schema)
    except (OSError, ValueError, Error) as e:
        print(f"loghealth.dask: {e}", file=sys.stderr)
        return 2
    if args.local is not None:
        cluster = LocalCluster(n_workers=args.local, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        client = Client(cluster)
    else:
        cluster, client = None, Client(args.scheduler)
    try:
        totals = classify_files(client, args.inputs, texts, source_id=args.source_id,
                                source_label=args.source_label, out_dir=args.out,
                                block_size=args.block_size,
                                drop_off_minutes=args.drop_off_minutes, shards=args.shards,
                                progress=sys.stderr, db=args.db)
    except FileNotFoundError as e:
        print(f"loghealth.dask: {e}", file=sys.stderr)
        return 1
    except ValueError as e:
        print(f"loghealth.dask: {e}", file=sys.stderr)
        return 2
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    print(f"blocks={totals['blocks']} alerts={totals['alerts']} "
          f"seconds={totals['seconds']:.2f} out={os.path.abspath(args.out)}", file=sys.stderr)
    print(summary_line(totals), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
