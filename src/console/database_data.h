// The console's views from the panther_monitor database alone (loghealth
// console --db): read-only, no monitor. Events are not in the database, so
// the Health page charts classification failures only; delivery states are
// what the recorded attempts say.
#ifndef LOGHEALTH_SRC_CONSOLE_DATABASE_DATA_H_
#define LOGHEALTH_SRC_CONSOLE_DATABASE_DATA_H_

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "src/console/console_data.h"

namespace loghealth {
namespace db {
class Connection;
}  // namespace db

namespace console {

class DatabaseData : public ConsoleData {
 public:
  // Opens an existing database of this build's schema version, read-only.
  static absl::StatusOr<std::unique_ptr<DatabaseData>> Open(const std::string& path,
                                                            int64_t bucket_ns);
  ~DatabaseData() override;

  std::vector<AlertView> Alerts(const AlertFilter& filter) override;
  std::optional<AlertView> Alert(const std::string& id) override;
  std::optional<SourceView> Source(const std::string& id) override;
  std::vector<std::string> SourceIds() override;
  void AppendMetrics(std::string* out) override;

 private:
  DatabaseData(std::unique_ptr<db::Connection> conn, int64_t bucket_ns);
  std::vector<AlertView> Query(const std::string& where, const std::vector<std::string>& args);
  void Fill(AlertView* a, bool detail);

  std::mutex mu_;  // one connection, one query at a time
  std::unique_ptr<db::Connection> conn_;
  int64_t bucket_ns_;
};

}  // namespace console
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_CONSOLE_DATABASE_DATA_H_
