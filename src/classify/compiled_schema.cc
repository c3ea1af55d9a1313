#include "src/classify/compiled_schema.h"

#include <map>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "src/indicators/indicators.h"
#include "src/json/json_buffer.h"
#include "src/json/json_writer.h"
#include "src/util/strings.h"
#include "re2/re2.h"

namespace loghealth {
namespace classify {

void CompiledObject::BuildIndex() {
  key_texts_.clear();
  key_offsets_.clear();
  for (const CompiledField& f : fields) {
    key_texts_.push_back(',');  // written with the key after the first
    key_offsets_.push_back(static_cast<uint32_t>(key_texts_.size()));
    key_texts_ += f.key_json;
  }
  key_texts_.append(json::JsonBuffer::kPadding, '\0');
  required_.clear();
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].required) required_.push_back(static_cast<uint32_t>(i));
  }
  raw_keys_.assign(fields.size() + 2, RawKey());
  for (size_t i = 0; i < fields.size(); ++i) {
    const CompiledField& f = fields[i];
    RawKey& k = raw_keys_[i];
    // Raw bytes are the name only when JSON escapes none of them.
    std::string quoted;
    json::AppendJsonString(f.name, &quoted);
    const bool escapes_nothing = quoted.size() == f.name.size() + 2;
    if (!escapes_nothing || f.name.size() >= sizeof(k.bytes)) continue;
    std::memcpy(k.bytes, f.name.data(), f.name.size());
    k.bytes[f.name.size()] = '"';
    k.size = f.name.size();
    k.mask = (uint64_t{1} << (f.name.size() + 1)) - 1;
  }
  slots_.clear();
  if (fields.size() <= 8) return;
  size_t size = 16;
  while (size < fields.size() * 4) size *= 2;  // at most a quarter full
  slots_.assign(size, -1);
  mask_ = size - 1;
  for (size_t i = 0; i < fields.size(); ++i) {
    size_t h = Hash(fields[i].name) & mask_;
    while (slots_[h] >= 0) h = (h + 1) & mask_;
    slots_[h] = static_cast<int>(i);
  }
}

int CompiledObject::FindIgnoringCase(std::string_view key) const {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (EqualsIgnoringAsciiCase(fields[i].name, key)) return static_cast<int>(i);
  }
  return -1;
}

namespace {

// The name no input key has: a rawEvent field is never read from a key.
const std::string& RawEventKey() {
  static const std::string* key = new std::string("\0rawEvent", 9);
  return *key;
}

std::string TypeNameOf(const schema::FieldSchema& f) {
  static const char* kNames[] = {"",        "string",    "int",    "smallint",
                                 "bigint",  "float",     "boolean", "timestamp",
                                 "object",  "array",     "json",   "ref"};
  const int t = static_cast<int>(f.type());
  return t >= 0 && t < 12 ? kNames[t] : "";
}

class Compiler {
 public:
  explicit Compiler(const LogSchema& schema, CompiledSchema* out)
      : schema_(schema), out_(out) {
    for (const auto& d : schema.definitions()) definitions_[d.name()] = &d.value();
  }

  absl::StatusOr<const CompiledValue*> CompileRoot() {
    auto* root = New();
    root->type = schema::OBJECT;
    root->type_name = "object";
    absl::Status s = CompileFields(schema_.fields(), &root->object);
    if (!s.ok()) return s;
    CompiledObject& object = root->object;
    for (size_t i = 0; i < object.fields.size(); ++i) {
      if (schema_.fields(static_cast<int>(i)).raw_event()) {
        object.raw_event_field = static_cast<int>(i);
      }
    }
    for (const std::string& name : schema_.require_any()) {
      for (size_t i = 0; i < object.fields.size(); ++i) {
        if (schema_.fields(static_cast<int>(i)).name() == name) {
          object.require_any.push_back(static_cast<uint32_t>(i));
        }
      }
    }
    return root;
  }

