#include "src/yaml/reader.h"

#include <cstdint>
#include <string>
#include <utility>

#include "src/util/text_checks.h"
#include "src/util/unicode.h"

namespace loghealth {
namespace yaml {

const Node& Node::operator[](std::string_view key) const {
  static const Node kUndefined;
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
    if (it->first.IsScalar() && it->first.scalar() == key) return it->second;
  }
  return kUndefined;
}

Node Node::Scalar(std::string value, bool plain, Mark mark) {
  // As YAML 1.2's core schema: a plain ~, null or nothing is null.
  const bool null = plain && (value.empty() || value == "~" || value == "null" ||
                              value == "Null" || value == "NULL");
  Node n(null ? NodeType::kNull : NodeType::kScalar, mark);
  n.plain_ = plain;
  if (!null) n.scalar_ = std::move(value);
  return n;
}

namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t'; }
bool IsBreakOrEnd(char c) { return c == '\n' || c == '\0'; }
bool IsBlankOrEnd(char c) { return IsBlank(c) || IsBreakOrEnd(c); }
bool IsFlowIndicator(char c) {
  return c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
}


void TrimTrailingBlanks(std::string* s) {
  while (!s->empty() && IsBlank(s->back())) s->pop_back();
}

class Parser {
 public:
  Parser(std::string_view text, int max_depth) : t_(text), max_depth_(max_depth) {}

  bool Stream(std::vector<Node>* docs);
  const ReadError& error() const { return error_; }

 private:
  // ---- position --------------------------------------------------------------
  char Peek(size_t k = 0) const { return p_ + k < t_.size() ? t_[p_ + k] : '\0'; }
  bool AtEnd() const { return p_ >= t_.size(); }
  int Column() const { return static_cast<int>(p_ - line_start_); }
  Mark Here() const { return {line_, Column()}; }
  void Advance() {
    if (p_ >= t_.size()) return;  // the end stays the end
    if (t_[p_] == '\n') {
      ++line_;
      line_start_ = p_ + 1;
    }
    ++p_;
  }
  bool Fail(std::string message) { return FailAt(std::move(message), Here()); }
  bool FailAt(std::string message, Mark mark) {
    if (!failed_) error_ = {std::move(message), mark};
    failed_ = true;
    return false;
  }

  void SkipBlanks() {
    while (IsBlank(Peek())) Advance();
  }
  // A comment runs to the end of the line.
  void SkipComment() {
    if (Peek() == '#') {
      while (!IsBreakOrEnd(Peek())) Advance();
    }
  }
  // To the first character of the next line with content (past blank lines
  // and comments). False on a tab in the indentation.
  bool NextContent();
  bool AtDocumentMarker(const char* marker) const {
    return Column() == 0 && Peek(0) == marker[0] && Peek(1) == marker[1] &&
           Peek(2) == marker[2] && IsBlankOrEnd(Peek(3));
  }
  bool AtDocumentBoundary() const {
    return AtEnd() || AtDocumentMarker("---") || AtDocumentMarker("...");
  }
  bool AtSequenceEntry() const { return Peek() == '-' && IsBlankOrEnd(Peek(1)); }
  // Only a comment (or nothing) is left on the line.
  bool RestOfLineEmpty() {
    SkipBlanks();
    SkipComment();
    if (!IsBreakOrEnd(Peek())) return Fail("unexpected text after a value");
    return true;
  }

  // ---- nodes -----------------------------------------------------------------
  // A node on the lines that follow, indented more than `parent` (or, for a
  // sequence that is a mapping value, as much as it).
  bool BlockNode(int parent, bool sequence_at_parent, Node* out);
  // A node starting at the current character; `block` allows a block mapping
  // or sequence to start here.
  bool NodeHere(int parent, bool block, Node* out);
  bool BlockMapping(int indent, Node* out);
  bool BlockSequence(int indent, Node* out);
  bool LineIsMappingKey() const;
  bool BlockScalar(int parent, Node* out);
  bool PlainBlockScalar(int parent, Node* out);
  bool Quoted(Node* out);
  bool Flow(Node* out);
  bool FlowNode(Node* out);
  bool PlainFlowScalar(Node* out);
  void SkipFlowSpace();
  bool Refused(char c);

