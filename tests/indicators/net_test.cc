// IPv4 checks against glibc's inet_pton, which the check replaced on the hot
// path: the same verdict on hand-picked addresses and on random strings of
// digits and dots.
#include "src/indicators/net.h"

#include <arpa/inet.h>

#include <random>
#include <string>

#include "gtest/gtest.h"

namespace loghealth {
namespace indicators {
namespace {

bool Reference(const std::string& s) {
  unsigned char out[4];
  return inet_pton(AF_INET, s.c_str(), out) == 1;
}

TEST(IsIpv4, HandPicked) {
  for (const char* good : {"0.0.0.0", "29.6.16.72", "255.255.255.255", "10.0.0.1",
                           "192.168.100.200"}) {
    EXPECT_TRUE(IsIpv4(good)) << good;
  }
  for (const char* bad : {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.04",
                          "1..2.3", ".1.2.3", "1.2.3.4.", "1.2.3.4 ", " 1.2.3.4", "1.2.3.a",
                          "1234.1.1.1", "1.2.3.-4", "::1", "1.2.3.4/8"}) {
    EXPECT_FALSE(IsIpv4(bad)) << bad;
  }
}

TEST(IsIpv4, AgreesWithInetPton) {
  std::mt19937 rng(3);
  const char alphabet[] = "0123456789..5";
  for (int trial = 0; trial < 300000; ++trial) {
    std::string s;
    const size_t len = rng() % 17;
    for (size_t i = 0; i < len; ++i) s.push_back(alphabet[rng() % (sizeof(alphabet) - 1)]);
    ASSERT_EQ(IsIpv4(s), Reference(s)) << "'" << s << "'";
  }
}

}  // namespace
}  // namespace indicators
}  // namespace loghealth
