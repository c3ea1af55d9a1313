// loghealth check-schema PATH...: load and check every schema found.
#include <cstdio>
#include <map>

#include "loghealth/schema.h"
#include "loghealth/log_types.h"
#include "src/cli/commands.h"

namespace loghealth {
namespace cli {
namespace {

constexpr char kHelp[] =
    "usage: loghealth check-schema [--print-json] PATH...\n\n"
    "Loads every Panther log schema under the PATHs (files, or folders searched\n"
    "for *.yml, *.yaml and *.json, skipping *_tests.yml and tests/ folders) and\n"
    "checks it completely.\n\n"
    "Prints 'OK <logType>' for each valid schema ('OK <logType> (native parser:\n"
    "served by loghealth's built-in)' for one that names one of Panther's\n"
    "hand-written parsers) and every problem as\n"
    "'file:line: field path: message'. Exits 1 if any schema failed, 0 otherwise,\n"
    "2 on usage errors.\n\n"
    "  --print-json   also print each valid schema as JSON (Panther's key names)\n";

}  // namespace

int CheckSchemaCommand(const std::vector<std::string>& args) {
  std::vector<std::string> paths;
  bool print_json = false;
  for (const std::string& arg : args) {
    if (IsHelpFlag(arg)) {
      std::fputs(kHelp, stdout);
      return 0;
    }
    if (arg == "--print-json") {
      print_json = true;
    } else if (!arg.empty() && arg[0] == '-') {
      std::fprintf(stderr, "check-schema: unknown option %s\n\n%s", arg.c_str(),
                   kHelp);
      return 2;
    } else {
      paths.push_back(arg);
    }
  }
  if (paths.empty()) {
    std::fprintf(stderr, "check-schema: no PATH given\n\n%s", kHelp);
    return 2;
  }
  int ok = 0, failed = 0;
  std::map<std::string, std::string> file_of_log_type;
  for (const std::string& path : paths) {
    const absl::StatusOr<std::vector<std::string>> files = FindSchemaFiles(path);
    if (!files.ok()) {
      std::printf("%s\n", std::string(files.status().message()).c_str());
      ++failed;
      continue;
    }
    for (const std::string& file : *files) {
      SchemaLoadResult result = LoadSchemaFile(file);
      if (result.ok()) {
        const std::string& log_type = result.schema->schema();
        auto [it, inserted] = file_of_log_type.emplace(log_type, file);
        if (!inserted) {
          std::printf("%s: schema: log type \"%s\" is also defined in %s\n",
                      file.c_str(), log_type.c_str(), it->second.c_str());
          ++failed;
          continue;
        }
        const char* note = "";
        if (IsNativeSchema(*result.schema)) {
          note = BuiltinLogType(log_type).ok() ? " (native parser: served by loghealth's built-in)"
                                              : " (native parser: no built-in of that name)";
        }
        std::printf("OK %s%s\n", log_type.c_str(), note);
        if (print_json) {
          std::printf("%s\n", SchemaToJson(*result.schema).c_str());
        }
        ++ok;
      } else {
        std::fputs(result.ErrorText().c_str(), stdout);
        ++failed;
      }
    }
  }
  std::fflush(stdout);  // the summary comes after the lines it sums up
  std::fprintf(stderr, "%d schemas OK, %d failed\n", ok, failed);
  return failed > 0 ? 1 : 0;
}

}  // namespace cli
}  // namespace loghealth
