// A log read as one JSON document: parsed once per log (lazily, when the
// first JSON log type is tried), with a precise reason when it is not a JSON
// object -- malformed, not UTF-8, a NUL byte, too deep, or an array/scalar.
#ifndef LOGHEALTH_SRC_CLASSIFY_JSON_DOCUMENT_H_
#define LOGHEALTH_SRC_CLASSIFY_JSON_DOCUMENT_H_

#include <string>
#include <string_view>

#include "loghealth/failure.h"
#include "simdjson.h"

namespace loghealth {
namespace classify {

// simdjson's parser allows this many levels more than loghealth's limit.
constexpr size_t kDepthHeadroom = 8;

class JsonDocument {
 public:
  JsonDocument(size_t max_depth);

  // Forgets the previous log.
  void Reset() {
    state_ = kNotRead;
    damaged_ = false;
  }
  bool read() const { return state_ != kNotRead; }

  // Parses `trimmed` (which starts `leading` bytes into the log). True when
  // it is a JSON object; otherwise error() says why, for every JSON type.
  bool Read(std::string_view trimmed, size_t leading);
  bool ok() const { return state_ == kObject; }
  const FailureAttempt& error() const { return error_; }

  // The top-level object, from its start (each log type reads it again,
  // even after a log type found it broken half-way).
  simdjson::error_code Object(simdjson::ondemand::object* out);
  // The whole document as a value, from its start.
  simdjson::error_code Root(simdjson::ondemand::value* out);

  // A reader met a fatal error (simdjson keeps it across a rewind): the next
  // Object() or Root() parses the log again.
  void MarkDamaged() { damaged_ = true; }

  simdjson::ondemand::document& document() { return doc_; }
  // The document's text (the trimmed log).
  std::string_view text() const { return std::string_view(padded_.data(), size_); }
  // Where offsets count from: the log as given.
  const char* payload() const { return padded_.data() - leading_; }
  const char* payload_end() const { return padded_.data() + size_; }

 private:
  void Fail(FailureReason reason, std::string message, int64_t offset);
  // Back to the document's start; parses it again if an error ended it.
  simdjson::error_code Rewind();

  enum State { kNotRead, kObject, kNotAnObject };
  State state_ = kNotRead;
  bool damaged_ = false;
  size_t max_depth_;
  simdjson::ondemand::parser parser_;
  simdjson::dom::parser dom_parser_;  // only to explain failures
  simdjson::ondemand::document doc_;
  std::string padded_;                // the log, padded for simdjson
  size_t leading_ = 0;
  size_t size_ = 0;
  FailureAttempt error_;
};

}  // namespace classify
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_CLASSIFY_JSON_DOCUMENT_H_
