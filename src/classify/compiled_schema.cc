#include "src/classify/compiled_schema.h"

#include <map>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "src/classify/indicators.h"
#include "src/json/json_buffer.h"
#include "src/json/json_writer.h"

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
    // Raw bytes are the name only when JSON escapes none of them (the key
    // is then `"` name `":`).
    const bool escapes_nothing = f.key_json.size() == f.name.size() + 3;
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

namespace {

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
    for (const auto& f : fields) {
      CompiledField field;
      field.name = f.name();
      json::AppendJsonString(f.name(), &field.key_json);
      field.key_json.push_back(':');
      field.required = f.required();
      auto value = Compile(f);
      if (!value.ok()) return value.status();
      field.value = *value;
      object->fields.push_back(std::move(field));
    }
    object->BuildIndex();
    return absl::OkStatus();
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
            Indicator ind;
            if (ParseIndicator(name, &ind)) e->indicators |= 1u << static_cast<int>(ind);
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
        if (f.is_event_time()) v->event_time_rank = next_event_time_rank_++;
        break;
      }
      default:
        break;
    }
    if (f.type() == schema::STRING) {
      for (const std::string& name : f.indicators()) {
        Indicator ind;
        if (ParseIndicator(name, &ind)) v->indicators |= 1u << static_cast<int>(ind);
      }
    }
    if (f.has_validate()) {
      v->allow.assign(f.validate().allow().begin(), f.validate().allow().end());
      v->deny.assign(f.validate().deny().begin(), f.validate().deny().end());
      v->ip = f.validate().ip();
      v->cidr = f.validate().cidr();
      v->validates = !v->allow.empty() || !v->deny.empty() ||
                     v->ip != schema::IP_VERSION_UNSPECIFIED ||
                     v->cidr != schema::IP_VERSION_UNSPECIFIED;
    }
    v->plain_string = f.type() == schema::STRING && !v->validates && !v->embedded_json;
    v->scalar = f.type() != schema::OBJECT && f.type() != schema::ARRAY &&
                f.type() != schema::JSON && !v->embedded_json;
    return v;
  }

  const LogSchema& schema_;
  CompiledSchema* out_;
  std::map<std::string, const schema::FieldSchema*> definitions_;
  std::map<std::string, const CompiledValue*> compiled_definitions_;
  uint32_t next_event_time_rank_ = 0;
};

}  // namespace

absl::StatusOr<std::unique_ptr<CompiledSchema>> CompileSchema(
    const LogSchema& schema) {
  auto out = std::make_unique<CompiledSchema>();
  out->log_type = schema.schema();
  json::AppendJsonString(out->log_type, &out->log_type_json);
  if (schema.has_parser()) {
    switch (schema.parser().kind_case()) {
      case schema::Parser::kFastmatch: out->parser = ParserKind::kFastmatch; break;
      case schema::Parser::kRegex: out->parser = ParserKind::kRegex; break;
      case schema::Parser::kCsv: out->parser = ParserKind::kCsv; break;
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
  for (const CompiledField& f : out->root->object.fields) {
    if (f.required) out->required_keys.push_back(f.name);
  }
  return out;
}

}  // namespace classify
}  // namespace loghealth
