// Semantic checks of a loaded schema: what each type needs and allows, refs
// and their cycles, nesting depth, names, timestamp formats, parser options.
#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "src/util/strings.h"
#include "loghealth/timestamp.h"
#include "src/parse/grok.h"
#include "src/schema/schema_internal.h"
#include "src/util/suggest.h"

namespace loghealth {
namespace schema_internal {

using schema::FieldSchema;
using schema::ValueType;

std::string FieldPath(const std::string& parent, size_t index,
                      std::string_view name) {
  std::string path = parent.empty() ? "" : parent + ".";
  absl::StrAppend(&path, "fields[", index, "]");
  if (!name.empty()) absl::StrAppend(&path, " \"", std::string(name), "\"");
  return path;
}

std::string KeyPath(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key)
                        : absl::StrCat(parent, ".", std::string(key));
}

const std::vector<std::string_view>& TypeNames() {
  // Indexed by schema::ValueType; 0 is "unspecified".
  static const auto* names = new std::vector<std::string_view>{
      "",        "string",    "int",    "smallint", "bigint", "float",
      "boolean", "timestamp", "object", "array",    "json",   "ref"};
  return *names;
}

std::string_view TypeName(ValueType type) {
  const auto& names = TypeNames();
  const size_t i = static_cast<size_t>(type);
  return i < names.size() ? names[i] : "";
}

const std::vector<std::string_view>& IndicatorNames() {
  static const auto* names = new std::vector<std::string_view>{
      "ip",     "domain",   "hostname",       "url",
      "net_addr", "md5",    "sha1",           "sha256",
      "email",  "username", "trace_id",       "aws_arn",
      "aws_account_id", "aws_instance_id", "aws_tag",
      // loghealth extensions (docs/log-types.md)
      "dns_name", "ip_in_text", "aws_resources"};
  return *names;
}

namespace {

// Panther's standard fields: an event's own fields may not take these names.
bool IsReservedName(std::string_view name) {
  static const std::set<std::string_view> kReserved = {
      "p_log_type",     "p_row_id",       "p_event_time",
      "p_parse_time",   "p_source_id",    "p_source_label",
      "p_schema_version", "p_source_file", "p_udm"};
  return kReserved.count(name) > 0 || name.rfind("p_any_", 0) == 0;
}

// "Custom.MyApp", "AWS.CloudTrail", "Microsoft365.Audit.General".
bool IsValidLogTypeName(std::string_view name) {
  if (name.empty()) return false;
  bool segment_start = true;
  for (char c : name) {
    if (segment_start) {
      if (c < 'A' || c > 'Z') return false;
      segment_start = false;
    } else if (c == '.') {
      segment_start = true;
    } else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                 (c >= '0' && c <= '9'))) {
      return false;
    }
  }
  return !segment_start;
}

bool IsValidDefinitionName(std::string_view name) {
  if (name.empty() || name[0] < 'A' || name[0] > 'Z') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= '0' && c <= '9');
  });
}

class Validator {
 public:
  Validator(const LogSchema& schema, std::string_view file,
            const LineIndex* lines, std::vector<SchemaError>* errors)
      : schema_(schema), file_(file), lines_(lines), errors_(errors) {
    for (const auto& d : schema.definitions()) definitions_[d.name()] = &d.value();
  }

  void Run() {
    if (!IsValidLogTypeName(schema_.schema())) {
      Error("schema", absl::StrCat("invalid log type name \"", schema_.schema(),
                                   "\": use dot-separated words that start "
                                   "with a capital letter, e.g. Custom.MyApp"));
    }
    if (schema_.version() != 0) {
      Error("version", absl::StrCat("must be 0, got ", schema_.version()));
    }
    if (schema_.fields().empty()) {
      Error("fields", "a schema needs at least one field");
    }
    CheckParser();
    for (const auto& d : schema_.definitions()) {
      const std::string path = KeyPath("definitions", d.name());
      if (!IsValidDefinitionName(d.name())) {
        Error(path, absl::StrCat("invalid definition name \"", d.name(),
                                 "\": use a word that starts with a capital "
                                 "letter, e.g. Actor"));
      }
      CheckValue(d.value(), path, /*top_level=*/false);
    }
    CheckFieldList(schema_.fields(), "", /*top_level=*/true);
    CheckRefCycles();
    CheckDepth();
    CheckSchemaExtensions();
  }

