// The schema document, and reading scalars and lists with their checks.
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "src/schema/schema_reader.h"
#include "src/util/strings.h"

namespace loghealth {
namespace schema_internal {

std::string Quote(std::string_view s) { return absl::StrCat("\"", std::string(s), "\""); }

// How a value was written, for messages: `got a list`, `got "abc"`.
std::string Describe(const yaml::Node& node) {
  switch (node.type()) {
    case yaml::NodeType::kMap: return "a mapping";
    case yaml::NodeType::kSequence: return "a list";
    case yaml::NodeType::kNull: return "nothing";
    case yaml::NodeType::kScalar: {
      std::string s = node.scalar();
      if (s.size() > 40) s = s.substr(0, 40) + "...";
      return Quote(s);
    }
    default: return "an undefined value";
  }
}

void Reader::ReadSchema(const yaml::Node& root, LogSchema* out) {
  if (!root.IsMap()) {
    Error(root, "", absl::StrCat("a schema must be a mapping, got ",
                                 Describe(root)));
    return;
  }
  bool has_version = false, has_schema = false, has_fields = false;
  ForEachKey(root, "",
             {"schema", "description", "referenceURL", "version", "parser",
              "definitions", "fields", "precedence", "requireAny"},
             [&](const std::string& key, const yaml::Node& value) {
               const std::string path = KeyPath("", key);
               if (key == "schema") {
                 has_schema = ReadString(value, path, out->mutable_schema());
               } else if (key == "description") {
                 ReadString(value, path, out->mutable_description());
               } else if (key == "referenceURL") {
                 ReadString(value, path, out->mutable_reference_url());
               } else if (key == "version") {
                 has_version = true;
                 ReadVersion(value, path, out);
               } else if (key == "parser") {
                 ReadParser(value, path, out->mutable_parser());
               } else if (key == "definitions") {
                 ReadDefinitions(value, path, out);
               } else if (key == "fields") {
                 has_fields = true;
                 ReadFieldList(value, "", out->mutable_fields());
               } else if (key == "precedence") {
                 double n = 0;
                 if (ReadNumber(value, path, &n)) out->set_precedence(static_cast<int>(n));
               } else if (key == "requireAny") {
                 ReadStringList(value, path, out->mutable_require_any());
               }
             });
  if (!has_schema) Error(root, "", "missing required key \"schema\"");
  if (!has_version) Error(root, "", "missing required key \"version\"");
  if (!has_fields) Error(root, "", "missing required key \"fields\"");
}

void Reader::Error(const yaml::Node& at, const std::string& path,
                   std::string message) {
  SchemaError e;
  e.file = file_;
  const yaml::Mark mark = at.mark();
  e.line = mark.is_null() ? 0 : mark.line + 1;
  e.path = path;
  e.message = std::move(message);
  errors_->push_back(std::move(e));
}

void Reader::Remember(const std::string& path, const yaml::Node& node) {
  const yaml::Mark mark = node.mark();
  if (!mark.is_null()) lines_->emplace(path, mark.line + 1);
}

bool Reader::ExpectMap(const yaml::Node& node, const std::string& path) {
  if (node.IsMap()) return true;
  Error(node, path, absl::StrCat("expected a mapping, got ", Describe(node)));
  return false;
}

bool Reader::ReadString(const yaml::Node& node, const std::string& path,
                        std::string* out) {
  if (!node.IsScalar()) {
    Error(node, path, absl::StrCat("expected a string, got ", Describe(node)));
    return false;
  }
  *out = node.scalar();
  return true;
}

bool Reader::ReadBool(const yaml::Node& node, const std::string& path, bool* out) {
  // YAML booleans (1.2 core plus 1.1's yes/no/on/off, which Go's yaml
  // reads too); quoted "true" is a string, not a boolean.
  if (node.IsScalar() && node.plain()) {
    const std::string& s = node.scalar();
    if (s == "true" || s == "True" || s == "TRUE" || s == "yes" ||
        s == "Yes" || s == "YES" || s == "on" || s == "On" || s == "ON") {
      *out = true;
      return true;
    }
    if (s == "false" || s == "False" || s == "FALSE" || s == "no" ||
        s == "No" || s == "NO" || s == "off" || s == "Off" || s == "OFF") {
      *out = false;
      return true;
    }
  }
  Error(node, path,
        absl::StrCat("expected true or false, got ", Describe(node)));
  return false;
}

bool Reader::ReadNumber(const yaml::Node& node, const std::string& path, double* out) {
  if (node.IsScalar() && node.plain() && !node.scalar().empty() &&
      node.scalar().size() < 32 &&
      node.scalar().find_first_not_of("+-0123456789.eE") == std::string::npos) {
    char* end = nullptr;
    const double v = std::strtod(node.scalar().c_str(), &end);
    if (end == node.scalar().c_str() + node.scalar().size()) {
      *out = v;
      return true;
    }
  }
  Error(node, path, absl::StrCat("expected a number, got ", Describe(node)));
  return false;
}

bool Reader::ReadStringList(const yaml::Node& node, const std::string& path,
                            google::protobuf::RepeatedPtrField<std::string>* out) {
  if (!node.IsSequence()) {
    Error(node, path, absl::StrCat("expected a list of strings, got ",
                                   Describe(node)));
    return false;
  }
  size_t i = 0;
  for (const yaml::Node& item : node.items()) {
    std::string value;
    if (ReadString(item, absl::StrCat(path, "[", i, "]"), &value)) {
      out->Add(std::move(value));
    }
    ++i;
  }
  return true;
}

void Reader::ReadVersion(const yaml::Node& node, const std::string& path,
                         LogSchema* out) {
  if (node.IsScalar() && node.plain()) {
    const std::string& s = node.scalar();
    if (!s.empty() && s.size() < 9 &&
        s.find_first_not_of("0123456789") == std::string::npos) {
      out->set_version(std::stoi(s));
      return;
    }
  }
  Error(node, path, absl::StrCat("must be the number 0, got ",
                                 Describe(node)));
  out->set_version(-1);
}

}  // namespace schema_internal
}  // namespace loghealth