  struct DepthGuard {
    explicit DepthGuard(Parser* p) : p(p) { ++p->depth_; }
    ~DepthGuard() { --p->depth_; }
    bool ok() const {
      return p->depth_ <= p->max_depth_ ||
             p->Fail("nested more than " + std::to_string(p->max_depth_) + " levels deep");
    }
    Parser* p;
  };

  std::string_view t_;
  size_t p_ = 0;
  int line_ = 0;
  size_t line_start_ = 0;
  int depth_ = 0;
  int max_depth_;
  bool failed_ = false;
  ReadError error_;
};

bool Parser::NextContent() {
  while (!AtEnd()) {
    const size_t start = p_;
    SkipBlanks();
    if (Peek() == '#' && (p_ == start || IsBlank(t_[p_ - 1]) || p_ == line_start_)) {
      SkipComment();
    }
    if (Peek() == '\n') {
      Advance();
      continue;
    }
    if (AtEnd()) return true;
    // Indentation is spaces only (a tab may separate, never indent).
    if (start == line_start_) {
      for (size_t i = line_start_; i < p_; ++i) {
        if (t_[i] == '\t') {
          return FailAt("a tab in the indentation (YAML indents with spaces)",
                        {line_, static_cast<int>(i - line_start_)});
        }
      }
    }
    return true;
  }
  return true;
}

bool Parser::Refused(char c) {
  switch (c) {
    case '&': return Fail("anchors (&) are not supported");
    case '*': return Fail("aliases (*) are not supported");
    case '!': return Fail("tags (!) are not supported");
    case '@':
    case '`': return Fail(std::string("a value cannot start with '") + c + "'");
    case '%': return Fail("a value cannot start with '%' (directives are not supported)");
    default: return true;
  }
}

bool Parser::Stream(std::vector<Node>* docs) {
  if (t_.substr(0, 3) == "\xEF\xBB\xBF") p_ = line_start_ = 3;
  bool pending_start = false;  // a "---" without content yet
  while (true) {
    if (!NextContent()) return false;
    if (AtEnd()) break;
    if (Column() == 0 && Peek() == '%') return Fail("directives (%) are not supported");
    if (AtDocumentMarker("...")) {
      if (pending_start) docs->push_back(Node(NodeType::kNull, Here()));
      pending_start = false;
      p_ += 3;
      if (!RestOfLineEmpty()) return false;
      continue;
    }
    Node doc;
    if (AtDocumentMarker("---")) {
      if (pending_start) docs->push_back(Node(NodeType::kNull, Here()));
      p_ += 3;
      SkipBlanks();
      SkipComment();
      if (IsBreakOrEnd(Peek())) {
        pending_start = true;
        continue;
      }
      // Content on the marker's line: a scalar, flow or block scalar.
      if (!NodeHere(-1, false, &doc)) return false;
    } else {
      if (!NodeHere(-1, true, &doc)) return false;
    }
    pending_start = false;
    docs->push_back(std::move(doc));
    if (!NextContent()) return false;
    if (!AtEnd() && !AtDocumentMarker("---") && !AtDocumentMarker("...")) {
      return Fail("unexpected content after the document (check the indentation)");
    }
  }
  if (pending_start) docs->push_back(Node(NodeType::kNull, Here()));
  return true;
}

bool Parser::BlockNode(int parent, bool sequence_at_parent, Node* out) {
  if (!NextContent()) return false;
  const Mark here = Here();
  if (AtDocumentBoundary()) {
    *out = Node(NodeType::kNull, here);
    return true;
  }
  const int indent = Column();
  if (indent <= parent) {
    if (sequence_at_parent && indent == parent && AtSequenceEntry()) {
      return BlockSequence(indent, out);
    }
    *out = Node(NodeType::kNull, here);  // an empty value
    return true;
  }
  return NodeHere(parent, true, out);
}

bool Parser::NodeHere(int parent, bool block, Node* out) {
  const char c = Peek();
  if (!Refused(c)) return false;
  if (c == '?' && IsBlankOrEnd(Peek(1))) return Fail("explicit keys (?) are not supported");
  if (AtSequenceEntry()) {
    if (!block) return Fail("a block sequence cannot start here");
    return BlockSequence(Column(), out);
  }
  if (c == '|' || c == '>') return BlockScalar(parent, out);
  if (block && LineIsMappingKey()) return BlockMapping(Column(), out);
  if (c == '[' || c == '{') return Flow(out) && RestOfLineEmpty();
  if (c == ']' || c == '}' || c == ',') {
    return Fail(std::string("unexpected '") + c + "'");
  }
  if (c == '"' || c == '\'') return Quoted(out) && RestOfLineEmpty();
  return PlainBlockScalar(parent, out);
}

// "key:" followed by a blank or the end of the line, the key plain or quoted
// on this line.
bool Parser::LineIsMappingKey() const {
  size_t i = p_;
  const char q = t_[i];
  if (q == '"' || q == '\'') {
    for (++i; i < t_.size() && t_[i] != '\n'; ++i) {
      if (q == '"' && t_[i] == '\\') {
        ++i;
      } else if (t_[i] == q) {
        if (q == '\'' && i + 1 < t_.size() && t_[i + 1] == '\'') {
          ++i;
          continue;
        }
        break;
      }
    }
    if (i >= t_.size() || t_[i] != q) return false;
    ++i;
    while (i < t_.size() && IsBlank(t_[i])) ++i;
    return i < t_.size() && t_[i] == ':' &&
           (i + 1 >= t_.size() || IsBlankOrEnd(t_[i + 1]));
  }
  if (q == '[' || q == '{') return false;
  for (; i < t_.size() && t_[i] != '\n'; ++i) {
    if (t_[i] == '#' && i > p_ && IsBlank(t_[i - 1])) return false;
    if (t_[i] == ':' && (i + 1 >= t_.size() || IsBlankOrEnd(t_[i + 1]))) return true;
  }
  return false;
}

bool Parser::BlockMapping(int indent, Node* out) {
  DepthGuard guard(this);  // each collection is a level
  if (!guard.ok()) return false;
  Node map(NodeType::kMap, Here());
  while (true) {
    // A key at column `indent`.
    Node key;
    const Mark key_mark = Here();
    if (Peek() == '"' || Peek() == '\'') {
      if (!Quoted(&key)) return false;
      SkipBlanks();
    } else {
      if (!Refused(Peek())) return false;
      std::string text;
      while (!(Peek() == ':' && IsBlankOrEnd(Peek(1)))) {
        if (IsBreakOrEnd(Peek())) return Fail("expected ':' after a key");
        text.push_back(Peek());
        Advance();
      }
      TrimTrailingBlanks(&text);
      key = Node::Scalar(std::move(text), true, key_mark);
    }
    if (Peek() != ':') return Fail("expected ':' after a key");
    Advance();
    SkipBlanks();
    Node value;
    if (Peek() == '#' || IsBreakOrEnd(Peek())) {
      SkipComment();
      if (!BlockNode(indent, true, &value)) return false;
    } else if (!NodeHere(indent, false, &value)) {
      return false;
    }
    map.Add(std::move(key), std::move(value));
    if (!NextContent()) return false;
    if (AtDocumentBoundary() || Column() < indent) break;
    if (Column() > indent) return Fail("this line is indented more than the keys before it");
    if (!LineIsMappingKey()) {
      return Fail(AtSequenceEntry() ? "a list item where a key was expected"
                                    : "expected a key (\"name: value\")");
    }
  }
  *out = std::move(map);
  return true;
}

bool Parser::BlockSequence(int indent, Node* out) {
  DepthGuard guard(this);
  if (!guard.ok()) return false;
  Node seq(NodeType::kSequence, Here());
  while (true) {
    Advance();  // the '-'
    SkipBlanks();
    Node item;
    if (Peek() == '#' || IsBreakOrEnd(Peek())) {
      SkipComment();
      if (!BlockNode(indent, false, &item)) return false;
    } else if (!NodeHere(indent, true, &item)) {
      return false;
    }
    seq.Add(std::move(item));
    if (!NextContent()) return false;
    if (AtDocumentBoundary() || Column() < indent) break;
    if (Column() > indent) return Fail("this line is indented more than the list items before it");
    if (!AtSequenceEntry()) break;  // the next key of a mapping at this indent
  }
  *out = std::move(seq);
  return true;
}

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

void Parser::SkipFlowSpace() {
  while (true) {
    if (IsBlank(Peek())) {
      Advance();
    } else if (Peek() == '\n') {
      Advance();
    } else if (Peek() == '#' && (p_ == line_start_ || IsBlank(t_[p_ - 1]))) {
      SkipComment();
    } else {
      return;
    }
  }
}

bool Parser::Flow(Node* out) {
  DepthGuard guard(this);
  if (!guard.ok()) return false;
  const Mark mark = Here();
  const bool mapping = Peek() == '{';
  const char close = mapping ? '}' : ']';
  Advance();
  Node node(mapping ? NodeType::kMap : NodeType::kSequence, mark);
  while (true) {
    SkipFlowSpace();
    if (AtEnd()) {
      return FailAt(std::string("a flow ") + (mapping ? "mapping {" : "sequence [") +
                        " is not closed",
                    mark);
    }
    if (Peek() == close) {
      Advance();
      break;
    }
    Node key;
    if (!FlowNode(&key)) return false;
    SkipFlowSpace();
    if (Peek() == ':') {
      // "key: value" (also "key":value, as JSON writes it)
      Advance();
      SkipFlowSpace();
      Node value;
      if (Peek() == ',' || Peek() == close) {
        value = Node(NodeType::kNull, Here());
      } else if (!FlowNode(&value)) {
        return false;
      }
      if (mapping) {
        node.Add(std::move(key), std::move(value));
      } else {
        Node pair(NodeType::kMap, key.mark());
        pair.Add(std::move(key), std::move(value));
        node.Add(std::move(pair));
      }
      SkipFlowSpace();
    } else if (mapping) {
      node.Add(std::move(key), Node(NodeType::kNull, Here()));
    } else {
      node.Add(std::move(key));
    }
    if (Peek() == ',') {
      Advance();
      continue;
    }
    if (Peek() != close) {
      if (AtEnd()) {
        return FailAt(std::string("a flow ") + (mapping ? "mapping {" : "sequence [") +
                          " is not closed",
                      mark);
      }
      return Fail(std::string("expected ',' or '") + close + "'");
    }
  }
  *out = std::move(node);
  return true;
}

bool Parser::FlowNode(Node* out) {
  const char c = Peek();
  if (!Refused(c)) return false;
  if (c == '[' || c == '{') return Flow(out);
  if (c == '"' || c == '\'') return Quoted(out);
  if (c == ']' || c == '}' || c == ',' || c == ':') {
    return Fail(std::string("unexpected '") + c + "'");
  }
  if (c == '?' && IsBlankOrEnd(Peek(1))) return Fail("explicit keys (?) are not supported");
  return PlainFlowScalar(out);
}

bool Parser::PlainFlowScalar(Node* out) {
  const Mark mark = Here();
  std::string value;
  int breaks = 0;
  while (!AtEnd()) {
    const char c = Peek();
    if (IsFlowIndicator(c)) break;
    if (c == ':' && (IsBlankOrEnd(Peek(1)) || IsFlowIndicator(Peek(1)))) break;
    if (c == '#' && (value.empty() || IsBlank(t_[p_ - 1]))) break;
    if (c == '\n') {
      TrimTrailingBlanks(&value);
      ++breaks;
      Advance();
      SkipBlanks();
      continue;
    }
    if (breaks > 0) {
      value.append(breaks == 1 ? 1 : static_cast<size_t>(breaks - 1), breaks == 1 ? ' ' : '\n');
      breaks = 0;
    }
    value.push_back(c);
    Advance();
  }
  TrimTrailingBlanks(&value);
  *out = Node::Scalar(std::move(value), true, mark);
  return true;
}

}  // namespace

bool ReadDocuments(std::string_view text, std::vector<Node>* documents, ReadError* error,
                   int max_depth) {
  documents->clear();
  size_t bad = 0;
  if (!IsValidUtf8(text, &bad)) {
    *error = {"the text is not valid UTF-8", {0, 0}};
    return false;
  }
  // Line breaks as LF only: CRLF and lone CR (both YAML breaks) become LF.
  std::string normalized;
  if (text.find('\r') != std::string_view::npos) {
    normalized.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\r') {
        if (i + 1 < text.size() && text[i + 1] == '\n') continue;
        normalized.push_back('\n');
      } else {
        normalized.push_back(text[i]);
      }
    }
    text = normalized;
  }
  if (text.find('\0') != std::string_view::npos) {
    *error = {"a NUL byte in the text", {0, 0}};
    return false;
  }
  Parser parser(text, max_depth);
  if (!parser.Stream(documents)) {
    *error = parser.error();
    documents->clear();
    return false;
  }
  return true;
}

}  // namespace yaml
}  // namespace loghealth
