// The `parser:` key: json, fastmatch, regex, csv, syslog, native.
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "src/schema/schema_reader.h"
#include "src/util/strings.h"

namespace loghealth {
namespace schema_internal {

void Reader::ReadParser(const yaml::Node& node, const std::string& path,
                        schema::Parser* out) {
  if (!ExpectMap(node, path)) return;
  int kinds = 0;
  ForEachKey(node, path, {"fastmatch", "regex", "csv", "native", "json", "syslog"},
             [&](const std::string& key, const yaml::Node& value) {
               ++kinds;
               const std::string p = KeyPath(path, key);
               if (key == "fastmatch") {
                 ReadFastmatch(value, p, out->mutable_fastmatch());
               } else if (key == "regex") {
                 ReadRegex(value, p, out->mutable_regex());
               } else if (key == "csv") {
                 ReadCsv(value, p, out->mutable_csv());
               } else if (key == "json") {
                 ReadJsonParser(value, p, out->mutable_json());
               } else if (key == "syslog") {
                 ReadSyslog(value, p, out->mutable_syslog());
               } else {
                 ReadNative(value, p, out->mutable_native());
               }
             });
  if (kinds != 1) {
    Error(node, path,
          absl::StrCat("needs exactly one of fastmatch, regex, csv, "
                       "native, json, syslog; got ",
                       kinds));
  }
}

bool Reader::ReadTextOption(const std::string& key, const yaml::Node& value,
                            const std::string& path, schema::TextOptions* out) {
  const std::string p = KeyPath(path, key);
  if (key == "skipPrefix") {
    ReadString(value, p, out->mutable_skip_prefix());
  } else if (key == "skipLines") {
    int n = 0;
    if (value.IsScalar() && value.plain() && !value.scalar().empty() &&
        value.scalar().size() < 9 &&
        value.scalar().find_first_not_of("0123456789") == std::string::npos) {
      n = std::stoi(value.scalar());
    } else {
      Error(value, p, absl::StrCat("expected a non-negative number, got ",
                                   Describe(value)));
    }
    out->set_skip_lines(n);
  } else if (key == "emptyValues") {
    ReadStringList(value, p, out->mutable_empty_values());
  } else if (key == "trimSpace") {
    bool b = false;
    if (ReadBool(value, p, &b)) out->set_trim_space(b);
  } else if (key == "expandFields") {
    if (!ExpectMap(value, p)) return true;
    std::vector<std::string> names;
    for (const auto& entry : value.entries()) {
      names.push_back(entry.first.scalar());
    }
    ForEachKey(value, p, std::vector<std::string_view>(names.begin(), names.end()),
               [&](const std::string& name, const yaml::Node& tmpl) {
                 schema::ExpandField* f = out->add_expand_fields();
                 f->set_name(name);
                 ReadString(tmpl, KeyPath(p, name), f->mutable_template_());
               });
  } else {
    return false;
  }
  return true;
}

template <typename OwnKey>
void Reader::ReadTextParser(const yaml::Node& node, const std::string& path,
                            std::vector<std::string_view> own_keys,
                            google::protobuf::RepeatedPtrField<std::string>* match,
                            schema::TextOptions* options, OwnKey own_key) {
  if (!ExpectMap(node, path)) return;
  for (std::string_view k : {"emptyValues", "expandFields", "trimSpace",
                             "skipPrefix"}) {
    own_keys.push_back(k);
  }
  if (match != nullptr) own_keys.push_back("match");
  bool has_match = false;
  ForEachKey(node, path, own_keys,
             [&](const std::string& key, const yaml::Node& value) {
               if (match != nullptr && key == "match") {
                 has_match = true;
                 ReadStringList(value, KeyPath(path, key), match);
               } else if (!own_key(key, value, KeyPath(path, key))) {
                 ReadTextOption(key, value, path, options);
               }
             });
  if (match != nullptr && !has_match) {
    Error(node, path, "missing required key \"match\"");
  }
}

void Reader::ReadFastmatch(const yaml::Node& node, const std::string& path,
                           schema::FastmatchParser* out) {
  ReadTextParser(node, path, {"skipLines"}, out->mutable_match(),
                 out->mutable_options(),
                 [](const std::string&, const yaml::Node&,
                    const std::string&) { return false; });
}

void Reader::ReadRegex(const yaml::Node& node, const std::string& path,
                       schema::RegexParser* out) {
  ReadTextParser(
      node, path, {"patternDefinitions", "skipLines"}, out->mutable_match(),
      out->mutable_options(),
      [&](const std::string& key, const yaml::Node& value,
          const std::string& p) {
        if (key != "patternDefinitions") return false;
        if (!ExpectMap(value, p)) return true;
        for (const auto& entry : value.entries()) {
          schema::PatternDefinition* d = out->add_pattern_definitions();
          d->set_name(entry.first.scalar());
          ReadString(entry.second, KeyPath(p, d->name()), d->mutable_pattern());
        }
        return true;
      });
}

void Reader::ReadCsv(const yaml::Node& node, const std::string& path,
                     schema::CsvParser* out) {
  ReadTextParser(
      node, path, {"delimiter", "hasHeader", "columns"}, nullptr,
      out->mutable_options(),
      [&](const std::string& key, const yaml::Node& value,
          const std::string& p) {
        if (key == "delimiter") {
          ReadString(value, p, out->mutable_delimiter());
        } else if (key == "hasHeader") {
          bool b = false;
          if (ReadBool(value, p, &b)) out->set_has_header(b);
        } else if (key == "columns") {
          ReadStringList(value, p, out->mutable_columns());
        } else {
          return false;
        }
        return true;
      });
}

void Reader::ReadJsonParser(const yaml::Node& node, const std::string& path,
                            schema::JsonParser* out) {
  if (node.IsNull()) return;  // `json:` alone: plain JSON
  if (!ExpectMap(node, path)) return;
  ForEachKey(node, path, {"envelope", "envelopeOptional", "caseInsensitiveKeys"},
             [&](const std::string& key, const yaml::Node& value) {
               const std::string p = KeyPath(path, key);
               bool b = false;
               if (key == "envelope") {
                 ReadString(value, p, out->mutable_envelope());
               } else if (key == "envelopeOptional") {
                 if (ReadBool(value, p, &b)) out->set_envelope_optional(b);
               } else if (ReadBool(value, p, &b)) {
                 out->set_case_insensitive_keys(b);
               }
             });
}

void Reader::ReadSyslog(const yaml::Node& node, const std::string& path,
                        schema::SyslogParser* out) {
  if (!ExpectMap(node, path)) return;
  bool has_format = false;
  ForEachKey(node, path,
             {"format", "skipPrefix", "emptyValues", "trimSpace", "expandFields"},
             [&](const std::string& key, const yaml::Node& value) {
               if (key == "format") {
                 has_format = ReadString(value, KeyPath(path, key), out->mutable_format());
               } else {
                 ReadTextOption(key, value, path, out->mutable_options());
               }
             });
  if (!has_format) Error(node, path, "missing required key \"format\" (rfc5424 or rfc3164)");
}

void Reader::ReadNative(const yaml::Node& node, const std::string& path,
                        schema::NativeParser* out) {
  if (!ExpectMap(node, path)) return;
  bool has_name = false;
  ForEachKey(node, path, {"name"},
             [&](const std::string& key, const yaml::Node& value) {
               has_name = ReadString(value, KeyPath(path, key),
                                     out->mutable_name());
             });
  if (!has_name) Error(node, path, "missing required key \"name\"");
}

}  // namespace schema_internal
}  // namespace loghealth
