#include "src/parse/text_parser.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "src/parse/csv_parser.h"
#include "src/parse/fastmatch.h"
#include "src/parse/regex_parser.h"
#include "src/parse/syslog_parser.h"

namespace loghealth {
namespace parse {
namespace {

std::string_view TrimSpace(std::string_view s) {
  auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
  };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

TextParser::~TextParser() = default;

absl::StatusOr<std::unique_ptr<TextParser>> TextParser::Create(
    const LogSchema& schema) {
  const schema::Parser& p = schema.parser();
  std::unique_ptr<TextParser> parser;
  const schema::TextOptions* options = nullptr;
  switch (p.kind_case()) {
    case schema::Parser::kFastmatch: {
      auto f = FastmatchParser::Create(p.fastmatch());
      if (!f.ok()) return f.status();
      parser = *std::move(f);
      options = &p.fastmatch().options();
      break;
    }
    case schema::Parser::kRegex: {
      auto r = RegexParser::Create(p.regex());
      if (!r.ok()) return r.status();
      parser = *std::move(r);
      options = &p.regex().options();
      break;
    }
    case schema::Parser::kCsv: {
      auto c = CsvParser::Create(p.csv());
      if (!c.ok()) return c.status();
      parser = *std::move(c);
      options = &p.csv().options();
      break;
    }
    case schema::Parser::kSyslog: {
      auto sy = SyslogParser::Create(p.syslog());
      if (!sy.ok()) return sy.status();
      parser = *std::move(sy);
      options = &p.syslog().options();
      break;
    }
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("log type ", schema.schema(), " has no text parser"));
  }
  parser->SetOptions(*options);
  return parser;
}

void TextParser::SetOptions(const schema::TextOptions& o) {
  skip_prefix_ = o.skip_prefix();
  skip_lines_ = o.skip_lines() > 0 ? static_cast<uint64_t>(o.skip_lines()) : 0;
  trim_space_ = o.trim_space();
  empty_values_.assign(o.empty_values().begin(), o.empty_values().end());
  for (const auto& e : o.expand_fields()) {
    Expand expand;
    expand.name = e.name();
    const std::string& t = e.template_();
    size_t pos = 0;
    while (pos < t.size()) {
      const size_t open = t.find("%{", pos);
      const size_t close = open == std::string::npos ? open : t.find('}', open);
      if (close == std::string::npos) {
        expand.parts.push_back({false, t.substr(pos)});
        break;
      }
      if (open > pos) expand.parts.push_back({false, t.substr(pos, open - pos)});
      // Spaces inside %{ } are trimmed.
      expand.parts.push_back(
          {true, std::string(TrimSpace(std::string_view(t).substr(open + 2, close - open - 2)))});
      pos = close + 1;
    }
    expand_.push_back(std::move(expand));
  }
}

TextParser::Outcome TextParser::Parse(std::string_view line, TextStreamState* state,
                                      std::vector<TextField>* fields,
                                      TextMatchError* error) const {
  fields->clear();
  ++state->lines_seen;
  if (state->lines_seen <= skip_lines_) return Outcome::kSkipped;
  if (!skip_prefix_.empty() && line.substr(0, skip_prefix_.size()) == skip_prefix_) {
    return Outcome::kSkipped;
  }
  state->scratch.clear();
  state->scratch.reserve(line.size());
  const Outcome outcome = Match(line, state, fields, error);
  if (outcome != Outcome::kFields) return outcome;

  auto is_empty_value = [this](std::string_view v) {
    for (const std::string& e : empty_values_) {
      if (v == e) return true;
    }
    return false;
  };
  size_t kept = 0;
  for (TextField& f : *fields) {
    if (trim_space_) f.value = TrimSpace(f.value);
    // An empty value makes the field absent.
    if (!is_empty_value(f.value)) (*fields)[kept++] = f;
  }
  fields->resize(kept);

  if (!expand_.empty()) {
    if (state->expanded.size() < expand_.size()) state->expanded.resize(expand_.size());
    const size_t matched = fields->size();
    for (size_t i = 0; i < expand_.size(); ++i) {
      std::string& out = state->expanded[i];
      out.clear();
      for (const ExpandPart& part : expand_[i].parts) {
        if (!part.is_field) {
          out += part.text;
          continue;
        }
        // The last pair with the name; unknown names render as "".
        for (size_t k = matched; k-- > 0;) {
          if ((*fields)[k].name == part.text) {
            out.append((*fields)[k].value);
            break;
          }
        }
      }
      if (!out.empty() && !is_empty_value(out)) {
        fields->push_back({expand_[i].name, out});
      }
    }
  }
  return Outcome::kFields;
}

}  // namespace parse
}  // namespace loghealth