 private:
  CompiledValue* New() {
    out_->storage.push_back(std::make_unique<CompiledValue>());
    return out_->storage.back().get();
  }

  absl::Status CompileFields(
      const google::protobuf::RepeatedPtrField<schema::FieldSchema>& fields,
      CompiledObject* object) {
    object->case_insensitive = case_insensitive_;
    for (const auto& f : fields) {
      CompiledField field;
      field.name = f.raw_event() ? RawEventKey()
                   : f.rename_from().empty() ? f.name()
                                             : f.rename_from();
      json::AppendJsonString(f.name(), &field.key_json);
      field.key_json.push_back(':');
      field.required = f.required();
      auto value = Compile(f);
      if (!value.ok()) return value.status();
      field.value = *value;
      object->fields.push_back(std::move(field));
    }
    for (int i = 0; i < fields.size(); ++i) {
      if (!fields[i].has_indicators_by()) continue;
      IndicatorsByRule rule;
      rule.field = static_cast<uint32_t>(i);
      for (int j = 0; j < fields.size(); ++j) {
        if (fields[j].name() == fields[i].indicators_by().field()) {
          rule.sibling = static_cast<uint32_t>(j);
        }
      }
      for (const schema::IndicatorCase& c : fields[i].indicators_by().cases()) {
        rule.cases.emplace_back(c.value(), IndicatorBits(c.indicators()));
      }
      object->indicators_by.push_back(std::move(rule));
    }
    object->BuildIndex();
    return absl::OkStatus();
  }

  static uint32_t IndicatorBits(const google::protobuf::RepeatedPtrField<std::string>& names) {
    uint32_t bits = 0;
    for (const std::string& name : names) {
      indicators::Indicator ind;
      if (indicators::ParseIndicator(name, &ind)) bits |= 1u << static_cast<int>(ind);
    }
    return bits;
  }

  absl::StatusOr<const CompiledValue*> Compile(const schema::FieldSchema& f) {
    if (f.type() == schema::REF) {
      // Definitions compile once and are shared by every ref to them.
      auto done = compiled_definitions_.find(f.target());
      if (done != compiled_definitions_.end()) return done->second;
      auto it = definitions_.find(f.target());
      if (it == definitions_.end()) {
        return absl::InvalidArgumentError(
            absl::StrCat("ref target \"", f.target(), "\" is not in definitions"));
      }
      auto value = Compile(*it->second);
      if (!value.ok()) return value;
      compiled_definitions_[f.target()] = *value;
      return value;
    }
    CompiledValue* v = New();
    v->type = f.type();
    v->type_name = TypeNameOf(f);
    v->embedded_json = f.is_embedded_json();
    switch (f.type()) {
      case schema::OBJECT: {
        absl::Status s = CompileFields(f.fields(), &v->object);
        if (!s.ok()) return s;
        break;
      }
      case schema::ARRAY: {
        auto element = Compile(f.element());
        if (!element.ok()) return element;
        v->element = *element;
        v->type_name = absl::StrCat("array of ", (*element)->type_name);
        // Panther puts an array's indicators on the array; they apply to
        // each string element.
        if (!f.indicators().empty() && (*element)->type == schema::STRING &&
            (*element)->indicators == 0) {
          auto* e = const_cast<CompiledValue*>(*element);
          for (const std::string& name : f.indicators()) {
            indicators::Indicator ind;
            if (indicators::ParseIndicator(name, &ind)) e->indicators |= 1u << static_cast<int>(ind);
          }
        }
        break;
      }
      case schema::TIMESTAMP: {
        std::vector<std::string> specs(f.time_formats().begin(),
                                       f.time_formats().end());
        if (!f.time_format().empty()) specs.insert(specs.begin(), f.time_format());
        auto formats = TimeFormats::Compile(specs);
        if (!formats.ok()) return formats.status();
        v->time = *std::move(formats);
        v->infer_year = f.infer_year();
        if (f.is_event_time()) v->event_time_rank = next_event_time_rank_++;
        break;
      }
      default:
        break;
    }
    if (f.type() == schema::STRING || f.type() == schema::JSON) {
      v->indicators = IndicatorBits(f.indicators());
    }
    if (f.has_validate()) {
      const schema::Validation& rules = f.validate();
      v->allow.assign(rules.allow().begin(), rules.allow().end());
      v->deny.assign(rules.deny().begin(), rules.deny().end());
      v->ip = rules.ip();
      v->cidr = rules.cidr();
      if (rules.has_min()) v->min = rules.min();
      if (rules.has_max()) v->max = rules.max();
      if (!rules.pattern().empty()) {
        RE2::Options options;
        options.set_log_errors(false);
        auto re = std::make_shared<RE2>(rules.pattern(), options);
        if (!re->ok()) {
          return absl::InvalidArgumentError(
              absl::StrCat("validate.pattern: ", re->error()));
        }
        v->pattern = std::move(re);
      }
      v->validates = !v->allow.empty() || !v->deny.empty() ||
                     v->ip != schema::IP_VERSION_UNSPECIFIED ||
                     v->cidr != schema::IP_VERSION_UNSPECIFIED || v->pattern != nullptr;
    }
    v->plain_string = f.type() == schema::STRING && !v->validates && !v->embedded_json;
    v->scalar = f.type() != schema::OBJECT && f.type() != schema::ARRAY &&
                f.type() != schema::JSON && !v->embedded_json;
    return v;
  }