 private:
  void Error(const std::string& path, std::string message) {
    SchemaError e;
    e.file = file_;
    e.path = path;
    e.message = std::move(message);
    if (lines_ != nullptr) {
      // The line of the path, or of its closest enclosing path.
      std::string p = path;
      while (true) {
        auto it = lines_->find(p);
        if (it != lines_->end()) {
          e.line = it->second;
          break;
        }
        const size_t dot = p.find_last_of('.');
        if (dot == std::string::npos) break;
        p.resize(dot);
      }
    }
    errors_->push_back(std::move(e));
  }

  // ---- fields ---------------------------------------------------------------

  void CheckFieldList(const google::protobuf::RepeatedPtrField<FieldSchema>& fields,
                      const std::string& parent, bool top_level) {
    std::map<std::string, size_t> first_index;
    for (int i = 0; i < fields.size(); ++i) {
      const FieldSchema& f = fields[i];
      const std::string path = FieldPath(parent, i, f.name());
      if (f.name().empty()) {
        Error(path, "name must not be empty");
      } else {
        auto [it, inserted] = first_index.emplace(f.name(), i);
        if (!inserted) {
          Error(path, absl::StrCat("duplicate field name \"", f.name(),
                                   "\" (first at ",
                                   FieldPath(parent, it->second, ""), ")"));
        }
        if (top_level && IsReservedName(f.name())) {
          Error(path, absl::StrCat("name \"", f.name(),
                                   "\" is reserved for Panther's standard "
                                   "p_ fields"));
        }
      }
      CheckValue(f, path, top_level);
      CheckFieldExtensions(f, path, top_level, &fields);
    }
  }

  void CheckValue(const FieldSchema& f, const std::string& path,
                  bool top_level) {
    const ValueType type = f.type();
    const std::string type_name(TypeName(type));
    if (type == schema::VALUE_TYPE_UNSPECIFIED) return;  // loader reported it

    if (type == schema::OBJECT) {
      if (f.fields().empty()) Error(path, "type object needs fields");
      CheckFieldList(f.fields(), path, /*top_level=*/false);
    } else if (!f.fields().empty()) {
      Error(path, absl::StrCat("fields is only for type object, not ", type_name));
    }

    if (type == schema::ARRAY) {
      if (!f.has_element()) {
        Error(path, "type array needs element");
      } else {
        CheckValue(f.element(), KeyPath(path, "element"), false);
      }
    } else if (f.has_element()) {
      Error(path, absl::StrCat("element is only for type array, not ", type_name));
    }

    if (type == schema::REF) {
      if (f.target().empty()) {
        Error(path, "type ref needs target");
      } else if (definitions_.count(f.target()) == 0) {
        std::vector<std::string_view> names;
        for (const auto& [name, value] : definitions_) names.push_back(name);
        Error(path, absl::StrCat("ref target \"", f.target(),
                                 "\" is not in definitions",
                                 DidYouMean(f.target(), names)));
      }
    } else if (!f.target().empty()) {
      Error(path, absl::StrCat("target is only for type ref, not ", type_name));
    }

    if (!f.indicators().empty()) {
      // An array of strings may carry them too: they apply to each element.
      const bool string_array = type == schema::ARRAY && f.has_element() &&
                                f.element().type() == schema::STRING;
      const bool json_scan = type == schema::JSON &&
                             std::all_of(f.indicators().begin(), f.indicators().end(),
                                         [](const std::string& i) { return i == "aws_resources"; });
      if (type != schema::STRING && !string_array && !json_scan) {
        Error(path, absl::StrCat("indicators are only for type string (or an "
                                 "array of strings), not ",
                                 type_name,
                                 type == schema::JSON ? " (json takes aws_resources)" : ""));
      }
      if (type == schema::STRING || string_array) {
        for (const std::string& i : f.indicators()) {
          if (i == "aws_resources") {
            Error(path, "indicator aws_resources is only for type json");
          }
        }
      }
      const auto& known = IndicatorNames();
      for (int i = 0; i < f.indicators().size(); ++i) {
        const std::string& name = f.indicators(i);
        if (std::find(known.begin(), known.end(), name) == known.end()) {
          Error(path, absl::StrCat("unknown indicator \"", name, "\"",
                                   DidYouMean(name, known), "; valid: ",
                                   Join(known, ", ")));
        }
      }
    }

    CheckTime(f, path, type_name);

    if (f.is_embedded_json() && type != schema::OBJECT &&
        type != schema::ARRAY && type != schema::JSON) {
      Error(path, absl::StrCat("isEmbeddedJSON is only for types object, "
                               "array and json, not ", type_name));
    }
    if (f.has_validate()) CheckValidation(f, path, type_name);
    (void)top_level;
  }

