// The built-in log types: the schemas under src/logtypes/, compiled into the
// library (tools/embed_files.py), loaded once on first use.
#include <algorithm>
#include <map>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "loghealth/log_types.h"
#include "src/util/embedded_file.h"
#include "src/util/suggest.h"

namespace loghealth {
namespace logtypes {
extern const EmbeddedFile kSchemaFiles[];
extern const size_t kSchemaFiles_count;
}  // namespace logtypes

namespace {

struct Registry {
  std::map<std::string, LogSchema> schemas;
  // A built-in that does not load is a bug: kept to say so when asked for.
  std::map<std::string, std::string> broken;
  std::vector<std::string> names;
};

const Registry& TheRegistry() {
  static const Registry* registry = [] {
    auto* r = new Registry;
    for (size_t i = 0; i < logtypes::kSchemaFiles_count; ++i) {
      const EmbeddedFile& f = logtypes::kSchemaFiles[i];
      SchemaLoadResult loaded =
          LoadSchema(std::string_view(f.text, f.size), absl::StrCat("builtin:", f.path));
      const std::string name = loaded.schema.has_value() ? loaded.schema->schema() : f.path;
      if (loaded.ok()) {
        r->schemas[name] = *std::move(loaded.schema);
      } else {
        r->broken[name] = loaded.ErrorText();
      }
      r->names.push_back(name);
    }
    std::sort(r->names.begin(), r->names.end());
    return r;
  }();
  return *registry;
}

}  // namespace

const std::vector<std::string>& BuiltinLogTypes() { return TheRegistry().names; }

LogSchema WithBuiltinParser(LogSchema schema) {
  if (!IsNativeSchema(schema)) return schema;
  absl::StatusOr<LogSchema> builtin = BuiltinLogType(schema.schema());
  return builtin.ok() ? *std::move(builtin) : schema;
}

absl::StatusOr<LogSchema> BuiltinLogType(std::string_view name) {
  const Registry& r = TheRegistry();
  auto it = r.schemas.find(std::string(name));
  if (it != r.schemas.end()) return it->second;
  auto broken = r.broken.find(std::string(name));
  if (broken != r.broken.end()) {
    return absl::InternalError(
        absl::StrCat("built-in log type ", std::string(name), " does not load: ", broken->second));
  }
  std::vector<std::string_view> candidates(r.names.begin(), r.names.end());
  return absl::NotFoundError(absl::StrCat("no built-in log type \"", std::string(name), "\"",
                                          DidYouMean(name, candidates),
                                          " (loghealth log-types lists them)"));
}

std::vector<std::string> BuiltinLogTypesOf(std::string_view vendor) {
  std::vector<std::string> out;
  const std::string prefix = std::string(vendor) + ".";
  for (const std::string& n : TheRegistry().names) {
    if (n.compare(0, prefix.size(), prefix) == 0) out.push_back(n);
  }
  return out;
}

}  // namespace loghealth
