// -----------------------------------------------------------------------------
// File: loghealth/failure.h
// -----------------------------------------------------------------------------
//
// Why a log did not become an event: the structured detail behind a
// `panther_monitor.classification_failures` row.
//
// A failure names the log type that got furthest (`log_type`), a reason from
// the fixed list below, the field path (`rule.level`, `events[2].actor.id`),
// what the schema expected, an excerpt of what it got, and the byte offset in
// the payload. With several log types attached, `attempts` says why each one
// that was tried failed.
//
// The failure record's JSON form (one line) is
//
//   {"error": "...", "id": "<log type>", "payload": "<the log, verbatim>",
//    "p_source_id": ..., "p_source_label": ..., "p_parse_time": ...,
//    "p_row_id": ..., "reason": "...", "field": ..., "expected": ...,
//    "got": ..., "offset": N, "tried": [{"id", "reason", "error"}, ...]}
//
// `payload` holds the log's bytes exactly: valid UTF-8 is written as a JSON
// string (control characters and NUL escaped, so decoding gives the same
// bytes); anything else is written base64-encoded with
// `"payload_encoding": "base64"`.
// -----------------------------------------------------------------------------
#ifndef LOGHEALTH_FAILURE_H_
#define LOGHEALTH_FAILURE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace loghealth {

enum class FailureReason : uint8_t {
  kMissingRequired,  // a required field is missing or null
  kTypeMismatch,     // a value of the wrong kind, or out of range
  kBadTimestamp,     // a timestamp no format parsed
  kNotAllowed,       // validate: allow / deny / ip / cidr rejected the value
  kMalformedJson,    // not well-formed JSON
  kInvalidUtf8,      // bytes that are not UTF-8
  kNotAnObject,      // JSON, but an array or a scalar at the top
  kNoSchemaMatched,  // no attached log type could take the log at all
  kNulByte,          // a NUL byte outside a JSON string escape
  kTooLarge,         // longer than ClassifierOptions::max_log_bytes
  kTooDeep,          // nested deeper than ClassifierOptions::max_depth
  kNoPatternMatched, // text parsers: no pattern fitted the line
  kWrongFieldCount,  // csv: a row with another number of fields
};

// "missing_required", "type_mismatch", ... as written in failure records.
std::string_view FailureReasonName(FailureReason reason);

// Why one log type did not take the log.
struct FailureAttempt {
  std::string log_type;
  FailureReason reason = FailureReason::kNoSchemaMatched;
  std::string error;     // one line, for people
  std::string field;     // full path, e.g. "events[2].actor.id"; may be empty
  std::string expected;  // e.g. "bigint", "one of [a, b]"
  std::string got;       // a short excerpt of the value
  int64_t offset = -1;   // byte offset in the payload; -1 when not known
};

// The detail of a failed log: the furthest attempt, then every attempt.
struct FailureDetail {
  FailureAttempt best;
  std::vector<FailureAttempt> attempts;
};

// Where a failure lands in its payload: bytes [begin, end). For a JSON
// string value the span holds the whole string with its quotes; for other
// values, the value's text. begin == end when the failure has no position
// (offset -1, or past the payload's end).
struct PayloadSpan {
  size_t begin = 0;
  size_t end = 0;
};

// The span of a failure at `offset` (FailureAttempt::offset: a string's
// first character, or a value's first byte) whose value was shown as `got`.
// Never cuts a UTF-8 sequence. The console marks it, `loghealth failures`
// underlines it.
PayloadSpan FailingSpan(std::string_view payload, int64_t offset, std::string_view got);

}  // namespace loghealth

#endif  // LOGHEALTH_FAILURE_H_
