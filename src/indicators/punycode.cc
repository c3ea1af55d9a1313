// Punycode decoding as RFC 3492 section 6.2 gives it, with its parameters
// for IDNA (section 5).
#include "src/indicators/punycode.h"

#include <cstdint>
#include <cstring>
#include <iterator>
#include <limits>
#include <vector>

#include "src/util/unicode.h"

namespace loghealth {
namespace indicators {
namespace {

constexpr uint32_t kBase = 36, kTMin = 1, kTMax = 26, kSkew = 38, kDamp = 700;
constexpr uint32_t kInitialBias = 72, kInitialN = 128;

// A digit's value (a-z and A-Z 0-25, 0-9 26-35), or kBase if it is none.
uint32_t DigitValue(char c) {
  if (c >= 'a' && c <= 'z') return static_cast<uint32_t>(c - 'a');
  if (c >= 'A' && c <= 'Z') return static_cast<uint32_t>(c - 'A');
  if (c >= '0' && c <= '9') return static_cast<uint32_t>(c - '0') + 26;
  return kBase;
}

uint32_t Adapt(uint32_t delta, uint32_t points, bool first) {
  delta = first ? delta / kDamp : delta / 2;
  delta += delta / points;
  uint32_t k = 0;
  while (delta > ((kBase - kTMin) * kTMax) / 2) {
    delta /= kBase - kTMin;
    k += kBase;
  }
  return k + (kBase - kTMin + 1) * delta / (delta + kSkew);
}

}  // namespace

bool DecodePunycode(std::string_view encoded, std::string* out) {
  // At most one code point per input character: DNS labels (63 bytes) fit
  // on the stack; longer texts take a vector.
  uint32_t small[64];
  std::vector<uint32_t> large;
  uint32_t* points = small;
  if (encoded.size() > std::size(small)) {
    large.resize(encoded.size());
    points = large.data();
  }
  size_t count = 0;
  // The basic code points come before the last '-' (none without one).
  const size_t delimiter = encoded.rfind('-');
  size_t in = 0;
  if (delimiter != std::string_view::npos) {
    for (size_t j = 0; j < delimiter; ++j) {
      if (static_cast<unsigned char>(encoded[j]) >= 0x80) return false;
      points[count++] = static_cast<unsigned char>(encoded[j]);
    }
    in = delimiter + 1;
  }
  constexpr uint32_t kMax = std::numeric_limits<uint32_t>::max();
  uint32_t n = kInitialN, i = 0, bias = kInitialBias;
  while (in < encoded.size()) {
    // One generalized variable-length integer: the insertion's delta.
    const uint32_t old_i = i;
    uint32_t w = 1;
    for (uint32_t k = kBase;; k += kBase) {
      if (in >= encoded.size()) return false;  // the integer is cut short
      const uint32_t digit = DigitValue(encoded[in++]);
      if (digit >= kBase) return false;
      if (digit > (kMax - i) / w) return false;
      i += digit * w;
      const uint32_t t = k <= bias ? kTMin : k >= bias + kTMax ? kTMax : k - bias;
      if (digit < t) break;
      if (w > kMax / (kBase - t)) return false;
      w *= kBase - t;
    }
    const uint32_t slots = static_cast<uint32_t>(count) + 1;
    bias = Adapt(i - old_i, slots, old_i == 0);
    if (i / slots > kMax - n) return false;
    n += i / slots;
    i %= slots;
    if (n > 0x10FFFF || (n >= 0xD800 && n <= 0xDFFF)) return false;
    std::memmove(points + i + 1, points + i, (count - i) * sizeof(uint32_t));
    points[i] = n;
    ++count;
    ++i;
  }
  for (size_t j = 0; j < count; ++j) loghealth::AppendUtf8(points[j], out);
  return true;
}

bool HasAceLabel(std::string_view domain) {
  const char* p = domain.data();
  const size_t n = domain.size();
  if (n >= 8) {
    // Most values have no 'x' at all (the domain indicator sees IP
    // addresses too): eight bytes a step, the last word overlapping.
    constexpr uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
    uint64_t found = 0;
    for (size_t i = 0; i < n; i += 8) {
      uint64_t w;
      std::memcpy(&w, p + (i + 8 <= n ? i : n - 8), 8);
      const uint64_t v = w ^ (kOnes * 'x');  // a zero byte where w has 'x'
      found |= (v - kOnes) & ~v & kHighs;
    }
    if (found == 0) return false;
  }
  for (size_t i = 0; i + 4 <= n; ++i) {
    if (p[i] == 'x' && p[i + 1] == 'n' && p[i + 2] == '-' && p[i + 3] == '-' &&
        (i == 0 || p[i - 1] == '.')) {
      return true;
    }
  }
  return false;
}

void DomainToUnicode(std::string_view domain, std::string* out) {
  out->clear();
  size_t start = 0;
  while (true) {
    const size_t dot = domain.find('.', start);
    const std::string_view label =
        domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    const size_t before = out->size();
    if (label.size() <= 4 || label.substr(0, 4) != "xn--" ||
        !DecodePunycode(label.substr(4), out)) {
      out->resize(before);
      out->append(label);
    }
    if (dot == std::string_view::npos) break;
    out->push_back('.');
    start = dot + 1;
  }
}

}  // namespace indicators
}  // namespace loghealth
