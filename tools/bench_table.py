#!/usr/bin/env python3
"""Prints Google Benchmark JSON (stdin) as a table of MB/s, lines/s and the
ratios issue 7 sets targets for (medians when there are repetitions)."""
import json
import sys

runs = json.load(sys.stdin)["benchmarks"]
best = {}
for b in runs:
    name = b["run_name"] if "run_name" in b else b["name"]
    if b.get("aggregate_name") not in (None, "median"):
        continue
    best[name] = b
mb = {k: v.get("bytes_per_second", 0) / 1e6 for k, v in best.items()}
print(f"{'benchmark':<24}{'MB/s':>10}{'lines/s':>12}{'allocs/line':>13}{'failures':>10}")
for k, v in best.items():
    print(f"{k:<24}{mb[k]:>10.0f}{v.get('items_per_second', 0):>12.0f}"
          f"{v.get('allocs_per_line', 0):>13.3f}{v.get('failures', 0):>10.0f}")
ceiling = mb.get("BM_SimdjsonVisitAll")
events = mb.get("BM_ClassifyEvents")
if ceiling and events:
    print()
    for name, base, target, label in [
            ("BM_Validate", ceiling, 0.7, "of the ceiling"),
            ("BM_ClassifyEvents", ceiling, 0.4, "of the ceiling"),
            ("BM_Classify20Types", events, 0.5, "of ClassifyEvents"),
            ("BM_ClassifyAllFailing", events, 0.3, "of ClassifyEvents")]:
        if name in mb:
            ratio = mb[name] / base
            verdict = "met" if ratio >= target else "NOT met"
            print(f"{name:<24} {ratio:5.2f} {label} (target {target}): {verdict}")
