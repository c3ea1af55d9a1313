// regex: `match` pieces concatenated into one RE2 expression, grok
// references (%{PATTERN}, %{PATTERN:field}) expanded with the built-in
// library and `patternDefinitions`; named groups become fields. Matching is
// unanchored (leftmost-first) unless the pattern anchors itself.
#ifndef LOGHEALTH_SRC_PARSE_REGEX_PARSER_H_
#define LOGHEALTH_SRC_PARSE_REGEX_PARSER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "re2/re2.h"
#include "src/parse/text_parser.h"

namespace loghealth {
namespace parse {

class RegexParser : public TextParser {
 public:
  static absl::StatusOr<std::unique_ptr<RegexParser>> Create(
      const schema::RegexParser& options);

 protected:
  Outcome Match(std::string_view line, TextStreamState* state,
                std::vector<TextField>* fields, TextMatchError* error) const override;

 private:
  std::unique_ptr<RE2> regex_;
  std::vector<std::pair<int, std::string>> named_groups_;  // by group index
  // For failures only: the first k pieces, to tell which piece stopped
  // matching.
  std::vector<std::string> pieces_;
  std::vector<std::unique_ptr<RE2>> prefixes_;
};

}  // namespace parse
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_PARSE_REGEX_PARSER_H_
