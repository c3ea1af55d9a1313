#include "src/parse/fastmatch.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "src/util/unicode.h"

namespace loghealth {
namespace parse {

size_t UnquoteGo(std::string_view s, char quote, std::string* out) {
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == quote) return i + 1;
    if (c != '\\') {
      out->push_back(c);
      ++i;
      continue;
    }
    if (i + 1 >= s.size()) return std::string_view::npos;
    const char e = s[i + 1];
    i += 2;
    switch (e) {
      case 'a': out->push_back('\a'); break;
      case 'b': out->push_back('\b'); break;
      case 'f': out->push_back('\f'); break;
      case 'n': out->push_back('\n'); break;
      case 'r': out->push_back('\r'); break;
      case 't': out->push_back('\t'); break;
      case 'v': out->push_back('\v'); break;
      case '\\': out->push_back('\\'); break;
      case '\'':
      case '"': out->push_back(e); break;
      case 'x':
      case 'u':
      case 'U': {
        const size_t n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        if (i + n > s.size()) return std::string_view::npos;
        uint32_t v = 0;
        for (size_t k = 0; k < n; ++k) {
          const int h = HexValue(s[i + k]);
          if (h < 0) return std::string_view::npos;
          v = v * 16 + h;
        }
        i += n;
        if (e == 'x') {
          out->push_back(static_cast<char>(v));
        } else {
          if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return std::string_view::npos;
          AppendUtf8(v, out);
        }
        break;
      }
      default:
        if (e >= '0' && e <= '7') {  // \ooo
          if (i + 2 > s.size()) return std::string_view::npos;
          uint32_t v = e - '0';
          for (int k = 0; k < 2; ++k) {
            const char o = s[i + k];
            if (o < '0' || o > '7') return std::string_view::npos;
            v = v * 8 + (o - '0');
          }
          if (v > 255) return std::string_view::npos;
          i += 2;
          out->push_back(static_cast<char>(v));
          break;
        }
        return std::string_view::npos;
    }
  }
  return std::string_view::npos;
}

absl::StatusOr<std::unique_ptr<FastmatchParser>> FastmatchParser::Create(
    const schema::FastmatchParser& options) {
  auto parser = std::unique_ptr<FastmatchParser>(new FastmatchParser());
  for (const std::string& text : options.match()) {
    Pattern p;
    p.text = text;
    size_t pos = text.find("%{");
    if (pos == std::string::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat("fastmatch pattern \"", text, "\" has no %{field} placeholder"));
    }
    p.prefix = text.substr(0, pos);
    while (pos != std::string::npos) {
      const size_t close = text.find('}', pos);
      if (close == std::string::npos) {
        return absl::InvalidArgumentError(absl::StrCat("unclosed %{ in \"", text, "\""));
      }
      Field f;
      // Leading spaces of the name are trimmed, trailing ones kept (Panther).
      std::string name = text.substr(pos + 2, close - pos - 2);
      name.erase(0, name.find_first_not_of(' ') == std::string::npos
                        ? name.size()
                        : name.find_first_not_of(' '));
      f.name = name;
      const size_t next = text.find("%{", close + 1);
      f.delimiter = text.substr(close + 1, next == std::string::npos
                                               ? std::string::npos
                                               : next - close - 1);
      const std::string& before =
          p.fields.empty() ? p.prefix : p.fields.back().delimiter;
      f.quoted = !before.empty() && !f.delimiter.empty() &&
                 (before.back() == '"' || before.back() == '\'') &&
                 f.delimiter.front() == before.back();
      p.fields.push_back(std::move(f));
      pos = next;
    }
    parser->patterns_.push_back(std::move(p));
  }
  return parser;
}

bool FastmatchParser::MatchPattern(const Pattern& p, std::string_view line,
                                   TextStreamState* state,
                                   std::vector<TextField>* fields, size_t* stop,
                                   std::string* expected) const {
  fields->clear();
  // Unescaped values of one pattern never outgrow the line, for which the
  // scratch was reserved: the views below stay valid.
  state->scratch.clear();
  if (line.substr(0, p.prefix.size()) != p.prefix) {
    *stop = 0;
    *expected = p.prefix;
    return false;
  }
  size_t pos = p.prefix.size();
  for (const Field& f : p.fields) {
    std::string_view value;
    if (f.delimiter.empty()) {
      // The last field takes the rest of the line.
      value = line.substr(pos);
      pos = line.size();
    } else {
      const std::string_view rest = line.substr(pos);
      const size_t end = rest.find(f.delimiter);
      if (f.quoted && rest.find('\\') != std::string_view::npos) {
        // A quoted field with escapes: its value runs to the unescaped
        // closing quote (the delimiter's first character).
        const size_t start = state->scratch.size();
        const size_t close = UnquoteGo(rest, f.delimiter.front(), &state->scratch);
        if (close == std::string_view::npos ||
            rest.substr(close - 1, f.delimiter.size()) != f.delimiter) {
          state->scratch.resize(start);
          *stop = pos;
          *expected = f.delimiter;
          return false;
        }
        value = std::string_view(state->scratch).substr(start);
        pos += close - 1 + f.delimiter.size();
      } else {
        if (end == std::string_view::npos) {
          *stop = pos;
          *expected = f.delimiter;
          return false;
        }
        value = rest.substr(0, end);
        pos += end + f.delimiter.size();
      }
    }
    if (!f.name.empty()) fields->push_back({f.name, value});
  }
  return true;
}

TextParser::Outcome FastmatchParser::Match(std::string_view line,
                                           TextStreamState* state,
                                           std::vector<TextField>* fields,
                                           TextMatchError* error) const {
  size_t best_stop = 0;
  int best = -1;
  std::string best_expected;
  for (size_t i = 0; i < patterns_.size(); ++i) {
    size_t stop = 0;
    std::string expected;
    if (MatchPattern(patterns_[i], line, state, fields, &stop, &expected)) {
      return Outcome::kFields;
    }
    if (best < 0 || stop > best_stop) {
      best = static_cast<int>(i);
      best_stop = stop;
      best_expected = std::move(expected);
    }
  }
  // Failure detail: the pattern that got furthest, and what it wanted there.
  error->reason = FailureReason::kNoPatternMatched;
  error->offset = static_cast<int64_t>(best_stop);
  error->expected = absl::StrCat("\"", best_expected, "\"");
  error->message = absl::StrCat(
      "no pattern matched: pattern ", best + 1, " stopped at offset ", best_stop,
      ": expected \"", best_expected, "\"");
  if (patterns_.size() > 1) {
    absl::StrAppend(&error->message, " (", patterns_.size(), " patterns tried)");
  }
  return Outcome::kNoMatch;
}

}  // namespace parse
}  // namespace loghealth
