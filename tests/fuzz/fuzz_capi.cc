// Fuzzes the C ABI as a host uses it. The first byte picks what the rest is:
//   0: schema text for lh_classifier_create (errors must come back as codes
//      and messages), then a few logs through every classify entry point;
//   1: newline-delimited logs for lh_classify, lh_classify_buffer and
//      lh_classify_batch on fixed schemas (their counts must agree);
//   2: monitor observations, then the same bytes as a snapshot to restore;
// and every call also gets NULLs where the header allows them.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "capi/loghealth.h"

namespace {

const char kJson[] =
    "version: 0\nschema: Custom.J\nfields:\n"
    "  - {name: t, type: timestamp, timeFormat: rfc3339, isEventTime: true}\n"
    "  - {name: n, type: bigint, required: true}\n"
    "  - {name: ip, type: string, indicators: [ip]}\n"
    "  - {name: o, type: object, fields: [{name: k, type: string}]}\n";
const char kCsv[] =
    "version: 0\nschema: Custom.C\nparser:\n  csv:\n    delimiter: ','\n"
    "    columns: [a, b]\nfields:\n  - {name: a, type: string, required: true}\n"
    "  - {name: b, type: int}\n";
const char kConfig[] =
    "sources: [{id: s1, dropOffMinutes: 15}]\n"
    "destinations: [{id: d, alertTypes: [SYSTEM_ERROR], defaultForSeverity: [LOW]}]\n";

struct Counts {
  uint64_t events = 0, failures = 0, skipped = 0;
};

int Count(void* user, const lh_result* r) {
  Counts* c = static_cast<Counts*>(user);
  if (r->kind == LH_EVENT) ++c->events;
  if (r->kind == LH_FAILURE) ++c->failures;
  if (r->kind == LH_SKIPPED) ++c->skipped;
  if (r->kind != LH_SKIPPED && (r->json == nullptr || r->json_len == 0)) abort();
  return 0;
}

// Every entry point over `logs`; the three must agree.
void ClassifyEveryWay(lh_classifier* classifier, const char* logs, size_t len) {
  lh_stream* stream = nullptr;
  if (lh_stream_create(classifier, &stream, NULL) != LH_OK) abort();
  Counts one;
  size_t start = 0;
  while (start < len) {
    const void* nl = std::memchr(logs + start, '\n', len - start);
    const size_t end = nl ? static_cast<const char*>(nl) - logs : len;
    lh_result r;
    if (lh_classify(stream, logs + start, end - start, &r) != LH_OK) abort();
    Count(&one, &r);
    start = end + 1;
  }
  Counts buffered;
  if (lh_classify_buffer(stream, logs, len, Count, &buffered) != LH_OK) abort();
  char* batch = nullptr;
  size_t batch_len = 0;
  if (lh_classify_batch(stream, logs, len, &batch, &batch_len) != LH_OK) abort();
  uint64_t batch_lines = 0;
  for (size_t i = 0; i < batch_len; ++i) batch_lines += batch[i] == '\n';
  lh_free(batch);
  if (one.events != buffered.events || one.failures != buffered.failures ||
      one.skipped != buffered.skipped || batch_lines != one.events + one.failures) {
    abort();
  }
  lh_stats stats;
  if (lh_stream_stats(stream, &stats) != LH_OK) abort();
  if (stats.events != 3 * one.events || stats.failures != 3 * one.failures) abort();
  if (lh_stream_new_input(stream) != LH_OK) abort();
  if (lh_stream_restart_row_ids(stream, 0) != LH_INVALID_ARGUMENT) abort();
  if (lh_stream_restart_row_ids(stream, len + 1) != LH_OK) abort();
  lh_stream_free(stream);
}

void FuzzSchema(const char* text, size_t len) {
  const char* schemas[] = {text};
  const size_t lengths[] = {len};
  lh_classifier* classifier = nullptr;
  char* error = nullptr;
  const int code = lh_classifier_create(schemas, lengths, 1, nullptr, &classifier, &error);
  if (code == LH_OK) {
    if (classifier == nullptr || error != nullptr) abort();
    static const char kLogs[] = "{\"a\": 1}\nx,1\n\n{}\n";
    ClassifyEveryWay(classifier, kLogs, sizeof(kLogs) - 1);
    lh_classifier_free(classifier);
  } else if (classifier != nullptr || error == nullptr || std::strlen(error) == 0) {
    abort();  // a failure always says why, and hands out no handle
  }
  lh_free(error);
}

void FuzzLogs(const char* logs, size_t len) {
  static lh_classifier* classifier = [] {
    const char* schemas[] = {kJson, kCsv};
    const size_t lengths[] = {sizeof(kJson) - 1, sizeof(kCsv) - 1};
    lh_classifier_options options;
    lh_classifier_options_init(&options);
    options.source_id = "src";
    options.max_log_bytes = 4096;
    lh_classifier* c = nullptr;
    if (lh_classifier_create(schemas, lengths, 2, &options, &c, nullptr) != LH_OK) abort();
    return c;
  }();
  ClassifyEveryWay(classifier, logs, len);
}

void FuzzMonitor(const char* text, size_t len) {
  lh_monitor* monitor = nullptr;
  if (lh_monitor_create(kConfig, sizeof(kConfig) - 1, &monitor, nullptr) != LH_OK) abort();
  size_t start = 0;
  while (start < len) {
    const void* nl = std::memchr(text + start, '\n', len - start);
    const size_t end = nl ? static_cast<const char*>(nl) - text : len;
    const int code = lh_monitor_observe(monitor, text + start, end - start);
    if (code != LH_OK && std::strlen(lh_monitor_last_error(monitor)) == 0) abort();
    start = end + 1;
  }
  char* records = nullptr;
  if (lh_monitor_take_records(monitor, &records) != LH_OK) abort();
  lh_free(records);
  char* deliveries = nullptr;
  if (lh_monitor_take_deliveries(monitor, &deliveries) != LH_OK) abort();
  lh_free(deliveries);
  const std::string id(text, len < 40 ? len : 40);
  (void)lh_monitor_report_delivery(monitor, id.c_str(), 500, "fuzz");
  (void)lh_monitor_resolve(monitor, id.c_str(), "fuzz", nullptr);
  void* snapshot = nullptr;
  size_t snapshot_len = 0;
  if (lh_monitor_snapshot(monitor, &snapshot, &snapshot_len) != LH_OK) abort();
  lh_monitor* restored = nullptr;
  if (lh_monitor_restore(kConfig, sizeof(kConfig) - 1, static_cast<const char*>(snapshot),
                         snapshot_len, &restored,
                         nullptr) != LH_OK) {
    abort();  // a real snapshot always restores
  }
  lh_monitor_free(restored);
  lh_free(snapshot);
  // Random bytes as a snapshot: refused with a message, or read.
  char* error = nullptr;
  restored = nullptr;
  if (lh_monitor_restore(kConfig, sizeof(kConfig) - 1, text, len, &restored, &error) != LH_OK &&
      (restored != nullptr || error == nullptr)) {
    abort();
  }
  lh_free(error);
  lh_monitor_free(restored);
  lh_monitor_free(monitor);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Freeing nothing is always allowed.
  lh_free(nullptr);
  lh_classifier_free(nullptr);
  lh_stream_free(nullptr);
  lh_monitor_free(nullptr);
  if (size == 0) return 0;
  const char* rest = reinterpret_cast<const char*>(data) + 1;
  const size_t len = size - 1;
  switch (data[0] % 3) {
    case 0: FuzzSchema(rest, len); break;
    case 1: FuzzLogs(rest, len); break;
    default: FuzzMonitor(rest, len); break;
  }
  return 0;
}
