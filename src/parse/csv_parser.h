// csv: one record per line, as Go's encoding/csv reads it with LazyQuotes:
// a quoted field may hold the delimiter, "" stands for a quote, and stray
// quotes are taken literally. Values are zipped to `columns` (or the header's
// names); a row with another number of fields fails, naming both counts.
#ifndef LOGHEALTH_SRC_PARSE_CSV_PARSER_H_
#define LOGHEALTH_SRC_PARSE_CSV_PARSER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "src/parse/text_parser.h"

namespace loghealth {
namespace parse {

class CsvParser : public TextParser {
 public:
  static absl::StatusOr<std::unique_ptr<CsvParser>> Create(
      const schema::CsvParser& options);

 protected:
  Outcome Match(std::string_view line, TextStreamState* state,
                std::vector<TextField>* fields, TextMatchError* error) const override;

 private:
  // Splits one record into state->scratch-backed or line-backed values.
  void Split(std::string_view line, TextStreamState* state,
             std::vector<std::string_view>* values) const;

  std::string delimiter_ = ",";  // one character, maybe several bytes
  bool has_header_ = false;
  std::vector<std::string> columns_;
};

}  // namespace parse
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_PARSE_CSV_PARSER_H_
