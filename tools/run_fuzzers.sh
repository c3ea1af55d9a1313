#!/bin/sh
# run_fuzzers.sh SECONDS FUZZER...: replays each fuzzer's corpus
# (tests/fuzz/corpus/<name without fuzz_>), then fuzzes for SECONDS. New
# inputs go to a scratch folder unless FUZZ_KEEP=1; a crash fails the run and
# leaves its input in fuzz-crashes/ (add it to the corpus once fixed).
#
# FUZZ_RUNS=N (make test sets it) makes the fuzzing part deterministic: seed
# 1 and N runs, so a test run is reproducible and finds nothing new by
# chance; exploring is for long runs (make fuzz), whose findings then become
# regression inputs.
set -eu
seconds="$1"
shift
passed=0
failed=0
mkdir -p fuzz-crashes
for f in "$@"; do
  corpus="tests/fuzz/corpus/${f#fuzz_}"
  scratch="$(mktemp -d)"
  if [ "${FUZZ_KEEP:-0}" = 1 ]; then out="$corpus"; else out="$scratch"; fi
  echo "== $f: replay $(ls "$corpus" | wc -l) inputs, then ${FUZZ_RUNS:+$FUZZ_RUNS seeded runs, at most }${seconds}s"
  if "./bazel-bin/tests/fuzz/$f" -runs=0 "$corpus" >"$scratch.log" 2>&1 &&
     "./bazel-bin/tests/fuzz/$f" -max_total_time="$seconds" -timeout=10 \
       ${FUZZ_RUNS:+-seed=1 -runs=$FUZZ_RUNS} \
       -rss_limit_mb=4096 -max_len=8192 -artifact_prefix="fuzz-crashes/$f-" \
       "$out" "$corpus" >>"$scratch.log" 2>&1; then
    tail -n 1 "$scratch.log"
    passed=$((passed + 1))
  else
    echo "FAIL: $f"
    grep -E "ERROR|SUMMARY|Test unit written" "$scratch.log" | head -5
    failed=$((failed + 1))
  fi
  rm -rf "$scratch" "$scratch.log"
done
echo "fuzz: $passed passed, $failed failed"
python3 tools/test_summary.py add fuzz "$passed" "$failed" 0
[ "$failed" -eq 0 ]
