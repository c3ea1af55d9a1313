// Flow collections ([...] and {...}) and their plain scalars.
#include <string>
#include <utility>
#include <vector>

#include "src/yaml/parser.h"

namespace loghealth {
namespace yaml {
namespace internal {

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

}  // namespace internal
}  // namespace yaml
}  // namespace loghealth
