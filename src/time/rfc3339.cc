// RFC 3339 as Go's time.Parse(time.RFC3339, s) reads it: an upper-case T and
// Z, an optional fraction after the seconds (digits beyond 9 truncated).
#include <cstring>

#include "loghealth/timestamp.h"
#include "src/time/fast_format.h"
#include "src/time/builtin_codecs.h"
#include "src/time/civil.h"
#include "src/time/digits.h"
#include "src/time/time_text_cache.h"

namespace loghealth {
namespace time_internal {
namespace {

bool Digits(std::string_view s, size_t pos, int n, int* value) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (int i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *value = v;
  return true;
}

bool Expect(std::string_view s, size_t pos, char c, TimeParseError* e,
            std::string_view expected) {
  if (pos < s.size() && s[pos] == c) return true;
  e->kind = TimeParseError::Kind::kExpected;
  e->offset = static_cast<uint32_t>(pos);
  e->expected = expected;
  return false;
}

bool Number(std::string_view s, size_t pos, int n, int lo, int hi, int* v,
            const char* what, TimeParseError* e) {
  if (!Digits(s, pos, n, v)) {
    e->kind = TimeParseError::Kind::kBadNumber;
    e->offset = static_cast<uint32_t>(pos);
    e->what = what;
    return false;
  }
  if (*v < lo || *v > hi) {
    e->kind = TimeParseError::Kind::kOutOfRange;
    e->offset = static_cast<uint32_t>(pos);
    e->what = what;
    return false;
  }
  return true;
}

}  // namespace

// The usual shape, "dddd-dd-ddTdd:dd:dd", checked and read a word at a
// time (digits and separators of each 8 bytes at once); false (nothing
// said) otherwise, and the careful path below finds what is wrong.
// Inlined: its six results would otherwise go through memory.
__attribute__((always_inline)) inline bool FastDateTime(std::string_view s, int* year, int* month, int* day, int* hour,
                         int* minute, int* second) {
  if (s.size() < 20) return false;
  const char* p = s.data();
  // "YYYY-MM-": digits in bytes 0-3 and 5-6, '-' in 4 and 7.
  // "DDTHH:MM": digits in bytes 0-1, 3-4 and 6-7, 'T' in 2, ':' in 5.
  constexpr uint64_t kDateDigits = 0x00FFFF00FFFFFFFFull;
  constexpr uint64_t kDateSeparators = 0x2D00002D00000000ull;
  constexpr uint64_t kTimeDigits = 0xFFFF00FFFF00FFFFull;
  constexpr uint64_t kTimeSeparators = 0x00003A0000540000ull;
  const uint64_t a = Load8(p);
  const uint64_t b = Load8(p + 8);
  const unsigned s1 = static_cast<unsigned>(static_cast<unsigned char>(p[17]) - '0');
  const unsigned s2 = static_cast<unsigned>(static_cast<unsigned char>(p[18]) - '0');
  const uint64_t fill = kAllBytes('0');
  if ((a & ~kDateDigits) != kDateSeparators || (b & ~kTimeDigits) != kTimeSeparators ||
      p[16] != ':' || s1 > 9 || s2 > 9 ||
      !AllDigits((a & kDateDigits) | (fill & ~kDateDigits)) ||
      !AllDigits((b & kTimeDigits) | (fill & ~kTimeDigits))) {
    return false;
  }
  // Each byte i becomes 10 * digit i + digit i+1 (separators count as 0):
  // the two-digit fields are then single bytes.
  const uint64_t ta = a & kDateDigits & kAllBytes(0x0F);
  const uint64_t tb = b & kTimeDigits & kAllBytes(0x0F);
  const uint64_t pa = ta * 10 + (ta >> 8);
  const uint64_t pb = tb * 10 + (tb >> 8);
  *year = static_cast<int>(pa & 0xFF) * 100 + static_cast<int>((pa >> 16) & 0xFF);
  *month = static_cast<int>((pa >> 40) & 0xFF);
  *day = static_cast<int>(pb & 0xFF);
  *hour = static_cast<int>((pb >> 24) & 0xFF);
  *minute = static_cast<int>((pb >> 48) & 0xFF);
  *second = static_cast<int>(s1 * 10 + s2);
  return *month >= 1 && *month <= 12 && *day >= 1 && *day <= 31 && *hour <= 23 &&
         *minute <= 59 && *second <= 59;
}

bool ParseRfc3339(std::string_view s, Timestamp* out, TimeParseError* e) {
  int year, month, day, hour, minute, second;
  if (!FastDateTime(s, &year, &month, &day, &hour, &minute, &second) &&
      (!Number(s, 0, 4, 0, 9999, &year, "year", e) ||
      !Expect(s, 4, '-', e, "-") ||
      !Number(s, 5, 2, 1, 12, &month, "month", e) ||
      !Expect(s, 7, '-', e, "-") ||
      !Number(s, 8, 2, 1, 31, &day, "day", e) ||
      !Expect(s, 10, 'T', e, "T") ||
      !Number(s, 11, 2, 0, 23, &hour, "hour", e) ||
      !Expect(s, 13, ':', e, ":") ||
      !Number(s, 14, 2, 0, 59, &minute, "minute", e) ||
      !Expect(s, 16, ':', e, ":") ||
      !Number(s, 17, 2, 0, 59, &second, "second", e))) {
    return false;
  }
  if (day > DaysInMonth(year, month)) {
    e->kind = TimeParseError::Kind::kOutOfRange;
    e->offset = 8;
    e->what = "day of month";
    return false;
  }
  size_t pos = 19;
  int32_t nanos = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    const size_t start = pos;
    // Up to eight digits in one word; more, one at a time.
    uint32_t first8 = 0;
    int digits = LeadingDigits(s.data() + pos, s.data(), s.data() + s.size(), &first8);
    nanos = static_cast<int32_t>(first8);
    pos += static_cast<size_t>(digits);
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits < 9) {
        nanos = nanos * 10 + (s[pos] - '0');
        ++digits;
      }
      ++pos;
    }
    if (pos == start) {
      e->kind = TimeParseError::Kind::kBadNumber;
      e->offset = static_cast<uint32_t>(start);
      e->what = "fractional seconds";
      return false;
    }
    static constexpr int32_t kScale[10] = {1000000000, 100000000, 10000000, 1000000, 100000,
                                           10000,      1000,      100,      10,      1};
    nanos *= kScale[digits];
  }
  int32_t offset = 0;
  if (pos < s.size() && s[pos] == 'Z') {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    const int sign = s[pos] == '-' ? -1 : 1;
    int oh, om;
    if (!Number(s, pos + 1, 2, 0, 23, &oh, "zone hour", e) ||
        !Expect(s, pos + 3, ':', e, ":") ||
        !Number(s, pos + 4, 2, 0, 59, &om, "zone minute", e)) {
      return false;
    }
    offset = sign * (oh * 3600 + om * 60);
    pos += 6;
  } else {
    e->kind = TimeParseError::Kind::kExpected;
    e->offset = static_cast<uint32_t>(pos);
    e->expected = "Z or +hh:mm";
    return false;
  }
  if (pos != s.size()) {
    e->kind = TimeParseError::Kind::kTrailing;
    e->offset = static_cast<uint32_t>(pos);
    return false;
  }
  out->seconds = DaysFromCivil0To9999(year, month, day) * 86400 + hour * 3600 +
                 minute * 60 + second - offset;
  out->nanos = nanos;
  out->utc_offset = offset;
  return true;
}

}  // namespace time_internal

