// `fields:` and `definitions:`: each field's type, options, validation
// and indicators.
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "src/schema/schema_reader.h"
#include "src/util/strings.h"

namespace loghealth {
namespace schema_internal {

void Reader::ReadDefinitions(const yaml::Node& node, const std::string& path,
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

void Reader::ReadFieldList(const yaml::Node& node, const std::string& parent,
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

void Reader::ReadValue(const yaml::Node& node, const std::string& path,
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

void Reader::ReadType(const yaml::Node& node, const std::string& path,
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

void Reader::ReadIpVersion(const yaml::Node& node, const std::string& path,
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

void Reader::ReadIndicatorsBy(const yaml::Node& node, const std::string& path,
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

void Reader::ReadValidation(const yaml::Node& node, const std::string& path,
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

}  // namespace schema_internal
}  // namespace loghealth
