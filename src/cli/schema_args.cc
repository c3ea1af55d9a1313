#include "src/cli/schema_args.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "loghealth/log_types.h"

namespace loghealth {
namespace cli {

bool LoadSchemaPaths(const std::vector<std::string>& paths,
                     std::vector<LogSchema>* schemas) {
  bool ok = true;
  for (const std::string& path : paths) {
    const absl::StatusOr<std::vector<std::string>> files = FindSchemaFiles(path);
    if (!files.ok()) {
      std::fprintf(stderr, "%s\n", std::string(files.status().message()).c_str());
      ok = false;
      continue;
    }
    for (const std::string& file : *files) {
      SchemaLoadResult r = LoadSchemaFile(file);
      if (!r.ok()) {
        std::fputs(r.ErrorText().c_str(), stderr);
        ok = false;
        continue;
      }
      schemas->push_back(*std::move(r.schema));
    }
  }
  return ok;
}

bool AddBuiltinLogTypes(const std::vector<std::string>& names, std::vector<LogSchema>* schemas) {
  bool ok = true;
  for (LogSchema& s : *schemas) s = WithBuiltinParser(std::move(s));
  for (const std::string& name : names) {
    auto builtin = BuiltinLogType(name);
    if (!builtin.ok()) {
      std::fprintf(stderr, "%s\n", std::string(builtin.status().message()).c_str());
      ok = false;
      continue;
    }
    schemas->push_back(*std::move(builtin));
  }
  return ok;
}

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "%s: cannot read the file\n", path.c_str());
    return false;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  *out = buffer.str();
  return true;
}

}  // namespace cli
}  // namespace loghealth
