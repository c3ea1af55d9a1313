// Loading the schemas named on a command line (files or folders).
#ifndef LOGHEALTH_SRC_CLI_SCHEMA_ARGS_H_
#define LOGHEALTH_SRC_CLI_SCHEMA_ARGS_H_

#include <string>
#include <vector>

#include "loghealth/schema.h"

namespace loghealth {
namespace cli {

// Loads every schema under `paths`. On any problem prints every error to
// stderr and returns false.
bool LoadSchemaPaths(const std::vector<std::string>& paths,
                     std::vector<LogSchema>* schemas);

// Appends the built-in log types named (loghealth/log_types.h), and puts
// the built-in in place of any schema in `schemas` marked `parser: native`.
// On an unknown name prints the error (with the nearest name) and returns
// false.
bool AddBuiltinLogTypes(const std::vector<std::string>& names, std::vector<LogSchema>* schemas);

// Reads a whole file; false (with a message on stderr) if it cannot.
bool ReadFile(const std::string& path, std::string* out);

}  // namespace cli
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_CLI_SCHEMA_ARGS_H_
