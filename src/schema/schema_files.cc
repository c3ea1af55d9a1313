// Schema files on disk, and the small helpers around SchemaError.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "loghealth/schema.h"

namespace loghealth {
namespace fs = std::filesystem;

std::string SchemaError::ToString() const {
  std::string out;
  if (!file.empty()) {
    out = file;
    if (line > 0) absl::StrAppend(&out, ":", line);
    out += ": ";
  }
  if (!path.empty()) absl::StrAppend(&out, path, ": ");
  out += message;
  return out;
}

std::string SchemaLoadResult::ErrorText() const {
  std::string out;
  for (const SchemaError& e : errors) absl::StrAppend(&out, e.ToString(), "\n");
  return out;
}

SchemaLoadResult LoadSchemaFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    SchemaLoadResult result;
    result.errors.push_back({path, 0, "", "cannot read the file"});
    return result;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  const SchemaFormat format = fs::path(path).extension() == ".json"
                                  ? SchemaFormat::kJson
                                  : SchemaFormat::kYaml;
  return LoadSchema(buffer.str(), path, format);
}

namespace {
bool IsSchemaFileName(const fs::path& p) {
  const std::string ext = p.extension().string();
  if (ext != ".yml" && ext != ".yaml" && ext != ".json") return false;
  const std::string stem = p.stem().string();
  return !(stem.size() >= 6 && stem.compare(stem.size() - 6, 6, "_tests") == 0);
}
}  // namespace

absl::StatusOr<std::vector<std::string>> FindSchemaFiles(const std::string& path) {
  std::vector<std::string> files;
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) {
    files.push_back(path);
    return files;
  }
  if (!fs::is_directory(path, ec)) {
    return absl::NotFoundError(absl::StrCat(path, ": no such file or folder"));
  }
  for (auto it = fs::recursive_directory_iterator(path, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_directory() && it->path().filename() == "tests") {
      it.disable_recursion_pending();  // Panther keeps schema tests there
      continue;
    }
    if (it->is_regular_file() && IsSchemaFileName(it->path())) {
      files.push_back(it->path().string());
    }
  }
  if (ec) return absl::UnavailableError(absl::StrCat(path, ": ", ec.message()));
  std::sort(files.begin(), files.end());
  return files;
}

bool IsNativeSchema(const LogSchema& schema) {
  return schema.has_parser() && schema.parser().has_native();
}

std::string SchemaToJson(const LogSchema& schema) {
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = false;
  (void)google::protobuf::util::MessageToJsonString(schema, &out, options);
  return out;
}

}  // namespace loghealth
