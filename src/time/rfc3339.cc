// RFC 3339 as Go's time.Parse(time.RFC3339, s) reads it: an upper-case T and
// Z, an optional fraction after the seconds (digits beyond 9 truncated).
#include "loghealth/timestamp.h"
#include "src/time/builtin_codecs.h"
#include "src/time/civil.h"

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

// The usual shape, "dddd-dd-ddTdd:dd:dd", checked and read without a call
// per field; false (nothing said) otherwise, and the careful path below
// finds what is wrong.
inline bool FastDateTime(std::string_view s, int* year, int* month, int* day, int* hour,
                         int* minute, int* second) {
  if (s.size() < 20) return false;
  const unsigned char* p = reinterpret_cast<const unsigned char*>(s.data());
  unsigned bad = 0;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18}) {
    bad |= static_cast<unsigned>(p[i] - '0') > 9 ? 1u : 0u;
  }
  if (bad || p[4] != '-' || p[7] != '-' || p[10] != 'T' || p[13] != ':' || p[16] != ':') {
    return false;
  }
  auto two = [p](int i) { return (p[i] - '0') * 10 + (p[i + 1] - '0'); };
  *year = two(0) * 100 + two(2);
  *month = two(5);
  *day = two(8);
  *hour = two(11);
  *minute = two(14);
  *second = two(17);
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
    int digits = 0;
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
    for (int i = digits; i < 9; ++i) nanos *= 10;
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
  out->seconds = DaysFromCivil(year, month, day) * 86400 + hour * 3600 +
                 minute * 60 + second - offset;
  out->nanos = nanos;
  out->utc_offset = offset;
  return true;
}

}  // namespace time_internal

namespace {
void AppendDigits(int64_t v, int width, std::string* out) {
  char buf[24];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v > 0);
  char text[24];
  int len = 0;
  for (int i = n; i < width; ++i) text[len++] = '0';
  while (n > 0) text[len++] = buf[--n];
  out->append(text, len);
}

// Two digits into p.
inline void Put2(char* p, int v) {
  p[0] = static_cast<char>('0' + v / 10);
  p[1] = static_cast<char>('0' + v % 10);
}

void AppendDateTime(const Timestamp& t, int32_t offset, char separator,
                    std::string* out) {
  const time_internal::CivilTime c =
      time_internal::ToCivil(t.seconds, offset);
  if (c.year < 0 || c.year > 9999) {
    AppendDigits(c.year < 0 ? 0 : c.year, 4, out);
  } else {
    char y[4];
    Put2(y, static_cast<int>(c.year / 100));
    Put2(y + 2, static_cast<int>(c.year % 100));
    out->append(y, 4);
  }
  // One append for "-MM-DDTHH:MM:SS" instead of a dozen small ones.
  char b[15] = {'-', 0, 0, '-', 0, 0, separator, 0, 0, ':', 0, 0, ':', 0, 0};
  Put2(b + 1, c.month);
  Put2(b + 4, c.day);
  Put2(b + 7, c.hour);
  Put2(b + 10, c.minute);
  Put2(b + 13, c.second);
  out->append(b, sizeof(b));
}
}  // namespace

void FormatRfc3339Nano(const Timestamp& t, std::string* out) {
  AppendDateTime(t, t.utc_offset, 'T', out);
  if (t.nanos != 0) {
    char buf[9];
    int32_t n = t.nanos;
    for (int i = 8; i >= 0; --i, n /= 10) buf[i] = static_cast<char>('0' + n % 10);
    int len = 9;
    while (buf[len - 1] == '0') --len;
    out->push_back('.');
    out->append(buf, len);
  }
  if (t.utc_offset == 0) {
    out->push_back('Z');
    return;
  }
  const int32_t a = t.utc_offset < 0 ? -t.utc_offset : t.utc_offset;
  out->push_back(t.utc_offset < 0 ? '-' : '+');
  AppendDigits(a / 3600, 2, out);
  out->push_back(':');
  AppendDigits(a / 60 % 60, 2, out);
}

void FormatDataLakeTime(const Timestamp& t, std::string* out) {
  AppendDateTime(t, 0, ' ', out);
  out->push_back('.');
  AppendDigits(t.nanos, 9, out);
}

}  // namespace loghealth
