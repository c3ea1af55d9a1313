// Reading decimal digits eight at a time in a 64-bit word (SWAR): the
// timestamp formats are runs of digits, and a digit-by-digit loop is a
// chain of multiply-adds, one per digit.
#ifndef LOGHEALTH_SRC_TIME_DIGITS_H_
#define LOGHEALTH_SRC_TIME_DIGITS_H_

#include <cstdint>
#include <cstring>

namespace loghealth {
namespace time_internal {

constexpr uint64_t kAllBytes(uint8_t b) { return 0x0101010101010101ull * b; }

// The 8 bytes at p, first byte lowest (x86-64 is little-endian).
inline uint64_t Load8(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

// A word with one byte per position: zero where the byte of `w` is an ASCII
// digit. Bytes after a non-digit may be wrong (a carry from a byte >= 0xFA):
// callers only look up to the first non-digit.
inline uint64_t NonDigitBytes(uint64_t w) {
  const uint64_t high = (w & kAllBytes(0xF0)) ^ kAllBytes(0x30);
  const uint64_t plus6 = ((w + kAllBytes(0x06)) & kAllBytes(0xF0)) ^ kAllBytes(0x30);
  return high | plus6;
}

// True when all 8 bytes of w are digits.
inline bool AllDigits(uint64_t w) { return NonDigitBytes(w) == 0; }

// The number written by the 8 digit bytes of w ('0' subtracted or not):
// pairs, then quads, then the whole, each step one multiply-add on every
// lane at once.
inline uint32_t EightDigitsValue(uint64_t w) {
  uint64_t v = w & kAllBytes(0x0F);              // '0'..'9' -> 0..9
  v = (v * 10) + (v >> 8);                       // byte 2k: 10*d[2k] + d[2k+1]
  v &= 0x00FF00FF00FF00FFull;
  v = (v * 100) + (v >> 16);                     // 16-bit lane 2k: four digits
  v &= 0x0000FFFF0000FFFFull;
  v = (v * 10000) + (v >> 32);                   // low 32 bits: eight digits
  return static_cast<uint32_t>(v);
}

// How many digits (up to 8) start at `p`, an input position in [begin,
// end), without reading outside [begin, end); `*value` is the number they
// write.
__attribute__((always_inline)) inline int LeadingDigits(const char* p, const char* begin, const char* end,
                         uint32_t* value) {
  const size_t remaining = static_cast<size_t>(end - p);
  uint64_t w;
  if (remaining >= 8) {
    w = Load8(p);
  } else if (remaining > 0 && end - begin >= 8) {
    // The last 8 bytes of the input, moved down so that p's byte is first;
    // the bytes past the end become zero, which are not digits.
    w = Load8(end - 8) >> (8 * (8 - remaining));
  } else {
    int n = 0;
    uint32_t v = 0;
    for (; p + n < end && n < 8 && p[n] >= '0' && p[n] <= '9'; ++n) v = v * 10 + (p[n] - '0');
    *value = v;
    return n;
  }
  const uint64_t non_digits = NonDigitBytes(w);
  const int n = non_digits == 0 ? 8 : __builtin_ctzll(non_digits) / 8;
  if (n == 0) {
    *value = 0;
    return 0;
  }
  // Keep the n digits, right-aligned as the low digits of an 8-digit number.
  uint64_t digits = w & kAllBytes(0x0F);
  if (n < 8) digits = (digits & ((uint64_t{1} << (8 * n)) - 1)) << (8 * (8 - n));
  *value = EightDigitsValue(digits);
  return n;
}

}  // namespace time_internal
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_TIME_DIGITS_H_
