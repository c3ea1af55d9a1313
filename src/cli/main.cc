// loghealth: classify logs against Panther schemas and watch source health.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "loghealth/version.h"
#include "src/cli/commands.h"

namespace loghealth {
namespace cli {

bool IsHelpFlag(const std::string& arg) {
  return arg == "-h" || arg == "--help" || arg == "help";
}

bool TakeValue(const std::vector<std::string>& args, size_t* i, std::string* value) {
  if (*i + 1 >= args.size()) return false;
  *value = args[++*i];
  return true;
}

namespace {

struct Command {
  const char* name;
  const char* summary;
  int (*run)(const std::vector<std::string>&);
};

const Command kCommands[] = {
    {"check-schema", "check Panther log schemas (files or folders)",
     CheckSchemaCommand},
    {"classify", "classify newline-delimited logs into events and failures",
     ClassifyCommand},
    {"failures", "why logs failed: the database's failures by type, reason, field",
     FailuresCommand},
    {"log-types", "list the built-in log types (Panther's native types)", LogTypesCommand},
    {"test", "run Panther schema tests (*_tests.yml)", TestCommand},
    {"replay", "replay a health timeline through the System Health monitor",
     ReplayCommand},
    {"serve", "run the System Health monitor and deliver its alerts", ServeCommand},
    {"console", "the System Errors console from the panther_monitor database (read-only)",
     ConsoleCommand},
};

void PrintUsage(FILE* out) {
  std::fprintf(out,
               "usage: loghealth <command> [options]\n\n"
               "The System Health layer of a log pipeline: Panther log schemas,\n"
               "classification, source health alarms.\n\ncommands:\n");
  for (const Command& c : kCommands) {
    std::fprintf(out, "  %-14s %s\n", c.name, c.summary);
  }
  std::fprintf(out, "\n'loghealth <command> --help' describes a command; "
                    "'loghealth --version' prints the version.\n");
}

}  // namespace
}  // namespace cli
}  // namespace loghealth

int main(int argc, char** argv) {
  using namespace loghealth::cli;
  if (argc < 2) {
    PrintUsage(stderr);
    return 2;
  }
  const std::string name = argv[1];
  if (IsHelpFlag(name)) {
    PrintUsage(stdout);
    return 0;
  }
  if (name == "--version" || name == "version") {
    std::printf("loghealth %s\n", LOGHEALTH_VERSION_STRING);
    return 0;
  }
  for (const Command& c : kCommands) {
    if (name == c.name) {
      return c.run(std::vector<std::string>(argv + 2, argv + argc));
    }
  }
  std::fprintf(stderr, "loghealth: unknown command \"%s\"\n\n", name.c_str());
  PrintUsage(stderr);
  return 2;
}
