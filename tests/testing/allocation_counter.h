// Counts every operator new in the process (the library replaces the global
// allocation functions), for tests that prove a path allocates nothing.
// Link only into tests that run without sanitizers.
#ifndef LOGHEALTH_TESTS_TESTING_ALLOCATION_COUNTER_H_
#define LOGHEALTH_TESTS_TESTING_ALLOCATION_COUNTER_H_

namespace loghealth {
namespace testing {

long AllocationCount();

}  // namespace testing
}  // namespace loghealth

#endif  // LOGHEALTH_TESTS_TESTING_ALLOCATION_COUNTER_H_
