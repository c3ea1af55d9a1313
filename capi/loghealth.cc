// The C ABI over the C++ library. Every entry point catches: no exception
// crosses into C. Errors become absl::StatusCode values plus a message kept
// on the handle.
#include "capi/loghealth.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "loghealth/classifier.h"
#include "loghealth/log_types.h"
#include "loghealth/monitor.h"
#include "loghealth/version.h"
#include "absl/strings/str_cat.h"
#include "capi/support.h"
#include "src/json/json_writer.h"

static_assert(LH_VERSION_MAJOR == LOGHEALTH_VERSION_MAJOR &&
                  LH_VERSION_MINOR == LOGHEALTH_VERSION_MINOR &&
                  LH_VERSION_PATCH == LOGHEALTH_VERSION_PATCH,
              "capi/loghealth.h and loghealth/version.h disagree on the version");

struct lh_classifier {
  std::shared_ptr<const loghealth::Classifier> classifier;
};

struct lh_stream {
  std::unique_ptr<loghealth::ClassifierStream> stream;
  std::string last_error;
  std::string reason;  // NUL-terminated copy for lh_result.reason
};

struct lh_monitor {
  loghealth::MonitorConfig config;
  std::unique_ptr<loghealth::HealthMonitor> monitor;
  // Mutable: const calls (a snapshot) report their errors too.
  mutable std::string last_error;
};

namespace {

using loghealth::capi::FromStatus;
using loghealth::capi::Guard;
using loghealth::capi::MallocBuffer;
using loghealth::capi::Owned;
using loghealth::capi::ReportCreateError;

void Fill(const loghealth::ClassifyResult& r, lh_stream* s, lh_result* out) {
  out->kind = r.kind == loghealth::ClassifyResult::Kind::kEvent     ? LH_EVENT
              : r.kind == loghealth::ClassifyResult::Kind::kFailure ? LH_FAILURE
                                                              : LH_SKIPPED;
  out->log_type = r.log_type.data();
  out->log_type_len = r.log_type.size();
  out->json = r.json.data();
  out->json_len = r.json.size();
  out->offset = -1;
  out->reason = "";
  if (r.failure != nullptr) {
    s->reason = std::string(loghealth::FailureReasonName(r.failure->best.reason));
    out->reason = s->reason.c_str();
    out->offset = r.failure->best.offset;
  }
}

// Calls `line` for each newline-delimited log of data (a last line without
// "\n" too).
template <typename Line>
void ForEachLine(const char* data, size_t len, Line line) {
  size_t start = 0;
  while (start < len) {
    const void* nl = std::memchr(data + start, '\n', len - start);
    const size_t end = nl ? static_cast<const char*>(nl) - data : len;
    if (!line(std::string_view(data + start, end - start))) return;
    start = end + 1;
  }
}

}  // namespace

