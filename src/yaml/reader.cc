// ReadDocuments (checks the text, normalizes line breaks, runs the parser)
// and Node's accessors.
#include "src/yaml/reader.h"

#include <string>
#include <utility>

#include "src/util/text_checks.h"
#include "src/yaml/parser.h"

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
  internal::Parser parser(text, max_depth);
  if (!parser.Stream(documents)) {
    *error = parser.error();
    documents->clear();
    return false;
  }
  return true;
}

}  // namespace yaml
}  // namespace loghealth
