// Percent-encoding for a URL path segment: RFC 3986 unreserved bytes stay,
// every other byte becomes %XX. A segment that is "." or ".." is encoded
// whole (%2E), so it can never be read as a dot-segment that moves the path.
#ifndef LOGHEALTH_SRC_UTIL_URL_ESCAPE_H_
#define LOGHEALTH_SRC_UTIL_URL_ESCAPE_H_

#include <string>
#include <string_view>

namespace loghealth {

std::string UrlPathEscape(std::string_view segment);

}  // namespace loghealth

#endif  // LOGHEALTH_SRC_UTIL_URL_ESCAPE_H_
