#!/bin/bash
# libloghealth.so exports the C ABI and nothing else.
set -u
SO="$1"
symbols="$(nm -D --defined-only "$SO" | awk '{print $3}')"
others="$(grep -v '^lh_' <<<"$symbols")"
if [ -n "$others" ]; then
  echo "FAIL: exported symbols other than lh_*:"
  echo "$others" | head -20
  exit 1
fi
# Every function the header declares is exported.
for f in lh_version lh_status_name lh_free lh_classifier_create lh_classifier_free \
         lh_stream_create lh_stream_free lh_classify lh_classify_buffer lh_classify_batch \
         lh_stream_stats lh_monitor_create lh_monitor_restore lh_monitor_free \
         lh_monitor_observe lh_monitor_advance lh_monitor_take_records \
         lh_monitor_take_deliveries lh_monitor_report_delivery lh_monitor_resolve \
         lh_monitor_snapshot lh_classifier_reads_input_start lh_stream_restart_row_ids; do
  grep -qx "$f" <<<"$symbols" || { echo "FAIL: $f is not exported"; exit 1; }
done
echo "OK: $(wc -l <<<"$symbols") symbols, all lh_*"
