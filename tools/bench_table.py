#!/usr/bin/env python3
"""Prints Google Benchmark JSON (stdin) as a table, then the ratios issue 7
sets targets for, for whichever of them the run has (medians when there are
repetitions): classify_bench, parsers_bench and monitor_bench outputs."""
import json
import sys

runs = json.load(sys.stdin)["benchmarks"]
best = {}
for b in runs:
    name = b["run_name"] if "run_name" in b else b["name"]
    if b.get("aggregate_name") not in (None, "median") or b.get("error_occurred"):
        continue
    best[name] = b
mb = {k: v.get("bytes_per_second", 0) / 1e6 for k, v in best.items()}
items = {k: v.get("items_per_second", 0) for k, v in best.items()}

print(f"{'benchmark':<36}{'MB/s':>8}{'items/s':>14}  counters")
for k, v in best.items():
    counters = {c: v[c] for c in ("allocs_per_line", "failures", "records_per_advance") if c in v}
    shown = " ".join(f"{c}={x:g}" for c, x in counters.items())
    time = f" time={v['real_time']:.3g} {v['time_unit']}" if not mb[k] and not items[k] else ""
    print(f"{k:<36}{mb[k]:>8.0f}{items[k]:>14,.0f}  {shown}{time}")


def verdict(label, ratio, target, higher_is_better=True):
    met = ratio >= target if higher_is_better else ratio <= target
    sign = ">=" if higher_is_better else "<="
    print(f"{label:<52} {ratio:6.2f} (target {sign} {target}): {'met' if met else 'NOT met'}")


print()
ceiling = mb.get("BM_SimdjsonVisitAll")
events = mb.get("BM_ClassifyEvents")
if ceiling and events:
    for name, base, target, label in [
            ("BM_Validate", ceiling, 0.7, "of the ceiling"),
            ("BM_ClassifyEvents", ceiling, 0.4, "of the ceiling"),
            ("BM_Classify20Types", events, 0.5, "of ClassifyEvents"),
            ("BM_ClassifyAllFailing", events, 0.3, "of ClassifyEvents")]:
        if name in mb:
            verdict(f"{name} {label}", mb[name] / base, target)
for codec in ("rfc3339", "unix", "strftime", "go_layout"):
    ours, theirs = items.get(f"BM_Timestamp/{codec}"), items.get(f"BM_AbslParseTime/{codec}")
    if ours and theirs:
        target = 10 if codec in ("rfc3339", "unix") else 1
        verdict(f"timestamp {codec}: x absl::ParseTime", ours / theirs, target)
if "BM_Observe/100000" in items:
    verdict("monitor observations/s (millions), 100,000 sources",
            items["BM_Observe/100000"] / 1e6, 1.0)
small, large = best.get("BM_AdvanceHundredDue/1000"), best.get("BM_AdvanceHundredDue/100000")
if small and large:
    verdict("Advance, 100 due: 100,000 sources / 1,000 (flat)",
            large["real_time"] / small["real_time"], 1.5, higher_is_better=False)
