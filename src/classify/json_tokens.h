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

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace loghealth {
namespace classify {

// How many of the `limit` bytes at `p` come before the first '"' or '\\'
// (`limit` when none does). Reads 16 bytes at a time, up to 15 past
// `limit`: the input is padded (simdjson::SIMDJSON_PADDING).
inline size_t QuoteOrEscape(const char* p, size_t limit) {
  size_t i = 0;
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
  for (; i < limit; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const int mask = _mm_movemask_epi8(
        _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
    if (mask != 0) {
      const size_t at = i + static_cast<size_t>(__builtin_ctz(mask));
      return at < limit ? at : limit;
    }
  }
  return limit;
#else
  while (i < limit && p[i] != '"' && p[i] != '\\') ++i;
  return i;
#endif
}

// True when no byte of `s` is one Go's encoder escapes (control
// characters, '"', '\\', '<', '>', '&') or may start U+2028/U+2029 (0xE2):
// such text is its own JSON string content, as read and as written.
bool IsPlainJsonText(std::string_view s);

#if defined(__SSE2__)
// Bit i set when byte i of `v` (or of the 16 at `p`) is one Go's encoder
// escapes, or 0xE2 (which may start U+2028/U+2029).
inline unsigned EscapeMaskOf(__m128i v) {
  // Control characters: unsigned v <= 0x1F, i.e. max(v, 0x1F) == 0x1F.
  const __m128i below = _mm_set1_epi8(0x1F);
  const __m128i ctrl = _mm_cmpeq_epi8(_mm_max_epu8(v, below), below);
  // Pairs one bit apart share a compare: v | 4 == '&' for '"' (0x22) and
  // '&' (0x26); v | 2 == '>' for '<' (0x3C) and '>' (0x3E).
  const __m128i quote_amp = _mm_cmpeq_epi8(_mm_or_si128(v, _mm_set1_epi8(4)), _mm_set1_epi8('&'));
  const __m128i angles = _mm_cmpeq_epi8(_mm_or_si128(v, _mm_set1_epi8(2)), _mm_set1_epi8('>'));
  const __m128i hit = _mm_or_si128(
      _mm_or_si128(ctrl, _mm_or_si128(quote_amp, angles)),
      _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\')),
                   _mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(0xE2)))));
  return static_cast<unsigned>(_mm_movemask_epi8(hit));
}
inline unsigned EscapeMask16(const char* p) {
  return EscapeMaskOf(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}
#endif

// How many of the `limit` bytes at `p` come before the first byte Go's
// encoder escapes (or 0xE2, see EscapeMask16), '"' and '\\' among them:
// QuoteOrEscape for text that is to be written as it is. Reads like
// QuoteOrEscape, up to 15 bytes past `limit` (the input is padded).
inline size_t FirstOutputEscape(const char* p, size_t limit) {
#if defined(__SSE2__)
  for (size_t i = 0; i < limit; i += 16) {
    const unsigned mask = EscapeMask16(p + i);
    if (mask != 0) {
      const size_t at = i + static_cast<size_t>(__builtin_ctz(mask));
      return at < limit ? at : limit;
    }
  }
  return limit;
#else
  size_t i = 0;
  while (i < limit && IsPlainJsonText(std::string_view(p + i, 1))) ++i;
  return i;
#endif
}

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
  const size_t n = for_output ? FirstOutputEscape(raw, limit) : QuoteOrEscape(raw, limit);
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
  const size_t n = for_output ? FirstOutputEscape(text, limit) : QuoteOrEscape(text, limit);
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
