// Threads sharing one MonitorDatabase (synchronous and with its background
// writer) while others read: run under ThreadSanitizer by `make test`.
#include <atomic>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "loghealth/database.h"

namespace loghealth {
namespace {

std::string Record(const std::string& row_id, const std::string& source) {
  return absl::StrCat(R"({"error":"e","id":"Custom.T","payload":"p","p_source_id":")", source,
                      R"(","p_parse_time":"2024-06-15T12:00:00Z","p_row_id":")", row_id,
                      R"(","reason":"type_mismatch","field":"f"})");
}

void ShareOneDatabase(bool background) {
  const char* dir = std::getenv("TEST_TMPDIR");
  const std::string path =
      absl::StrCat(dir != nullptr ? dir : "/tmp", "/threads-", background ? "bg" : "sync", ".db");
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
  MonitorDatabaseOptions options;
  options.background_writer = background;
  options.batch_rows = 64;
  auto db = MonitorDatabase::Open(path, options);
  ASSERT_TRUE(db.ok()) << db.status();
  constexpr int kThreads = 4, kRows = 500;
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRows; ++i) {
        if (!(*db)->AddFailure(Record(absl::StrCat(t, "-", i), absl::StrCat("s", t))).ok()) {
          ++errors;
        }
        if (i % 100 == 0 && !(*db)->AddMonitorRecord(absl::StrCat(
                                 R"({"record":"alert","alertId":"a)", t, "-", i, R"("})"))
                                 .ok()) {
          ++errors;
        }
      }
    });
  }
  threads.emplace_back([&] {  // a reader among the writers
    for (int i = 0; i < 20; ++i) {
      if (!(*db)->FailureGroups({}).ok()) ++errors;
    }
  });
  for (std::thread& t : threads) t.join();
  ASSERT_TRUE((*db)->Flush().ok());
  EXPECT_EQ(errors.load(), 0);
  auto groups = (*db)->FailureGroups({});
  ASSERT_TRUE(groups.ok());
  ASSERT_EQ(groups->size(), 1u);
  EXPECT_EQ((*groups)[0].count, kThreads * kRows);
}

TEST(DatabaseThreads, Synchronous) { ShareOneDatabase(false); }
TEST(DatabaseThreads, BackgroundWriter) { ShareOneDatabase(true); }

}  // namespace
}  // namespace loghealth