  void CheckTime(const FieldSchema& f, const std::string& path,
                 const std::string& type_name) {
    const bool has_one = !f.time_format().empty();
    const bool has_list = !f.time_formats().empty();
    if (f.type() != schema::TIMESTAMP) {
      if (has_one || has_list) {
        Error(path, absl::StrCat(has_one ? "timeFormat" : "timeFormats",
                                 " is only for type timestamp, not ", type_name));
      }
      if (f.is_event_time()) {
        Error(path, absl::StrCat("isEventTime is only for type timestamp, not ",
                                 type_name));
      }
      return;
    }
    if (!has_one && !has_list) {
      Error(path, "type timestamp needs timeFormat or timeFormats");
      return;
    }
    if (has_one && has_list) {
      Error(path, "use timeFormat or timeFormats, not both");
    }
    auto check = [&](const std::string& spec, const std::string& where) {
      auto codec = TimeCodec::Compile(spec);
      if (codec.ok()) return;
      static const std::vector<std::string_view> kBuiltins = {
          "rfc3339", "unix", "unix_ms", "unix_us", "unix_ns", "cloudflare"};
      Error(path, absl::StrCat(where, " \"", spec, "\": ",
                               std::string(codec.status().message()),
                               DidYouMean(spec, kBuiltins)));
    };
    if (has_one) check(f.time_format(), "timeFormat");
    for (int i = 0; i < f.time_formats().size(); ++i) {
      check(f.time_formats(i), absl::StrCat("timeFormats[", i, "]"));
    }
  }

  void CheckValidation(const FieldSchema& f, const std::string& path,
                       const std::string& type_name) {
    const schema::Validation& v = f.validate();
    const bool number = f.type() == schema::INT || f.type() == schema::SMALLINT ||
                        f.type() == schema::BIGINT || f.type() == schema::FLOAT;
    const bool bounds = v.has_min() || v.has_max();
    if (bounds) {
      if (!number) {
        Error(KeyPath(path, "validate"),
              absl::StrCat("min and max are only for numbers, not ", type_name));
      } else if (v.has_min() && v.has_max() && v.min() > v.max()) {
        Error(KeyPath(path, "validate"), "min is greater than max");
      }
      if (v.allow_size() + v.deny_size() > 0 || !v.pattern().empty() ||
          v.ip() != schema::IP_VERSION_UNSPECIFIED ||
          v.cidr() != schema::IP_VERSION_UNSPECIFIED) {
        Error(KeyPath(path, "validate"), "min and max go with no other rule");
      }
      return;
    }
    if (f.type() != schema::STRING) {
      Error(path, absl::StrCat("validate is only for type string, not ",
                               type_name, number ? " (numbers take min and max)" : ""));
    }
    const int kinds = (v.allow_size() > 0) + (v.deny_size() > 0) +
                      (v.ip() != schema::IP_VERSION_UNSPECIFIED) +
                      (v.cidr() != schema::IP_VERSION_UNSPECIFIED) + !v.pattern().empty();
    if (kinds == 0) {
      Error(KeyPath(path, "validate"),
            "needs one of allow, deny, ip, cidr or pattern (with allow/deny a "
            "non-empty list)");
    } else if (kinds > 1) {
      Error(KeyPath(path, "validate"),
            "takes one of allow, deny, ip, cidr or pattern, not several");
    }
    if (!v.pattern().empty()) {
      std::string error;
      if (!grok::CheckPlainRegex(v.pattern(), &error)) {
        Error(KeyPath(path, "validate.pattern"), error);
      }
    }
    for (const char* key : {"allow", "deny"}) {
      const auto& list = std::string(key) == "allow" ? v.allow() : v.deny();
      for (int i = 0; i < list.size(); ++i) {
        if (list[i].empty()) {
          Error(KeyPath(path, absl::StrCat("validate.", key, "[", i, "]")),
                "empty value (a missing field is never checked; list only "
                "non-empty values)");
        }
      }
    }
  }

