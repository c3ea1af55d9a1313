// TimeCodec: picks the parser for a format spec and words its errors.
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "loghealth/timestamp.h"
#include "src/time/builtin_codecs.h"
#include "src/time/fast_format.h"
#include "src/time/civil.h"
#include "src/time/pattern.h"

namespace loghealth {

using time_internal::UnixUnit;

enum class CodecKind { kRfc3339, kUnix, kCloudflare, kPattern };

struct TimeCodec::Impl {
  CodecKind kind = CodecKind::kRfc3339;
  UnixUnit unit = UnixUnit::kSeconds;
  std::string spec;
  time_internal::PatternProgram program;
};

TimeCodec::TimeCodec(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
TimeCodec::TimeCodec(const TimeCodec&) = default;
TimeCodec& TimeCodec::operator=(const TimeCodec&) = default;
TimeCodec::TimeCodec(TimeCodec&&) noexcept = default;
TimeCodec& TimeCodec::operator=(TimeCodec&&) noexcept = default;
TimeCodec::~TimeCodec() = default;

const std::string& TimeCodec::spec() const { return impl_->spec; }

absl::StatusOr<TimeCodec> TimeCodec::Compile(std::string_view spec) {
  auto impl = std::make_shared<Impl>();
  impl->spec = std::string(spec);
  if (spec == "rfc3339") {
    impl->kind = CodecKind::kRfc3339;
  } else if (spec == "unix") {
    impl->kind = CodecKind::kUnix;
    impl->unit = UnixUnit::kSeconds;
  } else if (spec == "unix_ms") {
    impl->kind = CodecKind::kUnix;
    impl->unit = UnixUnit::kMillis;
  } else if (spec == "unix_us") {
    impl->kind = CodecKind::kUnix;
    impl->unit = UnixUnit::kMicros;
  } else if (spec == "unix_ns") {
    impl->kind = CodecKind::kUnix;
    impl->unit = UnixUnit::kNanos;
  } else if (spec == "cloudflare") {
    impl->kind = CodecKind::kCloudflare;
  } else if (spec.substr(0, 7) == "layout=") {
    impl->kind = CodecKind::kPattern;
    auto program = time_internal::CompileGoLayout(spec.substr(7));
    if (!program.ok()) return program.status();
    impl->program = *std::move(program);
  } else if (spec.empty()) {
    return absl::InvalidArgumentError("empty time format");
  } else {
    impl->kind = CodecKind::kPattern;
    auto program = time_internal::CompileStrftime(spec);
    if (!program.ok()) return program.status();
    impl->program = *std::move(program);
  }
  for (const time_internal::Op& op : impl->program.ops) {
    if (op.kind == time_internal::OpKind::kZoneName) impl->program.has_zone_name = true;
  }
  return TimeCodec(std::move(impl));
}

TimeParseStatus TimeCodec::Parse(std::string_view text, TimeValueKind kind,
                                 Timestamp* out, TimeParseError* error) const {
  if (kind == TimeValueKind::kNull ||
      (kind == TimeValueKind::kString && text.empty())) {
    return TimeParseStatus::kAbsent;
  }
  bool ok = false;
  switch (impl_->kind) {
    case CodecKind::kUnix:
      if (impl_->unit == time_internal::UnixUnit::kSeconds &&
          time_internal::ParseWholeSeconds(text, out)) {
        return TimeParseStatus::kOk;
      }
      ok = time_internal::ParseUnix(text, impl_->unit, out, error);
      break;
    case CodecKind::kCloudflare:
      if (kind == TimeValueKind::kNumber) {
        // Panther's Cloudflare codec: seconds below 6e10, else nanoseconds.
        Timestamp t;
        ok = time_internal::ParseUnix(text, UnixUnit::kNanos, &t, error);
        if (ok && t.seconds < 60) {  // below 60,000,000,000 ns: seconds
          ok = time_internal::ParseUnix(text, UnixUnit::kSeconds, &t, error);
        }
        if (ok) *out = t;
        break;
      }
      ok = time_internal::ParseRfc3339(text, out, error);
      break;
    case CodecKind::kRfc3339:
    case CodecKind::kPattern:
      if (kind != TimeValueKind::kString) {
        error->kind = TimeParseError::Kind::kWrongJsonType;
        error->offset = 0;
        return TimeParseStatus::kError;
      }
      ok = impl_->kind == CodecKind::kRfc3339
               ? time_internal::ParseRfc3339(text, out, error)
               : time_internal::ParsePattern(impl_->program, text, out, error);
      break;
  }
  return ok ? TimeParseStatus::kOk : TimeParseStatus::kError;
}

bool TimeCodec::FormatsAsNumber() const {
  return impl_->kind == CodecKind::kUnix;
}

bool TimeCodecInternals::FormatsAsRfc3339Nano(const TimeCodec& codec) {
  return codec.impl_->kind == CodecKind::kRfc3339;
}

bool TimeCodecInternals::IsOwnOutput(const TimeCodec& codec, std::string_view text) {
  // It reads strings with ParseRfc3339 and writes FormatRfc3339Nano's text.
  return codec.impl_->kind == CodecKind::kRfc3339 && time_internal::IsRfc3339NanoText(text);
}

bool TimeCodec::ReadsYear() const {
  if (impl_->kind != CodecKind::kPattern) return true;
  for (const time_internal::Op& op : impl_->program.ops) {
    if (op.kind != time_internal::OpKind::kNumber) continue;
    switch (op.field) {
      case time_internal::Field::kYear:
      case time_internal::Field::kYear2:
      case time_internal::Field::kCentury:
      case time_internal::Field::kEpochSeconds:
        return true;
      default:
        break;
    }
  }
  return false;
}

Timestamp InferYear(const Timestamp& yearless, const Timestamp& now) {
  using time_internal::DaysFromCivil;
  const time_internal::CivilTime c = time_internal::ToCivil(yearless.seconds, yearless.utc_offset);
  const int64_t year = time_internal::ToCivil(now.seconds, 0).year;
  auto in_year = [&](int64_t y) {
    return DaysFromCivil(y, c.month, c.day) * 86400 + c.hour * 3600 + c.minute * 60 + c.second -
           yearless.utc_offset;
  };
  Timestamp out = yearless;
  out.seconds = in_year(year);
  if (out.seconds > now.seconds + 31 * 86400) out.seconds = in_year(year - 1);
  return out;
}

bool TimeCodec::KeepsZoneName() const {
  return impl_->kind == CodecKind::kPattern && impl_->program.has_zone_name;
}

void TimeCodec::FormatLike(const Timestamp& t, std::string_view parsed_text,
                           std::string* out) const {
  std::string_view zone;
  if (KeepsZoneName()) {
    Timestamp ignored;
    TimeParseError e;
    if (!time_internal::ParsePattern(impl_->program, parsed_text, &ignored, &e, &zone)) {
      zone = {};
    }
    time_internal::FormatPattern(impl_->program, t, out, zone);
    return;
  }
  Format(t, out);
}

void TimeCodec::Format(const Timestamp& t, std::string* out) const {
  switch (impl_->kind) {
    case CodecKind::kUnix:
      time_internal::FormatUnix(t, impl_->unit, out);
      return;
    case CodecKind::kRfc3339:
      FormatRfc3339Nano(t, out);
      return;
    case CodecKind::kCloudflare: {
      // Panther's Cloudflare codec writes RFC 3339 in whole seconds.
      Timestamp whole = t;
      whole.nanos = 0;
      FormatRfc3339Nano(whole, out);
      return;
    }
    case CodecKind::kPattern:
      time_internal::FormatPattern(impl_->program, t, out);
      return;
  }
}

namespace {

// Long values are cut in messages; the payload keeps them whole.
std::string Excerpt(std::string_view text) {
  constexpr size_t kMax = 64;
  if (text.size() <= kMax) return std::string(text);
  return std::string(text.substr(0, kMax)) + "...";
}

std::string Reason(std::string_view text, const TimeParseError& e) {
  using Kind = TimeParseError::Kind;
  switch (e.kind) {
    case Kind::kExpected:
      return absl::StrFormat("expected \"%s\" at offset %d",
                             std::string(e.expected), e.offset);
    case Kind::kBadNumber:
      return absl::StrFormat("cannot parse %s at offset %d", e.what, e.offset);
    case Kind::kOutOfRange:
      return absl::StrFormat("%s out of range at offset %d", e.what, e.offset);
    case Kind::kBadName:
      return absl::StrFormat("expected %s at offset %d", e.what, e.offset);
    case Kind::kTrailing:
      return absl::StrFormat(
          "unconverted text \"%s\" at offset %d",
          Excerpt(text.substr(std::min<size_t>(e.offset, text.size()))),
          e.offset);
    case Kind::kWrongJsonType:
      return "expected a JSON string, got a number";
    case Kind::kTooLarge:
      return "outside the supported range (years 0001 to 9999)";
    case Kind::kNone:
      break;
  }
  return "unknown error";
}

}  // namespace

std::string TimeCodec::Describe(std::string_view text,
                                const TimeParseError& e) const {
  const std::string shown = e.kind == TimeParseError::Kind::kWrongJsonType
                                ? Excerpt(text)
                                : absl::StrCat("\"", Excerpt(text), "\"");
  return absl::StrFormat("failed to parse %s with \"%s\": %s", shown,
                         impl_->spec, Reason(text, e));
}

absl::StatusOr<TimeFormats> TimeFormats::Compile(
    const std::vector<std::string>& specs) {
  if (specs.empty()) return absl::InvalidArgumentError("no time format");
  TimeFormats formats;
  for (const std::string& spec : specs) {
    auto codec = TimeCodec::Compile(spec);
    if (!codec.ok()) {
      return absl::InvalidArgumentError(
          absl::StrFormat("\"%s\": %s", spec, codec.status().message()));
    }
    formats.codecs_.push_back(*std::move(codec));
  }
  return formats;
}

TimeParseStatus TimeFormats::Parse(std::string_view text, TimeValueKind kind,
                                   Timestamp* out, size_t* which,
                                   TimeParseError* first_error) const {
  for (size_t i = 0; i < codecs_.size(); ++i) {
    TimeParseError e;
    const TimeParseStatus s = codecs_[i].Parse(text, kind, out, &e);
    if (s != TimeParseStatus::kError) {
      *which = i;
      return s;
    }
    if (i == 0) *first_error = e;
  }
  return TimeParseStatus::kError;
}

std::string TimeFormats::Describe(std::string_view text,
                                  TimeValueKind kind) const {
  std::string message;
  for (size_t i = 0; i < codecs_.size(); ++i) {
    Timestamp ignored;
    TimeParseError e;
    if (codecs_[i].Parse(text, kind, &ignored, &e) != TimeParseStatus::kError) {
      continue;
    }
    if (!message.empty()) absl::StrAppend(&message, "; ");
    absl::StrAppend(&message, codecs_[i].Describe(text, e));
  }
  return message;
}

}  // namespace loghealth
