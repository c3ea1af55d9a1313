// The cache writes what the formatters write (those are checked against
// hand-worked texts in timestamp_test), whatever the order of instants:
// within a second, across seconds, days and years, and with the two forms
// interleaved.
#include "src/time/time_text_cache.h"

#include <cstring>
#include <string>

#include "gtest/gtest.h"
#include "src/time/fast_format.h"

namespace loghealth {
namespace {

std::string Rfc3339(const Timestamp& t) {
  char text[kMaxFormattedTime];
  return std::string(text, FormatRfc3339NanoTo(t, text));
}

std::string DataLake(const Timestamp& t) {
  char text[kMaxFormattedTime];
  return std::string(text, FormatDataLakeTimeTo(t, text));
}

Timestamp At(int64_t seconds, int32_t nanos, int32_t offset = 0) {
  Timestamp t;
  t.seconds = seconds;
  t.nanos = nanos;
  t.utc_offset = offset;
  return t;
}

TEST(TimeTextCache, HandWorkedTexts) {
  TimeTextCache cache;
  char text[kMaxFormattedTime];
  // 2023-11-01T00:00:00Z is 1698796800 (Python: datetime(2023,11,1,
  // tzinfo=timezone.utc).timestamp()).
  EXPECT_EQ(std::string(text, cache.Rfc3339NanoTo(At(1698796800, 0), text)),
            "2023-11-01T00:00:00Z");
  EXPECT_EQ(std::string(text, cache.Rfc3339NanoTo(At(1698796800, 500000000), text)),
            "2023-11-01T00:00:00.5Z");
  EXPECT_EQ(std::string(text, cache.Rfc3339NanoTo(At(1698796801, 120), text)),
            "2023-11-01T00:00:01.00000012Z");
  EXPECT_EQ(std::string(text, cache.DataLakeTo(At(1698796801, 120), text)),
            "2023-11-01 00:00:01.000000120");
  EXPECT_EQ(std::string(text, cache.Rfc3339NanoTo(At(1698796801, 0, -7 * 3600), text)),
            "2023-10-31T17:00:01-07:00");
}

TEST(TimeTextCache, AgreesWithTheFormattersInAnyOrder) {
  TimeTextCache cache;
  uint32_t state = 7;
  auto next = [&state] {
    state = state * 1664525u + 1013904223u;
    return state >> 4;
  };
  int64_t seconds = 1698796800;
  for (int i = 0; i < 100000; ++i) {
    // Mostly the same second; sometimes the next, sometimes far away
    // (years before 0 and after 9999 included).
    switch (next() % 16) {
      case 0: seconds += 1; break;
      case 1: seconds += static_cast<int64_t>(next() % 100000) * 86400; break;
      case 2: seconds = -62167219200 - static_cast<int64_t>(next() % 1000) * 86400; break;
      case 3: seconds = 253402300800 + static_cast<int64_t>(next() % 1000) * 3600; break;
      case 4: seconds = 1698796800; break;
      default: break;
    }
    const int32_t nanos = next() % 4 == 0 ? 0 : static_cast<int32_t>(next() % 1000000000);
    const int32_t offset = next() % 8 == 0 ? -7 * 3600 : 0;
    const Timestamp t = At(seconds, nanos, offset);
    char text[kMaxFormattedTime];
    if (next() % 5 == 0) {
      ASSERT_EQ(std::string(text, cache.DataLakeTo(t, text)), DataLake(t)) << seconds;
    } else {
      ASSERT_EQ(std::string(text, cache.Rfc3339NanoTo(t, text)), Rfc3339(t)) << seconds;
    }
  }
}

}  // namespace
}  // namespace loghealth