  // ---- loghealth's extensions (docs/log-types.md) ---------------------------

  void CheckSchemaExtensions() {
    for (int i = 0; i < schema_.require_any().size(); ++i) {
      const std::string& name = schema_.require_any(i);
      const bool known = std::any_of(schema_.fields().begin(), schema_.fields().end(),
                                     [&](const FieldSchema& f) { return f.name() == name; });
      if (!known) {
        Error(absl::StrCat("requireAny[", i, "]"),
              absl::StrCat("\"", name, "\" is not a top-level field"));
      }
    }
    if (schema_.require_any().size() == 1) {
      Error("requireAny", "name two fields or more (for one, use required: true)");
    }
    int raw_events = 0;
    for (int i = 0; i < schema_.fields().size(); ++i) {
      const FieldSchema& f = schema_.fields(i);
      if (f.raw_event()) ++raw_events;
    }
    if (raw_events > 1) Error("fields", "at most one field may be rawEvent");
    const bool envelope = schema_.has_parser() && schema_.parser().has_json() &&
                          !schema_.parser().json().envelope().empty();
    if (envelope && raw_events > 0) {
      Error("parser.json.envelope", "an envelope's events cannot have a rawEvent field");
    }
    if (schema_.has_parser() && schema_.parser().has_json() &&
        schema_.parser().json().envelope_optional() && !envelope) {
      Error("parser.json.envelopeOptional", "needs envelope");
    }
  }

  // Extensions on one field (or value): rename, rawEvent, indicatorsBy.
  void CheckFieldExtensions(const FieldSchema& f, const std::string& path, bool top_level,
                            const google::protobuf::RepeatedPtrField<FieldSchema>* siblings) {
    if (!f.rename_from().empty() && f.rename_from() == f.name()) {
      Error(KeyPath(path, "rename.from"), "is the field's own name");
    }
    if (f.infer_year() && f.type() != schema::TIMESTAMP) {
      Error(path, "inferYear is only for type timestamp");
    }
    if (f.raw_event()) {
      if (f.type() != schema::JSON) Error(path, "rawEvent is only for type json");
      if (!top_level) Error(path, "rawEvent is only for top-level fields");
      if (!f.rename_from().empty()) Error(path, "rawEvent takes no rename");
    }
    if (f.has_indicators_by()) {
      const std::string p = KeyPath(path, "indicatorsBy");
      if (f.type() != schema::STRING) Error(p, "is only for type string");
      const FieldSchema* sibling = nullptr;
      if (siblings != nullptr) {
        for (const FieldSchema& s : *siblings) {
          if (s.name() == f.indicators_by().field()) sibling = &s;
        }
      }
      if (sibling == nullptr || sibling == &f) {
        Error(KeyPath(p, "field"), absl::StrCat("\"", f.indicators_by().field(),
                                                "\" is not another field of the same object"));
      }
      const auto& known = IndicatorNames();
      for (const schema::IndicatorCase& c : f.indicators_by().cases()) {
        for (const std::string& name : c.indicators()) {
          if (std::find(known.begin(), known.end(), name) == known.end()) {
            Error(KeyPath(KeyPath(p, "cases"), c.value()),
                  absl::StrCat("unknown indicator \"", name, "\"", DidYouMean(name, known)));
          }
        }
      }
    }
  }

  // ---- refs and depth ------------------------------------------------------

