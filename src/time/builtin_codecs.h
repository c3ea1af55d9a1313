// The built-in formats: hand-written parsers for the formats most logs use,
// so the common case never goes through the pattern interpreter.
#ifndef LOGHEALTH_SRC_TIME_BUILTIN_CODECS_H_
#define LOGHEALTH_SRC_TIME_BUILTIN_CODECS_H_

#include <string>
#include <string_view>

#include "loghealth/timestamp.h"
#include "src/time/digits.h"

namespace loghealth {
namespace time_internal {

// 2006-01-02T15:04:05[.fraction](Z|+hh:mm)
bool ParseRfc3339(std::string_view text, Timestamp* out, TimeParseError* e);

// Whether `text`, which ParseRfc3339 accepted, is what FormatRfc3339NanoTo
// writes for the value it reads as: no fraction or one of at most nine
// digits not ending in 0, and "Z" or an offset other than +/-00:00 (which is
// written "Z"). Most logs write their times so.
inline bool IsRfc3339NanoText(std::string_view text) {
  // ParseRfc3339 read 19 bytes of date and time, then an optional fraction
  // and the zone: "Z", or six bytes of offset.
  const size_t n = text.size();
  if (n < 20) return false;
  size_t zone = n - 1;
  if (text[zone] != 'Z') {
    if (n < 25) return false;
    zone = n - 6;
    if (text.substr(zone + 1) == "00:00") return false;
  }
  const size_t fraction = zone - 19;  // with its '.'
  return fraction == 0 || (fraction >= 2 && fraction <= 10 && text[zone - 1] != '0');
}

enum class UnixUnit { kSeconds, kMillis, kMicros, kNanos };

// Seconds may have a fraction (truncated to microseconds, like Panther) or an
// exponent; the other units must be integers.
bool ParseUnix(std::string_view text, UnixUnit unit, Timestamp* out,
               TimeParseError* e);

// The usual unix value, whole seconds in 8 to 11 digits (1973 to 5138),
// read with the first eight digits in one word; inline, since the call
// would cost as much as the parse. False for any other text (ParseUnix
// reads it then).
inline bool ParseWholeSeconds(std::string_view s, Timestamp* out) {
  if (s.size() < 8 || s.size() > 11) return false;
  const uint64_t w = Load8(s.data());
  if (!AllDigits(w)) return false;
  // The last 0-3 digits are read apart from the first eight (the two
  // chains of multiply-adds run side by side), then joined.
  static constexpr int64_t kScale[4] = {1, 10, 100, 1000};
  uint32_t tail = 0;
  for (size_t i = 8; i < s.size(); ++i) {
    const unsigned d = static_cast<unsigned>(static_cast<unsigned char>(s[i]) - '0');
    if (d > 9) return false;
    tail = tail * 10 + d;
  }
  out->seconds = EightDigitsValue(w) * kScale[s.size() - 8] + tail;  // < 10^11: in range
  out->nanos = 0;
  out->utc_offset = 0;
  return true;
}

// Seconds as a JSON number with up to 6 fraction digits, or an integer count
// of the unit.
void FormatUnix(const Timestamp& t, UnixUnit unit, std::string* out);

}  // namespace time_internal
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_TIME_BUILTIN_CODECS_H_
