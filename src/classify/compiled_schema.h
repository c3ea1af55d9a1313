// A schema compiled for decoding: per object a key -> field table, per field
// everything its decoder needs, resolved once (refs, time formats,
// indicators, validation).
#ifndef LOGHEALTH_SRC_CLASSIFY_COMPILED_SCHEMA_H_
#define LOGHEALTH_SRC_CLASSIFY_COMPILED_SCHEMA_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"
#include "loghealth/schema.h"
#include "loghealth/timestamp.h"
#include "src/parse/text_parser.h"

namespace loghealth {
namespace classify {

struct CompiledValue;

struct CompiledField {
  std::string name;
  std::string key_json;  // `"name":`, escaped, ready to append
  bool required = false;
  const CompiledValue* value = nullptr;
};

class CompiledObject {
 public:
  std::vector<CompiledField> fields;

  // The index of the field named `key`, or -1.
  int Find(std::string_view key) const {
    if (!by_name_.empty()) {
      auto it = by_name_.find(key);
      return it == by_name_.end() ? -1 : it->second;
    }
    for (size_t i = 0; i < fields.size(); ++i) {
      if (fields[i].name == key) return static_cast<int>(i);
    }
    return -1;
  }
  void BuildIndex();

 private:
  // Only for larger objects; a short scan beats hashing for a few fields.
  std::unordered_map<std::string_view, int> by_name_;
};

constexpr uint32_t kNoEventTime = UINT32_MAX;

struct CompiledValue {
  schema::ValueType type = schema::STRING;
  std::string type_name;                // "bigint", "array", ... for messages
  CompiledObject object;                // OBJECT
  const CompiledValue* element = nullptr;  // ARRAY
  std::optional<TimeFormats> time;      // TIMESTAMP
  uint32_t event_time_rank = kNoEventTime;  // depth-first schema order
  uint32_t indicators = 0;              // bits of classify::Indicator
  bool embedded_json = false;
  // validate
  std::vector<std::string> allow, deny;
  schema::IpVersion ip = schema::IP_VERSION_UNSPECIFIED;
  schema::IpVersion cidr = schema::IP_VERSION_UNSPECIFIED;
};

enum class ParserKind { kJson, kFastmatch, kRegex, kCsv };

struct CompiledSchema {
  std::string log_type;
  ParserKind parser = ParserKind::kJson;
  const CompiledValue* root = nullptr;  // an OBJECT
  // Required top-level keys, for skipping this type cheaply when a log
  // lacks one.
  std::vector<std::string> required_keys;
  std::unique_ptr<parse::TextParser> text;  // fastmatch, regex or csv
  std::vector<std::unique_ptr<CompiledValue>> storage;  // owns every value
};

// Compiles a valid schema (LoadSchema / ValidateSchema found no errors).
absl::StatusOr<std::unique_ptr<CompiledSchema>> CompileSchema(
    const LogSchema& schema);

}  // namespace classify
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_CLASSIFY_COMPILED_SCHEMA_H_
