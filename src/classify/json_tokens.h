// Reading keys and strings straight from the padded input, without
// unescaping them into simdjson's string buffer, when the raw bytes already
// are the value: no escape, and (for output) nothing Go's encoder escapes.
// Most keys and values of machine-written logs are like that; the others
// take simdjson's unescaping path, so both paths give the same result.
#ifndef LOGHEALTH_SRC_CLASSIFY_JSON_TOKENS_H_
#define LOGHEALTH_SRC_CLASSIFY_JSON_TOKENS_H_

#include <cstddef>
#include <string_view>

#include "simdjson.h"
#include "src/json/escape_scan.h"

namespace loghealth {
namespace classify {

// The key of `field` when it holds no escape (the usual case): its raw
// bytes, which are then the key itself; `for_output`, also nothing Go's
// encoder escapes (then they are its JSON text too), found in the same scan.
// False when it has one. `end` is the end of the (padded) input the field is
// in.
inline bool PlainKey(const simdjson::ondemand::field& field, const char* end, bool for_output,
                     std::string_view* key) {
  const char* raw = field.key().raw();
  if (raw >= end) return false;
  const size_t limit = static_cast<size_t>(end - raw);
  const size_t n = for_output ? json::FirstOutputEscape(raw, limit) : json::QuoteOrEscape(raw, limit);
  if (raw + n >= end || raw[n] != '"') return false;
  *key = std::string_view(raw, n);
  return true;
}

// Reads the string `value` (its type was checked) straight from the input
// when its bytes are its value: no escape, and, `for_output`, nothing Go's
// encoder escapes either (then they are its JSON text too). The value is
// consumed as get_string() would consume it, without the unescaping copy:
// a string left unread would let simdjson's skip take a ':' after it for a
// key's and accept `{"a":"b":"c"}`. False, with nothing consumed, when the
// string needs unescaping (get_string then).
// One scan finds the string's end and whether anything in it needs care:
// the first '"' or '\\' (or byte to escape) is its closing quote exactly
// when there is none. The token runs from the opening quote to the next
// structural character, so the closing quote lies within it.
// Inlined: two call sites, each on every string.
// `token` is value.raw_json_token(), when the caller has it already.
__attribute__((always_inline)) inline bool ReadPlainString(
    simdjson::ondemand::value& value, std::string_view token, bool for_output,
    std::string_view* content) {
  if (token.size() < 2 || token.front() != '"') return false;
  const char* text = token.data() + 1;
  const size_t limit = token.size() - 1;
  const size_t n = for_output ? json::FirstOutputEscape(text, limit) : json::QuoteOrEscape(text, limit);
  if (n == limit || text[n] != '"') return false;
  simdjson::ondemand::raw_json_string raw;
  if (value.get_raw_json_string().get(raw) != simdjson::SUCCESS) return false;
  *content = std::string_view(text, n);
  return true;
}
__attribute__((always_inline)) inline bool ReadPlainString(
    simdjson::ondemand::value& value, bool for_output, std::string_view* content) {
  return ReadPlainString(value, value.raw_json_token(), for_output, content);
}

}  // namespace classify
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_CLASSIFY_JSON_TOKENS_H_
