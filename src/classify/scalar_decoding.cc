// Scalar coercions with Panther's semantics (panther-semantics.md 1.3-1.4):
// numeric strings to numbers, "" and null absent for non-strings, strings
// that take numbers and booleans, exact boolean spellings, range-checked
// integers, timestamps through their formats, then `validate`.
#include <charconv>
#include <cmath>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "re2/re2.h"
#include "src/classify/decoder.h"
#include "src/classify/json_tokens.h"
#include "src/json/json_writer.h"
#include "src/indicators/net.h"
#include "src/time/fast_format.h"

namespace loghealth {
namespace classify {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The first `max` bytes of `s`, not cutting a UTF-8 sequence in two.
std::string_view Utf8Prefix(std::string_view s, size_t max) {
  if (s.size() <= max) return s;
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

// A short excerpt of a value for messages: strings quoted, numbers bare.
std::string Shown(const ScalarInput& in) {
  switch (in.kind) {
    case ScalarInput::kTrue: return "true";
    case ScalarInput::kFalse: return "false";
    case ScalarInput::kNull: return "null";
    case ScalarInput::kNumber: return std::string(Utf8Prefix(in.text, 64));
    case ScalarInput::kString: {
      std::string s = "\"" + std::string(Utf8Prefix(in.text, 64));
      if (in.text.size() > 64) s += "...";
      return s + "\"";
    }
  }
  return "";
}

// Go's strconv.ParseInt(s, 10, 64) grammar, into [lo, hi].
enum class IntParse { kOk, kSyntax, kRange };
IntParse ParseInteger(std::string_view s, int64_t lo, int64_t hi, int64_t* out) {
  size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    negative = s[i] == '-';
    ++i;
  }
  if (i == s.size()) return IntParse::kSyntax;
  uint64_t magnitude = 0;
  bool overflow = false;
  if (s.size() - i <= 19) {
    // Up to 19 digits fit in 64 bits: no overflow test per digit.
    for (; i < s.size(); ++i) {
      const unsigned d = static_cast<unsigned char>(s[i]) - static_cast<unsigned>('0');
      if (d > 9) return IntParse::kSyntax;
      magnitude = magnitude * 10 + d;
    }
  }
  for (; i < s.size(); ++i) {
    if (!IsDigit(s[i])) return IntParse::kSyntax;
    const uint64_t d = static_cast<uint64_t>(s[i] - '0');
    if (magnitude > (UINT64_MAX - d) / 10) {
      overflow = true;
    } else {
      magnitude = magnitude * 10 + d;
    }
  }
  if (overflow) return IntParse::kRange;
  if (negative) {
    if (magnitude > static_cast<uint64_t>(INT64_MAX) + 1) return IntParse::kRange;
    const int64_t v = magnitude == static_cast<uint64_t>(INT64_MAX) + 1
                          ? INT64_MIN
                          : -static_cast<int64_t>(magnitude);
    if (v < lo) return IntParse::kRange;
    *out = v;
  } else {
    if (magnitude > static_cast<uint64_t>(hi)) return IntParse::kRange;
    *out = static_cast<int64_t>(magnitude);
  }
  return IntParse::kOk;
}

// Go's strconv.ParseFloat(s, 64): decimal or hex, "inf"/"nan" (which JSON
// cannot carry, so they are rejected by the caller).
bool ParseGoFloat(std::string_view s, double* out, bool* finite) {
  size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    negative = s[i] == '-';
    ++i;
  }
  std::string_view rest = s.substr(i);
  if (rest.empty()) return false;
  auto lower_equals = [](std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t k = 0; k < a.size(); ++k) {
      if ((a[k] | 0x20) != b[k]) return false;
    }
    return true;
  };
  if (lower_equals(rest, "inf") || lower_equals(rest, "infinity") ||
      lower_equals(rest, "nan")) {
    *finite = false;
    return true;
  }
  double v = 0;
  std::from_chars_result r;
  if (rest.size() > 2 && rest[0] == '0' && (rest[1] | 0x20) == 'x') {
    r = std::from_chars(rest.data() + 2, rest.data() + rest.size(), v,
                        std::chars_format::hex);
  } else {
    if (rest[0] == '+' || rest[0] == '-') return false;
    r = std::from_chars(rest.data(), rest.data() + rest.size(), v);
  }
  if (r.ptr != rest.data() + rest.size()) return false;
  if (r.ec == std::errc::result_out_of_range) {
    *finite = false;
    return true;
  }
  if (r.ec != std::errc()) return false;
  *out = negative ? -v : v;
  *finite = std::isfinite(*out);
  return true;
}

