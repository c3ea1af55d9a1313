// Percent-encoding for a URL path segment (RFC 3986 unreserved bytes stay).
#ifndef LOGHEALTH_SRC_DESTINATIONS_URL_ESCAPE_H_
#define LOGHEALTH_SRC_DESTINATIONS_URL_ESCAPE_H_

#include <string>
#include <string_view>

namespace loghealth {
namespace destinations {

std::string UrlPathEscape(std::string_view segment);

}  // namespace destinations
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_DESTINATIONS_URL_ESCAPE_H_
