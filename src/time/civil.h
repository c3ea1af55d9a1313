// Calendar arithmetic on the proleptic Gregorian calendar, without time zone
// databases or allocation (the hot path converts every timestamp).
#ifndef LOGHEALTH_SRC_TIME_CIVIL_H_
#define LOGHEALTH_SRC_TIME_CIVIL_H_

#include <cstdint>

namespace loghealth {
namespace time_internal {

constexpr bool IsLeapYear(int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

constexpr int DaysInMonth(int64_t year, int month) {
  constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// Days since 1970-01-01 of a civil date (month 1..12, day 1..31).
// The era-based algorithm works for any year without loops.
constexpr int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// DaysFromCivil for years 0 to 9999 (what RFC 3339 can write), in unsigned
// 32-bit arithmetic: the same era algorithm with the year moved up one
// era, so nothing is negative and each division is a multiply.
constexpr int64_t DaysFromCivil0To9999(uint32_t y, uint32_t m, uint32_t d) {
  const uint32_t shifted = y + 400 - (m <= 2 ? 1 : 0);
  const uint32_t era = shifted / 400;
  const uint32_t yoe = shifted - era * 400;
  const uint32_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const uint32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<int64_t>(era) * 146097 + doe - 719468 - 146097;
}
static_assert(DaysFromCivil0To9999(1970, 1, 1) == 0, "epoch");
static_assert(DaysFromCivil0To9999(2000, 3, 1) == DaysFromCivil(2000, 3, 1), "leap");
static_assert(DaysFromCivil0To9999(0, 1, 1) == DaysFromCivil(0, 1, 1), "year 0");
static_assert(DaysFromCivil0To9999(9999, 12, 31) == DaysFromCivil(9999, 12, 31), "year 9999");

struct CivilDate {
  int64_t year;
  int month;  // 1..12
  int day;    // 1..31
};

constexpr CivilDate CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return CivilDate{yoe + era * 400 + (m <= 2), m, d};
}

// CivilFromDays for the days of years 0 to 9999, in unsigned 32-bit
// arithmetic one era up (as DaysFromCivil0To9999): each division is a
// multiply. Formatting converts every timestamp it writes.
constexpr int64_t kFirstDayOfYear0 = -719528;    // 0000-01-01
constexpr int64_t kLastDayOfYear9999 = 2932896;  // 9999-12-31
constexpr CivilDate CivilFromDays0To9999(int64_t z) {
  const uint32_t shifted = static_cast<uint32_t>(z + 719468 + 146097);
  const uint32_t era = shifted / 146097;
  const uint32_t doe = shifted - era * 146097;
  const uint32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const uint32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const uint32_t mp = (5 * doy + 2) / 153;
  const uint32_t d = doy - (153 * mp + 2) / 5 + 1;
  const uint32_t m = mp < 10 ? mp + 3 : mp - 9;
  return CivilDate{static_cast<int64_t>(yoe + era * 400) - 400 + (m <= 2 ? 1 : 0),
                   static_cast<int>(m), static_cast<int>(d)};
}
static_assert(DaysFromCivil(0, 1, 1) == kFirstDayOfYear0, "year 0");
static_assert(DaysFromCivil(9999, 12, 31) == kLastDayOfYear9999, "year 9999");
static_assert(CivilFromDays0To9999(kFirstDayOfYear0).year == 0, "year 0");
static_assert(CivilFromDays0To9999(kLastDayOfYear9999).day == 31, "year 9999");
static_assert(CivilFromDays0To9999(0).year == 1970, "epoch");

// 0 = Sunday.
constexpr int WeekdayFromDays(int64_t z) {
  return static_cast<int>(z >= -4 ? (z + 4) % 7 : (z + 5) % 7 + 6);
}

// Floor division and its non-negative remainder.
constexpr int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}
constexpr int64_t FloorMod(int64_t a, int64_t b) {
  return a - FloorDiv(a, b) * b;
}

// The supported range: 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z.
constexpr int64_t kMinSeconds = -62135596800;
constexpr int64_t kMaxSeconds = 253402300799;

// Broken-down time in the value's own offset.
struct CivilTime {
  int64_t year;
  int month, day, hour, minute, second;
  int yday;     // 1..366
  int weekday;  // 0 = Sunday
};

inline CivilTime ToCivil(int64_t unix_seconds, int32_t utc_offset) {
  const int64_t local = unix_seconds + utc_offset;
  const int64_t days = FloorDiv(local, 86400);
  const int64_t secs = local - days * 86400;
  const CivilDate date = CivilFromDays(days);
  CivilTime c{};
  c.year = date.year;
  c.month = date.month;
  c.day = date.day;
  c.hour = static_cast<int>(secs / 3600);
  c.minute = static_cast<int>(secs / 60 % 60);
  c.second = static_cast<int>(secs % 60);
  c.yday = static_cast<int>(days - DaysFromCivil(date.year, 1, 1)) + 1;
  c.weekday = WeekdayFromDays(days);
  return c;
}

}  // namespace time_internal
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_TIME_CIVIL_H_
