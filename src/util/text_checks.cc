#include "src/util/text_checks.h"

#include <cstdint>

namespace loghealth {

bool IsValidUtf8(std::string_view text, size_t* bad_offset) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    // Eight ASCII bytes at a time: the common case.
    while (i + 8 <= n) {
      uint64_t w;
      __builtin_memcpy(&w, s + i, 8);
      if (w & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      *bad_offset = i;
      return false;
    }
    if (i + len > n) {
      *bad_offset = i;
      return false;
    }
    for (size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) {
        *bad_offset = i;
        return false;
      }
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
        (len == 4 && cp < 0x10000) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      *bad_offset = i;
      return false;
    }
    i += len;
  }
  return true;
}

namespace {

int LineOf(std::string_view text, size_t offset) {
  int line = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) line += text[i] == '\n';
  return line;
}

bool Space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Skips white space, comments and document markers ("---") from `i`.
size_t SkipInsignificant(std::string_view t, size_t i) {
  while (i < t.size()) {
    if (Space(t[i])) {
      ++i;
    } else if (t[i] == '#' || (t.compare(i, 3, "---") == 0 &&
                               (i == 0 || t[i - 1] == '\n'))) {
      while (i < t.size() && t[i] != '\n') ++i;
    } else {
      break;
    }
  }
  return i;
}

}  // namespace

std::string CheckYamlText(std::string_view text, int* line) {
  size_t bad = 0;
  if (!IsValidUtf8(text, &bad)) {
    *line = LineOf(text, bad);
    return "the text is not valid UTF-8";
  }
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
      *line = LineOf(text, i);
      static const char kHex[] = "0123456789abcdef";
      return std::string("control character 0x") + kHex[c >> 4] + kHex[c & 15] +
             " (YAML allows only tab, LF and CR)";
    }
  }
  // A root flow collection ({...} or [...]) must be the whole document.
  size_t i = SkipInsignificant(text, 0);
  if (i < text.size() && (text[i] == ',' || text[i] == ']' || text[i] == '}')) {
    // No YAML document starts with a flow indicator (and yaml-cpp 0.7 loops
    // forever on ",\n?").
    *line = LineOf(text, i);
    return std::string("the document starts with '") + text[i] + "'";
  }
  if (i >= text.size() || (text[i] != '{' && text[i] != '[')) {
    // A block document: nothing valid starts a line at column 0 with a flow
    // indicator (continuations and block scalars are indented), and yaml-cpp
    // 0.7 loops forever on "name: user\n,\n?".
    for (size_t at = 0; at < text.size(); ++at) {
      if ((at == 0 || text[at - 1] == '\n') &&
          (text[at] == ',' || text[at] == ']' || text[at] == '}')) {
        *line = LineOf(text, at);
        return std::string("a line starts with '") + text[at] + "'";
      }
    }
    return "";
  }
  const char open = text[i];
  int depth = 0;
  // A quote opens a scalar only where a node starts (after { [ , : ? or at
  // the start); inside a plain scalar it is an ordinary character.
  char previous = 0;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (Space(c)) continue;
    const bool node_start = previous == 0 || previous == '{' || previous == '[' ||
                            previous == ',' || previous == ':' || previous == '?';
    previous = c;
    if ((c == '"' || c == '\'') && node_start) {
      // A quoted scalar: "\" escapes in double quotes, '' in single ones.
      for (++i; i < text.size(); ++i) {
        if (c == '"' && text[i] == '\\') {
          ++i;
        } else if (text[i] == c) {
          if (c == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
            ++i;
          } else {
            break;
          }
        }
      }
    } else if (c == '#' && (i == 0 || Space(text[i - 1]))) {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) {
        const size_t rest = SkipInsignificant(text, i + 1);
        if (rest < text.size()) {
          *line = LineOf(text, rest);
          return "content after the end of the top-level " + std::string(1, open) +
                 "..." + std::string(1, c) + " (one document is one collection)";
        }
        return "";
      }
    }
  }
  // Never closed: invalid whatever else it holds (and not for yaml-cpp).
  *line = LineOf(text, text.size());
  return "the top-level " + std::string(1, open) + "..." +
         std::string(1, open == '{' ? '}' : ']') + " is not closed";
}

}  // namespace loghealth
