#!/usr/bin/env python3
"""The Python package's classification speed next to the native one.

    LOGHEALTH_LIBRARY=bazel-bin/capi/libloghealth.so python3 bench/python_bench.py \
        [--native-json demo-out/classify_bench.json]

Reads the corpus of classify_bench (LOGHEALTH_BENCH_CORPUS, default the
20,000-line corpus it generates in $TMPDIR/loghealth-bench) and its schema
(LOGHEALTH_BENCH_SCHEMA, default ../shared/bench/cloudtrail_like.yml), then
times, best of 5:
  - classify_batch: one call into the library for the whole buffer, results
    returned as bytes (what the C ABI costs from Python);
  - classify_lines: an Event or Failure object per line, as users iterate.
The target is classify_lines >= 0.5 x the native rate: BM_ClassifyEvents from
--native-json when given, else classify_batch measured here.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "python"))
import loghealth  # noqa: E402


def corpus_path():
    path = os.environ.get("LOGHEALTH_BENCH_CORPUS")
    if path:
        return path
    folder = os.path.join(tempfile.gettempdir(), "loghealth-bench")
    path = os.path.join(folder, "corpus_mixed.ndjson")
    if not os.path.exists(path):
        os.makedirs(folder, exist_ok=True)
        env = dict(os.environ, PEERS_LINES="20000", CORPUS_DIR=folder)
        subprocess.run([sys.executable, os.path.join(ROOT, "..", "shared", "bench",
                                                     "gen_corpus.py")],
                       env=env, check=True, stdout=subprocess.DEVNULL)
    return path


def best_of(n, fn):
    best = float("inf")
    for _ in range(n):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--native-json", help="classify_bench's --benchmark_format=json output")
    args = parser.parse_args()
    with open(corpus_path(), "rb") as f:
        data = f.read()
    schema = os.environ.get("LOGHEALTH_BENCH_SCHEMA",
                            os.path.join(ROOT, "..", "shared", "bench", "cloudtrail_like.yml"))
    lines = data.count(b"\n")
    mb = len(data) / 1e6
    with loghealth.Classifier.from_files([schema], source_id="bench") as c:
        batch = best_of(5, lambda: c.classify_batch(data))
        objects = best_of(5, lambda: sum(1 for _ in c.classify_lines(data)))
    print(f"corpus: {lines:,} lines, {mb:.1f} MB")
    print(f"{'python':<28}{'MB/s':>10}{'lines/s':>12}")
    print(f"{'classify_batch (bytes)':<28}{mb / batch:>10.0f}{lines / batch:>12,.0f}")
    print(f"{'classify_lines (objects)':<28}{mb / objects:>10.0f}{lines / objects:>12,.0f}")
    native_mb, native_name = mb / batch, "classify_batch"
    if args.native_json:
        # The fastest repetition, as tools/bench_table.py reports it (and as
        # best_of above measures the Python side).
        with open(args.native_json) as f:
            runs = [b for b in json.load(f)["benchmarks"]
                    if b.get("run_name", b["name"]) == "BM_ClassifyEvents"
                    and b.get("aggregate_name") in (None, "median")]
        if runs:
            native_mb = max(b["bytes_per_second"] for b in runs) / 1e6
            native_name = "native BM_ClassifyEvents"
    ratio = (mb / objects) / native_mb
    print(f"\nclassify_lines {ratio:.2f} of {native_name} ({native_mb:.0f} MB/s; target 0.5): "
          f"{'met' if ratio >= 0.5 else 'NOT met'}")


if __name__ == "__main__":
    main()
