// A YAML document as a tree: mappings (entries in file order, repeated keys
// kept), sequences and scalars, each with the place it starts. What
// loghealth's own YAML reader (src/yaml/reader.h) produces.
#ifndef LOGHEALTH_SRC_YAML_NODE_H_
#define LOGHEALTH_SRC_YAML_NODE_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace loghealth {
namespace yaml {

// 0-based; line -1 for a node that is not in the text (a missing key).
struct Mark {
  int line = -1;
  int column = -1;
  bool is_null() const { return line < 0; }
};

enum class NodeType { kUndefined, kNull, kScalar, kSequence, kMap };

class Node {
 public:
  Node() = default;
  Node(NodeType type, Mark mark) : type_(type), mark_(mark) {}

  NodeType type() const { return type_; }
  bool IsDefined() const { return type_ != NodeType::kUndefined; }
  bool IsNull() const { return type_ == NodeType::kNull; }
  bool IsScalar() const { return type_ == NodeType::kScalar; }
  bool IsSequence() const { return type_ == NodeType::kSequence; }
  bool IsMap() const { return type_ == NodeType::kMap; }
  explicit operator bool() const { return IsDefined(); }
  Mark mark() const { return mark_; }

  // Scalars: the value, and whether it was written plain (not quoted and not
  // a block scalar): only plain scalars are numbers, booleans or null.
  const std::string& scalar() const { return scalar_; }
  bool plain() const { return plain_; }

  const std::vector<Node>& items() const { return items_; }  // sequences
  const std::vector<std::pair<Node, Node>>& entries() const { return entries_; }  // mappings
  size_t size() const { return IsMap() ? entries_.size() : items_.size(); }

  // A mapping's value for a scalar key (the last, if repeated); an
  // undefined node when absent or when this is not a mapping.
  const Node& operator[](std::string_view key) const;

  // Building (the reader).
  static Node Scalar(std::string value, bool plain, Mark mark);
  void Add(Node item) { items_.push_back(std::move(item)); }
  void Add(Node key, Node value) { entries_.emplace_back(std::move(key), std::move(value)); }

 private:
  NodeType type_ = NodeType::kUndefined;
  Mark mark_;
  bool plain_ = false;
  std::string scalar_;
  std::vector<Node> items_;
  std::vector<std::pair<Node, Node>> entries_;
};

}  // namespace yaml
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_YAML_NODE_H_
