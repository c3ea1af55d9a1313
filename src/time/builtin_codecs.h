// The built-in formats: hand-written parsers for the formats most logs use,
// so the common case never goes through the pattern interpreter.
#ifndef LOGHEALTH_SRC_TIME_BUILTIN_CODECS_H_
#define LOGHEALTH_SRC_TIME_BUILTIN_CODECS_H_

#include <string>
#include <string_view>

#include "loghealth/timestamp.h"

namespace loghealth {
namespace time_internal {

// 2006-01-02T15:04:05[.fraction](Z|+hh:mm)
bool ParseRfc3339(std::string_view text, Timestamp* out, TimeParseError* e);

enum class UnixUnit { kSeconds, kMillis, kMicros, kNanos };

// Seconds may have a fraction (truncated to microseconds, like Panther) or an
// exponent; the other units must be integers.
bool ParseUnix(std::string_view text, UnixUnit unit, Timestamp* out,
               TimeParseError* e);

// Seconds as a JSON number with up to 6 fraction digits, or an integer count
// of the unit.
void FormatUnix(const Timestamp& t, UnixUnit unit, std::string* out);

}  // namespace time_internal
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_TIME_BUILTIN_CODECS_H_
