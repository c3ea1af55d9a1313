// JsonBuffer against std::string doing the same appends: every copy length
// of the inline paths, growth from empty, and appending a part of itself
// while it grows.
#include "src/json/json_buffer.h"

#include <random>
#include <string>

#include "gtest/gtest.h"

namespace loghealth {
namespace json {
namespace {

TEST(JsonBuffer, EveryLengthAppendsLikeAString) {
  std::string source;
  for (int i = 0; i < 160; ++i) source.push_back(static_cast<char>('A' + i % 61));
  JsonBuffer buffer;
  std::string want;
  // Every inline length (up to 64) and some of memcpy's.
  for (size_t n = 0; n <= 100; ++n) {
    for (size_t from = 0; from + n <= source.size(); from += 7) {
      buffer.append(source.data() + from, n);
      want.append(source.data() + from, n);
      buffer.push_back(',');
      want.push_back(',');
    }
  }
  EXPECT_EQ(buffer.view(), want);
}

TEST(JsonBuffer, PaddedAppendsOfEveryLengthAppendLikeAString) {
  // Sources followed by padding: the fixed-size copy's overrun must never
  // show, whether the buffer has room or grows, mixed with plain appends.
  std::string source;
  for (int i = 0; i < 160; ++i) source.push_back(static_cast<char>('a' + i % 26));
  source.append(JsonBuffer::kPadding, '#');  // what the overrun would copy
  JsonBuffer buffer;
  std::string want;
  for (size_t n = 0; n <= 100; ++n) {
    for (size_t from = 0; from + n <= 160; from += 11) {
      buffer.AppendPadded(source.data() + from, n);
      want.append(source.data() + from, n);
      buffer.append(":", 1);
      want.push_back(':');
    }
  }
  EXPECT_EQ(buffer.view(), want);
  EXPECT_EQ(buffer.view().find('#'), std::string::npos);
  // From empty, one byte at a time past several growths.
  JsonBuffer small;
  std::string small_want;
  for (int i = 0; i < 1000; ++i) {
    small.AppendPadded(source.data() + i % 100, 1 + i % 3);
    small_want.append(source.data() + i % 100, 1 + i % 3);
  }
  EXPECT_EQ(small.view(), small_want);
}

TEST(JsonBuffer, AppendsPartOfItselfWhileGrowing) {
  JsonBuffer buffer;
  std::string want = "0123456789";
  buffer.append(want);
  std::mt19937 rng(5);
  for (int i = 0; i < 2000; ++i) {
    const size_t from = rng() % want.size();
    const size_t n = rng() % (want.size() - from + 1);
    buffer.append(buffer.data() + from, n);  // may reallocate
    want.append(want, from, n);
    if (want.size() > 100000) {
      buffer.resize(10);
      want.resize(10);
    }
  }
  EXPECT_EQ(buffer.view(), want);
}

TEST(JsonBuffer, ResizePopClear) {
  JsonBuffer buffer;
  buffer.append("abc");
  buffer.resize(5);
  EXPECT_EQ(buffer.view(), std::string("abc\0\0", 5));
  buffer.resize(2);
  EXPECT_EQ(buffer.view(), "ab");
  buffer.pop_back();
  EXPECT_EQ(buffer.view(), "a");
  EXPECT_EQ(buffer.back(), 'a');
  buffer.clear();
  EXPECT_TRUE(buffer.empty());
  buffer.append("");
  EXPECT_EQ(buffer.size(), 0u);
}

}  // namespace
}  // namespace json
}  // namespace loghealth
