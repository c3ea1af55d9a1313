// Parsing and formatting with a compiled PatternProgram (strftime formats and
// Go layouts alike). Nothing here allocates while parsing.
#include "src/time/pattern.h"

#include <cstring>

#include "src/time/civil.h"

namespace loghealth {
namespace time_internal {
namespace {

constexpr const char* kMonthNames[12] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
constexpr const char* kWeekdayNames[7] = {"Sunday",   "Monday", "Tuesday",
                                          "Wednesday", "Thursday", "Friday",
                                          "Saturday"};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
         c == '\f';
}
char Lower(char c) { return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c; }

bool EqualsIgnoreCase(std::string_view text, size_t pos, std::string_view word) {
  if (text.size() - pos < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (Lower(text[pos + i]) != Lower(word[i])) return false;
  }
  return true;
}

// Matches a full name, or its 3-letter abbreviation; returns the index or -1.
int MatchName(std::string_view text, size_t* pos, const char* const* names,
              int count, bool full) {
  if (full) {
    for (int i = 0; i < count; ++i) {
      const size_t n = std::strlen(names[i]);
      if (EqualsIgnoreCase(text, *pos, std::string_view(names[i], n))) {
        *pos += n;
        return i;
      }
    }
  }
  // Abbreviations (also accepted where the full name was asked for).
  for (int i = 0; i < count; ++i) {
    if (EqualsIgnoreCase(text, *pos, std::string_view(names[i], 3))) {
      *pos += 3;
      return i;
    }
  }
  return -1;
}

const char* FieldName(Field f) {
  switch (f) {
    case Field::kYear: return "year";
    case Field::kYear2: return "two-digit year";
    case Field::kCentury: return "century";
    case Field::kMonth: return "month";
    case Field::kDay: return "day";
    case Field::kHour24: return "hour";
    case Field::kHour12: return "hour (1-12)";
    case Field::kMinute: return "minute";
    case Field::kSecond: return "second";
    case Field::kYearDay: return "day of year";
    case Field::kEpochSeconds: return "epoch seconds";
    default: return "number";
  }
}

struct ParsedParts {
  int64_t year = 1900;
  int year2 = -1;
  int century = -1;
  int month = 1, day = 1, hour = 0, minute = 0, second = 0;
  int hour12 = -1;
  int pm = -1;  // -1 unset, 0 AM, 1 PM
  int yday = -1;
  bool have_year = false, have_month = false, have_day = false;
  bool have_epoch = false;
  int64_t epoch = 0;
  int32_t nanos = 0;
  int32_t offset = 0;
  uint32_t day_offset = 0;  // where the day was written, for errors
};

bool Fail(TimeParseError* e, TimeParseError::Kind kind, size_t offset,
          const char* what = "", std::string_view expected = {}) {
  e->kind = kind;
  e->offset = static_cast<uint32_t>(offset);
  e->what = what;
  e->expected = expected;
  return false;
}

bool ReadFraction(std::string_view text, size_t* pos, int min_digits,
                  int max_digits, int32_t* nanos) {
  size_t p = *pos;
  int64_t value = 0;
  int digits = 0;
  while (p < text.size() && IsDigit(text[p]) && digits < max_digits) {
    value = value * 10 + (text[p] - '0');
    ++digits;
    ++p;
  }
  if (digits < min_digits) return false;
  for (int i = digits; i < 9; ++i) value *= 10;
  *nanos = static_cast<int32_t>(value);
  *pos = p;
  return true;
}

bool RangeCheck(Field f, int64_t v) {
  switch (f) {
    case Field::kMonth: return v >= 1 && v <= 12;
    case Field::kDay: return v >= 1 && v <= 31;
    case Field::kHour24: return v <= 23;
    case Field::kHour12: return v >= 1 && v <= 12;
    case Field::kMinute: return v <= 59;
    case Field::kSecond: return v <= 59;
    case Field::kYearDay: return v >= 1 && v <= 366;
    default: return true;
  }
}

bool ParseNumberOp(const PatternProgram& program, size_t index,
                   std::string_view text, size_t* pos, ParsedParts* p,
                   TimeParseError* e) {
  const Op& op = program.ops[index];
  size_t at = *pos;
  if (op.space_pad && at < text.size() && text[at] == ' ') ++at;
  const size_t start = at;
  bool negative = false;
  if (op.field == Field::kEpochSeconds && at < text.size() && text[at] == '-') {
    negative = true;
    ++at;
  }
  int64_t value = 0;
  int digits = 0;
  while (at < text.size() && IsDigit(text[at]) && digits < op.max_width) {
    value = value * 10 + (text[at] - '0');
    ++digits;
    ++at;
  }
  if (digits < op.min_width) {
    return Fail(e, TimeParseError::Kind::kBadNumber, start, FieldName(op.field));
  }
  if (!RangeCheck(op.field, value)) {
    return Fail(e, TimeParseError::Kind::kOutOfRange, start,
                FieldName(op.field));
  }
  switch (op.field) {
    case Field::kYear: p->year = value; p->have_year = true; break;
    case Field::kYear2: p->year2 = static_cast<int>(value); break;
    case Field::kCentury: p->century = static_cast<int>(value); break;
    case Field::kMonth: p->month = static_cast<int>(value); p->have_month = true; break;
    case Field::kDay:
      p->day = static_cast<int>(value);
      p->have_day = true;
      p->day_offset = static_cast<uint32_t>(start);
      break;
    case Field::kHour24: p->hour = static_cast<int>(value); break;
    case Field::kHour12: p->hour12 = static_cast<int>(value); break;
    case Field::kMinute: p->minute = static_cast<int>(value); break;
    case Field::kSecond:
      p->second = static_cast<int>(value);
      // Go layouts accept a fraction after the seconds even when unwritten.
      if (program.implicit_fraction &&
          (index + 1 >= program.ops.size() ||
           program.ops[index + 1].kind != OpKind::kFraction) &&
          at + 1 < text.size() && (text[at] == '.' || text[at] == ',') &&
          IsDigit(text[at + 1])) {
        ++at;
        ReadFraction(text, &at, 1, 9, &p->nanos);
        while (at < text.size() && IsDigit(text[at])) ++at;  // beyond ns
      }
      break;
    case Field::kYearDay: p->yday = static_cast<int>(value); break;
    case Field::kEpochSeconds:
      p->epoch = negative ? -value : value;
      p->have_epoch = true;
      break;
    default: break;
  }
  *pos = at;
  return true;
}

bool ParseZone(const Op& op, std::string_view text, size_t* pos,
               ParsedParts* p, TimeParseError* e) {
  size_t at = *pos;
  if (op.zulu && at < text.size() && text[at] == 'Z') {
    p->offset = 0;
    *pos = at + 1;
    return true;
  }
  static constexpr std::string_view kHhmm = "+hhmm";
  static constexpr std::string_view kColon = "+hh:mm";
  static constexpr std::string_view kHh = "+hh";
  const std::string_view expected =
      op.kind == OpKind::kZoneHhmm ? kHhmm
      : op.kind == OpKind::kZoneColon ? kColon : kHh;
  const auto fail = [&] {
    return Fail(e, TimeParseError::Kind::kExpected, *pos, "", expected);
  };
  if (at >= text.size() || (text[at] != '+' && text[at] != '-')) return fail();
  const int sign = text[at] == '-' ? -1 : 1;
  ++at;
  auto two = [&](int* v) {
    if (at + 2 > text.size() || !IsDigit(text[at]) || !IsDigit(text[at + 1])) {
      return false;
    }
    *v = (text[at] - '0') * 10 + (text[at + 1] - '0');
    at += 2;
    return true;
  };
  int hh = 0, mm = 0;
  if (!two(&hh)) return fail();
  if (op.kind == OpKind::kZoneColon) {
    if (at >= text.size() || text[at] != ':') return fail();
    ++at;
  }
  if (op.kind != OpKind::kZoneHh && !two(&mm)) return fail();
  if (hh > 23 || mm > 59) {
    return Fail(e, TimeParseError::Kind::kOutOfRange, *pos, "zone offset");
  }
  p->offset = sign * (hh * 3600 + mm * 60);
  *pos = at;
  return true;
}

}  // namespace

namespace {

// The length of a time zone abbreviation at the start of `v`, the way Go's
// time.Parse reads one (parseTimeZone). The instant is always the wall
// clock read as UTC: Go gives a name it does not know (with Local = UTC,
// every name but UTC) a fake zone of that name without moving the instant,
// GMT+3 and +03 included.
size_t ZoneNameLength(std::string_view v) {
  if (v.size() < 3) return 0;
  if (v.substr(0, 4) == "ChST" || v.substr(0, 4) == "MeST") return 4;
  auto signed_hours = [&](size_t at) -> size_t {
    // [+-]h or [+-]hh, within -23..23 as Go's parseSignedOffset allows.
    if (at >= v.size() || (v[at] != '+' && v[at] != '-')) return 0;
    size_t i = at + 1;
    int hours = 0;
    while (i < v.size() && i < at + 3 && v[i] >= '0' && v[i] <= '9') {
      hours = hours * 10 + (v[i] - '0');
      ++i;
    }
    if (i == at + 1 || hours > 23) return 0;
    return i - at;
  };
  if (v.substr(0, 3) == "GMT") return 3 + signed_hours(3);
  if (v[0] == '+' || v[0] == '-') return signed_hours(0);
  size_t upper = 0;
  while (upper < v.size() && upper < 6 && v[upper] >= 'A' && v[upper] <= 'Z') ++upper;
  switch (upper) {
    case 3: return 3;
    case 4: return v[3] == 'T' || v.substr(0, 4) == "WITA" ? 4 : 0;
    case 5: return v[4] == 'T' ? 5 : 0;
    default: return 0;
  }
}

}  // namespace

bool ParsePattern(const PatternProgram& program, std::string_view text,
                  Timestamp* out, TimeParseError* e, std::string_view* zone_name) {
  ParsedParts p;
  p.year = program.default_year;
  size_t pos = 0;
  for (size_t i = 0; i < program.ops.size(); ++i) {
    const Op& op = program.ops[i];
    switch (op.kind) {
      case OpKind::kLiteral:
        if (text.substr(pos, op.literal.size()) != op.literal) {
          return Fail(e, TimeParseError::Kind::kExpected, pos, "", op.literal);
        }
        pos += op.literal.size();
        break;
      case OpKind::kWhitespace: {
        const size_t start = pos;
        while (pos < text.size() && IsSpace(text[pos])) ++pos;
        if (pos == start) {
          return Fail(e, TimeParseError::Kind::kExpected, pos, "", "a space");
        }
        break;
      }
      case OpKind::kNumber:
        if (!ParseNumberOp(program, i, text, &pos, &p, e)) return false;
        break;
      case OpKind::kFraction: {
        const size_t start = pos;
        if (!op.literal.empty()) {
          // Go: ".999" is optional; ".000" needs exactly that many digits.
          const bool present = pos + 1 < text.size() &&
                               (text[pos] == '.' || text[pos] == ',') &&
                               IsDigit(text[pos + 1]);
          if (!present) {
            if (op.trim_zeros) break;
            return Fail(e, TimeParseError::Kind::kExpected, pos, "",
                        op.literal);
          }
          ++pos;
        }
        if (!ReadFraction(text, &pos, op.min_width, op.max_width, &p.nanos)) {
          return Fail(e, TimeParseError::Kind::kBadNumber, start,
                      "fractional seconds");
        }
        break;
      }
      case OpKind::kMonthName: {
        const int m = MatchName(text, &pos, kMonthNames, 12, op.full);
        if (m < 0) {
          return Fail(e, TimeParseError::Kind::kBadName, pos, "month name");
        }
        p.month = m + 1;
        p.have_month = true;
        break;
      }
      case OpKind::kWeekdayName:
        if (MatchName(text, &pos, kWeekdayNames, 7, op.full) < 0) {
          return Fail(e, TimeParseError::Kind::kBadName, pos, "weekday name");
        }
        break;
      case OpKind::kAmPm:
        if (EqualsIgnoreCase(text, pos, "AM")) {
          p.pm = 0;
        } else if (EqualsIgnoreCase(text, pos, "PM")) {
          p.pm = 1;
        } else {
          return Fail(e, TimeParseError::Kind::kBadName, pos, "AM or PM");
        }
        pos += 2;
        break;
      case OpKind::kZoneHhmm:
      case OpKind::kZoneColon:
      case OpKind::kZoneHh:
        if (!ParseZone(op, text, &pos, &p, e)) return false;
        break;
      case OpKind::kZoneName: {
        // Like Go with Local = UTC: any name reads as offset 0.
        const size_t n = ZoneNameLength(text.substr(pos));
        p.offset = 0;
        if (n == 0) {
          return Fail(e, TimeParseError::Kind::kBadName, pos,
                      "time zone name");
        }
        if (zone_name != nullptr) *zone_name = text.substr(pos, n);
        pos += n;
        break;
      }
    }
  }
  if (pos != text.size()) {
    return Fail(e, TimeParseError::Kind::kTrailing, pos);
  }

  if (p.have_epoch) {
    out->seconds = p.epoch;
    out->nanos = p.nanos;
    out->utc_offset = 0;
    return true;
  }
  int64_t year = p.year;
  if (p.year2 >= 0) {
    year = p.year2 + (p.century >= 0 ? p.century * 100
                                     : (p.year2 < 69 ? 2000 : 1900));
  } else if (p.century >= 0 && !p.have_year) {
    year = p.century * 100;
  }
  int hour = p.hour;
  if (p.hour12 >= 0) hour = p.hour12 % 12 + (p.pm == 1 ? 12 : 0);
  int month = p.month, day = p.day;
  if (p.yday > 0 && !p.have_month && !p.have_day) {
    if (p.yday > (IsLeapYear(year) ? 366 : 365)) {
      return Fail(e, TimeParseError::Kind::kOutOfRange, 0, "day of year");
    }
    const CivilDate d =
        CivilFromDays(DaysFromCivil(year, 1, 1) + p.yday - 1);
    month = d.month;
    day = d.day;
  }
  if (day > DaysInMonth(year, month)) {
    return Fail(e, TimeParseError::Kind::kOutOfRange, p.day_offset,
                "day of month");
  }
  out->seconds = DaysFromCivil(year, month, day) * 86400 + hour * 3600 +
                 p.minute * 60 + p.second - p.offset;
  out->nanos = p.nanos;
  out->utc_offset = p.offset;
  return true;
}

namespace {

void AppendPadded(int64_t v, int width, char pad, std::string* out) {
  char buf[24];
  int n = 0;
  const bool negative = v < 0;
  uint64_t u = negative ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  do {
    buf[n++] = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u != 0);
  if (negative) out->push_back('-');
  for (int i = n; i < width; ++i) out->push_back(pad);
  while (n > 0) out->push_back(buf[--n]);
}

void AppendZone(const Op& op, int32_t offset, std::string* out) {
  if (op.zulu && offset == 0) {
    out->push_back('Z');
    return;
  }
  out->push_back(offset < 0 ? '-' : '+');
  const int32_t a = offset < 0 ? -offset : offset;
  AppendPadded(a / 3600, 2, '0', out);
  if (op.kind == OpKind::kZoneColon) out->push_back(':');
  if (op.kind != OpKind::kZoneHh) AppendPadded(a / 60 % 60, 2, '0', out);
}

// ISO 8601 week-based year and week of the civil time.
int64_t DecemberWeekdayTerm(int64_t y) {
  return FloorMod(y + FloorDiv(y, 4) - FloorDiv(y, 100) + FloorDiv(y, 400), 7);
}
int IsoWeeksInYear(int64_t y) {
  return 52 + (DecemberWeekdayTerm(y) == 4 || DecemberWeekdayTerm(y - 1) == 3);
}
void IsoWeek(const CivilTime& c, int64_t* iso_year, int* week) {
  const int iso_wday = c.weekday == 0 ? 7 : c.weekday;  // Monday = 1
  int w = (c.yday - iso_wday + 10) / 7;
  int64_t y = c.year;
  if (w < 1) {
    --y;
    w = IsoWeeksInYear(y);
  } else if (w > IsoWeeksInYear(y)) {
    ++y;
    w = 1;
  }
  *iso_year = y;
  *week = w;
}

int64_t FieldValue(Field f, const CivilTime& c, const Timestamp& t) {
  switch (f) {
    case Field::kYear: return c.year;
    case Field::kYear2: return FloorMod(c.year, 100);
    case Field::kCentury: return FloorDiv(c.year, 100);
    case Field::kMonth: return c.month;
    case Field::kDay: return c.day;
    case Field::kHour24: return c.hour;
    case Field::kHour12: return c.hour % 12 == 0 ? 12 : c.hour % 12;
    case Field::kMinute: return c.minute;
    case Field::kSecond: return c.second;
    case Field::kYearDay: return c.yday;
    case Field::kEpochSeconds: return t.seconds;
    default: return 0;
  }
}

}  // namespace

void FormatPattern(const PatternProgram& program, const Timestamp& t,
                   std::string* out, std::string_view zone_name) {
  const CivilTime c = ToCivil(t.seconds, t.utc_offset);
  for (const Op& op : program.ops) {
    switch (op.kind) {
      case OpKind::kLiteral:
        out->append(op.literal);
        break;
      case OpKind::kWhitespace:
        if (op.literal.empty()) {
          out->push_back(' ');
        } else {
          out->append(op.literal);  // a Go layout's own spaces
        }
        break;
      case OpKind::kNumber: {
        int64_t v = FieldValue(op.field, c, t);
        if (op.field == Field::kIgnored) {
          // Week-ish directives keep their meaning in `literal` ("U", "u"...).
          const char d = op.literal.empty() ? 'w' : op.literal[0];
          int64_t iso_year = 0;
          int iso_week = 0;
          IsoWeek(c, &iso_year, &iso_week);
          switch (d) {
            case 'u': v = c.weekday == 0 ? 7 : c.weekday; break;
            case 'w': v = c.weekday; break;
            case 'U': v = (c.yday + 6 - c.weekday) / 7; break;
            case 'W': v = (c.yday + 6 - (c.weekday + 6) % 7) / 7; break;
            case 'V': v = iso_week; break;
            case 'g': v = FloorMod(iso_year, 100); break;
            case 'G': v = iso_year; break;
            default: v = 0;
          }
        }
        const int width = op.zero_pad || op.space_pad ? op.max_width : 0;
        AppendPadded(v, width, op.space_pad ? ' ' : '0', out);
        break;
      }
      case OpKind::kFraction: {
        int digits = op.max_width;
        int32_t n = t.nanos;
        if (op.trim_zeros) {
          if (n == 0) break;
          out->append(op.literal);
          char buf[10];
          int len = 0;
          for (int32_t div = 100000000; div > 0 && len < op.format_width;
               div /= 10) {
            buf[len++] = static_cast<char>('0' + n / div % 10);
          }
          while (len > 0 && buf[len - 1] == '0') --len;
          out->append(buf, len);
          break;
        }
        out->append(op.literal);
        // strftime %f: microseconds, or nanoseconds when the value has them.
        if (op.literal.empty() && op.max_width == 9) {
          digits = n % 1000 == 0 ? 6 : 9;
        }
        int32_t div = 100000000;
        for (int i = 0; i < digits; ++i, div /= 10) {
          out->push_back(static_cast<char>('0' + n / div % 10));
        }
        break;
      }
      case OpKind::kMonthName:
        out->append(kMonthNames[c.month - 1], op.full ? std::strlen(kMonthNames[c.month - 1]) : 3);
        break;
      case OpKind::kWeekdayName:
        out->append(kWeekdayNames[c.weekday], op.full ? std::strlen(kWeekdayNames[c.weekday]) : 3);
        break;
      case OpKind::kAmPm:
        out->append(c.hour < 12 ? (op.lower ? "am" : "AM")
                                : (op.lower ? "pm" : "PM"));
        break;
      case OpKind::kZoneHhmm:
      case OpKind::kZoneColon:
      case OpKind::kZoneHh:
        AppendZone(op, t.utc_offset, out);
        break;
      case OpKind::kZoneName:
        if (!zone_name.empty()) {
          out->append(zone_name.data(), zone_name.size());  // as read (Go keeps it)
        } else if (t.utc_offset == 0) {
          out->append("UTC");
        } else {
          Op hhmm;
          hhmm.kind = OpKind::kZoneHhmm;
          AppendZone(hhmm, t.utc_offset, out);
        }
        break;
    }
  }
}

}  // namespace time_internal
}  // namespace loghealth
