// fastmatch: `%{name}` placeholders between literal delimiters, with
// Panther's rules (preprocessors/fastmatch.go): the text before the first
// placeholder must start the line; a field ends at the first occurrence of
// the next delimiter; the last field without a delimiter after it takes the
// rest of the line; a field between quotes is read with backslash escapes.
// Patterns are tried in order; the first that matches wins.
#ifndef LOGHEALTH_SRC_PARSE_FASTMATCH_H_
#define LOGHEALTH_SRC_PARSE_FASTMATCH_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "src/parse/text_parser.h"

namespace loghealth {
namespace parse {

class FastmatchParser : public TextParser {
 public:
  static absl::StatusOr<std::unique_ptr<FastmatchParser>> Create(
      const schema::FastmatchParser& options);

 protected:
  Outcome Match(std::string_view line, TextStreamState* state,
                std::vector<TextField>* fields, TextMatchError* error) const override;

 private:
  struct Field {
    std::string name;       // "" for %{} (value dropped)
    std::string delimiter;  // the literal after it; "" at the end
    bool quoted = false;    // between a quote and the same quote
  };
  struct Pattern {
    std::string text;
    std::string prefix;
    std::vector<Field> fields;
  };
  // Matches one pattern; on failure says where it stopped and what it wanted.
  bool MatchPattern(const Pattern& p, std::string_view line, TextStreamState* state,
                    std::vector<TextField>* fields, size_t* stop,
                    std::string* expected) const;

  std::vector<Pattern> patterns_;
};

// Decodes a Go-quoted string body (strconv.UnquoteChar escapes) up to the
// closing `quote`. Appends the value to `out`; returns the offset just past
// the closing quote in `s`, or npos when the body is unterminated or bad.
size_t UnquoteGo(std::string_view s, char quote, std::string* out);

}  // namespace parse
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_PARSE_FASTMATCH_H_
