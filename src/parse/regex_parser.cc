#include "src/parse/regex_parser.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "src/parse/grok.h"

namespace loghealth {
namespace parse {
namespace {

absl::StatusOr<std::unique_ptr<RE2>> CompileGrok(const grok::Definitions& defs,
                                                 const std::string& pattern) {
  std::string expanded, error;
  if (!grok::Expand(defs, pattern, &expanded, &error)) {
    return absl::InvalidArgumentError(error);
  }
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_unique<RE2>(expanded, options);
  if (!re->ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("RE2 rejected the expression: ", re->error()));
  }
  return re;
}

}  // namespace

absl::StatusOr<std::unique_ptr<RegexParser>> RegexParser::Create(
    const schema::RegexParser& options) {
  auto parser = std::unique_ptr<RegexParser>(new RegexParser());
  grok::Definitions defs;
  for (const auto& d : options.pattern_definitions()) defs.emplace_back(d.name(), d.pattern());
  std::string joined;
  for (const std::string& piece : options.match()) {
    joined += piece;
    parser->pieces_.push_back(piece);
    auto prefix = CompileGrok(defs, joined);
    if (!prefix.ok()) {
      // A prefix may be unbalanced ("(" in one piece, ")" in the next); such
      // prefixes are left out of the diagnostics.
      parser->prefixes_.push_back(nullptr);
    } else {
      parser->prefixes_.push_back(*std::move(prefix));
    }
  }
  auto re = CompileGrok(defs, joined);
  if (!re.ok()) return re.status();
  parser->regex_ = *std::move(re);
  for (const auto& [name, index] : parser->regex_->NamedCapturingGroups()) {
    parser->named_groups_.emplace_back(index, name);
  }
  std::sort(parser->named_groups_.begin(), parser->named_groups_.end());
  return parser;
}

TextParser::Outcome RegexParser::Match(std::string_view line, TextStreamState* state,
                                       std::vector<TextField>* fields,
                                       TextMatchError* error) const {
  const int groups = regex_->NumberOfCapturingGroups() + 1;
  if (state->groups.size() < static_cast<size_t>(groups)) state->groups.resize(groups);
  const re2::StringPiece text(line.data(), line.size());
  if (regex_->Match(text, 0, line.size(), RE2::UNANCHORED, state->groups.data(),
                    groups)) {
    for (const auto& [index, name] : named_groups_) {
      const re2::StringPiece& g = state->groups[index];
      // A group that took no part in the match is "".
      fields->push_back({name, g.data() == nullptr ? std::string_view()
                                                   : std::string_view(g.data(), g.size())});
    }
    return Outcome::kFields;
  }
  // Which piece stopped matching, and where the pieces before it ended.
  size_t failing = pieces_.size() - 1;
  int64_t matched_to = 0;
  for (size_t k = 0; k < prefixes_.size(); ++k) {
    if (!prefixes_[k]) continue;
    re2::StringPiece whole;
    if (!prefixes_[k]->Match(text, 0, line.size(), RE2::UNANCHORED, &whole, 1)) {
      failing = k;
      break;
    }
    matched_to = whole.data() - line.data() + static_cast<int64_t>(whole.size());
  }
  error->reason = FailureReason::kNoPatternMatched;
  error->offset = matched_to;
  error->expected = pieces_[failing];
  error->message = absl::StrCat("no pattern matched: the regex stopped matching at match[",
                                failing, "] \"", pieces_[failing], "\" (offset ",
                                matched_to, ")");
  return Outcome::kNoMatch;
}

}  // namespace parse
}  // namespace loghealth
