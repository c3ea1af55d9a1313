// Decoding one log against one compiled schema, rendering the normalized
// event as it goes.
//
// Every value is rendered into `work()` right after it is decoded; an object
// records where each of its fields landed and, once all its keys are read,
// writes itself out in schema order. So the document is read once, in its
// own key order, and nothing is allocated per log once the buffers have
// grown. JSON documents come from simdjson On-Demand; text parsers hand over
// their key/value strings through DecodeScalar, the same coercions.
#ifndef LOGHEALTH_SRC_CLASSIFY_DECODER_H_
#define LOGHEALTH_SRC_CLASSIFY_DECODER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "loghealth/failure.h"
#include "loghealth/timestamp.h"
#include "simdjson.h"
#include "src/classify/compiled_schema.h"
#include "src/indicators/indicators.h"
#include "src/json/json_buffer.h"
#include "src/classify/path_stack.h"
#include "src/parse/text_parser.h"
#include "src/time/fast_format.h"

namespace loghealth {
namespace classify {

// A scalar as it arrived: its JSON kind and text.
struct ScalarInput {
  enum Kind : uint8_t { kString, kNumber, kTrue, kFalse, kNull };
  Kind kind = kString;
  std::string_view text;  // unescaped string content, or a number's literal
  int64_t offset = -1;    // in the payload, of the first byte of `text`
  // A JSON string read raw (ReadPlainString): `text` sits between its
  // quotes in the input and is written as it is.
  bool plain = false;
};

// What decoding a value did.
enum class Slot : uint8_t {
  kMissing = 0,  // the key was not there (zero: states are cleared by memset)
  kAbsent,   // null, or "" for a non-string type: omitted, fails `required`
  kPresent,  // rendered
  kEmpty,    // an empty array: satisfies `required`, omitted from the event
  kError,    // decoding failed; error() says why
};

// Where decoding failed.
struct DecodeError {
  FailureReason reason = FailureReason::kTypeMismatch;
  std::string field;     // path
  std::string message;   // one line, without the path
  std::string expected;
  std::string got;
  int64_t offset = -1;
};

class Decoder {
 public:
  // Starts a log. Offsets count from `payload`; text values outside
  // [payload, payload_end) have none.
  void Reset(const char* payload, const char* payload_end,
             bool data_lake_timestamps, int max_depth);

  // Decodes the top-level JSON object of a log. On kPresent, work() holds
  // the rendered object ("{...}").
  // Reads every value of a document in order, whatever the schema: the
  // first error is the document's own (kError, error() says), the same
  // whichever log type met the document first.
  Slot CheckWholeDocument(simdjson::ondemand::value root);
  Slot DecodeJsonRoot(simdjson::ondemand::object object,
                      const CompiledSchema& schema);

  // Decodes a text parser's fields against the schema's top-level fields. On
  // kPresent, work() holds the rendered object.
  Slot DecodeTextFields(const std::vector<parse::TextField>& fields,
                        const CompiledSchema& schema);

  // Decodes one scalar for `value` (also used by the text parsers) and, when
  // present, appends its rendering to work().
  Slot DecodeScalar(const ScalarInput& in, const CompiledValue& value);

  // Text parsers: the path segment of the field being decoded.
  void PushField(std::string_view name) { path_.PushName(name); }
  // Envelopes: errors inside an event name it as `envelope[index]`.
  void PushIndex(std::string_view envelope, int64_t index) {
    path_.PushName(envelope);
    path_.PushIndex(static_cast<int32_t>(index));
  }
  void PopField() { path_.Pop(); }
  // Reports a missing required field at the current path.
  Slot MissingRequired(const CompiledField& field, int64_t offset);

