// Texts of instants that come many to a second (a record's p_parse_time):
// the date and time of day are formatted once for each second, and only the
// fraction and zone for each instant. Defined in rfc3339.cc, beside the
// formatters whose parts it shares.
#ifndef LOGHEALTH_SRC_TIME_TIME_TEXT_CACHE_H_
#define LOGHEALTH_SRC_TIME_TIME_TEXT_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <limits>

#include "loghealth/timestamp.h"
#include "src/time/fast_format.h"

namespace loghealth {

// FormatRfc3339NanoTo and FormatDataLakeTimeTo, writing the same texts at
// `out` (room for kMaxFormattedTime bytes) and returning their end. Not
// thread-safe: one per writer.
class TimeTextCache {
 public:
  char* Rfc3339NanoTo(const Timestamp& t, char* out);
  char* DataLakeTo(const Timestamp& t, char* out);

 private:
  // Copies the date and time of day for `t` shown at `offset`, written
  // with `separator`, to `out`; formats them first when the second or the
  // form changed. Returns the end of the copy.
  char* DateTimeTo(const Timestamp& t, int32_t offset, char separator, char* out);

  int64_t seconds_ = std::numeric_limits<int64_t>::min();
  int32_t offset_ = 0;
  char separator_ = 0;
  size_t size_ = 0;              // of date_time_'s text
  char date_time_[kMaxFormattedTime] = {};
};

}  // namespace loghealth

#endif  // LOGHEALTH_SRC_TIME_TIME_TEXT_CACHE_H_
