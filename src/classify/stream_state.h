// The state a ClassifierStream keeps from log to log (one thread's), and
// the steps of classifying one log that work on it: each log type's attempt
// (json_attempt.cc, text_attempt.cc) and what is shared by both.
#ifndef LOGHEALTH_SRC_CLASSIFY_STREAM_STATE_H_
#define LOGHEALTH_SRC_CLASSIFY_STREAM_STATE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "loghealth/classifier.h"
#include "loghealth/failure.h"
#include "src/classify/compiled_schema.h"
#include "src/classify/decoder.h"
#include "src/classify/json_document.h"
#include "src/classify/record_writer.h"
#include "src/json/json_buffer.h"
#include "src/parse/text_parser.h"

namespace loghealth {

// The compiled schemas of a source plus the key table of the prefilter.
class CompiledSchemaSet {
 public:
  std::vector<std::unique_ptr<classify::CompiledSchema>> schemas;
  // Top-level key -> (schema, bit) for each schema that requires it. Only
  // the first 64 required keys of a schema take part.
  std::unordered_map<std::string, std::vector<std::pair<int, int>>> required_key_bits;
  std::vector<uint64_t> required_masks;
};

namespace classify {

struct StreamState {
  explicit StreamState(size_t max_depth) : json(max_depth) {}
  std::shared_ptr<const Classifier> classifier;
  const CompiledSchemaSet* set = nullptr;
  JsonDocument json;
  Decoder decoder;
  RecordContext records;
  std::vector<parse::TextStreamState> text;  // per schema
  std::vector<parse::TextField> fields;
  std::string failure_json;
  FailureDetail failure;
  ClassifyResult result;
  ClassifierStats stats;
  std::vector<int> order;              // schema indexes, adaptive
  std::vector<uint32_t> penalty;       // Panther's penalty per schema
  std::vector<uint64_t> present_masks; // prefilter, per schema
  bool prefiltered = false;
  bool prefilter_read_keys = false;    // the log is an object: masks are real
  bool diagnosed = false;              // document_error holds this log's
  FailureAttempt document_error;
  std::vector<int> attempt_schema;     // the schema of each failure attempt
  std::vector<int> precedence;         // per schema (docs/log-types.md)
  json::JsonBuffer envelope_events;    // an envelope's events, one a line
};

// The wall clock, for p_parse_time when no clock is injected.
Timestamp Now();

// The adaptive order: by precedence, then by Panther's penalty.
void ReorderByPenalty(std::vector<int>* order, const std::vector<uint32_t>& penalty,
                      const std::vector<int>& precedence);

FailureAttempt AttemptFrom(const std::string& log_type, const DecodeError& e);
FailureAttempt MalformedJson(std::string_view why);
// The attempt of a schema whose required top-level keys (bits of
// `missing`) are not all there.
FailureAttempt MissingRequired(const CompiledSchema& schema, uint64_t missing);

// Records that the log type at `index` did not take the log.
void Miss(StreamState* s, int index, FailureAttempt attempt);
// The log type at `index` (tried at `position`) took the log: it goes to
// the front, as in Panther. (Its event counts are the caller's.)
void Take(StreamState* s, int index, size_t position);

// What one log type made of the log.
enum class Verdict {
  kMissed,   // it did not take it (the attempt is recorded)
  kDecoded,  // it took it: the decoder holds the event, to be finished
  kFinal,    // it took it and s->result is the answer (envelopes, skipped)
};

// A JSON log type's attempt on `trimmed` (`leading` bytes into the log).
// `json_tried` counts the JSON types tried so far (the prefilter runs
// after the first).
Verdict TryJson(StreamState* s, int index, size_t position, std::string_view trimmed,
                size_t leading, int* json_tried);
// A text log type's attempt (fastmatch, regex, csv, syslog).
Verdict TryText(StreamState* s, int index, size_t position, std::string_view log,
                std::string_view trimmed, size_t leading);

}  // namespace classify
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_CLASSIFY_STREAM_STATE_H_