  void set_scan_indicators(bool scan) { scan_indicators_ = scan; }
  // The parse time's clock (nullptr: the wall clock), for inferYear; read
  // at most once a log, and only by schemas that infer years.
  void set_clock(const std::function<Timestamp()>* clock) { clock_ = clock; }
  // rawEvent: the document's own text, for the field that holds it.
  void set_raw_event(std::string_view text) { raw_event_ = text; }
  // Validate only: decide, but write nothing (no values, no objects).
  void set_render(bool render) { render_ = render; }
  json::JsonBuffer& work() { return work_; }
  indicators::IndicatorCollector& indicators() { return indicators_; }
  const DecodeError& error() const { return error_; }
  DecodeError& mutable_error() { return error_; }
  bool has_event_time() const { return event_time_rank_ != kNoEventTime; }
  const Timestamp& event_time() const { return event_time_; }
  // p_event_time's text, when the event-time field was written in that very
  // form (UTC RFC 3339, or the data-lake form); empty otherwise.
  std::string_view event_time_text() const {
    return std::string_view(event_time_text_, event_time_text_size_);
  }

 private:
  // Where a field's `"key":value` landed in work_ (read when its state is
  // kPresent).
  struct Span {
    uint32_t begin = 0, end = 0;
  };
  // `embedded`: whether a string may hold the value as JSON (isEmbeddedJSON);
  // false for the inner value, which is not embedded again.
  // Values are passed by reference: copying one (24 bytes) per key costs
  // a store-forwarding stall with g++.
  Slot DecodeValue(simdjson::ondemand::value& value, const CompiledValue& cv,
                   int depth, bool embedded = true);
  // kRender: render_, fixed for the whole object (a validate-only pass
  // leaves out every write and the bookkeeping of where fields landed).
  template <bool kRender>
  Slot DecodeObject(simdjson::ondemand::object object,
                    const CompiledObject& schema, int depth);
  // The object's `required` and `requireAny` fields, from states_[base...].
  Slot CheckRequired(const CompiledObject& schema, size_t base);
  // Rewrites the object begun at work_[start] with its n fields (spans_ and
  // states_ from `base`) in schema order.
  void WriteInSchemaOrder(size_t start, size_t base, size_t n);
  Slot DecodeArray(simdjson::ondemand::array array, const CompiledValue& cv,
                   int depth);
  Slot DecodeEmbedded(std::string_view json, const CompiledValue& cv,
                      int64_t offset, int depth);
  // Writes any JSON value compactly (the `json` type), checking it as it
  // goes; with render_ off it only checks.
  Slot WriteRawJson(simdjson::ondemand::value& value, int depth);
  // WriteRawJson's case for a plain string (most members and elements),
  // taken before the call: false, with nothing read, for any other value.
  inline bool WriteRawPlainString(simdjson::ondemand::value& value);
  // Checks a value that is read but not kept (an unknown key, the whole
  // document): WriteRawJson with rendering off.
  Slot CheckRawJson(simdjson::ondemand::value& value, int depth);
  // Appends a decoded string as JSON, escaped (and, for text logs, with
  // bytes that are not UTF-8 replaced); plain strings: KeepPlainString.
  void AppendString(std::string_view text);

  Slot DecodeString(const ScalarInput& in, const CompiledValue& cv);
  // A string read raw (ReadPlainString: no escape and, when rendering,
  // nothing Go's encoder escapes) into a string field whose rules passed:
  // its indicators, and the text with its quotes. DecodeString's end for
  // such strings, and DecodeObject's shortcut for most values.
  void KeepPlainString(std::string_view text, const CompiledValue& cv) {
    if (cv.indicators != 0 && scan_indicators_) {
      indicators_.Scan(cv.indicators, text, /*plain=*/render_);
    }
    // The text sits in the padded input.
    static_assert(simdjson::SIMDJSON_PADDING >= json::JsonBuffer::kPadding,
                  "AppendPadded reads past the text into the input's padding");
    if (render_) work_.AppendPadded(text.data() - 1, text.size() + 2);
  }
  // A string read raw (ReadPlainString) for a field of a scalar type:
  // DecodeScalar's result, with the string field without rules (most
  // values) taken inline. DecodeValue's and DecodeObject's shortcut.
  Slot DecodePlainScalar(std::string_view text, const CompiledValue& cv) {
    last_location_ = text.data() - 1;
    if (cv.plain_string) {
      KeepPlainString(text, cv);
      return Slot::kPresent;
    }
    return DecodeScalar(ScalarInput{ScalarInput::kString, text, OffsetOf(text.data()), true}, cv);
  }
  // validate: allow, deny, ip, cidr (kError and error() when one fails).
  Slot CheckStringRules(const ScalarInput& in, std::string_view text,
                        const CompiledValue& cv);
  Slot DecodeInteger(const ScalarInput& in, const CompiledValue& cv);
  // validate min / max.
  static bool InBounds(double value, const CompiledValue& cv);
  Slot OutOfBounds(const ScalarInput& in, const CompiledValue& cv);
  Slot DecodeFloat(const ScalarInput& in, const CompiledValue& cv);
  Slot DecodeBoolean(const ScalarInput& in, const CompiledValue& cv);
  Slot DecodeTimestamp(const ScalarInput& in, const CompiledValue& cv);