// Whether a JSON number literal (IsJsonNumber passed) is already what Go's
// encoder writes for its float64: then it is copied, not converted and
// formatted again. True for a non-zero plain decimal of at most 15
// significant digits (every such decimal survives the round trip through a
// double, so it is its own shortest form) in Go's plain range [1e-6, 1e21),
// with no trailing zero after the point.
bool IsGoFloatLiteral(std::string_view s) {
  size_t i = s[0] == '-' ? 1 : 0;
  size_t digits = 0;       // from the first non-zero digit on
  size_t zeros_after_point = 0;  // before the first non-zero digit
  bool point = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '.') {
      point = true;
    } else if (c < '0' || c > '9') {
      return false;  // an exponent
    } else if (digits > 0 || c != '0') {
      ++digits;
    } else if (point) {
      ++zeros_after_point;
    }
  }
  return digits > 0 && digits <= 15 && zeros_after_point <= 5 &&
         !(point && s.back() == '0');
}

struct IntRange {
  int64_t lo, hi;
};
IntRange RangeOf(schema::ValueType t) {
  switch (t) {
    case schema::SMALLINT: return {INT16_MIN, INT16_MAX};
    case schema::INT: return {INT32_MIN, INT32_MAX};
    default: return {INT64_MIN, INT64_MAX};
  }
}

std::string JoinQuoted(const std::vector<std::string>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ", ";
    out += values[i];
  }
  return out + "]";
}

}  // namespace

bool IsJsonNumber(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  if (i >= s.size()) return false;
  if (s[i] == '0') {
    ++i;
  } else if (s[i] >= '1' && s[i] <= '9') {
    while (i < s.size() && IsDigit(s[i])) ++i;
  } else {
    return false;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    const size_t start = i;
    while (i < s.size() && IsDigit(s[i])) ++i;
    if (i == start) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    const size_t start = i;
    while (i < s.size() && IsDigit(s[i])) ++i;
    if (i == start) return false;
  }
  return i == s.size();
}

Slot Decoder::Fail(FailureReason reason, std::string message,
                   std::string expected, std::string got, int64_t offset) {
  error_.reason = reason;
  error_.field = PathString();
  error_.message = std::move(message);
  error_.expected = std::move(expected);
  error_.got = std::move(got);
  error_.offset = offset;
  return Slot::kError;
}

Slot Decoder::TypeMismatch(const CompiledValue& cv, const ScalarInput& in,
                           const char* detail) {
  std::string got = Shown(in);
  std::string message = absl::StrCat("expected ", cv.type_name, ", got ", got);
  if (detail != nullptr) absl::StrAppend(&message, " (", detail, ")");
  return Fail(FailureReason::kTypeMismatch, std::move(message), cv.type_name,
              std::move(got), in.offset);
}

Slot Decoder::DecodeScalar(const ScalarInput& in, const CompiledValue& cv) {
  if (in.kind == ScalarInput::kNull) return Slot::kAbsent;
  switch (cv.type) {
    case schema::STRING:
      return DecodeString(in, cv);
    case schema::INT:
    case schema::SMALLINT:
    case schema::BIGINT:
      return DecodeInteger(in, cv);
    case schema::FLOAT:
      return DecodeFloat(in, cv);
    case schema::BOOLEAN:
      return DecodeBoolean(in, cv);
    case schema::TIMESTAMP:
      return DecodeTimestamp(in, cv);
    default:
      // object / array / json from a scalar: only JSON strings holding JSON
      // (isEmbeddedJSON) get here legitimately; the caller handles those.
      return TypeMismatch(cv, in);
  }
}

