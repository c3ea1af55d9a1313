// The event writers' fast paths for times: formatting into a caller's
// buffer without a string in between, and knowing when a parsed text can be
// copied instead of formatted again. Not part of the public API.
#ifndef LOGHEALTH_SRC_TIME_FAST_FORMAT_H_
#define LOGHEALTH_SRC_TIME_FAST_FORMAT_H_

#include <cstddef>
#include <string_view>

#include "loghealth/timestamp.h"

namespace loghealth {

// The most bytes FormatRfc3339NanoTo and FormatDataLakeTimeTo write.
inline constexpr size_t kMaxFormattedTime = 64;

// FormatRfc3339Nano's and FormatDataLakeTime's texts written at `out` (room
// for kMaxFormattedTime bytes), returning the end of what was written.
char* FormatRfc3339NanoTo(const Timestamp& t, char* out);
char* FormatDataLakeTimeTo(const Timestamp& t, char* out);

struct TimeCodecInternals {
  // Whether the codec's Format writes FormatRfc3339Nano's text (rfc3339 and
  // the like): plain ASCII, which FormatRfc3339NanoTo writes directly.
  static bool FormatsAsRfc3339Nano(const TimeCodec& codec);
  // Whether `text`, a string the codec parsed, is already the text Format
  // writes for its value (RFC 3339 with the fraction's trailing zeros
  // trimmed and UTC written "Z", as most logs write times): then it can be
  // kept as it is.
  static bool IsOwnOutput(const TimeCodec& codec, std::string_view text);
};

}  // namespace loghealth

#endif  // LOGHEALTH_SRC_TIME_FAST_FORMAT_H_
