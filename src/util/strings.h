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

}  // namespace loghealth

#endif  // LOGHEALTH_SRC_UTIL_STRINGS_H_
