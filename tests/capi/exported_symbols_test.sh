#!/bin/bash
# libloghealth.so exports the C ABI and nothing else: exactly the functions
# capi/loghealth.h declares (read from the header, so a new one cannot be
# forgotten here).
set -u
SO="$1"
HEADER="$2"
symbols="$(nm -D --defined-only "$SO" | awk '{print $3}' | sort)"
declared="$(grep -o '^LH_API[^(]*(' "$HEADER" | sed -E 's/.*[ *](lh_[a-z0-9_]+)\($/\1/' | sort)"
[ -n "$declared" ] || { echo "FAIL: no LH_API functions found in $HEADER"; exit 1; }
others="$(grep -v '^lh_' <<<"$symbols")"
if [ -n "$others" ]; then
  echo "FAIL: exported symbols other than lh_*:"
  echo "$others" | head -20
  exit 1
fi
missing="$(comm -23 <(echo "$declared") <(echo "$symbols"))"
extra="$(comm -13 <(echo "$declared") <(echo "$symbols"))"
[ -z "$missing" ] || { echo "FAIL: declared but not exported:"; echo "$missing"; exit 1; }
[ -z "$extra" ] || { echo "FAIL: exported but not declared:"; echo "$extra"; exit 1; }
echo "OK: $(wc -l <<<"$symbols") symbols, all declared in the header, all lh_*"
