#include "src/indicators/net.h"

#include <arpa/inet.h>

#include <cstring>

namespace loghealth {
namespace indicators {
namespace {

// inet_pton wants a NUL-terminated string; addresses are short.
bool Pton(int family, std::string_view s) {
  char buf[64];
  if (s.empty() || s.size() >= sizeof(buf)) return false;
  std::memcpy(buf, s.data(), s.size());
  buf[s.size()] = '\0';
  unsigned char out[16];
  return inet_pton(family, buf, out) == 1;
}

bool Prefix(std::string_view s, int max_bits) {
  if (s.empty() || s.size() > 3) return false;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  if (s.size() > 1 && s[0] == '0') return false;
  return v <= max_bits;
}

}  // namespace

// Four decimal octets, each 0-255 without a leading zero (as inet_pton and
// Go's net.ParseIP read them), checked here without a copy and a libc call:
// every ip indicator and IPv4 check runs it. Each octet's digits are taken
// one by one without a loop (at most three), so a valid address costs a few
// dozen instructions.
bool IsIpv4(std::string_view s) {
  const size_t n = s.size();
  if (n < 7 || n > 15) return false;
  const unsigned char* p = reinterpret_cast<const unsigned char*>(s.data());
  auto digit = [p](size_t at) { return static_cast<unsigned>(p[at]) - '0'; };
  size_t i = 0;  // an octet's first byte: always < n here
  for (int octet = 0; octet < 4; ++octet) {
    unsigned value = digit(i);
    if (value > 9) return false;
    ++i;
    if (i < n && digit(i) <= 9) {
      if (value == 0) return false;  // a leading zero
      value = value * 10 + digit(i++);
      if (i < n && digit(i) <= 9) {
        value = value * 10 + digit(i++);
        if (value > 255) return false;
      }
    }
    if (octet < 3) {
      // A fourth digit lands here too, and is not a dot.
      if (i + 1 >= n || p[i] != '.') return false;
      ++i;
    }
  }
  return i == n;
}

bool IsIpv6(std::string_view s) {
  // Go's net.ParseIP also takes a zone ("fe80::1%eth0").
  const size_t zone = s.find('%');
  if (zone != std::string_view::npos) {
    if (zone + 1 >= s.size()) return false;
    s = s.substr(0, zone);
  }
  return Pton(AF_INET6, s);
}

bool IsCidrV4(std::string_view s) {
  const size_t slash = s.find('/');
  return slash != std::string_view::npos && IsIpv4(s.substr(0, slash)) &&
         Prefix(s.substr(slash + 1), 32);
}

bool IsCidrV6(std::string_view s) {
  const size_t slash = s.find('/');
  return slash != std::string_view::npos && Pton(AF_INET6, s.substr(0, slash)) &&
         Prefix(s.substr(slash + 1), 128);
}

}  // namespace indicators
}  // namespace loghealth
