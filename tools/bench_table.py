#!/usr/bin/env python3
"""Prints Google Benchmark JSON (stdin) as a table, then the ratios issue 7
sets targets for, for whichever of them the run has: classify_bench,
parsers_bench, monitor_bench and database_bench outputs.

With repetitions, each benchmark's figure is its fastest repetition: this
machine's slow spells only ever add time, so the minimum is the steadiest
estimate of the cost (the median moves with how many repetitions a spell
caught). The ratio of the medians is printed beside each verdict."""
import json
import sys

runs = json.load(sys.stdin)["benchmarks"]
reps = {}
for b in runs:
    if b.get("error_occurred") or b.get("run_type", "iteration") != "iteration":
        continue
    reps.setdefault(b.get("run_name", b["name"]), []).append(b)
if not reps:  # aggregates only: the medians stand for the repetitions
    for b in runs:
        if b.get("aggregate_name") == "median" and not b.get("error_occurred"):
            reps[b["run_name"]] = [b]
best = {k: min(v, key=lambda b: b["real_time"]) for k, v in reps.items()}
median = {k: sorted(v, key=lambda b: b["real_time"])[len(v) // 2] for k, v in reps.items()}


def rate(table, field):
    return {k: v.get(field, 0) for k, v in table.items()}


mb, items = rate(best, "bytes_per_second"), rate(best, "items_per_second")
mb_median, items_median = rate(median, "bytes_per_second"), rate(median, "items_per_second")
mb = {k: v / 1e6 for k, v in mb.items()}
mb_median = {k: v / 1e6 for k, v in mb_median.items()}

print(f"{'benchmark (fastest of ' + str(max(map(len, reps.values()), default=0)) + ')':<36}"
      f"{'MB/s':>8}{'items/s':>14}{'median MB/s':>13}  counters")
for k, v in best.items():
    counters = {c: v[c] for c in ("allocs_per_line", "failures", "records_per_advance") if c in v}
    shown = " ".join(f"{c}={x:g}" for c, x in counters.items())
    time = f" time={v['real_time']:.3g} {v['time_unit']}" if not mb[k] and not items[k] else ""
    print(f"{k:<36}{mb[k]:>8.0f}{items[k]:>14,.0f}{mb_median[k]:>13.0f}  {shown}{time}")


def verdict(label, ratio, median_ratio, target, higher_is_better=True):
    met = ratio >= target if higher_is_better else ratio <= target
    sign = ">=" if higher_is_better else "<="
    print(f"{label:<52} {ratio:6.2f} (medians {median_ratio:.2f}; target {sign} {target}): "
          f"{'met' if met else 'NOT met'}")


print()
ceiling = mb.get("BM_SimdjsonVisitAll")
events = mb.get("BM_ClassifyEvents")
if ceiling and events:
    for name, base, target, label in [
            ("BM_Validate", "BM_SimdjsonVisitAll", 0.7, "of the ceiling"),
            ("BM_ClassifyEvents", "BM_SimdjsonVisitAll", 0.4, "of the ceiling"),
            ("BM_Classify20Types", "BM_ClassifyEvents", 0.5, "of ClassifyEvents"),
            ("BM_ClassifyAllFailing", "BM_ClassifyEvents", 0.3, "of ClassifyEvents")]:
        if name in mb:
            verdict(f"{name} {label}", mb[name] / mb[base],
                    mb_median[name] / mb_median[base], target)
for codec in ("rfc3339", "unix", "strftime", "go_layout"):
    ours, theirs = f"BM_Timestamp/{codec}", f"BM_AbslParseTime/{codec}"
    if items.get(ours) and items.get(theirs):
        target = 10 if codec in ("rfc3339", "unix") else 1
        verdict(f"timestamp {codec}: x absl::ParseTime", items[ours] / items[theirs],
                items_median[ours] / items_median[theirs], target)
if "BM_Observe/100000" in items:
    verdict("monitor observations/s (millions), 100,000 sources",
            items["BM_Observe/100000"] / 1e6, items_median["BM_Observe/100000"] / 1e6, 1.0)
small, large = "BM_AdvanceHundredDue/1000", "BM_AdvanceHundredDue/100000"
if small in best and large in best:
    verdict("Advance, 100 due: 100,000 sources / 1,000 (flat)",
            best[large]["real_time"] / best[small]["real_time"],
            median[large]["real_time"] / median[small]["real_time"], 1.5,
            higher_is_better=False)
to_db, to_file = "BM_ClassifyFailuresToDatabase/real_time", "BM_ClassifyFailuresToFile/real_time"
if to_db in mb and to_file in mb:
    verdict("classify --db / classify --failures FILE (4% failing)", mb[to_db] / mb[to_file],
            mb_median[to_db] / mb_median[to_file], 0.9)
for name, label in (("BM_AllFailingToDatabase/real_time", "classified and written"),
                    ("BM_FailureRowsIntoDatabase/real_time", "written, records made before")):
    if name in items:
        verdict(f"failure rows/s into SQLite (thousands), {label}", items[name] / 1e3,
                items_median[name] / 1e3, 100)
