// Finding the bytes of JSON text that need care, 16 at a time: the end of
// a string (a quote or a backslash), and the bytes Go's encoder escapes
// (control bytes, '"', '\\', '<', '>', '&', and U+2028/U+2029's lead byte).
#ifndef LOGHEALTH_SRC_JSON_ESCAPE_SCAN_H_
#define LOGHEALTH_SRC_JSON_ESCAPE_SCAN_H_

#include <cstddef>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace loghealth {
namespace json {

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

}  // namespace json
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_JSON_ESCAPE_SCAN_H_
