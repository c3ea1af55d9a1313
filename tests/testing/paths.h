// Where the shared conformance data is, from inside a Bazel test.
#ifndef LOGHEALTH_TESTS_TESTING_PATHS_H_
#define LOGHEALTH_TESTS_TESTING_PATHS_H_

#include <string>

namespace loghealth {
namespace testing {

// The source tree's root (found through a runfile's real path).
std::string SourceRoot();

// ../shared/conformance/panther-analysis-v1.33.0 beside the source tree, or
// $LOGHEALTH_CONFORMANCE_DIR; "" when absent (tests then skip, saying so).
std::string ConformanceDir();

}  // namespace testing
}  // namespace loghealth

#endif  // LOGHEALTH_TESTS_TESTING_PATHS_H_
