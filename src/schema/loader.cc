// LoadSchema: checks the text, reads the document (schema_reader.h) and
// runs the semantic checks (validator.cc), every problem with its line.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "loghealth/schema.h"
#include "src/schema/schema_internal.h"
#include "src/schema/schema_reader.h"
#include "src/util/text_checks.h"
#include "src/yaml/reader.h"

namespace loghealth {
namespace {

using schema_internal::LineIndex;
using schema_internal::Reader;

// True when a structural error already explains a problem at `path`: one at
// the same place or around it (a document-level one covers the top keys).
bool CoveredByEarlierError(const std::vector<SchemaError>& errors,
                           const std::string& path) {
  for (const SchemaError& e : errors) {
    if (e.path.empty()) {
      if (path == "schema" || path == "version" || path == "fields") return true;
      continue;
    }
    if (path == e.path || (path.size() > e.path.size() &&
                           path.compare(0, e.path.size(), e.path) == 0 &&
                           path[e.path.size()] == '.')) {
      return true;
    }
    // A bad value inside a key (validate.ip) explains a complaint about the
    // key (validate). Fields are not keys: a child field's typo says nothing
    // about its parent.
    const bool is_key_path = !path.empty() && path.back() != '"' &&
                             path.back() != ']';
    if (is_key_path && e.path.size() > path.size() &&
        e.path.compare(0, path.size(), path) == 0 &&
        e.path[path.size()] == '.') {
      return true;
    }
  }
  return false;
}

}  // namespace

SchemaLoadResult LoadSchema(std::string_view text, std::string_view file_name,
                            SchemaFormat format) {
  SchemaLoadResult result;
  const std::string file(file_name);
  if (format == SchemaFormat::kAuto) {
    const size_t first = text.find_first_not_of(" \t\r\n");
    format = first != std::string_view::npos && text[first] == '{'
                 ? SchemaFormat::kJson
                 : SchemaFormat::kYaml;
  }
  const char* kind = format == SchemaFormat::kJson ? "JSON" : "YAML";
  int bad_line = 0;
  const std::string unsafe = CheckYamlText(text, &bad_line);
  if (!unsafe.empty()) {
    result.errors.push_back({file, bad_line, "", absl::StrCat("invalid ", kind, ": ", unsafe)});
    return result;
  }
  // JSON is read by the YAML reader (JSON is a subset of YAML 1.2), so both
  // go through one reader and carry line numbers.
  std::vector<yaml::Node> docs;
  yaml::ReadError read_error;
  if (!yaml::ReadDocuments(text, &docs, &read_error)) {
    result.errors.push_back({file, read_error.mark.is_null() ? 0 : read_error.mark.line + 1,
                             "", absl::StrCat("invalid ", kind, ": ", read_error.message)});
    return result;
  }
  if (docs.empty() || docs[0].IsNull()) {
    result.errors.push_back({file, 0, "", "empty schema document"});
    return result;
  }
  if (docs.size() > 1) {
    result.errors.push_back(
        {file, 0, "",
         absl::StrCat("expected one schema document, found ", docs.size())});
    return result;
  }
  LineIndex lines;
  LogSchema schema;
  Reader reader(file, &result.errors, &lines);
  reader.ReadSchema(docs[0], &schema);
  // Semantic checks run on whatever was read, but say nothing about a place
  // that already has a structural error: they would repeat it in other words.
  std::vector<SchemaError> semantic;
  if (!reader.truncated()) {
    schema_internal::Validate(schema, file, &lines, &semantic);
  }
  for (SchemaError& e : semantic) {
    if (!CoveredByEarlierError(result.errors, e.path)) {
      result.errors.push_back(std::move(e));
    }
  }
  // In the order of the file, as a reader fixing them goes.
  std::stable_sort(result.errors.begin(), result.errors.end(),
                   [](const SchemaError& a, const SchemaError& b) {
                     return a.line < b.line;
                   });
  result.schema = std::move(schema);
  return result;
}

std::vector<SchemaError> ValidateSchema(const LogSchema& schema,
                                        std::string_view file_name) {
  std::vector<SchemaError> errors;
  schema_internal::Validate(schema, file_name, nullptr, &errors);
  return errors;
}

}  // namespace loghealth
