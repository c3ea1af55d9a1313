#include "src/json/json_writer.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include "src/json/json_buffer.h"
#include "src/json/escape_scan.h"
#include "src/util/text_checks.h"

namespace loghealth {
namespace json {
namespace {

// 1: needs escaping (control characters, quote, backslash, and <, >, & as
// Go's EscapeHTML does).
constexpr bool NeedsEscape(unsigned char c) {
  return c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&';
}

struct EscapeTable {
  bool table[256];
  constexpr EscapeTable() : table() {
    for (int i = 0; i < 256; ++i) table[i] = NeedsEscape(static_cast<unsigned char>(i));
  }
};
constexpr EscapeTable kEscape;

constexpr char kHex[] = "0123456789abcdef";

// How many leading bytes of `p` (up to n) need no escaping: 16 at a time
// with SSE2 (part of every x86-64), so clean text is copied in one go. The
// bytes after the last whole block, and strings of 8 to 15 bytes, take one
// more block made of overlapping loads that stay within the n bytes (most
// strings are short, and a byte loop was most of their cost).
size_t CleanPrefix(const char* p, size_t n) {
  size_t i = 0;
#if defined(__SSE2__)
  if (n >= 16) {
    for (; i + 16 <= n; i += 16) {
      const unsigned mask = EscapeMask16(p + i);
      if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(mask));
    }
    if (i == n) return n;
    // The block that ends at n; its bytes before i were clean.
    const unsigned mask = EscapeMask16(p + n - 16) >> (i - (n - 16));
    return mask != 0 ? i + static_cast<size_t>(__builtin_ctz(mask)) : n;
  }
  if (n >= 8) {
    // Bytes 0-7 and n-8 to n-1 (they overlap when n < 16).
    const __m128i v = _mm_unpacklo_epi64(
        _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)),
        _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p + n - 8)));
    const unsigned mask = EscapeMaskOf(v);
    if ((mask & 0xFF) != 0) return static_cast<size_t>(__builtin_ctz(mask));
    return mask != 0 ? n - 8 + static_cast<size_t>(__builtin_ctz(mask >> 8)) : n;
  }
#endif
  while (i < n && !kEscape.table[static_cast<unsigned char>(p[i])] &&
         static_cast<unsigned char>(p[i]) != 0xE2) {
    ++i;
  }
  return i;
}

}  // namespace

// Output gathered in a small local buffer and handed over in a few large
// appends: escaping JSON text (a failure record's payload) stops at every
// quote, and one append call per run and per escape was most of its cost
// with std::string.
template <typename Out>
class StagedOutput {
 public:
  explicit StagedOutput(Out* out) : out_(out) {}
  ~StagedOutput() { Flush(); }
  void Copy(const char* p, size_t n) {
    if (n > kCapacity) {
      Flush();
      out_->append(p, n);
      return;
    }
    EnsureRoom(n);
    std::memcpy(end_, p, n);
    end_ += n;
  }
  // At least `n` (<= kCapacity) bytes free from end(); filled by the caller,
  // which then moves the end with set_end().
  void EnsureRoom(size_t n) {
    if (static_cast<size_t>(buf_ + sizeof(buf_) - end_) < n) Flush();
  }
  char* end() { return end_; }
  void set_end(char* end) { end_ = end; }

  static constexpr size_t kCapacity = 512;

 private:
  void Flush() {
    out_->append(buf_, static_cast<size_t>(end_ - buf_));
    end_ = buf_;
  }
  Out* out_;
  char buf_[kCapacity];
  char* end_ = buf_;
};

