#include "src/classify/json_writer.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include "src/classify/json_buffer.h"
#include "src/classify/json_tokens.h"
#include "src/util/text_checks.h"

namespace loghealth {
namespace classify {
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
// with SSE2 (part of every x86-64), so clean text is copied in one go.
size_t CleanPrefix(const char* p, size_t n) {
  size_t i = 0;
#if defined(__SSE2__)
  for (; i + 16 <= n; i += 16) {
    const unsigned mask = EscapeMask16(p + i);
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(mask));
  }
#endif
  while (i < n && !kEscape.table[static_cast<unsigned char>(p[i])] &&
         static_cast<unsigned char>(p[i]) != 0xE2) {
    ++i;
  }
  return i;
}

}  // namespace

template <typename Out>
void AppendJsonStringContent(std::string_view text, Out* out) {
  // Clean runs are found 16 bytes at a time and copied whole; only the
  // bytes that stop a run are looked at one by one. (JSON payloads quoted
  // in failure records stop a run at every quote.)
  const char* p = text.data();
  const size_t n = text.size();
  size_t i = 0;
  for (;;) {
    const size_t clean = CleanPrefix(p + i, n - i);
    out->append(p + i, clean);
    i += clean;
    if (i >= n) return;
    const unsigned char c = static_cast<unsigned char>(p[i]);
    if (!kEscape.table[c]) {
      // 0xE2: U+2028 and U+2029 break JavaScript, and Go escapes them.
      if (i + 2 < n && static_cast<unsigned char>(p[i + 1]) == 0x80 &&
          (static_cast<unsigned char>(p[i + 2]) & 0xFE) == 0xA8) {
        out->append(static_cast<unsigned char>(p[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029", 6);
        i += 3;
      } else {
        out->push_back(p[i]);
        ++i;
      }
      continue;
    }
    switch (c) {
      case '"': out->append("\\\"", 2); break;
      case '\\': out->append("\\\\", 2); break;
      case '\n': out->append("\\n", 2); break;
      case '\r': out->append("\\r", 2); break;
      case '\t': out->append("\\t", 2); break;
      default: {
        const char buf[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
        out->append(buf, 6);
      }
    }
    ++i;
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

bool IsValidUtf8(std::string_view text, size_t* bad_offset) {
  return loghealth::IsValidUtf8(text, bad_offset);
}

}  // namespace classify
}  // namespace loghealth