  const LogSchema& schema_;
  CompiledSchema* out_;
  bool case_insensitive_ = schema_.has_parser() && schema_.parser().has_json() &&
                           schema_.parser().json().case_insensitive_keys();
  std::map<std::string, const schema::FieldSchema*> definitions_;
  std::map<std::string, const CompiledValue*> compiled_definitions_;
  uint32_t next_event_time_rank_ = 0;
};

}  // namespace

absl::StatusOr<std::unique_ptr<CompiledSchema>> CompileSchema(
    const LogSchema& schema) {
  auto out = std::make_unique<CompiledSchema>();
  out->log_type = schema.schema();
  out->precedence = schema.precedence();
  json::AppendJsonString(out->log_type, &out->log_type_json);
  if (schema.has_parser()) {
    switch (schema.parser().kind_case()) {
      case schema::Parser::kFastmatch: out->parser = ParserKind::kFastmatch; break;
      case schema::Parser::kRegex: out->parser = ParserKind::kRegex; break;
      case schema::Parser::kCsv: out->parser = ParserKind::kCsv; break;
      case schema::Parser::kSyslog: out->parser = ParserKind::kSyslog; break;
      case schema::Parser::kJson:
        out->envelope = schema.parser().json().envelope();
        out->envelope_optional = schema.parser().json().envelope_optional();
        break;
      case schema::Parser::kNative:
        return absl::FailedPreconditionError(absl::StrCat(
            "log type ", schema.schema(), " needs Panther's native parser \"",
            schema.parser().native().name(),
            "\", which loghealth does not have; attach a declarative schema "
            "(JSON, fastmatch, regex or csv) instead"));
      case schema::Parser::KIND_NOT_SET: break;
    }
  }
  if (out->parser != ParserKind::kJson) {
    auto text = parse::TextParser::Create(schema);
    if (!text.ok()) return text.status();
    out->text = *std::move(text);
  }
  Compiler compiler(schema, out.get());
  auto root = compiler.CompileRoot();
  if (!root.ok()) return root.status();
  out->root = *root;
  // An envelope's events are inside it: the top-level keys say nothing.
  if (out->envelope.empty() && !out->root->object.case_insensitive) {
    for (const CompiledField& f : out->root->object.fields) {
      if (f.required && f.name != RawEventKey()) out->required_keys.push_back(f.name);
    }
  }
  return out;
}

}  // namespace classify
}  // namespace loghealth
