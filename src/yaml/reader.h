// loghealth's own YAML reader, for schemas, monitor configs and schema tests.
//
// It reads the YAML that such files use -- block mappings and sequences,
// flow collections (so JSON too), plain, quoted and block scalars (| and >,
// with chomping and indentation indicators), comments, several documents --
// in one pass, in time linear in the text, with nesting bounded. Anchors,
// aliases, tags, explicit keys (?) and directives are refused with an error
// that says so. It replaced yaml-cpp 0.7, which loops forever on some
// malformed inputs (tests/fuzz/known_hangs/).
#ifndef LOGHEALTH_SRC_YAML_READER_H_
#define LOGHEALTH_SRC_YAML_READER_H_

#include <string>
#include <string_view>
#include <vector>

#include "src/yaml/node.h"

namespace loghealth {
namespace yaml {

struct ReadError {
  std::string message;  // e.g. "unterminated quoted scalar"
  Mark mark;            // where it was found
};

// Deep enough for a schema at its own limit (three YAML levels per object
// level), shallow enough for a small thread stack.
constexpr int kDefaultMaxDepth = 512;

// Reads every document of `text`. False (with `error`) on the first problem.
// `text` must be valid UTF-8 without NUL bytes (checked: an error if not).
bool ReadDocuments(std::string_view text, std::vector<Node>* documents, ReadError* error,
                   int max_depth = kDefaultMaxDepth);

}  // namespace yaml
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_YAML_READER_H_