Slot Decoder::DecodeString(const ScalarInput& in, const CompiledValue& cv) {
  // Numbers keep their literal text; booleans become "true"/"false".
  std::string_view text = in.text;
  if (in.kind == ScalarInput::kTrue) text = "true";
  if (in.kind == ScalarInput::kFalse) text = "false";
  if (in.kind == ScalarInput::kNumber) {
    // Kept as text, but it must be a number first (01, -, 1. would pass as
    // strings otherwise).
    if (!IsJsonNumber(in.text)) return NotAJsonNumber(cv, in);
  }
  if (cv.validates) {
    if (Slot s = CheckStringRules(in, text, cv); s == Slot::kError) return s;
  }
  if (in.kind == ScalarInput::kString && in.plain) {
    KeepPlainString(in.text, cv);
    return Slot::kPresent;
  }
  if (cv.indicators != 0 && scan_indicators_) indicators_.Scan(cv.indicators, text);
  if (render_) {
    if (in.kind == ScalarInput::kString) {
      AppendString(text);
    } else {
      json::AppendJsonString(text, &work_);
    }
  }
  return Slot::kPresent;
}

Slot Decoder::CheckStringRules(const ScalarInput& in, std::string_view text,
                               const CompiledValue& cv) {
  if (cv.pattern != nullptr &&
      !RE2::FullMatch(re2::StringPiece(text.data(), text.size()), *cv.pattern)) {
    return Fail(FailureReason::kNotAllowed,
                absl::StrCat(Shown(in), " does not match the pattern ", cv.pattern->pattern()),
                absl::StrCat("a match of ", cv.pattern->pattern()), Shown(in), in.offset);
  }
  if (!cv.allow.empty()) {
    bool found = false;
    for (const std::string& a : cv.allow) found = found || a == text;
    if (!found) {
      return Fail(FailureReason::kNotAllowed,
                  absl::StrCat(Shown(in), " is not allowed; expected one of ",
                               JoinQuoted(cv.allow)),
                  absl::StrCat("one of ", JoinQuoted(cv.allow)), Shown(in),
                  in.offset);
    }
  }
  for (const std::string& d : cv.deny) {
    if (d == text) {
      return Fail(FailureReason::kNotAllowed,
                  absl::StrCat(Shown(in), " is denied (validate.deny)"),
                  absl::StrCat("none of ", JoinQuoted(cv.deny)), Shown(in),
                  in.offset);
    }
  }
  if (cv.ip != schema::IP_VERSION_UNSPECIFIED) {
    const bool ok = cv.ip == schema::IPV4   ? indicators::IsIpv4(text)
                    : cv.ip == schema::IPV6 ? indicators::IsIpv6(text)
                                            : indicators::IsIp(text);
    if (!ok) {
      const char* want = cv.ip == schema::IPV4   ? "an IPv4 address"
                         : cv.ip == schema::IPV6 ? "an IPv6 address"
                                                 : "an IP address";
      return Fail(FailureReason::kNotAllowed,
                  absl::StrCat(Shown(in), " is not ", want), want, Shown(in),
                  in.offset);
    }
  }
  if (cv.cidr != schema::IP_VERSION_UNSPECIFIED) {
    const bool ok =
        cv.cidr == schema::IPV4   ? indicators::IsCidrV4(text)
        : cv.cidr == schema::IPV6 ? indicators::IsCidrV6(text)
                                  : indicators::IsCidrV4(text) || indicators::IsCidrV6(text);
    if (!ok) {
      const char* want = cv.cidr == schema::IPV4   ? "an IPv4 CIDR block"
                         : cv.cidr == schema::IPV6 ? "an IPv6 CIDR block"
                                                   : "a CIDR block";
      return Fail(FailureReason::kNotAllowed,
                  absl::StrCat(Shown(in), " is not ", want), want, Shown(in),
                  in.offset);
    }
  }
  return Slot::kPresent;
}