namespace {
// The formatters write into a local buffer and append once: a dozen small
// std::string appends cost more than the formatting (four per event).
// The longest text: a 19-digit year, "-MM-DDTHH:MM:SS", ".nnnnnnnnn",
// "+hh:mm": 50 bytes, within kMaxFormattedTime.
static_assert(kMaxFormattedTime >= 50 + 9, "room for the texts and a 9-byte copy");

// `v` (>= 0) in decimal, zero-padded to `width`; returns the end.
char* PutDigits(int64_t v, int width, char* p) {
  char buf[24];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v > 0);
  for (int i = n; i < width; ++i) *p++ = '0';
  while (n > 0) *p++ = buf[--n];
  return p;
}

// "00" to "99", for two digits at a time.
struct DigitPairs {
  char text[200];
  constexpr DigitPairs() : text() {
    for (int i = 0; i < 100; ++i) {
      text[2 * i] = static_cast<char>('0' + i / 10);
      text[2 * i + 1] = static_cast<char>('0' + i % 10);
    }
  }
};
constexpr DigitPairs kDigitPairs;

// Two digits (v in 0..99) into p.
inline void Put2(char* p, int v) { std::memcpy(p, kDigitPairs.text + 2 * v, 2); }

// "YYYY-MM-DD" `separator` "HH:MM:SS" in the given offset; returns the end.
char* PutDateTime(const Timestamp& t, int32_t offset, char separator, char* p) {
  // Only the date and the time of day: not ToCivil, whose day of the year
  // and weekday would be thrown away.
  const int64_t local = t.seconds + offset;
  const int64_t days = time_internal::FloorDiv(local, 86400);
  const uint32_t secs = static_cast<uint32_t>(local - days * 86400);
  const time_internal::CivilDate c =
      days >= time_internal::kFirstDayOfYear0 && days <= time_internal::kLastDayOfYear9999
          ? time_internal::CivilFromDays0To9999(days)
          : time_internal::CivilFromDays(days);
  if (c.year < 0 || c.year > 9999) {
    p = PutDigits(c.year < 0 ? 0 : c.year, 4, p);
  } else {
    Put2(p, static_cast<int>(c.year / 100));
    Put2(p + 2, static_cast<int>(c.year % 100));
    p += 4;
  }
  p[0] = '-';
  Put2(p + 1, c.month);
  p[3] = '-';
  Put2(p + 4, c.day);
  p[6] = separator;
  Put2(p + 7, static_cast<int>(secs / 3600));
  p[9] = ':';
  Put2(p + 10, static_cast<int>(secs / 60 % 60));
  p[12] = ':';
  Put2(p + 13, static_cast<int>(secs % 60));
  return p + 15;
}