  // Definitions a value refers to, directly or through objects and arrays.
  void CollectRefs(const FieldSchema& f, std::vector<std::string>* out) {
    if (f.type() == schema::REF && definitions_.count(f.target())) {
      out->push_back(f.target());
    }
    for (const auto& child : f.fields()) CollectRefs(child, out);
    if (f.has_element()) CollectRefs(f.element(), out);
  }

  void CheckRefCycles() {
    std::map<std::string, int> state;  // 0 new, 1 on stack, 2 done
    std::vector<std::string> stack;
    std::function<void(const std::string&)> visit = [&](const std::string& name) {
      state[name] = 1;
      stack.push_back(name);
      std::vector<std::string> refs;
      CollectRefs(*definitions_[name], &refs);
      for (const std::string& next : refs) {
        if (state[next] == 1) {
          auto start = std::find(stack.begin(), stack.end(), next);
          std::vector<std::string> cycle(start, stack.end());
          cycle.push_back(next);
          Error(KeyPath("definitions", next),
                absl::StrCat("ref cycle ", Join(cycle, " -> ")));
        } else if (state[next] == 0) {
          visit(next);
        }
      }
      stack.pop_back();
      state[name] = 2;
    };
    for (const auto& d : schema_.definitions()) {
      if (state[d.name()] == 0) visit(d.name());
    }
  }

  // Levels of objects and arrays under a value, following refs (cycles were
  // reported already and count as no extra depth here).
  int Depth(const FieldSchema& f, std::set<std::string>* expanding) {
    int below = 0;
    if (f.type() == schema::OBJECT) {
      for (const auto& child : f.fields()) {
        below = std::max(below, Depth(child, expanding));
      }
      return 1 + below;
    }
    if (f.type() == schema::ARRAY && f.has_element()) {
      return 1 + Depth(f.element(), expanding);
    }
    if (f.type() == schema::REF) {
      auto it = definitions_.find(f.target());
      if (it == definitions_.end() || expanding->count(f.target())) return 0;
      auto memo = depth_memo_.find(f.target());
      if (memo != depth_memo_.end()) return memo->second;
      expanding->insert(f.target());
      const int d = Depth(*it->second, expanding);
      expanding->erase(f.target());
      depth_memo_[f.target()] = d;
      return d;
    }
    return 0;
  }

  void CheckDepth() {
    for (int i = 0; i < schema_.fields().size(); ++i) {
      std::set<std::string> expanding;
      const int depth = Depth(schema_.fields(i), &expanding);
      if (depth > kMaxNesting) {
        Error(FieldPath("", i, schema_.fields(i).name()),
              absl::StrCat("objects and arrays nested ", depth,
                           " levels deep; at most ", kMaxNesting,
                           " are allowed"));
      }
    }
  }

  // ---- parsers --------------------------------------------------------------

  void CheckTextOptions(const schema::TextOptions& o, const std::string& path) {
    if (o.skip_lines() < 0) {
      Error(KeyPath(path, "skipLines"), "must not be negative");
    }
    for (const auto& e : o.expand_fields()) {
      const std::string p = KeyPath(KeyPath(path, "expandFields"), e.name());
      const std::string& t = e.template_();
      size_t pos = 0;
      while ((pos = t.find("%{", pos)) != std::string::npos) {
        const size_t end = t.find('}', pos);
        if (end == std::string::npos) {
          Error(p, absl::StrCat("unclosed %{ at offset ", pos, " in \"", t, "\""));
          break;
        }
        pos = end + 1;
      }
    }
  }

  void CheckParser() {
    if (!schema_.has_parser()) return;
    const schema::Parser& parser = schema_.parser();
    switch (parser.kind_case()) {
      case schema::Parser::kFastmatch:
        CheckFastmatch(parser.fastmatch(), "parser.fastmatch");
        break;
      case schema::Parser::kRegex:
        CheckRegex(parser.regex(), "parser.regex");
        break;
      case schema::Parser::kCsv:
        CheckCsv(parser.csv(), "parser.csv");
        break;
      case schema::Parser::kNative:
        if (parser.native().name().empty()) {
          Error("parser.native.name", "must not be empty");
        }
        break;
      case schema::Parser::kJson:
        break;
      case schema::Parser::kSyslog: {
        const std::string& f = parser.syslog().format();
        if (f != "rfc5424" && f != "rfc3164") {
          Error("parser.syslog.format",
                absl::StrCat("expected rfc5424 or rfc3164, got \"", f, "\""));
        }
        CheckTextOptions(parser.syslog().options(), "parser.syslog");
        break;
      }
      case schema::Parser::KIND_NOT_SET:
        break;
    }
  }

