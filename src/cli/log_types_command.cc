// loghealth log-types: the built-in log types (Panther's native types).
#include <cstdio>

#include "loghealth/log_types.h"
#include "src/cli/commands.h"

namespace loghealth {
namespace cli {
namespace {

constexpr char kHelp[] =
    "usage: loghealth log-types [--schema NAME] [VENDOR...]\n\n"
    "Lists the built-in log types (Panther's native types as loghealth schemas),\n"
    "one a line: the name, how its lines are parsed (json, regex, csv, syslog,\n"
    "...) and its description; only those of the VENDORs (AWS, GitLab, ...) when\n"
    "given. Attach them with `loghealth classify --log-type NAME`.\n\n"
    "  --schema NAME  print the built-in schema NAME as JSON instead\n";

const char* ParserName(const LogSchema& s) {
  if (!s.has_parser()) return "json";
  switch (s.parser().kind_case()) {
    case schema::Parser::kFastmatch: return "fastmatch";
    case schema::Parser::kRegex: return "regex";
    case schema::Parser::kCsv: return "csv";
    case schema::Parser::kSyslog: return "syslog";
    case schema::Parser::kNative: return "native";
    default: return "json";
  }
}

}  // namespace

int LogTypesCommand(const std::vector<std::string>& args) {
  std::vector<std::string> vendors;
  for (size_t i = 0; i < args.size(); ++i) {
    if (IsHelpFlag(args[i])) {
      std::fputs(kHelp, stdout);
      return 0;
    }
    if (args[i] == "--schema" && i + 1 < args.size()) {
      auto s = BuiltinLogType(args[++i]);
      if (!s.ok()) {
        std::fprintf(stderr, "log-types: %s\n", std::string(s.status().message()).c_str());
        return 2;
      }
      std::printf("%s\n", SchemaToJson(*s).c_str());
      return 0;
    }
    if (!args[i].empty() && args[i][0] == '-') {
      std::fprintf(stderr, "log-types: unknown option %s\n\n%s", args[i].c_str(), kHelp);
      return 2;
    }
    vendors.push_back(args[i]);
  }
  std::vector<std::string> names;
  if (vendors.empty()) {
    names = BuiltinLogTypes();
  } else {
    for (const std::string& v : vendors) {
      for (std::string& n : BuiltinLogTypesOf(v)) names.push_back(std::move(n));
    }
  }
  int broken = 0;
  for (const std::string& name : names) {
    auto s = BuiltinLogType(name);
    if (!s.ok()) {
      std::printf("%-42s (does not load: %s)\n", name.c_str(),
                  std::string(s.status().message()).c_str());
      ++broken;
      continue;
    }
    std::string description = s->description();
    const size_t nl = description.find('\n');
    if (nl != std::string::npos) description.resize(nl);
    if (description.size() > 90) description = description.substr(0, 87) + "...";
    std::printf("%-42s %-9s %s\n", name.c_str(), ParserName(*s), description.c_str());
  }
  return broken > 0 ? 1 : 0;
}

}  // namespace cli
}  // namespace loghealth
