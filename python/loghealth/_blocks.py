"""Blocks of input files and the task that classifies one block on a worker.

A block is a byte range [start, end) of a file that begins at a line start and
ends just after a newline (or at the end of the file), so every line belongs to
exactly one block. Block boundaries are computed once, by the client, so a
retried task reads exactly the same lines again.

Kept apart from loghealth.dask (which may run as __main__) so that workers can
import the task functions by name.
"""
import hashlib
import json
import os
import threading
import uuid
from dataclasses import dataclass

_SCAN_CHUNK = 1 << 16
# The monitor keeps 2,048 bytes of a failing line; 4,096 characters are always
# more than that, so cutting here changes no alert and keeps results small.
_PAYLOAD_CHARS = 4096


@dataclass(frozen=True)
class ClassifierSpec:
    """What a worker needs to build (once) the Classifier of one source."""
    schemas: tuple        # schema texts (bytes)
    source_id: str
    source_label: str
    parse_time_ns: int    # one p_parse_time for the whole job

    @property
    def key(self):
        h = hashlib.sha256()
        for part in (*self.schemas, self.source_id.encode(), self.source_label.encode(),
                     str(self.parse_time_ns).encode()):
            h.update(len(part).to_bytes(8, "little"))
            h.update(part)
        return h.hexdigest()


@dataclass(frozen=True)
class Block:
    path: str          # absolute
    file_index: int    # the input's position on the command line
    index: int         # the block's position in its file
    start: int
    end: int
    source_id: str     # "" when the input has no source

    @property
    def name(self):
        """Unique per (file, start) and stable across runs and retries."""
        digest = hashlib.blake2b(self.path.encode(), digest_size=4).hexdigest()
        stem = os.path.basename(self.path).replace(os.sep, "_")
        return f"{stem}-{digest}-{self.start:012d}"

    @property
    def row_id_seed(self):
        """The p_row_id prefix of this block's lines: nonzero, and the same
        whenever the block is classified again."""
        h = hashlib.blake2b(f"{self.path}\0{self.start}".encode(), digest_size=8)
        return int.from_bytes(h.digest(), "big") or 1


def _next_line_start(f, position, size):
    """The offset just after the first newline at or after `position`."""
    f.seek(position)
    while position < size:
        chunk = f.read(_SCAN_CHUNK)
        if not chunk:
            break
        newline = chunk.find(b"\n")
        if newline >= 0:
            return position + newline + 1
        position += len(chunk)
    return size


def split_file(path, file_index, source_id, block_size, whole=False):
    """The blocks of one file: about `block_size` bytes each, cut after a
    newline. `whole` keeps the file in one block (csv headers, skipLines)."""
    path = os.path.abspath(path)
    size = os.path.getsize(path)
    if whole or size <= block_size:
        return [Block(path, file_index, 0, 0, size, source_id)]
    blocks, start = [], 0
    with open(path, "rb") as f:
        while start < size:
            target = start + block_size
            # A newline at target-1 ends the block exactly at target.
            end = size if target >= size else _next_line_start(f, target - 1, size)
            blocks.append(Block(path, file_index, len(blocks), start, end, source_id))
            start = end
    return blocks


# ---- on the worker -------------------------------------------------------------

_classifiers = {}
_classifiers_lock = threading.Lock()


def _classifier_for(spec):
    """One compiled Classifier per spec per worker process, reused by every
    task (and thread) of that process."""
    key = spec.key
    with _classifiers_lock:
        classifier = _classifiers.get(key)
        if classifier is None:
            from .classifier import Classifier
            classifier = Classifier(list(spec.schemas), source_id=spec.source_id or None,
                                    source_label=spec.source_label or None,
                                    parse_time=spec.parse_time_ns)
            _classifiers[key] = classifier
        return classifier


def write_atomically(path, chunks):
    """Writes to a unique temporary name in <out>/.tmp, then renames: readers
    and reruns never see half a file, and a task attempt killed mid-write
    leaves only a temporary file, removed when the job ends."""
    tmp_dir = os.path.join(os.path.dirname(os.path.dirname(path)), ".tmp")
    os.makedirs(tmp_dir, exist_ok=True)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = os.path.join(tmp_dir, f"{os.path.basename(path)}.{uuid.uuid4().hex}")
    with open(tmp, "wb") as f:
        for chunk in chunks:
            f.write(chunk)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


_EVENT_TIME = b'"p_event_time":"'
_PARSE_TIME = b'"p_parse_time":"'


def _event_minute(event):
    """"2024-05-01T10:00" of an event's p_event_time (p_parse_time when the
    schema names no event time). The p_ fields come last, so the last match is
    the event's own; an escaped value cannot match (its quotes are escaped)."""
    i = event.rfind(_EVENT_TIME)
    if i < 0:
        i = event.rfind(_PARSE_TIME)
    minute = event[i + 16:i + 32].decode("ascii")
    return minute[:10] + "T" + minute[11:]  # also the data-lake layout's ' '


def classify_block(spec, block, out_dir):
    """Classifies one block; writes <out>/events/<block>.jsonl and
    <out>/failures/<block>.jsonl (only when not empty). Returns the counts and
    what the monitor needs: events per minute (event time), the minutes of the
    block's first and last events (in line order), and the failures, each with
    the minutes of the nearest events before and after it in the block (None
    when there is none)."""
    classifier = _classifier_for(spec)
    with open(block.path, "rb") as f:
        f.seek(block.start)
        data = f.read(block.end - block.start)
    if len(data) != block.end - block.start:
        raise OSError(f"{block.path}: the file changed while it was classified "
                      f"(read {len(data)} of {block.end - block.start} bytes at {block.start})")
    classifier.new_input(row_id_seed=block.row_id_seed)
    before = classifier.stats
    out = classifier.classify_batch(data)
    after = classifier.stats

    events, failures = [], []
    minutes = {}
    health_failures = []   # [minute before, log type, error, payload]
    unresolved = []        # failures still waiting for the next event's minute
    first_minute = last_minute = None
    for line in out.split(b"\n"):
        if not line:
            continue
        tab = line.index(b"\t")
        body = line[tab + 1:]
        if line[:1] == b"E":
            events.append(body)
            minute = _event_minute(body)
            minutes[minute] = minutes.get(minute, 0) + 1
            for failure in unresolved:
                failure[1] = minute
            unresolved.clear()
            if first_minute is None:
                first_minute = minute
            last_minute = minute
        else:
            failures.append(body)
            record = json.loads(body)
            payload = record.get("payload", "")[:_PAYLOAD_CHARS]
            failure = [last_minute, None, line[1:tab].decode("utf-8"),
                       record.get("error", ""), payload]
            health_failures.append(failure)
            unresolved.append(failure)

    if events:
        write_atomically(os.path.join(out_dir, "events", block.name + ".jsonl"),
                         (e + b"\n" for e in events))
    if failures:
        write_atomically(os.path.join(out_dir, "failures", block.name + ".jsonl"),
                         (e + b"\n" for e in failures))
    counts = {k: after[k] - before[k] for k in ("logs", "bytes", "events", "failures",
                                                "skipped")}
    return {"block": block, "counts": counts, "minutes": minutes,
            "first_minute": first_minute, "last_minute": last_minute,
            "failures": health_failures}
