// The YAML reader's parser: one pass over the text, block and flow
// collections, plain, quoted and block scalars, with marks for errors.
// Internal to src/yaml (reader.h is the interface); its methods are split
// by kind of node: parser.cc (the stream, block collections),
// scalars.cc (plain, quoted and block scalars), flow.cc ([...] and {...}).
#ifndef LOGHEALTH_SRC_YAML_PARSER_H_
#define LOGHEALTH_SRC_YAML_PARSER_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "src/yaml/node.h"
#include "src/yaml/reader.h"

namespace loghealth {
namespace yaml {
namespace internal {

inline bool IsBlank(char c) { return c == ' ' || c == '\t'; }
inline bool IsBreakOrEnd(char c) { return c == '\n' || c == '\0'; }
inline bool IsBlankOrEnd(char c) { return IsBlank(c) || IsBreakOrEnd(c); }
inline bool IsFlowIndicator(char c) {
  return c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
}

inline void TrimTrailingBlanks(std::string* s) {
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

}  // namespace internal
}  // namespace yaml
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_YAML_PARSER_H_
