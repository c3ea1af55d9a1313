// The C ABI of classification: classifiers, streams, results, schema files.
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "capi/loghealth.h"
#include "capi/support.h"
#include "loghealth/classifier.h"
#include "loghealth/log_types.h"
#include "loghealth/schema.h"
#include "loghealth/timestamp.h"

struct lh_classifier {
  std::shared_ptr<const loghealth::Classifier> classifier;
};

struct lh_stream {
  std::unique_ptr<loghealth::ClassifierStream> stream;
  std::string last_error;
  std::string reason;  // NUL-terminated copy for lh_result.reason
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

// Schemas' problems gathered over all of them: the code is NotFound for one
// unknown built-in, InvalidArgument otherwise.
struct Problems {
  std::string text;
  int code = LH_OK;
  void Add(int c, const std::string& message) {
    code = text.empty() ? c : LH_INVALID_ARGUMENT;
    text += message;
    if (!text.empty() && text.back() != '\n') text.push_back('\n');
  }
};

// The C options as the library's, or false (with `message`) for a version
// this library does not know.
bool ReadOptions(const lh_classifier_options* options, loghealth::ClassifierOptions* o,
                 std::string* message) {
  if (options == nullptr) return true;
  if (options->version < 1 || options->version > LH_CLASSIFIER_OPTIONS_VERSION) {
    *message = "lh_classifier_options.version is not 1 to LH_CLASSIFIER_OPTIONS_VERSION "
               "(call lh_classifier_options_init)";
    return false;
  }
  if (options->source_id) o->source_id = options->source_id;
  if (options->source_label) o->source_label = options->source_label;
  o->data_lake_timestamps = options->data_lake_timestamps != 0;
  if (options->max_log_bytes != 0) o->max_log_bytes = options->max_log_bytes;
  // A field exists only in a struct of its version or later.
  if (options->version >= 2) {
    if (options->parse_time_ns != 0) {
      const auto t = loghealth::Timestamp::FromUnixNanos(options->parse_time_ns);
      o->clock = [t] { return t; };
    }
    o->row_id_seed = options->row_id_seed;
  }
  if (options->version >= 3) {
    if (options->max_depth > 0) o->max_depth = options->max_depth;
    o->validate_only = options->validate_only != 0;
  }
  return true;
}

// The rest of creating a classifier, from schemas however they were read.
int Create(const std::vector<loghealth::LogSchema>& schemas,
           const lh_classifier_options* options, lh_classifier** out, std::string* message) {
  loghealth::ClassifierOptions o;
  if (!ReadOptions(options, &o, message)) return LH_INVALID_ARGUMENT;
  auto c = loghealth::Classifier::Create(schemas, std::move(o));
  if (!c.ok()) return FromStatus(c.status(), message);
  *out = new lh_classifier{*std::move(c)};
  return LH_OK;
}

}  // namespace

extern "C" {

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
    std::vector<loghealth::LogSchema> loaded;
    Problems problems;
    constexpr std::string_view kBuiltin = "builtin:";
    for (size_t i = 0; i < count; ++i) {
      const std::string_view text(schemas[i], lengths[i]);
      if (text.substr(0, kBuiltin.size()) == kBuiltin) {
        auto builtin = loghealth::BuiltinLogType(text.substr(kBuiltin.size()));
        if (builtin.ok()) {
          loaded.push_back(*std::move(builtin));
        } else {
          problems.Add(static_cast<int>(builtin.status().code()),
                       std::string(builtin.status().message()));
        }
        continue;
      }
      loghealth::SchemaLoadResult r =
          loghealth::LoadSchema(text, "schema[" + std::to_string(i) + "]");
      if (!r.ok()) {
        problems.Add(LH_INVALID_ARGUMENT, r.ErrorText());
        continue;
      }
      loaded.push_back(loghealth::WithBuiltinParser(*std::move(r.schema)));
    }
    if (!problems.text.empty()) {
      problems.text.pop_back();  // the last newline
      message = problems.text;
      return problems.code;
    }
    return Create(loaded, options, out, &message);
  });
  ReportCreateError(code, message, error);
  return code;
}

int lh_classifier_create_from_files(const char* const* paths, size_t count,
                                    const lh_classifier_options* options, lh_classifier** out,
                                    char** error) {
  if (error != nullptr) *error = nullptr;
  if (out == nullptr) return LH_INVALID_ARGUMENT;
  *out = nullptr;
  std::string message;
  const int code = Guard(&message, [&]() -> int {
    if (count > 0 && paths == nullptr) {
      message = "paths must not be NULL";
      return LH_INVALID_ARGUMENT;
    }
    std::vector<loghealth::LogSchema> loaded;
    Problems problems;
    for (size_t i = 0; i < count; ++i) {
      if (paths[i] == nullptr) {
        problems.Add(LH_INVALID_ARGUMENT, "a path is NULL");
        continue;
      }
      auto files = loghealth::FindSchemaFiles(paths[i]);
      if (!files.ok()) {
        problems.Add(static_cast<int>(files.status().code()),
                     std::string(files.status().message()));
        continue;
      }
      for (const std::string& file : *files) {
        loghealth::SchemaLoadResult r = loghealth::LoadSchemaFile(file);
        if (!r.ok()) {
          problems.Add(LH_INVALID_ARGUMENT, r.ErrorText());
          continue;
        }
        loaded.push_back(loghealth::WithBuiltinParser(*std::move(r.schema)));
      }
    }
    if (!problems.text.empty()) {
      problems.text.pop_back();
      message = problems.text;
      return problems.code;
    }
    return Create(loaded, options, out, &message);
  });
  ReportCreateError(code, message, error);
  return code;
}

void lh_classifier_free(lh_classifier* classifier) { delete classifier; }

int lh_schema_files(const char* const* paths, size_t count, char** out, char** error) {
  if (error != nullptr) *error = nullptr;
  if (out == nullptr) return LH_INVALID_ARGUMENT;
  *out = nullptr;
  std::string message;
  const int code = Guard(&message, [&]() -> int {
    if (count > 0 && paths == nullptr) {
      message = "paths must not be NULL";
      return LH_INVALID_ARGUMENT;
    }
    std::string lines;
    for (size_t i = 0; i < count; ++i) {
      if (paths[i] == nullptr) {
        message = "a path is NULL";
        return LH_INVALID_ARGUMENT;
      }
      auto files = loghealth::FindSchemaFiles(paths[i]);
      if (!files.ok()) return FromStatus(files.status(), &message);
      for (const std::string& f : *files) absl::StrAppend(&lines, f, "\n");
    }
    *out = Owned(lines);
    return LH_OK;
  });
  ReportCreateError(code, message, error);
  return code;
}

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

}  // extern "C"
