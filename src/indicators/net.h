// IP addresses and CIDR blocks, without allocation (validate.ip / cidr and
// the ip / hostname indicators).
#ifndef LOGHEALTH_SRC_INDICATORS_NET_H_
#define LOGHEALTH_SRC_INDICATORS_NET_H_

#include <string_view>

namespace loghealth {
namespace indicators {

bool IsIpv4(std::string_view s);
bool IsIpv6(std::string_view s);
inline bool IsIp(std::string_view s) { return IsIpv4(s) || IsIpv6(s); }

// "10.0.0.0/8", "2001:db8::/32": an address of the version, a prefix length
// within its bits.
bool IsCidrV4(std::string_view s);
bool IsCidrV6(std::string_view s);

}  // namespace indicators
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_INDICATORS_NET_H_