  // Failure helpers; they fill error_ (allocating is fine on this path).
  Slot Fail(FailureReason reason, std::string message, std::string expected,
            std::string got, int64_t offset);
  Slot TypeMismatch(const CompiledValue& cv, const ScalarInput& in,
                    const char* detail = nullptr);
  // A number literal JSON's grammar rejects (01, -, 1.: stage 1 does not
  // check them), the same failure for every scalar type.
  Slot NotAJsonNumber(const CompiledValue& cv, const ScalarInput& in) {
    return TypeMismatch(cv, in, "not a JSON number");
  }
  Slot JsonError(simdjson::error_code code, int64_t offset);
  int64_t OffsetOf(const char* p) const {
    return p == nullptr ? -1 : static_cast<int64_t>(p - payload_);
  }
  std::string PathString() const;
  // indicatorsBy of an object just read (its states at `base`).
  void ScanIndicatorsBy(const CompiledObject& schema, size_t base);

  const char* payload_ = nullptr;
  const char* payload_end_ = nullptr;
  const char* last_location_ = nullptr;  // of the last value read
  bool data_lake_ = false;
  bool scan_indicators_ = true;
  bool render_ = true;
  // Text logs may not be UTF-8 (JSON documents are checked by simdjson):
  // their strings are written with invalid bytes replaced.
  bool repair_utf8_ = false;
  int max_depth_ = 512;
  json::JsonBuffer work_;
  json::JsonBuffer reordered_;  // an event put in schema order (swapped with work_)
  std::string time_text_;  // scratch: the time formatters write std::string
  std::string scratch_value_;  // scratch: a value scanned by indicatorsBy
  std::string_view raw_event_;
  const std::function<Timestamp()>* clock_ = nullptr;
  bool have_now_ = false;
  Timestamp now_;
  const Timestamp& Now();
  // Per field of the objects being read (a stack, spans_top_ its top): its
  // state, cleared per object with one memset, and its span. Both only grow.
  std::vector<Slot> states_;
  std::vector<Span> spans_;
  size_t spans_top_ = 0;
  PathStack path_;
  // CheckWholeDocument names every key and index on its way down (the path
  // of its error).
  bool track_path_ = false;
  indicators::IndicatorCollector indicators_;
  uint32_t event_time_rank_ = kNoEventTime;
  Timestamp event_time_;
  char event_time_text_[kMaxFormattedTime];
  size_t event_time_text_size_ = 0;
  DecodeError error_;
  // isEmbeddedJSON: the inner document needs its own parser and padded copy.
  std::vector<std::unique_ptr<simdjson::ondemand::parser>> embedded_parsers_;
  std::vector<std::string> embedded_buffers_;
  size_t embedded_depth_ = 0;
};

// True when tokens follow the document's top value (two documents on a line).
bool HasTrailingContent(simdjson::ondemand::document& doc);

// Whether a number literal follows JSON's grammar (simdjson's stage 1 does
// not check it).
bool IsJsonNumber(std::string_view s);

}  // namespace classify
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_CLASSIFY_DECODER_H_
