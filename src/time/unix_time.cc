// unix, unix_ms, unix_us, unix_ns: epoch counts from a JSON number's literal
// text or a numeric string.
#include <charconv>
#include <cmath>
#include <cstdint>

#include "src/time/builtin_codecs.h"
#include "src/time/civil.h"

namespace loghealth {
namespace time_internal {
namespace {

bool Fail(TimeParseError* e, TimeParseError::Kind kind, size_t offset,
          const char* what) {
  e->kind = kind;
  e->offset = static_cast<uint32_t>(offset);
  e->what = what;
  return false;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool SetFromMicros(int64_t total_us, Timestamp* out, TimeParseError* e) {
  const int64_t seconds = FloorDiv(total_us, 1000000);
  if (seconds < kMinSeconds || seconds > kMaxSeconds) {
    return Fail(e, TimeParseError::Kind::kTooLarge, 0, "seconds");
  }
  out->seconds = seconds;
  out->nanos = static_cast<int32_t>(FloorMod(total_us, 1000000) * 1000);
  out->utc_offset = 0;
  return true;
}

// Float seconds, exactly as written when there is no exponent: the decimal
// digits are read directly so "1.000001" keeps its microsecond.
bool ParseSeconds(std::string_view s, Timestamp* out, TimeParseError* e) {
  if (ParseWholeSeconds(s, out)) return true;
  size_t pos = 0;
  bool negative = false;
  if (pos < s.size() && (s[pos] == '-' || s[pos] == '+')) {
    negative = s[pos] == '-';
    ++pos;
  }
  const size_t int_start = pos;
  int64_t whole = 0;
  while (pos < s.size() && IsDigit(s[pos])) {
    if (pos - int_start >= 12) {
      return Fail(e, TimeParseError::Kind::kTooLarge, int_start, "seconds");
    }
    whole = whole * 10 + (s[pos] - '0');
    ++pos;
  }
  const size_t int_digits = pos - int_start;
  int64_t micros = 0;
  size_t frac_digits = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    while (pos < s.size() && IsDigit(s[pos])) {
      if (frac_digits < 6) micros = micros * 10 + (s[pos] - '0');
      ++frac_digits;
      ++pos;
    }
    for (size_t i = frac_digits; i < 6; ++i) micros *= 10;
  }
  if (int_digits == 0 && frac_digits == 0) {
    return Fail(e, TimeParseError::Kind::kBadNumber, int_start,
                "unix seconds");
  }
  if (pos < s.size() && (s[pos] == 'e' || s[pos] == 'E')) {
    // Exponent forms go through a double, truncated like Go's int64(f*1e6).
    double value = 0;
    const char* begin = s.data() + (s[0] == '+' ? 1 : 0);
    auto [end, ec] = std::from_chars(begin, s.data() + s.size(), value);
    if (ec != std::errc() || end != s.data() + s.size()) {
      return Fail(e, TimeParseError::Kind::kBadNumber, 0, "unix seconds");
    }
    if (!std::isfinite(value) || std::fabs(value) > 3e11) {
      return Fail(e, TimeParseError::Kind::kTooLarge, 0, "seconds");
    }
    return SetFromMicros(static_cast<int64_t>(value * 1e6), out, e);
  }
  if (pos != s.size()) {
    return Fail(e, TimeParseError::Kind::kTrailing, pos, "");
  }
  const int64_t total = whole * 1000000 + micros;
  return SetFromMicros(negative ? -total : total, out, e);
}

bool ParseInteger(std::string_view s, int64_t per_second, const char* what,
                  Timestamp* out, TimeParseError* e) {
  size_t pos = 0;
  bool negative = false;
  if (pos < s.size() && (s[pos] == '-' || s[pos] == '+')) {
    negative = s[pos] == '-';
    ++pos;
  }
  const size_t start = pos;
  int64_t value = 0;
  while (pos < s.size() && IsDigit(s[pos])) {
    const int digit = s[pos] - '0';
    if (value > (INT64_MAX - digit) / 10) {
      return Fail(e, TimeParseError::Kind::kTooLarge, start, what);
    }
    value = value * 10 + digit;
    ++pos;
  }
  if (pos == start) {
    return Fail(e, TimeParseError::Kind::kBadNumber, start, what);
  }
  if (pos != s.size()) {
    // "1.5" or "1e3": these units take whole numbers only.
    return Fail(e, TimeParseError::Kind::kBadNumber, pos, what);
  }
  if (negative) value = -value;
  const int64_t seconds = FloorDiv(value, per_second);
  if (seconds < kMinSeconds || seconds > kMaxSeconds) {
    return Fail(e, TimeParseError::Kind::kTooLarge, 0, what);
  }
  out->seconds = seconds;
  out->nanos =
      static_cast<int32_t>(FloorMod(value, per_second) * (1000000000 / per_second));
  out->utc_offset = 0;
  return true;
}

void AppendInt(__int128 v, std::string* out) {
  char buf[48];
  int n = 0;
  const bool negative = v < 0;
  unsigned __int128 u = negative ? -static_cast<unsigned __int128>(v)
                                 : static_cast<unsigned __int128>(v);
  do {
    buf[n++] = static_cast<char>('0' + static_cast<int>(u % 10));
    u /= 10;
  } while (u != 0);
  if (negative) out->push_back('-');
  while (n > 0) out->push_back(buf[--n]);
}

}  // namespace

bool ParseUnix(std::string_view text, UnixUnit unit, Timestamp* out,
               TimeParseError* e) {
  switch (unit) {
    case UnixUnit::kSeconds: return ParseSeconds(text, out, e);
    case UnixUnit::kMillis:
      return ParseInteger(text, 1000, "integer milliseconds", out, e);
    case UnixUnit::kMicros:
      return ParseInteger(text, 1000000, "integer microseconds", out, e);
    case UnixUnit::kNanos:
      return ParseInteger(text, 1000000000, "integer nanoseconds", out, e);
  }
  return false;
}

void FormatUnix(const Timestamp& t, UnixUnit unit, std::string* out) {
  const __int128 ns = static_cast<__int128>(t.seconds) * 1000000000 + t.nanos;
  switch (unit) {
    case UnixUnit::kSeconds: {
      const __int128 us = ns >= 0 ? ns / 1000 : -((-ns) / 1000);
      const __int128 a = us < 0 ? -us : us;
      if (us < 0) out->push_back('-');
      AppendInt(a / 1000000, out);
      int frac = static_cast<int>(a % 1000000);
      if (frac != 0) {
        char buf[6];
        for (int i = 5; i >= 0; --i, frac /= 10) buf[i] = static_cast<char>('0' + frac % 10);
        int len = 6;
        while (buf[len - 1] == '0') --len;
        out->push_back('.');
        out->append(buf, len);
      }
      return;
    }
    case UnixUnit::kMillis: AppendInt(ns >= 0 ? ns / 1000000 : -((-ns + 999999) / 1000000), out); return;
    case UnixUnit::kMicros: AppendInt(ns >= 0 ? ns / 1000 : -((-ns + 999) / 1000), out); return;
    case UnixUnit::kNanos: AppendInt(ns, out); return;
  }
}

}  // namespace time_internal
}  // namespace loghealth
