// Panther's schema tests (`*_tests.yml`): loading the cases and comparing an
// event with the expected one under Panther's rules (logtesting.go):
// p_log_type equal; p_event_time equal as an instant (absent: the actual one
// must equal p_parse_time); p_parse_time and p_row_id present but not
// compared; p_any_* compared as sets; everything else by JSON equality with
// key order ignored.
#ifndef LOGHEALTH_SRC_CONFORMANCE_SCHEMA_TESTS_H_
#define LOGHEALTH_SRC_CONFORMANCE_SCHEMA_TESTS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace loghealth {
namespace conformance {

struct SchemaTestCase {
  std::string file;
  int line = 0;
  std::string name;
  std::string log_type;
  std::string input;
  std::vector<std::string> results;  // expected events (JSON text)
  // loghealth's `expectFailure: {reason, field}`: the input must fail.
  bool expect_failure = false;
  std::string failure_reason;  // "" = any
  std::string failure_field;   // "" = any
};

// Reads one *_tests.yml file (several YAML documents). Unknown keys are
// errors, as in Panther's strict decoding.
absl::Status LoadSchemaTests(const std::string& path, std::vector<SchemaTestCase>* cases);

// The *_tests.yml / *_tests.yaml files under `path` (or `path` itself).
std::vector<std::string> FindSchemaTestFiles(const std::string& path);

// Every difference between `expected` and `actual`, one line each; empty
// when they match. `{{ .LogType }}` in `expected` is replaced by `log_type`.
std::vector<std::string> CompareEvents(std::string_view expected,
                                       std::string_view actual,
                                       const std::string& log_type);

}  // namespace conformance
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_CONFORMANCE_SCHEMA_TESTS_H_
