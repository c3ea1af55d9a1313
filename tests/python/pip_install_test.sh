#!/bin/bash
# `pip install ./python` offline into a fresh virtual environment, then
# examples/python/pipeline.py on the installed package alone (no PYTHONPATH,
# no LOGHEALTH_LIBRARY, run from outside the source tree).
#
#   pip_install_test.sh LIBRARY WORKSPACE
#
# LIBRARY is the libloghealth.so the wheel carries; WORKSPACE locates the
# source tree. The expected numbers are those of
#   loghealth classify --schema examples/schemas/webapp.yml \
#       --schema examples/schemas/audit.json examples/logs/app_and_audit.jsonl
# (lines=300 events=276 failures=16 skipped=8); the output files are counted
# here by a separate check.
set -euo pipefail
SO="$(readlink -f "$1")"
ROOT="$(dirname "$(readlink -f "$2")")"   # the source tree (via WORKSPACE)
PYTHON=/usr/bin/python3

if [[ -n "${TEST_TMPDIR:-}" ]]; then
  WORK="$TEST_TMPDIR/pip_install"
  rm -rf "$WORK"
  mkdir -p "$WORK"
else
  WORK="$(mktemp -d)"
  trap 'rm -rf "$WORK"' EXIT
fi
export TMPDIR="$WORK"   # pip's and setup.py's scratch folders
VENV="$WORK/venv"
OUT="$WORK/out"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

echo "== venv in $VENV"
"$PYTHON" -m venv --system-site-packages "$VENV"

echo "== pip install $ROOT/python (LOGHEALTH_LIBRARY=$SO)"
cd "$WORK"
LOGHEALTH_LIBRARY="$SO" "$VENV/bin/python" -m pip install --isolated --no-index \
  --no-build-isolation --no-deps --no-cache-dir --disable-pip-version-check "$ROOT/python"

# From here on only the installed package: no PYTHONPATH, no
# LOGHEALTH_LIBRARY, and a working directory outside the source tree.
run() {
  (cd "$WORK" && env -u PYTHONPATH -u LOGHEALTH_LIBRARY -u PYTHONHOME "$@")
}

echo "== the installed package and its own library"
run "$VENV/bin/python" - "$VENV" "$SO" <<'EOF'
import filecmp
import os
import sys

import loghealth

venv, built = sys.argv[1], sys.argv[2]
package = os.path.dirname(os.path.realpath(loghealth.__file__))
if not package.startswith(os.path.realpath(venv) + os.sep):
    sys.exit(f"FAIL: loghealth imported from {package}, not from the venv {venv}")
local = os.path.join(package, "libloghealth.so")
if os.path.realpath(loghealth.library_path) != local:
    sys.exit(f"FAIL: loaded {loghealth.library_path}, not the package's {local}")
if not filecmp.cmp(local, built, shallow=False):
    sys.exit(f"FAIL: {local} is not a copy of {built}")
# What the process really mapped: the package's copy, and no other.
with open("/proc/self/maps") as f:
    mapped = {line.split()[-1] for line in f if line.rstrip().endswith("libloghealth.so")}
if {os.path.realpath(p) for p in mapped} != {local}:
    sys.exit(f"FAIL: mapped {sorted(mapped)}, expected only {local}")
if not os.path.isfile(os.path.join(package, "py.typed")):
    sys.exit("FAIL: no py.typed in the installed package")
if loghealth.__version__.split(".")[:2] != [str(v) for v in loghealth.ABI_VERSION]:
    sys.exit(f"FAIL: library {loghealth.__version__}, package ABI {loghealth.ABI_VERSION}")
print(f"ok: {loghealth.__file__} with {loghealth.library_path} ({loghealth.__version__})")
EOF

echo "== examples/python/pipeline.py"
LOG="$ROOT/examples/logs/app_and_audit.jsonl"
run "$VENV/bin/python" "$ROOT/examples/python/pipeline.py" "$LOG" "$OUT" > "$WORK/stdout"
cat "$WORK/stdout"

# What the pipeline printed.
expected_summary="lines=300 events=276 failures=16 skipped=8 -> $OUT/events.jsonl, $OUT/failures.jsonl"
[[ "$(sed -n 1p "$WORK/stdout")" == "$expected_summary" ]] ||
  fail "summary: '$(sed -n 1p "$WORK/stdout")', expected '$expected_summary'"
grep -qxF 'ALERT CRITICAL SOURCE_CLASSIFICATION_FAILURES: Log source "demo app" has classification failures' \
  "$WORK/stdout" || fail "no classification alert in the pipeline's output"
grep -qxF '  delivered to oncall: 200' "$WORK/stdout" || fail "no delivery in the pipeline's output"

echo "== the output files, counted apart"
# A separate check, with the standard library only (not loghealth).
"$PYTHON" - "$LOG" "$OUT" <<'EOF'
import base64
import collections
import json
import os
import sys

log, out = sys.argv[1], sys.argv[2]
with open(log, "rb") as f:
    lines = f.read().split(b"\n")
if lines and lines[-1] == b"":
    lines.pop()  # the newline after the last line
blank = sum(1 for line in lines if not line.strip())


def records(name):
    with open(os.path.join(out, name), encoding="utf-8") as f:
        return [json.loads(line) for line in f]


events, failures = records("events.jsonl"), records("failures.jsonl")
got = (len(lines), len(events), len(failures), blank)
expected = (300, 276, 16, 8)  # lines, events, failures, skipped
if got != expected:
    sys.exit(f"FAIL: (lines, events, failures, blank) {got}, expected {expected}")
if len(events) + len(failures) + blank != len(lines):
    sys.exit("FAIL: events + failures + blank lines is not every line")
types = collections.Counter(e["p_log_type"] for e in events)
if types != {"Custom.WebApp": 172, "Custom.Audit": 104}:
    sys.exit(f"FAIL: event types {dict(types)}")
if {(e["p_source_id"], e["p_source_label"]) for e in events} != {("app", "demo app")}:
    sys.exit("FAIL: events without p_source_id app / p_source_label demo app")
reasons = collections.Counter(f["reason"] for f in failures)
expected_reasons = {"bad_timestamp": 2, "malformed_json": 4, "missing_required": 2,
                    "not_allowed": 5, "not_an_object": 1, "type_mismatch": 2}
if reasons != expected_reasons:
    sys.exit(f"FAIL: failure reasons {dict(reasons)}, expected {expected_reasons}")
# Each failure carries its line exactly, in input order.
position = -1
for failure in failures:
    payload = (base64.b64decode(failure["payload"])
               if failure.get("payload_encoding") == "base64"
               else failure["payload"].encode("utf-8"))
    try:
        position = lines.index(payload, position + 1)
    except ValueError:
        sys.exit(f"FAIL: {payload!r} is not a line after line {position + 1} of {log}")
print(f"ok: {len(lines)} lines, {len(events)} events {dict(types)}, "
      f"{len(failures)} failures, {blank} blank")
EOF
echo "PASS"
