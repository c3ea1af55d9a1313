// The word-at-a-time digit readers against a digit-by-digit reading of the
// same bytes, and the timestamp fast paths that use them against values
// whose instants are worked out by hand.
#include "src/time/digits.h"

#include <random>
#include <string>

#include "gtest/gtest.h"
#include "loghealth/timestamp.h"
#include "src/time/civil.h"

namespace loghealth {
namespace time_internal {
namespace {

// The reference: count and value of the leading digits (at most 8).
int SlowLeadingDigits(const std::string& s, size_t from, uint32_t* value) {
  int n = 0;
  uint32_t v = 0;
  while (from + n < s.size() && n < 8 && s[from + n] >= '0' && s[from + n] <= '9') {
    v = v * 10 + (s[from + n] - '0');
    ++n;
  }
  *value = v;
  return n;
}

TEST(Digits, EightDigitsValue) {
  EXPECT_EQ(EightDigitsValue(Load8("00000000")), 0u);
  EXPECT_EQ(EightDigitsValue(Load8("12345678")), 12345678u);
  EXPECT_EQ(EightDigitsValue(Load8("99999999")), 99999999u);
  EXPECT_EQ(EightDigitsValue(Load8("00000001")), 1u);
  EXPECT_EQ(EightDigitsValue(Load8("10000000")), 10000000u);
}

TEST(Digits, AllDigitsRejectsEveryNonDigitInEveryPosition) {
  for (int pos = 0; pos < 8; ++pos) {
    for (int c = 0; c < 256; ++c) {
      std::string s = "12345678";
      s[pos] = static_cast<char>(c);
      EXPECT_EQ(AllDigits(Load8(s.data())), c >= '0' && c <= '9') << pos << " " << c;
    }
  }
}

TEST(Digits, LeadingDigitsMatchesTheSlowReading) {
  std::mt19937 rng(7);
  const char alphabet[] = "0123456789.Z+-:T \xff\xfa\x80";
  for (int trial = 0; trial < 200000; ++trial) {
    const size_t len = rng() % 14;
    std::string s;
    for (size_t i = 0; i < len; ++i) {
      // Mostly digits, so long runs occur.
      s.push_back(rng() % 3 != 0 ? static_cast<char>('0' + rng() % 10)
                                 : alphabet[rng() % (sizeof(alphabet) - 1)]);
    }
    for (size_t from = 0; from <= s.size(); ++from) {
      uint32_t want = 0, got = 0;
      const int n_want = SlowLeadingDigits(s, from, &want);
      const int n_got = LeadingDigits(s.data() + from, s.data(), s.data() + s.size(), &got);
      ASSERT_EQ(n_got, n_want) << "'" << s << "' from " << from;
      ASSERT_EQ(got, want) << "'" << s << "' from " << from;
    }
  }
}

Timestamp Parse(const char* spec, const std::string& text, TimeValueKind kind,
                TimeParseStatus* status) {
  auto codec = TimeCodec::Compile(spec);
  EXPECT_TRUE(codec.ok());
  Timestamp t;
  TimeParseError e;
  *status = codec->Parse(text, kind, &t, &e);
  return t;
}

TEST(FastPaths, UnixSecondsOfEveryLength) {
  // 8 to 11 digits take the word-at-a-time path; the rest the careful one.
  const struct {
    const char* text;
    int64_t seconds;
  } cases[] = {{"1", 1},
               {"1234567", 1234567},
               {"12345678", 12345678},
               {"123456789", 123456789},
               {"1700000000", 1700000000},
               {"99999999999", 99999999999},
               {"00000000017", 17}};
  for (const auto& c : cases) {
    TimeParseStatus status;
    const Timestamp t = Parse("unix", c.text, TimeValueKind::kNumber, &status);
    ASSERT_EQ(status, TimeParseStatus::kOk) << c.text;
    EXPECT_EQ(t.seconds, c.seconds) << c.text;
    EXPECT_EQ(t.nanos, 0) << c.text;
  }
  for (const char* bad : {"1700000x00", "17000000:0", "1700000000 ", "170000000a"}) {
    TimeParseStatus status;
    Parse("unix", bad, TimeValueKind::kString, &status);
    EXPECT_EQ(status, TimeParseStatus::kError) << bad;
  }
}

TEST(FastPaths, Rfc3339FractionsOfEveryLength) {
  // 2023-11-01T00:00:01Z is 1698796801 (19662 days after 1970-01-01, plus 1 s).
  const struct {
    const char* text;
    int32_t nanos;
  } cases[] = {{"2023-11-01T00:00:01Z", 0},
               {"2023-11-01T00:00:01.9Z", 900000000},
               {"2023-11-01T00:00:01.948Z", 948000000},
               {"2023-11-01T00:00:01.000123Z", 123000},
               {"2023-11-01T00:00:01.12345678Z", 123456780},
               {"2023-11-01T00:00:01.123456789Z", 123456789},
               {"2023-11-01T00:00:01.1234567891234Z", 123456789}};
  for (const auto& c : cases) {
    TimeParseStatus status;
    const Timestamp t = Parse("rfc3339", c.text, TimeValueKind::kString, &status);
    ASSERT_EQ(status, TimeParseStatus::kOk) << c.text;
    EXPECT_EQ(t.seconds, 1698796801) << c.text;
    EXPECT_EQ(t.nanos, c.nanos) << c.text;
  }
  // Every separator and digit of the fast shape, broken one at a time.
  const std::string good = "2023-11-01T00:00:01Z";
  for (size_t i = 0; i < 19; ++i) {
    std::string s = good;
    s[i] = s[i] >= '0' && s[i] <= '9' ? 'x' : '0';
    TimeParseStatus status;
    Parse("rfc3339", s, TimeValueKind::kString, &status);
    EXPECT_EQ(status, TimeParseStatus::kError) << s;
  }
  TimeParseStatus status;
  Parse("rfc3339", "2023-11-01T00:00:01.Z", TimeValueKind::kString, &status);
  EXPECT_EQ(status, TimeParseStatus::kError);
}

TEST(FastPaths, CivilFromDaysOfEveryDayOfYears0To9999) {
  // Hand-worked: the epoch, a leap day, the range's ends.
  const CivilDate epoch = CivilFromDays0To9999(0);
  EXPECT_EQ(epoch.year * 10000 + epoch.month * 100 + epoch.day, 19700101);
  const CivilDate leap = CivilFromDays0To9999(11016);  // 30 years and 59 days on
  EXPECT_EQ(leap.year * 10000 + leap.month * 100 + leap.day, 20000229);
  const CivilDate first = CivilFromDays0To9999(kFirstDayOfYear0);
  EXPECT_EQ(first.year * 10000 + first.month * 100 + first.day, 101);
  const CivilDate last = CivilFromDays0To9999(kLastDayOfYear9999);
  EXPECT_EQ(last.year * 10000 + last.month * 100 + last.day, 99991231);
  // Every other day against the signed algorithm.
  for (int64_t z = kFirstDayOfYear0; z <= kLastDayOfYear9999; ++z) {
    const CivilDate fast = CivilFromDays0To9999(z);
    const CivilDate slow = CivilFromDays(z);
    ASSERT_TRUE(fast.year == slow.year && fast.month == slow.month && fast.day == slow.day)
        << "day " << z;
  }
}

TEST(FastPaths, FormattingAroundTheYearEnds) {
  std::string out;
  Timestamp t;
  t.seconds = kMinSeconds;  // 0001-01-01T00:00:00Z
  FormatRfc3339Nano(t, &out);
  EXPECT_EQ(out, "0001-01-01T00:00:00Z");
  out.clear();
  t.seconds = kMaxSeconds;
  t.utc_offset = 3600;  // local time in year 10000: written with its digits
  FormatRfc3339Nano(t, &out);
  EXPECT_EQ(out, "10000-01-01T00:59:59+01:00");
  out.clear();
  t.seconds = -1;
  t.utc_offset = -30 * 60;
  FormatRfc3339Nano(t, &out);
  EXPECT_EQ(out, "1969-12-31T23:29:59-00:30");
}

}  // namespace
}  // namespace time_internal
}  // namespace loghealth