  void CheckFastmatch(const schema::FastmatchParser& p, const std::string& path) {
    if (p.match().empty()) {
      Error(KeyPath(path, "match"), "needs at least one pattern");
    }
    for (int i = 0; i < p.match().size(); ++i) {
      const std::string& pattern = p.match(i);
      const std::string where = absl::StrCat(path, ".match[", i, "]");
      if (pattern.find('\n') != std::string::npos) {
        Error(where, "a pattern must be a single line");
        continue;
      }
      size_t pos = 0, placeholders = 0, last_end = std::string::npos;
      std::string last_name;
      while ((pos = pattern.find("%{", pos)) != std::string::npos) {
        const size_t end = pattern.find('}', pos);
        if (end == std::string::npos) {
          Error(where, absl::StrCat("unclosed %{ at offset ", pos));
          break;
        }
        const std::string name = pattern.substr(pos + 2, end - pos - 2);
        if (last_end == pos) {
          Error(where, absl::StrCat("%{", last_name, "} and %{", name,
                                    "} need a delimiter between them "
                                    "(at offset ", pos, ")"));
        }
        ++placeholders;
        last_end = end + 1;
        last_name = name;
        pos = end + 1;
      }
      if (placeholders == 0) {
        Error(where, absl::StrCat("pattern \"", pattern,
                                  "\" has no %{field} placeholder"));
      }
    }
    CheckTextOptions(p.options(), path);
  }

  void CheckRegex(const schema::RegexParser& p, const std::string& path) {
    if (p.match().empty()) {
      Error(KeyPath(path, "match"), "needs at least one piece");
    }
    std::vector<std::pair<std::string, std::string>> defs;
    for (const auto& d : p.pattern_definitions()) {
      defs.emplace_back(d.name(), d.pattern());
    }
    std::string joined;
    for (const std::string& piece : p.match()) joined += piece;
    std::string error;
    if (!grok::CheckDefinitionsAndPattern(defs, joined, &error)) {
      Error(KeyPath(path, "match"), error);
    }
    CheckTextOptions(p.options(), path);
  }

  void CheckCsv(const schema::CsvParser& p, const std::string& path) {
    if (p.columns().empty() && !p.has_header()) {
      Error(path, "needs columns or hasHeader: true");
    }
    const std::string& d = p.delimiter();
    // One character, which may take several bytes in UTF-8.
    size_t code_points = 0;
    for (unsigned char c : d) code_points += (c & 0xC0) != 0x80;
    if (code_points > 1) {
      Error(KeyPath(path, "delimiter"),
            absl::StrCat("must be one character, got \"", d, "\""));
    } else if (d == "\"" || d == "\n" || d == "\r") {
      Error(KeyPath(path, "delimiter"),
            "cannot be a quote or a line break");
    }
    std::map<std::string, int> seen;
    for (int i = 0; i < p.columns().size(); ++i) {
      const std::string& c = p.columns(i);
      if (!c.empty() && !seen.emplace(c, i).second) {
        Error(absl::StrCat(path, ".columns[", i, "]"),
              absl::StrCat("duplicate column \"", c, "\" (first at columns[",
                           seen[c], "])"));
      }
    }
    CheckTextOptions(p.options(), path);
  }

  const LogSchema& schema_;
  std::string file_;
  const LineIndex* lines_;
  std::vector<SchemaError>* errors_;
  std::map<std::string, const FieldSchema*> definitions_;
  std::map<std::string, int> depth_memo_;
};

}  // namespace

void Validate(const LogSchema& schema, std::string_view file,
              const LineIndex* lines, std::vector<SchemaError>* errors) {
  Validator(schema, file, lines, errors).Run();
}

}  // namespace schema_internal
}  // namespace loghealth
