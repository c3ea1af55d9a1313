// "Did you mean" for misspelled keys, types, formats and indicators.
#ifndef LOGHEALTH_SRC_UTIL_SUGGEST_H_
#define LOGHEALTH_SRC_UTIL_SUGGEST_H_

#include <string>
#include <string_view>
#include <vector>

namespace loghealth {

// The candidate closest to `word` (case-insensitive edit distance), or ""
// when none is close enough to be a plausible typo.
std::string NearestWord(std::string_view word,
                        const std::vector<std::string_view>& candidates);

// " (did you mean \"x\"?)" or "".
std::string DidYouMean(std::string_view word,
                       const std::vector<std::string_view>& candidates);

}  // namespace loghealth

#endif  // LOGHEALTH_SRC_UTIL_SUGGEST_H_
