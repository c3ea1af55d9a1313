// Reads a schema document (YAML, or JSON through the same YAML parser) into
// the protobuf model, reporting every structural problem with its path and
// line: missing and unknown keys, values of the wrong kind, duplicates.
#include <algorithm>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "src/util/strings.h"
#include "loghealth/schema.h"
#include "src/schema/schema_internal.h"
#include "src/util/suggest.h"
#include "src/util/text_checks.h"
#include "src/yaml/reader.h"

namespace loghealth {
namespace {

using schema::FieldSchema;
using schema_internal::FieldPath;
using schema_internal::KeyPath;
using schema_internal::LineIndex;

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

class Reader {
 public:
  Reader(std::string_view file, std::vector<SchemaError>* errors,
         LineIndex* lines)
      : file_(file), errors_(errors), lines_(lines) {}

  // True when reading stopped early (too deep): the model is incomplete.
  bool truncated() const { return depth_reported_; }

  void ReadSchema(const yaml::Node& root, LogSchema* out) {
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

 private:
  void Error(const yaml::Node& at, const std::string& path,
             std::string message) {
    SchemaError e;
    e.file = file_;
    const yaml::Mark mark = at.mark();
    e.line = mark.is_null() ? 0 : mark.line + 1;
    e.path = path;
    e.message = std::move(message);
    errors_->push_back(std::move(e));
  }

  void Remember(const std::string& path, const yaml::Node& node) {
    const yaml::Mark mark = node.mark();
    if (!mark.is_null()) lines_->emplace(path, mark.line + 1);
  }

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

  bool ExpectMap(const yaml::Node& node, const std::string& path) {
    if (node.IsMap()) return true;
    Error(node, path, absl::StrCat("expected a mapping, got ", Describe(node)));
    return false;
  }

  bool ReadString(const yaml::Node& node, const std::string& path,
                  std::string* out) {
    if (!node.IsScalar()) {
      Error(node, path, absl::StrCat("expected a string, got ", Describe(node)));
      return false;
    }
    *out = node.scalar();
    return true;
  }

  bool ReadBool(const yaml::Node& node, const std::string& path, bool* out) {
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

  // A plain YAML number (an integer or a decimal, optionally signed).
  bool ReadNumber(const yaml::Node& node, const std::string& path, double* out) {
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

  bool ReadStringList(const yaml::Node& node, const std::string& path,
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

  void ReadVersion(const yaml::Node& node, const std::string& path,
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

  // ---- parser ---------------------------------------------------------------

  void ReadParser(const yaml::Node& node, const std::string& path,
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

  // The options all text parsers share; returns false for keys it does not own.
  bool ReadTextOption(const std::string& key, const yaml::Node& value,
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

  // A text parser's mapping: the options every text parser shares, plus the
  // parser's own keys, which `own_key` reads (returning false for keys it
  // does not know). `match` is required where `match` is not null.
  template <typename OwnKey>
  void ReadTextParser(const yaml::Node& node, const std::string& path,
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

  void ReadFastmatch(const yaml::Node& node, const std::string& path,
                     schema::FastmatchParser* out) {
    ReadTextParser(node, path, {"skipLines"}, out->mutable_match(),
                   out->mutable_options(),
                   [](const std::string&, const yaml::Node&,
                      const std::string&) { return false; });
  }

  void ReadRegex(const yaml::Node& node, const std::string& path,
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

  void ReadCsv(const yaml::Node& node, const std::string& path,
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

  void ReadJsonParser(const yaml::Node& node, const std::string& path,
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

  void ReadSyslog(const yaml::Node& node, const std::string& path,
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

  void ReadNative(const yaml::Node& node, const std::string& path,
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

  // ---- fields ---------------------------------------------------------------

  void ReadDefinitions(const yaml::Node& node, const std::string& path,
                       LogSchema* out) {
    if (!ExpectMap(node, path)) return;
    for (const auto& entry : node.entries()) {
      schema::Definition* d = out->add_definitions();
      d->set_name(entry.first.scalar());
      const std::string p = KeyPath(path, d->name());
      Remember(p, entry.first);
      ReadValue(entry.second, p, d->mutable_value(), /*named=*/false);
    }
  }

  void ReadFieldList(const yaml::Node& node, const std::string& parent,
                     google::protobuf::RepeatedPtrField<FieldSchema>* out) {
    const std::string path = KeyPath(parent, "fields");
    if (!node.IsSequence()) {
      Error(node, path,
            absl::StrCat("expected a list of fields, got ", Describe(node)));
      return;
    }
    size_t i = 0;
    for (const yaml::Node& item : node.items()) {
      FieldSchema* field = out->Add();
      // The name makes the path readable, so read it before anything else.
      std::string name;
      if (item.IsMap() && item["name"] && item["name"].IsScalar()) {
        name = item["name"].scalar();
      }
      const std::string p = FieldPath(parent, i, name);
      Remember(p, item);
      ReadValue(item, p, field, /*named=*/true);
      ++i;
    }
  }

  void ReadValue(const yaml::Node& node, const std::string& path,
                 FieldSchema* out, bool named) {
    // Far past the validator's limit: stop before a hostile document can
    // exhaust the stack.
    constexpr int kMaxReadDepth = 2 * schema_internal::kMaxNesting;
    if (depth_ >= kMaxReadDepth) {
      if (!depth_reported_) {
        Error(node, path,
              absl::StrCat("objects and arrays nested more than ",
                           kMaxReadDepth, " levels deep; stopped reading"));
        depth_reported_ = true;
      }
      return;
    }
    struct DepthScope {
      int* depth;
      ~DepthScope() { --*depth; }
    } scope{&(++depth_)};
    if (!node.IsMap()) {
      Error(node, path, absl::StrCat("expected a field mapping, got ",
                                     Describe(node)));
      return;
    }
    static const std::vector<std::string_view> kAllowed = {
        "name",        "required",   "description", "type",
        "fields",      "element",    "target",      "indicators",
        "timeFormat",  "timeFormats", "isEventTime", "isEmbeddedJSON",
        "validate",    "rename",     "rawEvent",    "indicatorsBy",
        "inferYear"};
    bool has_type = false, has_name = false;
    ForEachKey(node, path, kAllowed, [&](const std::string& key,
                                         const yaml::Node& value) {
      const std::string p = KeyPath(path, key);
      if (!named && (key == "name" || key == "required")) {
        Error(value, path,
              absl::StrCat("key ", Quote(key),
                           " is only for fields, not for an array element or "
                           "a definition"));
      } else if (key == "name") {
        has_name = ReadString(value, p, out->mutable_name());
      } else if (key == "description") {
        ReadString(value, p, out->mutable_description());
      } else if (key == "required") {
        bool b = false;
        if (ReadBool(value, p, &b)) out->set_required(b);
      } else if (key == "type") {
        has_type = true;
        ReadType(value, path, out);
      } else if (key == "fields") {
        ReadFieldList(value, path, out->mutable_fields());
      } else if (key == "element") {
        ReadValue(value, p, out->mutable_element(), /*named=*/false);
      } else if (key == "target") {
        ReadString(value, p, out->mutable_target());
      } else if (key == "indicators") {
        ReadStringList(value, p, out->mutable_indicators());
      } else if (key == "timeFormat") {
        ReadString(value, p, out->mutable_time_format());
      } else if (key == "timeFormats") {
        ReadStringList(value, p, out->mutable_time_formats());
      } else if (key == "isEventTime") {
        bool b = false;
        if (ReadBool(value, p, &b)) out->set_is_event_time(b);
      } else if (key == "isEmbeddedJSON") {
        bool b = false;
        if (ReadBool(value, p, &b)) out->set_is_embedded_json(b);
      } else if (key == "validate") {
        ReadValidation(value, p, out->mutable_validate());
      } else if (key == "rename") {
        if (!named) {
          Error(value, path, "key \"rename\" is only for fields");
        } else if (ExpectMap(value, p)) {
          bool has_from = false;
          ForEachKey(value, p, {"from"}, [&](const std::string& k, const yaml::Node& v) {
            has_from = ReadString(v, KeyPath(p, k), out->mutable_rename_from());
          });
          if (!has_from) Error(value, p, "missing required key \"from\"");
        }
      } else if (key == "rawEvent") {
        bool b = false;
        if (ReadBool(value, p, &b)) out->set_raw_event(b);
      } else if (key == "indicatorsBy") {
        ReadIndicatorsBy(value, p, out->mutable_indicators_by());
      } else if (key == "inferYear") {
        bool b = false;
        if (ReadBool(value, p, &b)) out->set_infer_year(b);
      }
    });
    if (named && !has_name) Error(node, path, "missing required key \"name\"");
    if (!has_type) Error(node, path, "missing required key \"type\"");
  }

  void ReadType(const yaml::Node& node, const std::string& path,
                FieldSchema* out) {
    std::string name;
    if (!ReadString(node, KeyPath(path, "type"), &name)) return;
    const auto& names = schema_internal::TypeNames();
    for (size_t i = 1; i < names.size(); ++i) {
      if (names[i] == name) {
        out->set_type(static_cast<schema::ValueType>(i));
        return;
      }
    }
    std::vector<std::string_view> valid(names.begin() + 1, names.end());
    Error(node, path,
          absl::StrCat("unknown type ", Quote(name), DidYouMean(name, valid),
                       "; valid types: ", Join(valid, ", ")));
  }

  void ReadIpVersion(const yaml::Node& node, const std::string& path,
                     schema::IpVersion* out) {
    std::string s;
    if (!ReadString(node, path, &s)) return;
    if (s == "ipv4") {
      *out = schema::IPV4;
    } else if (s == "ipv6") {
      *out = schema::IPV6;
    } else if (s == "any") {
      *out = schema::ANY;
    } else {
      Error(node, path,
            absl::StrCat("expected \"ipv4\", \"ipv6\" or \"any\", got ",
                         Quote(s), DidYouMean(s, {"ipv4", "ipv6", "any"})));
    }
  }

  void ReadIndicatorsBy(const yaml::Node& node, const std::string& path,
                        schema::IndicatorsBy* out) {
    if (!ExpectMap(node, path)) return;
    bool has_field = false, has_cases = false;
    ForEachKey(node, path, {"field", "cases"}, [&](const std::string& key, const yaml::Node& value) {
      const std::string p = KeyPath(path, key);
      if (key == "field") {
        has_field = ReadString(value, p, out->mutable_field());
        return;
      }
      if (!ExpectMap(value, p)) return;
      has_cases = true;
      for (const auto& [case_value, list] : value.entries()) {
        schema::IndicatorCase* c = out->add_cases();
        c->set_value(case_value.scalar());
        ReadStringList(list, KeyPath(p, case_value.scalar()), c->mutable_indicators());
      }
    });
    if (!has_field) Error(node, path, "missing required key \"field\"");
    if (!has_cases) Error(node, path, "missing required key \"cases\"");
  }

  void ReadValidation(const yaml::Node& node, const std::string& path,
                      schema::Validation* out) {
    if (!ExpectMap(node, path)) return;
    ForEachKey(node, path, {"allow", "deny", "ip", "cidr", "min", "max", "pattern"},
               [&](const std::string& key, const yaml::Node& value) {
                 const std::string p = KeyPath(path, key);
                 double n = 0;
                 if (key == "allow") {
                   ReadStringList(value, p, out->mutable_allow());
                 } else if (key == "deny") {
                   ReadStringList(value, p, out->mutable_deny());
                 } else if (key == "min") {
                   if (ReadNumber(value, p, &n)) out->set_min(n);
                 } else if (key == "max") {
                   if (ReadNumber(value, p, &n)) out->set_max(n);
                 } else if (key == "pattern") {
                   ReadString(value, p, out->mutable_pattern());
                 } else {
                   schema::IpVersion v = schema::IP_VERSION_UNSPECIFIED;
                   ReadIpVersion(value, p, &v);
                   if (key == "ip") {
                     out->set_ip(v);
                   } else {
                     out->set_cidr(v);
                   }
                 }
               });
  }

  std::string file_;
  std::vector<SchemaError>* errors_;
  LineIndex* lines_;
  int depth_ = 0;
  bool depth_reported_ = false;
};

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
