// -----------------------------------------------------------------------------
// File: loghealth/schema.h
// -----------------------------------------------------------------------------
//
// Loading and checking Panther custom log schemas.
//
// A schema is YAML (Panther's format) or JSON with the same keys:
//
//   version: 0
//   schema: Custom.MyApp              # the log type name
//   description: ...                  # optional
//   referenceURL: https://...         # optional
//   parser:                           # optional; absent means JSON logs
//     fastmatch: {match: ['%{ip} - %{user} [%{time}] "%{request}"']}
//   definitions:                      # optional, for `type: ref`
//     Actor: {type: object, fields: [...]}
//   fields:
//     - name: time
//       type: timestamp
//       timeFormats: [rfc3339, unix]  # or timeFormat: rfc3339
//       isEventTime: true
//       required: true
//     - name: actor
//       type: ref
//       target: Actor
//
// LoadSchema reads the text into the protobuf model (proto/loghealth/
// schema.proto; LogSchema and its parts are part of this API, so schemas
// can also be built in code and checked with ValidateSchema) and checks it
// completely: every problem is reported, each
// with the field path and, where known, the line, e.g.
//
//   schemas/app.yml:12: fields[3] "eventTime": type timestamp needs
//   timeFormat or timeFormats
//
// Unknown keys are errors (with the nearest valid key suggested), unlike
// Panther, where a typo such as `requird: true` silently does nothing.
//
// Schemas with `parser: native` load (their fields document the log type)
// but need one of Panther's hand-written parsers: IsNativeSchema() tells, and
// a classifier refuses them with a clear error.
//
// Thread safety: the functions here are pure; results are plain values.
// -----------------------------------------------------------------------------
#ifndef LOGHEALTH_SCHEMA_H_
#define LOGHEALTH_SCHEMA_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "loghealth/schema.pb.h"

namespace loghealth {

using schema::LogSchema;

// One problem found in a schema.
struct SchemaError {
  std::string file;     // as given to LoadSchema; may be empty
  int line = 0;         // 1-based; 0 when unknown
  std::string path;     // e.g. `fields[3] "eventTime"`; empty for the document
  std::string message;  // e.g. `type timestamp needs timeFormat or timeFormats`

  // "file:line: path: message", leaving out what is empty.
  std::string ToString() const;
};

struct SchemaLoadResult {
  // Set when the text parsed into the model, even if later checks failed
  // (so tools can still show what was read). Use it only when ok().
  std::optional<LogSchema> schema;
  std::vector<SchemaError> errors;

  bool ok() const { return schema.has_value() && errors.empty(); }
  // All errors, one per line.
  std::string ErrorText() const;
};

enum class SchemaFormat {
  kAuto,  // JSON when the text starts with '{', else YAML
  kYaml,
  kJson,
};

// Parses and checks one schema document. `file_name` only labels errors.
SchemaLoadResult LoadSchema(std::string_view text,
                            std::string_view file_name = "",
                            SchemaFormat format = SchemaFormat::kAuto);

// Reads `path` and loads it (format from the extension: .json is JSON).
SchemaLoadResult LoadSchemaFile(const std::string& path);

// Checks a schema model built in code (the same checks LoadSchema runs).
std::vector<SchemaError> ValidateSchema(const LogSchema& schema,
                                        std::string_view file_name = "");

// Schema files under `path` (itself if it is a file): *.yml, *.yaml and
// *.json, sorted, skipping Panther test files (*_tests.yml) and anything
// under a `tests` folder. NotFound when `path` is neither a file nor a
// folder; the folder's read error otherwise.
absl::StatusOr<std::vector<std::string>> FindSchemaFiles(const std::string& path);

// True when the schema needs one of Panther's hand-written parsers.
bool IsNativeSchema(const LogSchema& schema);

// The schema as JSON with Panther's key names (protobuf's JSON mapping).
std::string SchemaToJson(const LogSchema& schema);

}  // namespace loghealth

#endif  // LOGHEALTH_SCHEMA_H_
