// Scalars: plain (in block context), quoted (single and double, with
// escapes) and block scalars (| and >, with chomping and indentation).
#include <string>
#include <utility>
#include <vector>
#include <cstdint>

#include "src/util/unicode.h"
#include "src/yaml/parser.h"

namespace loghealth {
namespace yaml {
namespace internal {

bool Parser::PlainBlockScalar(int parent, Node* out) {
  const Mark mark = Here();
  std::string value;
  int breaks = 0;  // line breaks since the last text
  bool first = true;
  while (true) {
    // One line of the scalar.
    std::string line;
    while (!IsBreakOrEnd(Peek())) {
      const char c = Peek();
      if (c == '#' && (line.empty() || IsBlank(line.back()))) break;
      if (c == ':' && IsBlankOrEnd(Peek(1))) {
        return Fail("a ':' followed by a space inside a value (quote the value, or "
                    "check the indentation)");
      }
      line.push_back(c);
      Advance();
    }
    TrimTrailingBlanks(&line);
    if (!first) value.append(breaks == 1 ? 1 : static_cast<size_t>(breaks - 1), breaks == 1 ? ' ' : '\n');
    value += line;
    first = false;
    if (Peek() == '#') break;  // a comment ends the scalar
    // A continuation: a following line indented more than the parent.
    size_t save_p = p_, save_start = line_start_;
    int save_line = line_;
    breaks = 0;
    while (Peek() == '\n') {
      Advance();
      ++breaks;
      SkipBlanks();
    }
    if (breaks == 0 || AtEnd() || Column() <= parent || Peek() == '#' ||
        AtDocumentBoundary()) {
      p_ = save_p;
      line_start_ = save_start;
      line_ = save_line;
      break;
    }
  }
  *out = Node::Scalar(std::move(value), true, mark);
  return true;
}

bool Parser::Quoted(Node* out) {
  const Mark mark = Here();
  const char q = Peek();
  Advance();
  std::string value;
  while (true) {
    if (AtEnd()) return FailAt("a quoted value is not closed", mark);
    const char c = Peek();
    if (c == q) {
      if (q == '\'' && Peek(1) == '\'') {
        value.push_back('\'');
        Advance();
        Advance();
        continue;
      }
      Advance();
      break;
    }
    if (c == '\n') {
      // Folding: trailing blanks go, one break is a space, more are newlines.
      TrimTrailingBlanks(&value);
      int breaks = 0;
      while (Peek() == '\n') {
        Advance();
        ++breaks;
        SkipBlanks();
      }
      if (AtDocumentBoundary() && !AtEnd()) {
        return Fail("a document marker inside a quoted value");
      }
      if (breaks == 1) {
        value.push_back(' ');
      } else {
        value.append(static_cast<size_t>(breaks - 1), '\n');
      }
      continue;
    }
    if (q == '"' && c == '\\') {
      const Mark escape = Here();
      Advance();
      if (AtEnd()) return FailAt("a quoted value is not closed", mark);
      const char e = Peek();
      if (e == '\n') {  // an escaped line break joins the lines
        Advance();
        SkipBlanks();
        continue;
      }
      Advance();
      int hex = 0;
      switch (e) {
        case '0': value.push_back('\0'); break;
        case 'a': value.push_back('\a'); break;
        case 'b': value.push_back('\b'); break;
        case 't': case '\t': value.push_back('\t'); break;
        case 'n': value.push_back('\n'); break;
        case 'v': value.push_back('\v'); break;
        case 'f': value.push_back('\f'); break;
        case 'r': value.push_back('\r'); break;
        case 'e': value.push_back('\x1b'); break;
        case ' ': case '"': case '/': case '\\': value.push_back(e); break;
        case 'N': AppendUtf8(0x85, &value); break;
        case '_': AppendUtf8(0xA0, &value); break;
        case 'L': AppendUtf8(0x2028, &value); break;
        case 'P': AppendUtf8(0x2029, &value); break;
        case 'x': hex = 2; break;
        case 'u': hex = 4; break;
        case 'U': hex = 8; break;
        default:
          return FailAt(std::string("unknown escape '\\") +
                            (e == '\0' ? std::string() : std::string(1, e)) + "'",
                        escape);
      }
      if (hex > 0) {
        uint32_t cp = 0;
        for (int i = 0; i < hex; ++i) {
          const int d = HexValue(Peek());
          if (d < 0) return Fail("expected a hexadecimal digit in an escape");
          cp = cp * 16 + static_cast<uint32_t>(d);
          Advance();
        }
        if (hex == 4 && cp >= 0xD800 && cp < 0xDC00 && Peek() == '\\' && Peek(1) == 'u') {
          // A UTF-16 pair, as JSON writes characters beyond the BMP.
          uint32_t low = 0;
          bool ok = true;
          for (int i = 0; i < 4; ++i) {
            const int d = HexValue(Peek(2 + i));
            ok = ok && d >= 0;
            low = low * 16 + static_cast<uint32_t>(d < 0 ? 0 : d);
          }
          if (ok && low >= 0xDC00 && low < 0xE000) {
            for (int i = 0; i < 6; ++i) Advance();
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
        }
        if ((cp >= 0xD800 && cp < 0xE000) || cp > 0x10FFFF) {
          return FailAt("an escape that is not a Unicode character (a lone surrogate?)",
                        escape);
        }
        AppendUtf8(cp, &value);
      }
      continue;
    }
    value.push_back(c);
    Advance();
  }
  *out = Node::Scalar(std::move(value), false, mark);
  return true;
}

bool Parser::BlockScalar(int parent, Node* out) {
  const Mark mark = Here();
  const bool folded = Peek() == '>';
  Advance();
  char chomp = 0;  // '-' strip, '+' keep, 0 clip
  int explicit_indent = 0;
  for (int i = 0; i < 2; ++i) {
    const char c = Peek();
    if ((c == '-' || c == '+') && chomp == 0) {
      chomp = c;
      Advance();
    } else if (c >= '1' && c <= '9' && explicit_indent == 0) {
      explicit_indent = c - '0';
      Advance();
    }
  }
  if (!IsBlankOrEnd(Peek())) return Fail("expected a line break after a block scalar's header");
  if (!RestOfLineEmpty()) return false;
  if (Peek() == '\n') Advance();
  const int base = parent < 0 ? 0 : parent;
  int indent = explicit_indent > 0 ? base + explicit_indent : -1;
  std::vector<std::string_view> lines;  // "" for an empty line
  std::vector<bool> more_indented;
  while (!AtEnd()) {
    size_t i = p_;
    while (i < t_.size() && t_[i] == ' ') ++i;
    const int spaces = static_cast<int>(i - p_);
    size_t end = t_.find('\n', p_);
    if (end == std::string_view::npos) end = t_.size();
    const bool blank = i == end;
    if (indent < 0 && !blank) {
      if (spaces <= parent) break;  // nothing indented: an empty block
      indent = spaces;
    }
    if (!blank && (spaces < indent || (spaces == 0 && AtDocumentBoundary()))) break;
    // Content from the block's indentation on (spaces beyond it included).
    std::string_view line;
    if (indent >= 0 && spaces >= indent) line = t_.substr(p_ + indent, end - p_ - indent);
    lines.push_back(line);
    more_indented.push_back(!line.empty() && IsBlank(line[0]));
    while (p_ < end) Advance();
    if (Peek() == '\n') Advance();
  }
  // Trailing empty lines belong to chomping, not to the content.
  size_t content = lines.size();
  while (content > 0 && lines[content - 1].empty()) --content;
  const size_t trailing = lines.size() - content;
  std::string value;
  bool previous_normal = false;
  int pending = 0;  // empty lines since the last content line
  for (size_t i = 0; i < content; ++i) {
    const std::string_view line = lines[i];
    if (line.empty()) {
      ++pending;
      continue;
    }
    const bool normal = !more_indented[i];
    if (i > static_cast<size_t>(pending)) {  // not the first content line
      if (folded && previous_normal && normal) {
        if (pending == 0) {
          value.push_back(' ');
        } else {
          value.append(static_cast<size_t>(pending), '\n');
        }
      } else {
        value.append(static_cast<size_t>(pending) + 1, '\n');
      }
    } else {
      value.append(static_cast<size_t>(pending), '\n');
    }
    value.append(line.data(), line.size());
    previous_normal = normal;
    pending = 0;
  }
  if (chomp == '+') {
    value.append(content > 0 ? trailing + 1 : trailing, '\n');
  } else if (chomp == 0 && content > 0) {
    value.push_back('\n');
  }
  *out = Node::Scalar(std::move(value), false, mark);
  return true;
}

}  // namespace internal
}  // namespace yaml
}  // namespace loghealth
