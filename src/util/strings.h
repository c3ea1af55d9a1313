// String helpers that work with std::string_view (Debian's Abseil has its own
// absl::string_view, which StrJoin/StrCat do not convert from).
#ifndef LOGHEALTH_SRC_UTIL_STRINGS_H_
#define LOGHEALTH_SRC_UTIL_STRINGS_H_

#include <string>
#include <string_view>

namespace loghealth {

template <typename Container>
std::string Join(const Container& items, std::string_view separator) {
  std::string out;
  bool first = true;
  for (const auto& item : items) {
    if (!first) out.append(separator);
    first = false;
    out.append(std::string_view(item));
  }
  return out;
}

// Equal when ASCII letters are compared without case (JSON keys of
// Panther's older parsers, HTTP-like names).
inline bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace loghealth

#endif  // LOGHEALTH_SRC_UTIL_STRINGS_H_
