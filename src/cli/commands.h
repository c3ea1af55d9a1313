// The loghealth command-line tool: one function per subcommand.
#ifndef LOGHEALTH_SRC_CLI_COMMANDS_H_
#define LOGHEALTH_SRC_CLI_COMMANDS_H_

#include <string>
#include <vector>

namespace loghealth {
namespace cli {

// Each returns the process exit code. `args` excludes the subcommand name.
int CheckSchemaCommand(const std::vector<std::string>& args);
int ClassifyCommand(const std::vector<std::string>& args);
int TestCommand(const std::vector<std::string>& args);
int ReplayCommand(const std::vector<std::string>& args);
int ServeCommand(const std::vector<std::string>& args);
int LogTypesCommand(const std::vector<std::string>& args);
int FailuresCommand(const std::vector<std::string>& args);
int ConsoleCommand(const std::vector<std::string>& args);

// True for -h / --help.
bool IsHelpFlag(const std::string& arg);

// For "--option VALUE": the argument after args[*i] into *value (moving *i
// to it); false when args[*i] is the last.
bool TakeValue(const std::vector<std::string>& args, size_t* i, std::string* value);

}  // namespace cli
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_CLI_COMMANDS_H_