// Writes at `d` the escape for p[i], a byte CleanPrefix stops at, and
// returns where the output ends; `*consumed` is how many input bytes it
// stands for. Writes at most 6 bytes.
inline char* WriteEscape(const char* p, size_t n, size_t i, char* d, size_t* consumed) {
  const unsigned char c = static_cast<unsigned char>(p[i]);
  *consumed = 1;
  if (!kEscape.table[c]) {
    // 0xE2: U+2028 and U+2029 break JavaScript, and Go escapes them; any
    // other sequence it starts is copied.
    if (c == 0xE2 && i + 2 < n && static_cast<unsigned char>(p[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(p[i + 2]) & 0xFE) == 0xA8) {
      std::memcpy(d, static_cast<unsigned char>(p[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029", 6);
      *consumed = 3;
      return d + 6;
    }
    *d = p[i];
    return d + 1;
  }
  d[0] = '\\';
  switch (c) {
    case '"': d[1] = '"'; return d + 2;
    case '\\': d[1] = '\\'; return d + 2;
    case '\n': d[1] = 'n'; return d + 2;
    case '\r': d[1] = 'r'; return d + 2;
    case '\t': d[1] = 't'; return d + 2;
    default:
      d[1] = 'u';
      d[2] = '0';
      d[3] = '0';
      d[4] = kHex[c >> 4];
      d[5] = kHex[c & 15];
      return d + 6;
  }
}

template <typename Out>
void AppendJsonStringContent(std::string_view text, Out* out) {
  const char* p = text.data();
  const size_t n = text.size();
  size_t i = CleanPrefix(p, n);
  if (i == n) {  // the usual case: nothing to escape
    out->append(p, n);
    return;
  }
  StagedOutput<Out> staged(out);
  staged.Copy(p, i);
#if defined(__SSE2__)
  // 16 bytes at a time: every special byte of a block from one mask, the
  // runs between them copied with one 16-byte store each (the output moves
  // on by the run's length). A run's load may reach 15 bytes past its block,
  // so this goes on while two blocks are left.
  while (i + 32 <= n) {
    staged.EnsureRoom(16 * 6 + 16);
    char* d = staged.end();
    unsigned mask = EscapeMask16(p + i);
    size_t pos = 0;  // in the block; past its end after a split sequence
    while (mask != 0) {
      const size_t at = static_cast<size_t>(__builtin_ctz(mask));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(d),
                       _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + pos)));
      d += at - pos;
      const char c = p[i + at];
      if (c == '"' || c == '\\') {
        // Most escapes in practice (JSON text inside a payload): written
        // here, two bytes, without WriteEscape's cases.
        d[0] = '\\';
        d[1] = c;
        d += 2;
        pos = at + 1;
        mask &= mask - 1;
        continue;
      }
      size_t consumed;
      d = WriteEscape(p, n, i + at, d, &consumed);
      pos = at + consumed;
      mask = pos >= 16 ? 0 : mask & (~0u << pos);
    }
    if (pos < 16) {
      _mm_storeu_si128(reinterpret_cast<__m128i*>(d),
                       _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + pos)));
      d += 16 - pos;
      pos = 16;
    }
    staged.set_end(d);
    i += pos;
  }
#endif
  // The last bytes (all of them without SSE2): run by run.
  while (i < n) {
    staged.EnsureRoom(6);
    size_t consumed;
    staged.set_end(WriteEscape(p, n, i, staged.end(), &consumed));
    i += consumed;
    const size_t run = CleanPrefix(p + i, n - i);
    staged.Copy(p + i, run);
    i += run;
  }
}

bool IsPlainJsonText(std::string_view s) {
  return CleanPrefix(s.data(), s.size()) == s.size();
}

template <typename Out>
void AppendJsonString(std::string_view text, Out* out) {
  out->push_back('"');
  AppendJsonStringContent(text, out);
  out->push_back('"');
}

template <typename Out>
void AppendJsonStringRepairingUtf8(std::string_view text, Out* out) {
  out->push_back('"');
  size_t bad = 0;
  // Each pass scans from after the previous bad byte: linear overall.
  while (!loghealth::IsValidUtf8(text, &bad)) {
    AppendJsonStringContent(text.substr(0, bad), out);
    out->append("\\ufffd");
    text.remove_prefix(bad + 1);
  }
  AppendJsonStringContent(text, out);
  out->push_back('"');
}

template <typename Out>
void AppendInt(int64_t value, Out* out) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), value);
  (void)ec;
  out->append(buf, end - buf);
}

template <typename Out>
void AppendGoFloat(double value, Out* out) {
  char buf[64];
  const double a = std::fabs(value);
  const bool exponent = a != 0 && (a < 1e-6 || a >= 1e21);
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), value,
                                 exponent ? std::chars_format::scientific
                                          : std::chars_format::fixed);
  (void)ec;
  std::string_view s(buf, end - buf);
  if (exponent) {
    // to_chars writes e-07 / e+21; Go writes e-7 / e+21.
    const size_t e = s.find('e');
    if (e != std::string_view::npos && e + 2 < s.size() && s[e + 2] == '0') {
      out->append(s.substr(0, e + 2));
      out->append(s.substr(e + 3));
      return;
    }
  }
  out->append(s);
}

template void AppendJsonStringContent(std::string_view, std::string*);
template void AppendJsonStringContent(std::string_view, JsonBuffer*);
template void AppendJsonString(std::string_view, std::string*);
template void AppendJsonString(std::string_view, JsonBuffer*);
template void AppendJsonStringRepairingUtf8(std::string_view, std::string*);
template void AppendJsonStringRepairingUtf8(std::string_view, JsonBuffer*);
template void AppendInt(int64_t, std::string*);
template void AppendInt(int64_t, JsonBuffer*);
template void AppendGoFloat(double, std::string*);
template void AppendGoFloat(double, JsonBuffer*);

void AppendBase64(std::string_view bytes, std::string* out) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t i = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t v = (p[i] << 16) | (p[i + 1] << 8) | p[i + 2];
    const char q[4] = {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63],
                       kAlphabet[(v >> 6) & 63], kAlphabet[v & 63]};
    out->append(q, 4);
  }
  const size_t rest = bytes.size() - i;
  if (rest == 1) {
    const uint32_t v = p[i] << 16;
    const char q[4] = {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], '=', '='};
    out->append(q, 4);
  } else if (rest == 2) {
    const uint32_t v = (p[i] << 16) | (p[i + 1] << 8);
    const char q[4] = {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63],
                       kAlphabet[(v >> 6) & 63], '='};
    out->append(q, 4);
  }
}

}  // namespace json
}  // namespace loghealth
