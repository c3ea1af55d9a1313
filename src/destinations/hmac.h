// HMAC-SHA256 (OpenSSL) for signing webhook bodies.
#ifndef LOGHEALTH_SRC_DESTINATIONS_HMAC_H_
#define LOGHEALTH_SRC_DESTINATIONS_HMAC_H_

#include <string>
#include <string_view>

namespace loghealth {
namespace destinations {

// Lower-case hex of HMAC-SHA256(key, message).
std::string HmacSha256Hex(std::string_view key, std::string_view message);

}  // namespace destinations
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_DESTINATIONS_HMAC_H_
