// The schema reader: a YAML (or JSON) document into the protobuf model,
// with every structural problem reported with its path and line. Internal
// to src/schema; split by part of the schema: schema_reader.cc (the
// document, scalars, lists), schema_reader_parser.cc (parser:),
// schema_reader_fields.cc (fields, definitions, validation).
#ifndef LOGHEALTH_SRC_SCHEMA_SCHEMA_READER_H_
#define LOGHEALTH_SRC_SCHEMA_SCHEMA_READER_H_

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "loghealth/schema.h"
#include "src/schema/schema_internal.h"
#include "src/util/suggest.h"
#include "src/yaml/node.h"

namespace loghealth {
namespace schema_internal {

using schema::FieldSchema;

std::string Quote(std::string_view s);
// How a value was written, for messages: `got a list`, `got "abc"`.
std::string Describe(const yaml::Node& node);

class Reader {
 public:
  Reader(std::string_view file, std::vector<SchemaError>* errors,
         LineIndex* lines)
      : file_(file), errors_(errors), lines_(lines) {}

  // True when reading stopped early (too deep): the model is incomplete.
  bool truncated() const { return depth_reported_; }

  void ReadSchema(const yaml::Node& root, LogSchema* out);

 private:
  void Error(const yaml::Node& at, const std::string& path,
             std::string message);

  void Remember(const std::string& path, const yaml::Node& node);

  // Visits the known keys of a mapping in file order; unknown and repeated
  // keys are errors, the former with the nearest valid key suggested.
  template <typename Visit>
  void ForEachKey(const yaml::Node& map, const std::string& path,
                  const std::vector<std::string_view>& allowed, Visit visit) {
    std::vector<std::string> seen;
    for (const auto& entry : map.entries()) {
      const yaml::Node& key_node = entry.first;
      if (!key_node.IsScalar()) {
        Error(key_node, path, "keys must be plain strings");
        continue;
      }
      const std::string key = key_node.scalar();
      if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
        Error(key_node, path, absl::StrCat("duplicate key ", Quote(key)));
        continue;
      }
      seen.push_back(key);
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        // Panther's README calls the ref key `ref:`; its code reads `target`.
        const bool ref_alias =
            key == "ref" &&
            std::find(allowed.begin(), allowed.end(), "target") != allowed.end();
        Error(key_node, path,
              absl::StrCat("unknown key ", Quote(key),
                           ref_alias ? " (did you mean \"target\"?)"
                                     : DidYouMean(key, allowed)));
        continue;
      }
      Remember(KeyPath(path, key), key_node);
      visit(key, entry.second);
    }
  }

  bool ExpectMap(const yaml::Node& node, const std::string& path);

  bool ReadString(const yaml::Node& node, const std::string& path,
                  std::string* out);

  bool ReadBool(const yaml::Node& node, const std::string& path, bool* out);

  // A plain YAML number (an integer or a decimal, optionally signed).
  bool ReadNumber(const yaml::Node& node, const std::string& path, double* out);

  bool ReadStringList(const yaml::Node& node, const std::string& path,
                      google::protobuf::RepeatedPtrField<std::string>* out);

  void ReadVersion(const yaml::Node& node, const std::string& path,
                   LogSchema* out);

  // ---- parser ---------------------------------------------------------------

  void ReadParser(const yaml::Node& node, const std::string& path,
                  schema::Parser* out);

  // The options all text parsers share; returns false for keys it does not own.
  bool ReadTextOption(const std::string& key, const yaml::Node& value,
                      const std::string& path, schema::TextOptions* out);

  // A text parser's mapping: the options every text parser shares, plus the
  // parser's own keys, which `own_key` reads (returning false for keys it
  // does not know). `match` is required where `match` is not null.
  template <typename OwnKey>
  void ReadTextParser(const yaml::Node& node, const std::string& path,
                      std::vector<std::string_view> own_keys,
                      google::protobuf::RepeatedPtrField<std::string>* match,
                      schema::TextOptions* options, OwnKey own_key);

  void ReadFastmatch(const yaml::Node& node, const std::string& path,
                     schema::FastmatchParser* out);

  void ReadRegex(const yaml::Node& node, const std::string& path,
                 schema::RegexParser* out);

  void ReadCsv(const yaml::Node& node, const std::string& path,
               schema::CsvParser* out);

  void ReadJsonParser(const yaml::Node& node, const std::string& path,
                      schema::JsonParser* out);

  void ReadSyslog(const yaml::Node& node, const std::string& path,
                  schema::SyslogParser* out);

  void ReadNative(const yaml::Node& node, const std::string& path,
                  schema::NativeParser* out);

  // ---- fields ---------------------------------------------------------------

  void ReadDefinitions(const yaml::Node& node, const std::string& path,
                       LogSchema* out);

  void ReadFieldList(const yaml::Node& node, const std::string& parent,
                     google::protobuf::RepeatedPtrField<FieldSchema>* out);

  void ReadValue(const yaml::Node& node, const std::string& path,
                 FieldSchema* out, bool named);

  void ReadType(const yaml::Node& node, const std::string& path,
                FieldSchema* out);

  void ReadIpVersion(const yaml::Node& node, const std::string& path,
                     schema::IpVersion* out);

  void ReadIndicatorsBy(const yaml::Node& node, const std::string& path,
                        schema::IndicatorsBy* out);

  void ReadValidation(const yaml::Node& node, const std::string& path,
                      schema::Validation* out);

  std::string file_;
  std::vector<SchemaError>* errors_;
  LineIndex* lines_;
  int depth_ = 0;
  bool depth_reported_ = false;
};

}  // namespace schema_internal
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_SCHEMA_SCHEMA_READER_H_
