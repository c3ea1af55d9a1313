// Punycode decoding against RFC 3492's samples (section 7.1) and other
// labels whose Unicode is known; invalid inputs; whole domains.
#include "src/indicators/punycode.h"

#include <string>

#include "gtest/gtest.h"

namespace loghealth {
namespace indicators {
namespace {

std::string Decoded(std::string_view encoded) {
  std::string out = "kept:";
  EXPECT_TRUE(DecodePunycode(encoded, &out)) << encoded;
  return out.substr(5);
}

TEST(Punycode, DecodesKnownLabels) {
  EXPECT_EQ(Decoded("bcher-kva"), "b\xc3\xbc" "cher");                    // bücher
  EXPECT_EQ(Decoded("d1acufc"), "\xd0\xb4\xd0\xbe\xd0\xbc\xd0\xb5\xd0\xbd");  // домен
  EXPECT_EQ(Decoded("wgv71a119e"), "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e");   // 日本語
  EXPECT_EQ(Decoded("ls8h"), "\xf0\x9f\x92\xa9");  // U+1F4A9, four bytes of UTF-8
  EXPECT_EQ(Decoded("dn32g"), "\xf4\x8f\xbf\xbf");  // U+10FFFF, the last code point
  // RFC 3492 7.1 (B), (L) (basic code points in both cases kept as they
  // are), (R) (only basic code points, the delimiter last) and (S).
  EXPECT_EQ(Decoded("ihqwcrb4cv8a8dqg056pqjye"),
            "\xe4\xbb\x96\xe4\xbb\xac\xe4\xb8\xba\xe4\xbb\x80\xe4\xb9\x88\xe4\xb8\x8d"
            "\xe8\xaf\xb4\xe4\xb8\xad\xe6\x96\x87");  // 他们为什么不说中文
  EXPECT_EQ(Decoded("3B-ww4c5e180e575a65lsy2b"),
            "3\xe5\xb9\xb4" "B\xe7\xb5\x84\xe9\x87\x91\xe5\x85\xab\xe5\x85\x88\xe7\x94\x9f");
  EXPECT_EQ(Decoded("-> $1.00 <--"), "-> $1.00 <-");
  EXPECT_EQ(Decoded("Hello-Another-Way--fc4qua05auwb3674vfr0b"),
            "Hello-Another-Way-\xe3\x81\x9d\xe3\x82\x8c\xe3\x81\x9e\xe3\x82\x8c\xe3\x81\xae"
            "\xe5\xa0\xb4\xe6\x89\x80");  // Hello-Another-Way-それぞれの場所
  // Digits in upper case read as in lower case.
  EXPECT_EQ(Decoded("BCHER-KVA"), "B\xc3\xbc" "CHER");
}

TEST(Punycode, RejectsWhatIsNotPunycode) {
  for (const char* bad : {
           "bcher-kv",     // the last integer cut short
           "bcher-k_a",    // '_' is no digit
           "b\xc3\xbc-kva",  // a basic code point that is not ASCII
           "99999999999",  // its weights overflow 32 bits
           "ib9b",         // U+D800, a surrogate
           "a-qo7g",       // U+DFFF after "a"
       }) {
    std::string out = "unchanged";
    EXPECT_FALSE(DecodePunycode(bad, &out)) << bad;
    EXPECT_EQ(out, "unchanged") << bad;
  }
}

TEST(Punycode, DomainsDecodeLabelByLabel) {
  std::string out;
  DomainToUnicode("www.xn--bcher-kva.example", &out);
  EXPECT_EQ(out, "www.b\xc3\xbc" "cher.example");
  DomainToUnicode("xn--d1acufc.xn--wgv71a119e", &out);
  EXPECT_EQ(out, "\xd0\xb4\xd0\xbe\xd0\xbc\xd0\xb5\xd0\xbd.\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e");
  // Labels that do not decode, "xn--" alone, and "xn--" inside a label stay.
  DomainToUnicode("xn--bcher-kv.xn--.axn--bcher-kva.xn--bcher-kva", &out);
  EXPECT_EQ(out, "xn--bcher-kv.xn--.axn--bcher-kva.b\xc3\xbc" "cher");
  DomainToUnicode("trailing.dot.", &out);
  EXPECT_EQ(out, "trailing.dot.");

  EXPECT_TRUE(HasAceLabel("xn--bcher-kva.example"));
  EXPECT_TRUE(HasAceLabel("a.xn--b"));
  EXPECT_FALSE(HasAceLabel("axn--bcher-kva.example"));
  EXPECT_FALSE(HasAceLabel("192.168.0.1"));
  EXPECT_FALSE(HasAceLabel("xn-"));
  EXPECT_FALSE(HasAceLabel(""));
}

}  // namespace
}  // namespace indicators
}  // namespace loghealth
