// Text logs: a line becomes ordered key/value strings, Panther's way
// (panther-semantics.md section 3):
//
//   skipLines -> skipPrefix -> match -> trimSpace -> emptyValues -> expandFields
//
// `match` is the parser's own (fastmatch, regex or csv); the rest is shared.
// The strings then go through the same decoding as JSON values, so "200"
// becomes an int 200 and timestamps use their formats.
//
// A TextParser is immutable and shared; what a stream learns (a csv header,
// lines skipped so far) lives in a TextStreamState, one per stream.
#ifndef LOGHEALTH_SRC_PARSE_TEXT_PARSER_H_
#define LOGHEALTH_SRC_PARSE_TEXT_PARSER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "loghealth/failure.h"
#include "loghealth/schema.h"
#include "re2/stringpiece.h"

namespace loghealth {
namespace parse {

struct TextField {
  std::string_view name;
  std::string_view value;  // into the line, or into the stream's scratch
};

struct TextStreamState {
  uint64_t lines_seen = 0;
  // csv: the header's column names once read, and the field count rows must
  // have (0 until known).
  bool header_read = false;
  std::vector<std::string> header;
  size_t field_count = 0;
  // Unescaped values: reserved to the line's length before matching, which
  // they never exceed, so views into it stay valid.
  std::string scratch;
  // expandFields values, one reused string per template.
  std::vector<std::string> expanded;
  // Matcher scratch: regex submatches, csv values.
  std::vector<re2::StringPiece> groups;
  std::vector<std::string_view> values;
  // syslog: the numbers derived from PRI, the structured data as JSON, a
  // parameter's unescaped value, the SD-IDs seen on the line.
  std::string syslog_numbers;
  std::string syslog_sd;
  std::vector<std::string_view> syslog_ids;
  // An SD-ELEMENT's parameters (a repeated name: the last value wins), their
  // unescaped values in reused strings.
  std::vector<std::pair<std::string_view, size_t>> syslog_params;
  std::vector<std::string> syslog_values;
};

// Why a line did not match.
struct TextMatchError {
  FailureReason reason = FailureReason::kNoPatternMatched;
  std::string message;  // e.g. pattern 1 stopped at offset 23: expected " ["
  std::string expected;
  int64_t offset = -1;  // in the line
};

class TextParser {
 public:
  enum class Outcome { kFields, kSkipped, kNoMatch };

  // Builds the parser of a schema whose parser is fastmatch, regex, csv or
  // syslog.
  static absl::StatusOr<std::unique_ptr<TextParser>> Create(const LogSchema& schema);
  virtual ~TextParser();

  // Runs the whole pipeline over one (trimmed) line.
  Outcome Parse(std::string_view line, TextStreamState* state,
                std::vector<TextField>* fields, TextMatchError* error) const;

 protected:
  // The parser's own matching: fills `fields` (cleared by the caller).
  virtual Outcome Match(std::string_view line, TextStreamState* state,
                        std::vector<TextField>* fields,
                        TextMatchError* error) const = 0;

  struct ExpandPart {
    bool is_field;
    std::string text;  // a literal, or a field name
  };
  struct Expand {
    std::string name;
    std::vector<ExpandPart> parts;
  };

  void SetOptions(const schema::TextOptions& options);

 private:
  std::string skip_prefix_;
  uint64_t skip_lines_ = 0;
  bool trim_space_ = false;
  std::vector<std::string> empty_values_;
  std::vector<Expand> expand_;
};

}  // namespace parse
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_PARSE_TEXT_PARSER_H_
