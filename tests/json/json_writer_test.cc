// AppendJsonString against a byte-at-a-time escaper written from Go's
// encoding/json rules (EscapeHTML on): quote, backslash, \n \r \t by name,
// other control bytes and < > & as \u00XX, U+2028/U+2029 as \u2028/\u2029,
// every other byte as it is. Random strings mix all of those at every
// position, so the 16-byte clean-run scan meets each at each offset of a
// block and across block ends.
#include "src/json/json_writer.h"

#include <random>
#include <string>
#include <utility>

#include "gtest/gtest.h"
#include "src/json/json_buffer.h"
#include "src/json/escape_scan.h"

namespace loghealth {
namespace json {
namespace {

std::string ReferenceEscape(const std::string& s) {
  static const char* kHex = "0123456789abcdef";
  std::string out = "\"";
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '"') {
      out += "\\\"";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else if (c == 0xE2 && i + 2 < s.size() &&
               static_cast<unsigned char>(s[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(s[i + 2]) == 0xA8 ||
                static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
      out += static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

TEST(JsonWriter, HandWorkedStrings) {
  std::string out;
  AppendJsonString(std::string_view("a\"b\\c\nd<e>&\x01"), &out);
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\nd\\u003ce\\u003e\\u0026\\u0001\"");
  out.clear();
  // U+2028, U+2029, and U+2030 (also E2 80, not escaped).
  AppendJsonString(std::string_view("x\xE2\x80\xA8y\xE2\x80\xA9z\xE2\x80\xB0"), &out);
  EXPECT_EQ(out, "\"x\\u2028y\\u2029z\xE2\x80\xB0\"");
  out.clear();
  AppendJsonString(std::string_view(""), &out);
  EXPECT_EQ(out, "\"\"");
}

TEST(JsonWriter, RandomStringsEscapeLikeTheReference) {
  // Bytes that end a clean run, and plain ones to make runs of all lengths.
  const std::string specials[] = {"\"", "\\", "\n", "\r", "\t", "\x01", "\x1f", "<",
                                  ">", "&", "\xE2\x80\xA8", "\xE2\x80\xA9",
                                  "\xE2\x80\xB0", "\xC3\xA9", "\xE2", "\x7f"};
  std::mt19937 rng(20261127);
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    // Now and then a long one: several flushes of the writer's staging.
    const int pieces = static_cast<int>(round % 100 == 0 ? 400 : rng() % 12);
    for (int p = 0; p < pieces; ++p) {
      const size_t plain = rng() % 40;
      for (size_t i = 0; i < plain; ++i) s.push_back(static_cast<char>('a' + rng() % 26));
      s += specials[rng() % (sizeof(specials) / sizeof(specials[0]))];
    }
    // A clean tail of any length after the last special byte.
    const size_t tail = rng() % 40;
    for (size_t i = 0; i < tail; ++i) s.push_back(static_cast<char>('a' + rng() % 26));
    const std::string want = ReferenceEscape(s);
    std::string as_string;
    AppendJsonString(std::string_view(s), &as_string);
    ASSERT_EQ(as_string, want) << "input of " << s.size() << " bytes";
    JsonBuffer buffer;
    AppendJsonString(std::string_view(s), &buffer);
    ASSERT_EQ(buffer.view(), want);
  }
}

TEST(JsonWriter, PlainTextIsFoundAtEveryLengthAndPosition) {
  // IsPlainJsonText over texts of 0-48 bytes with one byte to escape at
  // each position, or none: the 16-byte blocks, the last block that
  // overlaps them, and texts shorter than a block.
  for (const char* special : {"\"", "\\", "\x01", "<", "&", "\xE2"}) {
    for (size_t n = 0; n <= 48; ++n) {
      const std::string clean(n, 'x');
      EXPECT_TRUE(IsPlainJsonText(clean)) << n;
      for (size_t at = 0; at < n; ++at) {
        std::string s = clean;
        s[at] = special[0];
        EXPECT_FALSE(IsPlainJsonText(s)) << "length " << n << ", byte " << at;
      }
    }
  }
}

TEST(JsonWriter, EscapesAtEveryLengthAndPosition) {
  // One byte to escape at each position of texts of 1-48 bytes, and a
  // second one at the end: where the scan for clean runs stops must be
  // exact in blocks, in the block that overlaps the last, and in short
  // texts. A lone 0xE2 (not U+2028/9) is copied.
  const std::pair<char, std::string> specials[] = {
      {'"', "\\\""}, {'\\', "\\\\"}, {'\x01', "\\u0001"},
      {'<', "\\u003c"}, {'&', "\\u0026"}, {'\xE2', "\xE2"}};
  for (const auto& [special, escaped] : specials) {
    for (size_t n = 1; n <= 48; ++n) {
      for (size_t at = 0; at < n; ++at) {
        std::string s(n, 'x');
        s[at] = special;
        std::string want = "\"" + std::string(at, 'x') + escaped + std::string(n - at - 1, 'x') + "\"";
        std::string out;
        AppendJsonString(std::string_view(s), &out);
        ASSERT_EQ(out, want) << "length " << n << ", byte " << at;
        if (at + 1 < n) {
          s[n - 1] = '&';
          want = "\"" + std::string(at, 'x') + escaped + std::string(n - at - 2, 'x') +
                 "\\u0026\"";
          JsonBuffer buffer;
          AppendJsonString(std::string_view(s), &buffer);
          ASSERT_EQ(buffer.view(), want) << "length " << n << ", bytes " << at << " and last";
        }
      }
    }
  }
}

}  // namespace
}  // namespace json
}  // namespace loghealth
