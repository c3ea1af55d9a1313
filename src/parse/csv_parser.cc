#include "src/parse/csv_parser.h"

#include "absl/strings/str_cat.h"

namespace loghealth {
namespace parse {

absl::StatusOr<std::unique_ptr<CsvParser>> CsvParser::Create(
    const schema::CsvParser& options) {
  auto parser = std::unique_ptr<CsvParser>(new CsvParser());
  if (!options.delimiter().empty()) parser->delimiter_ = options.delimiter();
  parser->has_header_ = options.has_header();
  parser->columns_.assign(options.columns().begin(), options.columns().end());
  return parser;
}

void CsvParser::Split(std::string_view line, TextStreamState* state,
                      std::vector<std::string_view>* values) const {
  values->clear();
  const std::string_view d = delimiter_;
  size_t pos = 0;
  while (true) {
    if (pos < line.size() && line[pos] == '"') {
      // Quoted: "" is a quote; a quote not before the delimiter (or the end)
      // is kept as it is (lazy quotes).
      const size_t start = state->scratch.size();
      size_t i = pos + 1;
      while (i < line.size()) {
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            state->scratch.push_back('"');
            i += 2;
            continue;
          }
          if (i + 1 == line.size() || line.substr(i + 1, d.size()) == d) {
            ++i;
            break;
          }
          state->scratch.push_back('"');
          ++i;
          continue;
        }
        state->scratch.push_back(line[i]);
        ++i;
      }
      values->push_back(std::string_view(state->scratch).substr(start));
      pos = i;
      if (pos >= line.size()) break;
      pos += d.size();  // the delimiter after the closing quote
      continue;
    }
    const size_t end = line.find(d, pos);
    if (end == std::string_view::npos) {
      values->push_back(line.substr(pos));
      break;
    }
    values->push_back(line.substr(pos, end - pos));
    pos = end + d.size();
  }
}

TextParser::Outcome CsvParser::Match(std::string_view line, TextStreamState* state,
                                     std::vector<TextField>* fields,
                                     TextMatchError* error) const {
  std::vector<std::string_view>& split = state->values;
  Split(line, state, &split);
  if (has_header_ && !state->header_read) {
    // The stream's first line is the header: it names the columns unless the
    // schema does, and sets the field count.
    state->header_read = true;
    if (columns_.empty()) {
      state->header.assign(split.begin(), split.end());
    }
    state->field_count = split.size();
    return Outcome::kSkipped;
  }
  const std::vector<std::string>& names = columns_.empty() ? state->header : columns_;
  // With columns, rows must have that many fields; otherwise the header's
  // count (Panther would let the first row set it, then reject good rows).
  const size_t want = !columns_.empty() ? columns_.size() : state->field_count;
  if (split.size() != want) {
    error->reason = FailureReason::kWrongFieldCount;
    error->offset = -1;
    error->expected = absl::StrCat(want, " fields");
    error->message = absl::StrCat("wrong number of fields: expected ", want,
                                  ", got ", split.size());
    return Outcome::kNoMatch;
  }
  for (size_t i = 0; i < split.size() && i < names.size(); ++i) {
    if (!names[i].empty()) fields->push_back({names[i], split[i]});
  }
  return Outcome::kFields;
}

}  // namespace parse
}  // namespace loghealth
