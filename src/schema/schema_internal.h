// Shared by the schema loader and validator: paths, names and line lookup.
#ifndef LOGHEALTH_SRC_SCHEMA_SCHEMA_INTERNAL_H_
#define LOGHEALTH_SRC_SCHEMA_SCHEMA_INTERNAL_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "loghealth/schema.h"

namespace loghealth {
namespace schema_internal {

// Where each path was written (1-based line), filled by the loader so that
// the validator's errors can point at the line too.
using LineIndex = std::map<std::string, int>;

// `fields[3] "eventTime"`, nested as `fields[1] "rule".fields[0] "level"`.
std::string FieldPath(const std::string& parent, size_t index,
                      std::string_view name);
// `parent.key` (or `key` at the top).
std::string KeyPath(const std::string& parent, std::string_view key);

// Panther's type names in schema order, indexed by schema::ValueType.
const std::vector<std::string_view>& TypeNames();
std::string_view TypeName(schema::ValueType type);

// Indicator scanners a string field may name.
const std::vector<std::string_view>& IndicatorNames();

// Runs every semantic check and appends the problems to `errors`.
void Validate(const LogSchema& schema, std::string_view file,
              const LineIndex* lines, std::vector<SchemaError>* errors);

// The deepest nesting of objects and arrays a schema may have (Panther's
// logschema.Resolve limit).
constexpr int kMaxNesting = 64;

}  // namespace schema_internal
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_SCHEMA_SCHEMA_INTERNAL_H_
