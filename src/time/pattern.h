// A compiled time pattern: the common form that strftime formats and Go
// layouts both compile to, so one parser and one formatter serve both.
#ifndef LOGHEALTH_SRC_TIME_PATTERN_H_
#define LOGHEALTH_SRC_TIME_PATTERN_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "loghealth/timestamp.h"

namespace loghealth {
namespace time_internal {

enum class OpKind : uint8_t {
  kLiteral,       // `literal` exactly
  kWhitespace,    // one or more white-space characters (%t %n; a Go layout's
                  // spaces, written back as `literal`)
  kNumber,        // digits into `field`
  kFraction,      // fractional seconds, `min_width`..`max_width` digits
  kMonthName,     // `full`: January; else Jan
  kWeekdayName,   // parsed and ignored (the date decides the weekday)
  kAmPm,          // AM / PM, `lower` when formatting
  kZoneHhmm,      // +hhmm (%z, Go -0700)
  kZoneColon,     // +hh:mm (Go -07:00)
  kZoneHh,        // +hh (Go -07)
  kZoneName,      // an abbreviation such as UTC or MST (%Z, Go MST)
};

enum class Field : uint8_t {
  kYear,
  kYear2,        // %y: 69..99 -> 19xx, 00..68 -> 20xx
  kCentury,
  kMonth,
  kDay,
  kHour24,
  kHour12,
  kMinute,
  kSecond,
  kYearDay,
  kEpochSeconds,
  kIgnored,      // week numbers, weekday numbers
};

struct Op {
  OpKind kind = OpKind::kLiteral;
  Field field = Field::kIgnored;
  uint8_t min_width = 1;
  uint8_t max_width = 2;
  bool space_pad = false;  // %e %k %l, Go _2: a leading space may stand for 0
  bool zero_pad = true;    // formatting: pad to max_width with zeros
  bool full = false;       // month / weekday names: full name
  bool lower = false;      // AM/PM formatting in lower case (Go "pm")
  bool zulu = false;       // zones: "Z" stands for +00:00 (Go Z07:00)
  bool trim_zeros = false; // fractions: Go ".999" trims trailing zeros
  uint8_t format_width = 0; // fractions with trim_zeros: digits written at most
  std::string literal;
};

struct PatternProgram {
  std::vector<Op> ops;
  int default_year = 1900;   // strftime; Go layouts default to year 0
  // Go accepts a fraction after the seconds even when the layout has none.
  bool implicit_fraction = false;
  // Has a zone abbreviation (%Z, Go MST): written back as read.
  bool has_zone_name = false;
};

// Parses `text` with `program`. Never allocates. `zone_name`, when given,
// gets the zone abbreviation read (a view into `text`), if any.
bool ParsePattern(const PatternProgram& program, std::string_view text,
                  Timestamp* out, TimeParseError* error,
                  std::string_view* zone_name = nullptr);

// Appends `t` formatted by `program`; a zone abbreviation is written as
// `zone_name` when one is given (the one read), else UTC or the offset.
void FormatPattern(const PatternProgram& program, const Timestamp& t,
                   std::string* out, std::string_view zone_name = {});

// Compilers (their errors name the offending directive and its offset).
absl::StatusOr<PatternProgram> CompileStrftime(std::string_view format);
absl::StatusOr<PatternProgram> CompileGoLayout(std::string_view layout);

}  // namespace time_internal
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_TIME_PATTERN_H_