Slot Decoder::DecodeInteger(const ScalarInput& in, const CompiledValue& cv) {
  const IntRange range = RangeOf(cv.type);
  int64_t value = 0;
  IntParse parsed;
  if (in.kind == ScalarInput::kNumber) {
    // JSON's integers are strconv's without '+' and leading zeros: those
    // excluded, one pass reads the literal (IsJsonNumber only says, after
    // a failure, which message fits).
    const std::string_view t = in.text;
    const size_t first = !t.empty() && t[0] == '-' ? 1 : 0;
    const bool json_integer_start =
        first < t.size() && t[first] != '+' && (t[first] != '0' || t.size() == first + 1);
    parsed = json_integer_start ? ParseInteger(t, range.lo, range.hi, &value)
                                : IntParse::kSyntax;
    if (parsed == IntParse::kSyntax && !IsJsonNumber(t)) return NotAJsonNumber(cv, in);
  } else if (in.kind == ScalarInput::kString) {
    if (in.text.empty()) return Slot::kAbsent;
    parsed = ParseInteger(in.text, range.lo, range.hi, &value);
  } else {
    return TypeMismatch(cv, in);
  }
  switch (parsed) {
    case IntParse::kOk:
      break;
    case IntParse::kSyntax:
      return TypeMismatch(cv, in, "not an integer");
    case IntParse::kRange:
      return Fail(FailureReason::kTypeMismatch,
                  absl::StrCat(Shown(in), " is out of range for ", cv.type_name,
                               " (", range.lo, " to ", range.hi, ")"),
                  cv.type_name, Shown(in), in.offset);
  }
  if ((cv.min || cv.max) && !InBounds(static_cast<double>(value), cv)) {
    return OutOfBounds(in, cv);
  }
  if (render_) {
    // A JSON integer literal is already its canonical form (no '+', no
    // leading zeros), except "-0".
    if (in.kind == ScalarInput::kNumber && in.text != "-0") {
      work_.append(in.text);
    } else {
      json::AppendInt(value, &work_);
    }
  }
  return Slot::kPresent;
}

Slot Decoder::DecodeFloat(const ScalarInput& in, const CompiledValue& cv) {
  double value = 0;
  bool finite = true;
  if (in.kind == ScalarInput::kNumber) {
    if (!IsJsonNumber(in.text)) return NotAJsonNumber(cv, in);
    if (IsGoFloatLiteral(in.text) && !cv.min && !cv.max) {
      if (render_) work_.append(in.text);
      return Slot::kPresent;
    }
    // Validating, the value itself is not needed: a literal without an
    // exponent and under 300 bytes is a finite double, neither overflowing
    // nor underflowing, so only others are converted.
    const bool surely_finite =
        in.text.size() < 300 &&
        in.text.find_first_of("eE") == std::string_view::npos;
    if (render_ || !surely_finite || cv.min || cv.max) {
      auto r = std::from_chars(in.text.data(), in.text.data() + in.text.size(), value);
      finite = r.ec == std::errc() && std::isfinite(value);
    }
  } else if (in.kind == ScalarInput::kString) {
    if (in.text.empty()) return Slot::kAbsent;
    if (!ParseGoFloat(in.text, &value, &finite)) {
      return TypeMismatch(cv, in, "not a number");
    }
  } else {
    return TypeMismatch(cv, in);
  }
  if (!finite) return TypeMismatch(cv, in, "not a finite number");
  if ((cv.min || cv.max) && !InBounds(value, cv)) return OutOfBounds(in, cv);
  if (render_) {
    if (in.kind == ScalarInput::kNumber && IsGoFloatLiteral(in.text)) {
      work_.append(in.text);
    } else {
      json::AppendGoFloat(value, &work_);
    }
  }
  return Slot::kPresent;
}

bool Decoder::InBounds(double value, const CompiledValue& cv) {
  return (!cv.min || value >= *cv.min) && (!cv.max || value <= *cv.max);
}

Slot Decoder::OutOfBounds(const ScalarInput& in, const CompiledValue& cv) {
  std::string want;
  if (cv.min && cv.max) {
    want = absl::StrCat("from ", *cv.min, " to ", *cv.max);
  } else if (cv.min) {
    want = absl::StrCat("at least ", *cv.min);
  } else {
    want = absl::StrCat("at most ", *cv.max);
  }
  return Fail(FailureReason::kNotAllowed,
              absl::StrCat(Shown(in), " is not allowed; expected ", want),
              absl::StrCat(cv.type_name, " ", want), Shown(in), in.offset);
}

