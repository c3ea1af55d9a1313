#!/usr/bin/python3
"""loghealth.dask throughput with 1 and 2 local worker processes.

    LOGHEALTH_LIBRARY=bazel-bin/capi/libloghealth.so PYTHONPATH=python \
        /usr/bin/python3 bench/dask_bench.py [LINES] [BLOCK_BYTES]

Generates LINES lines (default 400,000) in 8 files with tests/dask/gen_inputs.py
(two JSON log types, 3% failures of several kinds, three sources), then times
classify_files (classification, outputs written, sharded monitors) on a fresh
LocalCluster of 1 and then 2 workers. The cluster's start-up is not timed; the
first run per cluster warms the workers (compiled classifier, imports) and is
not counted. Prints lines/s and MB/s, best of 3.
"""
import logging
import os
import shutil
import sys
import tempfile
import time

from distributed import Client, LocalCluster

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "dask"))
sys.path.insert(0, os.path.join(ROOT, "python"))
import gen_inputs  # noqa: E402
from loghealth import dask as lhdask  # noqa: E402

SCHEMAS = [os.path.join(ROOT, "examples/schemas/webapp.yml"),
           os.path.join(ROOT, "examples/schemas/audit.json")]


def run(client, inputs, out, block):
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    totals = lhdask.classify_files(client, inputs, SCHEMAS, out_dir=out, block_size=block,
                                   drop_off_minutes=60, shards=2)
    return time.perf_counter() - start, totals


def main():
    lines = int(sys.argv[1]) if len(sys.argv) > 1 else 400_000
    block = int(sys.argv[2]) if len(sys.argv) > 2 else 4 << 20
    tmp = tempfile.mkdtemp(prefix="loghealth-dask-bench-")
    try:
        inputs = gen_inputs.inputs(os.path.join(tmp, "in"), lines=lines)
        size = sum(os.path.getsize(p) for p, _ in inputs)
        print(f"corpus: {lines:,} lines, {size / 1e6:.1f} MB in {len(inputs)} files; "
              f"blocks of {block >> 20} MiB; {os.cpu_count()} cores")
        print(f"{'workers':>8} {'lines/s':>12} {'MB/s':>8} {'seconds':>8}")
        for workers in (1, 2):
            with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                              dashboard_address=None, silence_logs=logging.ERROR) as cluster, \
                    Client(cluster) as client:
                run(client, inputs[:1], os.path.join(tmp, "warm"), block)
                best, totals = min((run(client, inputs, os.path.join(tmp, "out"), block)
                                    for _ in range(3)), key=lambda r: r[0])
            print(f"{workers:>8} {totals['lines'] / best:>12,.0f} {size / best / 1e6:>8.1f} "
                  f"{best:>8.2f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
