// FailingSpan (loghealth/failure.h): from a failure's offset to the end of
// the value that failed, worked out from the payload itself where it can be
// (a JSON string's closing quote, a scalar's delimiter), else from `got`.
#include <cstdint>
#include <string_view>

#include "loghealth/failure.h"

namespace loghealth {
namespace {

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The end of one UTF-8 character starting at `i`.
size_t NextCharacter(std::string_view p, size_t i) {
  ++i;
  while (i < p.size() && IsContinuation(p[i])) ++i;
  return i;
}

// The closing quote of a JSON string whose content starts at `i`, or npos.
size_t ClosingQuote(std::string_view p, size_t i) {
  while (i < p.size()) {
    if (p[i] == '\\') {
      i += 2;
    } else if (p[i] == '"') {
      return i;
    } else {
      ++i;
    }
  }
  return std::string_view::npos;
}

bool IsJsonDelimiter(char c) {
  return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

}  // namespace

PayloadSpan FailingSpan(std::string_view payload, int64_t offset, std::string_view got) {
  if (offset < 0 || static_cast<uint64_t>(offset) >= payload.size()) {
    return {payload.size(), payload.size()};
  }
  size_t begin = static_cast<size_t>(offset);
  while (begin > 0 && IsContinuation(payload[begin])) --begin;
  const bool quoted_got = got.size() >= 2 && got.front() == '"' && got.back() == '"';
  // A JSON string: the offset is its first character, after the quote.
  if (quoted_got && begin > 0 && payload[begin - 1] == '"') {
    const size_t close = ClosingQuote(payload, begin);
    if (close != std::string_view::npos) return {begin - 1, close + 1};
  }
  // A text log's value: `got` is what the payload holds there (quoted when
  // it was read as a string; cut with "..." when it was long).
  std::string_view text = quoted_got ? got.substr(1, got.size() - 2) : got;
  if (text.size() > 3 && text.substr(text.size() - 3) == "...") {
    if (payload.substr(begin, text.size()) != text) text.remove_suffix(3);
  }
  if (!text.empty() && payload.substr(begin, text.size()) == text) {
    return {begin, begin + text.size()};
  }
  // A JSON scalar: up to the next delimiter.
  size_t end = begin;
  while (end < payload.size() && !IsJsonDelimiter(payload[end])) end = NextCharacter(payload, end);
  if (end == begin) end = NextCharacter(payload, begin);
  return {begin, end};
}

}  // namespace loghealth