extern "C" {

const char* lh_version(void) { return LOGHEALTH_VERSION_STRING; }
unsigned lh_version_number(void) { return LH_VERSION_NUMBER; }

const char* lh_status_name(int code) {
  static const char* const kNames[] = {
      "OK",        "CANCELLED",         "UNKNOWN",          "INVALID_ARGUMENT",
      "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",   "PERMISSION_DENIED",
      "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
      "UNIMPLEMENTED", "INTERNAL",      "UNAVAILABLE",      "DATA_LOSS",
      "UNAUTHENTICATED"};
  return code >= 0 && code <= 16 ? kNames[code] : "UNKNOWN_CODE";
}

void lh_free(void* p) { std::free(p); }

void lh_classifier_options_init(lh_classifier_options* options) {
  if (options == nullptr) return;
  std::memset(options, 0, sizeof(*options));
  options->version = LH_CLASSIFIER_OPTIONS_VERSION;
}

int lh_classifier_create(const char* const* schemas, const size_t* lengths, size_t count,
                         const lh_classifier_options* options, lh_classifier** out,
                         char** error) {
  if (error != nullptr) *error = nullptr;
  if (out == nullptr) return LH_INVALID_ARGUMENT;
  *out = nullptr;
  std::string message;
  const int code = Guard(&message, [&]() -> int {
    if (count > 0 && (schemas == nullptr || lengths == nullptr)) {
      message = "schemas and lengths must not be NULL";
      return LH_INVALID_ARGUMENT;
    }
    if (options != nullptr &&
        (options->version < 1 || options->version > LH_CLASSIFIER_OPTIONS_VERSION)) {
      message = "lh_classifier_options.version is not 1 to LH_CLASSIFIER_OPTIONS_VERSION "
                "(call lh_classifier_options_init)";
      return LH_INVALID_ARGUMENT;
    }
    // Every schema's problems, not only the first schema's.
    std::vector<loghealth::LogSchema> loaded;
    std::string problems;
    int problem_code = LH_OK;  // NotFound for one unknown built-in, else InvalidArgument
    constexpr std::string_view kBuiltin = "builtin:";
    for (size_t i = 0; i < count; ++i) {
      const std::string_view text(schemas[i], lengths[i]);
      if (text.substr(0, kBuiltin.size()) == kBuiltin) {
        auto builtin = loghealth::BuiltinLogType(text.substr(kBuiltin.size()));
        if (builtin.ok()) {
          loaded.push_back(*std::move(builtin));
        } else {
          problem_code =
              problems.empty() ? static_cast<int>(builtin.status().code()) : LH_INVALID_ARGUMENT;
          absl::StrAppend(&problems, builtin.status().message(), "\n");
        }
        continue;
      }
      loghealth::SchemaLoadResult r =
          loghealth::LoadSchema(text, "schema[" + std::to_string(i) + "]");
      if (!r.ok()) {
        problem_code = LH_INVALID_ARGUMENT;
        problems += r.ErrorText();
        continue;
      }
      loaded.push_back(loghealth::WithBuiltinParser(*std::move(r.schema)));
    }
    if (!problems.empty()) {
      if (problems.back() == '\n') problems.pop_back();
      message = problems;
      return problem_code;
    }
    loghealth::ClassifierOptions o;
    if (options != nullptr) {
      if (options->source_id) o.source_id = options->source_id;
      if (options->source_label) o.source_label = options->source_label;
      o.data_lake_timestamps = options->data_lake_timestamps != 0;
      if (options->max_log_bytes != 0) o.max_log_bytes = options->max_log_bytes;
      // Fields of version 2 exist only in a version-2 struct.
      if (options->version >= 2) {
        if (options->parse_time_ns != 0) {
          const auto t = loghealth::Timestamp::FromUnixNanos(options->parse_time_ns);
          o.clock = [t] { return t; };
        }
        o.row_id_seed = options->row_id_seed;
      }
      if (options->version >= 3) {
        if (options->max_depth > 0) o.max_depth = options->max_depth;
        o.validate_only = options->validate_only != 0;
      }
    }
    auto c = loghealth::Classifier::Create(loaded, std::move(o));
    if (!c.ok()) return FromStatus(c.status(), &message);
    *out = new lh_classifier{*std::move(c)};
    return LH_OK;
  });
  ReportCreateError(code, message, error);
  return code;
}

void lh_classifier_free(lh_classifier* classifier) { delete classifier; }

int lh_classifier_reads_input_start(const lh_classifier* classifier) {
  return classifier != nullptr && classifier->classifier->reads_input_start() ? 1 : 0;
}

int lh_stream_create(const lh_classifier* classifier, lh_stream** out, char** error) {
  if (error != nullptr) *error = nullptr;
  if (out == nullptr) return LH_INVALID_ARGUMENT;
  *out = nullptr;
  std::string message;
  const int code = Guard(&message, [&]() -> int {
    if (classifier == nullptr) {
      message = "classifier is NULL";
      return LH_INVALID_ARGUMENT;
    }
    auto s = std::make_unique<lh_stream>();
    s->stream = std::make_unique<loghealth::ClassifierStream>(classifier->classifier);
    *out = s.release();
    return LH_OK;
  });
  ReportCreateError(code, message, error);
  return code;
}

void lh_stream_free(lh_stream* stream) { delete stream; }

const char* lh_stream_last_error(const lh_stream* stream) {
  return stream == nullptr ? "" : stream->last_error.c_str();
}

int lh_stream_new_input(lh_stream* stream) {
  if (stream == nullptr) return LH_INVALID_ARGUMENT;
  return Guard(&stream->last_error, [&]() -> int {
    stream->stream->NewInput();
    return LH_OK;
  });
}

int lh_stream_restart_row_ids(lh_stream* stream, uint64_t seed) {
  if (stream == nullptr) return LH_INVALID_ARGUMENT;
  return Guard(&stream->last_error, [&]() -> int {
    if (seed == 0) {
      stream->last_error = "lh_stream_restart_row_ids: the seed must not be 0";
      return LH_INVALID_ARGUMENT;
    }
    stream->stream->RestartRowIds(seed);
    return LH_OK;
  });
}

int lh_classify(lh_stream* stream, const char* log, size_t len, lh_result* out) {
  if (stream == nullptr || out == nullptr || (log == nullptr && len > 0)) {
    return LH_INVALID_ARGUMENT;
  }
  return Guard(&stream->last_error, [&]() -> int {
    Fill(stream->stream->Classify(std::string_view(log ? log : "", len)), stream, out);
    return LH_OK;
  });
}

int lh_classify_buffer(lh_stream* stream, const char* data, size_t len,
                       lh_result_callback callback, void* user) {
  if (stream == nullptr || callback == nullptr || (data == nullptr && len > 0)) {
    return LH_INVALID_ARGUMENT;
  }
  return Guard(&stream->last_error, [&]() -> int {
    lh_result r;
    ForEachLine(data, len, [&](std::string_view line) {
      Fill(stream->stream->Classify(line), stream, &r);
      return callback(user, &r) == 0;
    });
    return LH_OK;
  });
}

int lh_classify_batch(lh_stream* stream, const char* data, size_t len, char** out,
                      size_t* out_len) {
  if (stream == nullptr || out == nullptr || (data == nullptr && len > 0)) {
    return LH_INVALID_ARGUMENT;
  }
  *out = nullptr;
  if (out_len != nullptr) *out_len = 0;
  return Guard(&stream->last_error, [&]() -> int {
    // Events are somewhat longer than their logs (the p_ fields).
    MallocBuffer batch(len + len / 2);
    ForEachLine(data, len, [&](std::string_view line) {
      const loghealth::ClassifyResult& r = stream->stream->Classify(line);
      if (r.kind == loghealth::ClassifyResult::Kind::kSkipped) return true;
      const char kind = r.kind == loghealth::ClassifyResult::Kind::kEvent ? 'E' : 'F';
      // A log with an envelope holds several events, one a line: each gets
      // its own output line.
      std::string_view rest = r.json;
      do {
        const size_t nl = r.event_count > 1 ? rest.find('\n') : std::string_view::npos;
        batch.push_back(kind);
        batch.append(r.log_type);
        batch.push_back('\t');
        batch.append(rest.substr(0, nl));
        batch.push_back('\n');
        rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
      } while (!rest.empty());
      return true;
    });
    if (out_len != nullptr) *out_len = batch.size();
    *out = batch.Release();
    return LH_OK;
  });
}

int lh_stream_stats(const lh_stream* stream, lh_stats* out) {
  if (stream == nullptr || out == nullptr) return LH_INVALID_ARGUMENT;
  const loghealth::ClassifierStats& s = stream->stream->stats();
  out->logs = s.logs;
  out->bytes = s.bytes;
  out->events = s.events;
  out->failures = s.failures;
  out->skipped = s.skipped;
  return LH_OK;
}

// ---- monitor ----------------------------------------------------------------------

namespace {
int CreateMonitor(const char* config, size_t len, const void* snapshot, size_t snapshot_len,
                  bool restore, lh_monitor** out, char** error) {
  if (error != nullptr) *error = nullptr;
  if (out == nullptr || (config == nullptr && len > 0)) return LH_INVALID_ARGUMENT;
  *out = nullptr;
  std::string message;
  const int code = Guard(&message, [&]() -> int {
    auto parsed = loghealth::ParseMonitorConfig(std::string_view(config ? config : "", len));
    if (!parsed.ok()) return FromStatus(parsed.status(), &message);
    auto m = restore ? loghealth::HealthMonitor::Restore(
                           *parsed, std::string_view(static_cast<const char*>(snapshot),
                                                     snapshot_len))
                     : loghealth::HealthMonitor::Create(*parsed);
    if (!m.ok()) return FromStatus(m.status(), &message);
    *out = new lh_monitor{*std::move(parsed), *std::move(m), ""};
    return LH_OK;
  });
  ReportCreateError(code, message, error);
  return code;
}
}  // namespace

int lh_monitor_create(const char* config, size_t len, lh_monitor** out, char** error) {
  return CreateMonitor(config, len, nullptr, 0, false, out, error);
}

int lh_monitor_restore(const char* config, size_t config_len, const void* snapshot,
                       size_t snapshot_len, lh_monitor** out, char** error) {
  if (snapshot == nullptr && snapshot_len > 0) return LH_INVALID_ARGUMENT;
  return CreateMonitor(config, config_len, snapshot ? snapshot : "", snapshot_len, true,
                       out, error);
}

void lh_monitor_free(lh_monitor* monitor) { delete monitor; }

const char* lh_monitor_last_error(const lh_monitor* monitor) {
  return monitor == nullptr ? "" : monitor->last_error.c_str();
}

int lh_monitor_observe(lh_monitor* monitor, const char* json, size_t len) {
  if (monitor == nullptr || (json == nullptr && len > 0)) return LH_INVALID_ARGUMENT;
  return Guard(&monitor->last_error, [&]() -> int {
    auto o = loghealth::ParseObservation(std::string_view(json ? json : "", len));
    if (!o.ok()) return FromStatus(o.status(), &monitor->last_error);
    return FromStatus(monitor->monitor->Observe(*o), &monitor->last_error);
  });
}

int lh_monitor_advance(lh_monitor* monitor, int64_t unix_ns) {
  if (monitor == nullptr) return LH_INVALID_ARGUMENT;
  return Guard(&monitor->last_error, [&]() -> int {
    monitor->monitor->Advance(unix_ns);
    return LH_OK;
  });
}

int64_t lh_monitor_next_due(const lh_monitor* monitor) {
  return monitor == nullptr ? 0 : monitor->monitor->NextDueTime();
}

int lh_monitor_take_records(lh_monitor* monitor, char** out) {
  if (monitor == nullptr || out == nullptr) return LH_INVALID_ARGUMENT;
  *out = nullptr;
  return Guard(&monitor->last_error, [&]() -> int {
    std::string all;
    for (const std::string& line : monitor->monitor->TakeOutputs()) {
      all += line;
      all.push_back('\n');
    }
    *out = Owned(all);
    return LH_OK;
  });
}

int lh_monitor_take_deliveries(lh_monitor* monitor, char** out) {
  if (monitor == nullptr || out == nullptr) return LH_INVALID_ARGUMENT;
  *out = nullptr;
  return Guard(&monitor->last_error, [&]() -> int {
    std::string json = "[";
    bool first = true;
    for (const loghealth::DeliveryRequest& r : monitor->monitor->TakeDueDeliveries()) {
      if (!first) json.push_back(',');
      first = false;
      json += "{\"deliveryId\":";
      loghealth::json::AppendJsonString(r.delivery_id, &json);
      json += ",\"alertId\":";
      loghealth::json::AppendJsonString(r.alert_id, &json);
      json += ",\"destinationId\":";
      loghealth::json::AppendJsonString(r.destination_id, &json);
      json += ",\"attempt\":";
      loghealth::json::AppendInt(r.attempt, &json);
      json += r.resolved_notice ? ",\"resolvedNotice\":true" : ",\"resolvedNotice\":false";
      json += ",\"payload\":";
      json += r.payload.empty() ? "null" : r.payload;
      json.push_back('}');
    }
    json.push_back(']');
    *out = Owned(json);
    return LH_OK;
  });
}

int lh_monitor_report_delivery(lh_monitor* monitor, const char* delivery_id,
                               int status_code, const char* message) {
  if (monitor == nullptr || delivery_id == nullptr) return LH_INVALID_ARGUMENT;
  return Guard(&monitor->last_error, [&]() -> int {
    loghealth::DeliveryResult r;
    r.delivery_id = delivery_id;
    r.status_code = status_code;
    if (message != nullptr) r.message = message;
    return FromStatus(monitor->monitor->ReportDelivery(r), &monitor->last_error);
  });
}

int lh_monitor_resolve(lh_monitor* monitor, const char* alert_id, const char* actor,
                       const char* reason) {
  if (monitor == nullptr || alert_id == nullptr || actor == nullptr) return LH_INVALID_ARGUMENT;
  return Guard(&monitor->last_error, [&]() -> int {
    return FromStatus(monitor->monitor->Resolve(alert_id, actor, reason ? reason : ""),
                      &monitor->last_error);
  });
}

int lh_monitor_snapshot(const lh_monitor* monitor, void** data, size_t* len) {
  if (monitor == nullptr) return LH_INVALID_ARGUMENT;
  if (data == nullptr || len == nullptr) {
    monitor->last_error = "data and len must not be NULL";
    return LH_INVALID_ARGUMENT;
  }
  *data = nullptr;
  *len = 0;
  return Guard(&monitor->last_error, [&]() -> int {
    const std::string snap = monitor->monitor->Snapshot();
    void* p = std::malloc(snap.size() == 0 ? 1 : snap.size());
    if (p == nullptr) return LH_RESOURCE_EXHAUSTED;
    std::memcpy(p, snap.data(), snap.size());
    *data = p;
    *len = snap.size();
    return LH_OK;
  });
}

}  // extern "C"
