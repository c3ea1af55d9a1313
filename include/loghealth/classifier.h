// -----------------------------------------------------------------------------
// File: loghealth/classifier.h
// -----------------------------------------------------------------------------
//
// Classification: every log becomes exactly one of
//
//   an event     a normalized JSON object: the schema's fields in schema order
//                with coerced values, then p_log_type, p_row_id, p_event_time,
//                p_parse_time, p_source_id, p_source_label and the p_any_*
//                indicator arrays;
//   a failure    a classification_failures record (loghealth/failure.h) that
//                says why and keeps the log verbatim;
//   skipped      a blank line (no event, no failure, counted).
//
// No log is ever lost: events + failures + skipped = logs, always.
//
// Usage:
//
//   loghealth::ClassifierOptions options;
//   options.source_id = "src-1";
//   auto classifier = loghealth::Classifier::Create({schema_a, schema_b}, options);
//   if (!classifier.ok()) { ... classifier.status().message() ... }
//   loghealth::ClassifierStream stream(*classifier);   // one per thread
//   for (std::string_view line : lines) {
//     const loghealth::ClassifyResult& r = stream.Classify(line);
//     if (r.kind == loghealth::ClassifyResult::Kind::kEvent) write(r.json);
//   }
//
// Semantics are Panther's log processor's (v1.x): the type coercions, `required`, `validate`, timestamps, and the adaptive order
// in which several log types are tried (a type that matched moves to the
// front; the first that succeeds wins). Deliberate differences, where Panther
// v1.x had a quirk: `required` is enforced on booleans and on fields of
// objects inside arrays, and timestamps inside arrays use their format.
//
// Thread safety: a Classifier is immutable and may be shared by any number of
// threads. A ClassifierStream is not thread-safe; give each thread (or each
// input stream) its own. Streams are cheap to create.
//
// Cost: classifying a valid log allocates nothing once the stream's buffers
// have grown to the largest log seen. Results point into the stream and stay
// valid until its next Classify call.
// -----------------------------------------------------------------------------
#ifndef LOGHEALTH_CLASSIFIER_H_
#define LOGHEALTH_CLASSIFIER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "loghealth/failure.h"
#include "loghealth/schema.h"
#include "loghealth/timestamp.h"

namespace loghealth {

struct ClassifierOptions {
  // Written as p_source_id / p_source_label when not empty.
  std::string source_id;
  std::string source_label;
  // Write every timestamp in Panther's data-lake layout
  // "2006-01-02 15:04:05.000000000" (UTC) instead of its own format.
  bool data_lake_timestamps = false;
  // Logs longer than this fail with reason too_large (payload kept).
  size_t max_log_bytes = 8 << 20;
  // JSON nested deeper than this fails with reason too_deep.
  int max_depth = 512;
  // The parse time of each log; the wall clock when empty. Tests inject one.
  std::function<Timestamp()> clock;
  // Seeds p_row_id; 0 picks a random seed per stream.
  uint64_t row_id_seed = 0;
  // Decide event or failure (every check, coercion and timestamp) without
  // writing the event: no p_ fields, no indicators; an event's `json` is
  // empty. Failure records are written as usual.
  bool validate_only = false;
};

class CompiledSchemaSet;  // the implementation's, in src/classify
namespace classify {
struct StreamState;       // likewise
}  // namespace classify

class Classifier {
 public:
  // Compiles the schemas attached to one source. Fails (InvalidArgument)
  // with every problem found, one line each: invalid schemas, a log type
  // attached twice, a schema needing a native parser not built in.
  static absl::StatusOr<std::shared_ptr<const Classifier>> Create(
      const std::vector<LogSchema>& schemas, ClassifierOptions options = {});

  const ClassifierOptions& options() const { return options_; }
  // Log types in the order given.
  const std::vector<std::string>& log_types() const { return log_types_; }
  // True when a text parser learns from the start of each input (a csv
  // header, skipLines): such inputs must be classified whole, in order, and
  // cannot be split into blocks classified independently.
  bool reads_input_start() const { return reads_input_start_; }

  ~Classifier();
  Classifier(const Classifier&) = delete;
  Classifier& operator=(const Classifier&) = delete;

 private:
  friend class ClassifierStream;  // classifies with the compiled schemas
  Classifier() = default;
  ClassifierOptions options_;
  std::vector<std::string> log_types_;
  bool reads_input_start_ = false;
  std::unique_ptr<CompiledSchemaSet> compiled_;
};

struct ClassifyResult {
  enum class Kind { kEvent, kFailure, kSkipped };
  Kind kind = Kind::kSkipped;
  // The log type of the event, or the one that got furthest for a failure.
  std::string_view log_type;
  // The event JSON, or the failure record JSON (one line, no newline). A
  // log with an envelope (a CloudTrail file's {"Records": [...]}) may hold
  // several events: then each is on its own line, `event_count` of them.
  std::string_view json;
  size_t event_count = 0;
  // Set for failures.
  const FailureDetail* failure = nullptr;
};

struct ClassifierStats {
  uint64_t logs = 0;
  uint64_t bytes = 0;
  // Logs that became events (logs = events + failures + skipped), and the
  // events they held (more when a log has an envelope of several).
  uint64_t events = 0;
  uint64_t event_records = 0;
  uint64_t failures = 0;
  uint64_t skipped = 0;
  struct PerLogType {
    std::string log_type;
    uint64_t events = 0;
    uint64_t misses = 0;  // logs this type was tried on and did not take
  };
  std::vector<PerLogType> per_log_type;  // in the classifier's order
};

class ClassifierStream {
 public:
  explicit ClassifierStream(std::shared_ptr<const Classifier> classifier);
  ~ClassifierStream();
  ClassifierStream(const ClassifierStream&) = delete;
  ClassifierStream& operator=(const ClassifierStream&) = delete;

  // Classifies one log: a line, or a whole JSON document over several lines.
  // Surrounding white space is ignored; an empty log is skipped.
  const ClassifyResult& Classify(std::string_view log);

  const ClassifierStats& stats() const;

  // Starts a new input (a new file or object) on this stream: text parsers
  // forget what they learnt from the previous one (a csv header, lines
  // skipped so far). Statistics and the adaptive order carry on.
  void NewInput();

  // The p_row_ids that follow are `seed` (16 hex digits) then a counter
  // from 0, so a block classified again (a retried task) gets the same
  // row ids. 0 is refused by callers; any other value is used as given.
  void RestartRowIds(uint64_t seed);

 private:
  const ClassifyResult& Fail(std::string_view log);
  // Buffers, the adaptive order, what text parsers learnt.
  std::unique_ptr<classify::StreamState> state_;
};

}  // namespace loghealth

#endif  // LOGHEALTH_CLASSIFIER_H_
