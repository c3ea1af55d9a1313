#include "src/parse/grok.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "src/util/strings.h"
#include "re2/re2.h"
#include "src/util/suggest.h"

namespace loghealth {
namespace grok {
namespace {

bool IsPatternName(std::string_view name) {
  if (name.empty() || name[0] < 'A' || name[0] > 'Z') return false;
  for (char c : name) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
      return false;
    }
  }
  return true;
}

class Expander {
 public:
  explicit Expander(const Definitions& user) {
    for (const auto& [name, pattern] : Builtins()) {
      patterns_[std::string(name)] = std::string(pattern);
    }
    for (const auto& [name, pattern] : user) patterns_[name] = pattern;
  }

  bool Expand(std::string_view pattern, std::string* out, std::string* error) {
    size_t pos = 0;
    while (pos < pattern.size()) {
      const size_t open = pattern.find("%{", pos);
      if (open == std::string_view::npos) {
        out->append(pattern.substr(pos));
        break;
      }
      out->append(pattern.substr(pos, open - pos));
      const size_t close = pattern.find('}', open);
      if (close == std::string_view::npos) {
        *error = absl::StrCat("unclosed %{ at offset ", open);
        return false;
      }
      std::string_view ref = pattern.substr(open + 2, close - open - 2);
      std::string_view name = ref, field;
      if (const size_t colon = ref.find(':'); colon != std::string_view::npos) {
        name = ref.substr(0, colon);
        field = ref.substr(colon + 1);
        // %{NAME:field:type}: the type suffix is accepted and ignored.
        if (const size_t c2 = field.find(':'); c2 != std::string_view::npos) {
          field = field.substr(0, c2);
        }
      }
      const std::string key(name);
      auto it = patterns_.find(key);
      if (it == patterns_.end()) {
        std::vector<std::string_view> names;
        for (const auto& [n, p] : patterns_) names.push_back(n);
        *error = absl::StrCat("unknown pattern %{", key, "}",
                              DidYouMean(key, names));
        return false;
      }
      for (size_t i = 0; i < stack_.size(); ++i) {
        if (stack_[i] == key) {
          std::vector<std::string> cycle(stack_.begin() + i, stack_.end());
          cycle.push_back(key);
          *error = absl::StrCat(
              "pattern definitions refer to each other in a cycle: ",
              Join(cycle, " -> "));
          return false;
        }
      }
      if (stack_.size() > 64) {
        *error = "pattern definitions nest deeper than 64 levels";
        return false;
      }
      out->append(field.empty() ? "(?:"
                                 : absl::StrCat("(?P<", std::string(field), ">"));
      stack_.push_back(key);
      const bool ok = Expand(it->second, out, error);
      stack_.pop_back();
      if (!ok) return false;
      out->push_back(')');
      pos = close + 1;
    }
    return true;
  }

 private:
  std::map<std::string, std::string> patterns_;
  std::vector<std::string> stack_;
};

}  // namespace

bool Expand(const Definitions& definitions, std::string_view pattern,
            std::string* out, std::string* error) {
  Expander expander(definitions);
  return expander.Expand(pattern, out, error);
}

bool CheckDefinitionsAndPattern(const Definitions& definitions,
                                std::string_view pattern, std::string* error) {
  std::map<std::string, bool> seen;
  for (const auto& [name, body] : definitions) {
    if (!IsPatternName(name)) {
      *error = absl::StrCat("pattern name \"", name,
                            "\" must be upper case letters, digits and _ "
                            "starting with a letter");
      return false;
    }
    for (const auto& [builtin, unused] : Builtins()) {
      if (builtin == name) {
        *error = absl::StrCat("pattern %{", name,
                              "} is built in and cannot be redefined");
        return false;
      }
    }
    if (seen[name]) {
      *error = absl::StrCat("pattern %{", name, "} is defined twice");
      return false;
    }
    seen[name] = true;
    // Every definition must expand, even one `match` does not use.
    std::string ignored;
    if (!Expand(definitions, absl::StrCat("%{", name, "}"), &ignored, error)) {
      return false;
    }
  }
  std::string expanded;
  if (!Expand(definitions, pattern, &expanded, error)) return false;
  return CheckPlainRegex(expanded, error);
}

bool CheckPlainRegex(std::string_view pattern, std::string* error) {
  RE2::Options options;
  options.set_log_errors(false);
  RE2 re(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (!re.ok()) {
    *error = absl::StrCat("RE2 rejected the expression: ", re.error());
    return false;
  }
  return true;
}

}  // namespace grok
}  // namespace loghealth
