#!/usr/bin/env python3
"""Counts test cases from the GoogleTest / unittest XML that Bazel keeps.

  test_summary.py record LABEL QUERY   add the latest results of the tests
                                      `bazel query QUERY` names to the tally
  test_summary.py add LABEL P F S     add counts from elsewhere (the fuzzers)
  test_summary.py total          print the tally's closing line

The closing line has the plain form CI reads: "N passed, N failed, N skipped".
"""
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

TALLY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".test-tally.json")


def test_logs(query):
    targets = subprocess.run(
        ["bazel", "query", "--noshow_progress", query],
        check=True, capture_output=True, text=True).stdout.split()
    # //tests/time:timestamp_test -> bazel-testlogs/tests/time/timestamp_test/test.xml
    for t in targets:
        package, name = t.lstrip("/").split(":")
        yield os.path.join("bazel-testlogs", package, name, "test.xml")


def count_latest(query):
    passed = failed = skipped = 0
    for path in test_logs(query):
        try:
            root = ET.parse(path).getroot()
        except (ET.ParseError, FileNotFoundError):
            failed += 1  # a test that crashed before writing its report
            continue
        for case in root.iter("testcase"):
            if case.find("failure") is not None or case.find("error") is not None:
                failed += 1
            elif case.get("result") == "skipped" or case.find("skipped") is not None:
                skipped += 1
            else:
                passed += 1
    return passed, failed, skipped


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "record":
        tally = {}
        if os.path.exists(TALLY):
            with open(TALLY) as f:
                tally = json.load(f)
        p, f_, s = count_latest(sys.argv[3])
        tally[sys.argv[2]] = [p, f_, s]
        with open(TALLY, "w") as f:
            json.dump(tally, f)
        print(f"{sys.argv[2]}: {p} passed, {f_} failed, {s} skipped (test cases)")
    elif len(sys.argv) == 6 and sys.argv[1] == "add":
        tally = {}
        if os.path.exists(TALLY):
            with open(TALLY) as f:
                tally = json.load(f)
        tally[sys.argv[2]] = [int(x) for x in sys.argv[3:6]]
        with open(TALLY, "w") as f:
            json.dump(tally, f)
    elif len(sys.argv) == 2 and sys.argv[1] == "total":
        with open(TALLY) as f:
            tally = json.load(f)
        os.remove(TALLY)
        p = sum(v[0] for v in tally.values())
        f_ = sum(v[1] for v in tally.values())
        s = sum(v[2] for v in tally.values())
        print(f"{p} passed, {f_} failed, {s} skipped")
        return 1 if f_ else 0
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
