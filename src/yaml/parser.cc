// The stream of documents and block collections (mappings, sequences).
#include <string>
#include <utility>
#include <vector>

#include "src/yaml/parser.h"

namespace loghealth {
namespace yaml {
namespace internal {

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

}  // namespace internal
}  // namespace yaml
}  // namespace loghealth