Slot Decoder::DecodeBoolean(const ScalarInput& in, const CompiledValue& cv) {
  bool value = false;
  switch (in.kind) {
    case ScalarInput::kTrue: value = true; break;
    case ScalarInput::kFalse: value = false; break;
    case ScalarInput::kNumber:
      // Panther reads a number as a byte: only 0 and 1 make sense.
      if (in.text == "1") {
        value = true;
      } else if (in.text == "0") {
        value = false;
      } else {
        return TypeMismatch(cv, in, "only 0 and 1 are booleans");
      }
      break;
    case ScalarInput::kString: {
      const std::string_view s = in.text;
      if (s.empty()) return Slot::kAbsent;
      if (s == "1" || s == "t" || s == "T" || s == "TRUE" || s == "true" ||
          s == "True") {
        value = true;
      } else if (s == "0" || s == "f" || s == "F" || s == "FALSE" ||
                 s == "false" || s == "False") {
        value = false;
      } else {
        return TypeMismatch(cv, in,
                            "booleans are true/false, 1/0, t/f, "
                            "TRUE/FALSE, True/False");
      }
      break;
    }
    default:
      return TypeMismatch(cv, in);
  }
  if (render_) work_.append(value ? "true" : "false");
  return Slot::kPresent;
}

Slot Decoder::DecodeTimestamp(const ScalarInput& in, const CompiledValue& cv) {
  TimeValueKind kind;
  switch (in.kind) {
    case ScalarInput::kString: kind = TimeValueKind::kString; break;
    case ScalarInput::kNumber: {
      // The codecs read digits, not JSON's grammar.
      if (!IsJsonNumber(in.text)) return NotAJsonNumber(cv, in);
      kind = TimeValueKind::kNumber;
      break;
    }
    default: return TypeMismatch(cv, in);
  }
  Timestamp t;
  size_t which = 0;
  TimeParseError e;
  switch (cv.time->Parse(in.text, kind, &t, &which, &e)) {
    case TimeParseStatus::kAbsent:
      return Slot::kAbsent;
    case TimeParseStatus::kError: {
      std::string formats;
      for (const TimeCodec& c : cv.time->codecs()) {
        if (!formats.empty()) formats += ", ";
        formats += c.spec();
      }
      return Fail(FailureReason::kBadTimestamp, cv.time->Describe(in.text, kind),
                  absl::StrCat("timestamp (", formats, ")"), Shown(in),
                  in.offset < 0 ? -1 : in.offset + e.offset);
    }
    case TimeParseStatus::kOk:
      break;
  }
  const TimeCodec& codec = cv.time->codecs()[which];
  const bool inferred = cv.infer_year && !codec.ReadsYear();
  if (inferred) t = InferYear(t, Now());
  const bool is_event_time = cv.event_time_rank < event_time_rank_;
  if (is_event_time) {
    event_time_rank_ = cv.event_time_rank;
    event_time_ = t;
    event_time_text_size_ = 0;
  }
  if (!render_) return Slot::kPresent;
  if (data_lake_ || TimeCodecInternals::FormatsAsRfc3339Nano(codec) || inferred) {
    // Plain ASCII, written in place with its quotes (most timestamps): the
    // text itself when it is already what formatting would write.
    char* const begin = work_.WriteSpace(kMaxFormattedTime + 2);
    char* p = begin;
    *p++ = '"';
    if (!data_lake_ && !inferred && in.kind == ScalarInput::kString &&
        TimeCodecInternals::IsOwnOutput(codec, in.text)) {
      std::memcpy(p, in.text.data(), in.text.size());  // at most 30 bytes
      p += in.text.size();
    } else {
      p = data_lake_ ? FormatDataLakeTimeTo(t, p) : FormatRfc3339NanoTo(t, p);
    }
    if (is_event_time && (data_lake_ || t.utc_offset == 0)) {
      // Also p_event_time's text (UTC, the same form): kept for FinishEvent.
      event_time_text_size_ = static_cast<size_t>(p - begin - 1);
      std::memcpy(event_time_text_, begin + 1, event_time_text_size_);
    }
    *p++ = '"';
    work_.set_end(p);
    return Slot::kPresent;
  }
  time_text_.clear();
  if (in.kind == ScalarInput::kString && codec.KeepsZoneName()) {
    codec.FormatLike(t, in.text, &time_text_);
  } else {
    codec.Format(t, &time_text_);
  }
  if (codec.FormatsAsNumber()) {
    work_.append(time_text_);
  } else if (json::IsPlainJsonText(time_text_)) {
    // Formats write plain ASCII, except literals copied from the schema.
    work_.push_back('"');
    work_.append(time_text_);
    work_.push_back('"');
  } else {
    json::AppendJsonString(time_text_, &work_);
  }
  return Slot::kPresent;
}

}  // namespace classify
}  // namespace loghealth