// After the date and time of day: ".fraction" without trailing zeros (none
// for whole seconds), then "Z" or the offset.
char* PutFractionAndZone(const Timestamp& t, char* p) {
  if (t.nanos != 0) {
    char digits[9];
    const uint32_t n = static_cast<uint32_t>(t.nanos);  // 1..999,999,999
    digits[0] = static_cast<char>('0' + n / 100000000);
    Put2(digits + 1, static_cast<int>(n / 1000000 % 100));
    Put2(digits + 3, static_cast<int>(n / 10000 % 100));
    Put2(digits + 5, static_cast<int>(n / 100 % 100));
    Put2(digits + 7, static_cast<int>(n % 100));
    int len = 9;
    while (digits[len - 1] == '0') --len;
    *p++ = '.';
    std::memcpy(p, digits, 9);  // all nine (there is room), then the end moved
    p += len;
  }
  if (t.utc_offset == 0) {
    *p++ = 'Z';
  } else {
    const int32_t a = t.utc_offset < 0 ? -t.utc_offset : t.utc_offset;
    *p++ = t.utc_offset < 0 ? '-' : '+';
    p = PutDigits(a / 3600, 2, p);
    *p++ = ':';
    p = PutDigits(a / 60 % 60, 2, p);
  }
  return p;
}

// The data-lake form's end: all nine digits of the fraction.
char* PutDataLakeFraction(const Timestamp& t, char* p) {
  *p++ = '.';
  return PutDigits(t.nanos, 9, p);
}

}  // namespace

char* FormatRfc3339NanoTo(const Timestamp& t, char* out) {
  return PutFractionAndZone(t, PutDateTime(t, t.utc_offset, 'T', out));
}

void FormatRfc3339Nano(const Timestamp& t, std::string* out) {
  char text[kMaxFormattedTime];
  out->append(text, static_cast<size_t>(FormatRfc3339NanoTo(t, text) - text));
}

char* FormatDataLakeTimeTo(const Timestamp& t, char* out) {
  return PutDataLakeFraction(t, PutDateTime(t, 0, ' ', out));
}

void FormatDataLakeTime(const Timestamp& t, std::string* out) {
  char text[kMaxFormattedTime];
  out->append(text, static_cast<size_t>(FormatDataLakeTimeTo(t, text) - text));
}

char* TimeTextCache::DateTimeTo(const Timestamp& t, int32_t offset, char separator,
                                char* out) {
  if (t.seconds != seconds_ || offset != offset_ || separator != separator_) {
    size_t size = static_cast<size_t>(PutDateTime(t, offset, separator, date_time_) - date_time_);
    seconds_ = t.seconds;
    offset_ = offset;
    separator_ = separator;
    size_ = size;
  }
  // A fixed-size copy, no call: the text is 19 bytes for years 0-9999 and
  // at most 27 (a twelve-digit year), and both buffers hold
  // kMaxFormattedTime bytes.
  std::memcpy(out, date_time_, 32);
  return out + size_;
}

char* TimeTextCache::Rfc3339NanoTo(const Timestamp& t, char* out) {
  return PutFractionAndZone(t, DateTimeTo(t, t.utc_offset, 'T', out));
}

char* TimeTextCache::DataLakeTo(const Timestamp& t, char* out) {
  return PutDataLakeFraction(t, DateTimeTo(t, 0, ' ', out));
}

}  // namespace loghealth
