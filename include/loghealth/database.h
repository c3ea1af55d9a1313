// -----------------------------------------------------------------------------
// File: loghealth/database.h
// -----------------------------------------------------------------------------
//
// The panther_monitor database: where people go to find out why logs failed
// and what System Health raised. One SQLite file (WAL), written in batches,
// readable with `sqlite3` while loghealth writes it.
//
//   auto db = loghealth::MonitorDatabase::Open("monitor.db");
//   db->AddFailure(result.json, line);      // a classification failure
//   db->AddMonitorRecord(record);           // alert, delivery, data_audit...
//   db->Flush();                            // or let the batch commit itself
//
// Tables (docs/database.md has the columns and example queries):
//
//   classification_failures  Panther's columns (p_log_type, error, payload,
//                            p_source_id, p_source_label, p_parse_time,
//                            p_row_id) and loghealth's reason, field,
//                            expected, got, offset, tried (JSON)
//   data_audit               one row per S3 GetObject outcome
//   alerts                   System Errors, kept up to date as they change
//   alert_lines              the failing lines an alert carries
//   deliveries               every delivery attempt and its outcome
//   alarm_states             every alarm transition, with its reason
//
// Writes: rows are added inside a transaction that commits every
// `batch_rows` rows, with the first row added `batch_millis` after the
// batch began (with background_writer: also when the batch is that old and
// no row comes), on Flush() and on destruction; a process killed at any
// moment leaves a database that holds whole batches only. p_row_id is the key of failures and data_audit rows:
// adding a row again (the same input classified again with the same row id
// seed) changes nothing. Several processes may write one file: each waits
// for the others' transactions (busy timeout, then retries).
//
// Versions: PRAGMA user_version is the schema version. An older database is
// migrated when opened; a newer one is refused (never misread).
//
// Thread safety: a MonitorDatabase may be used from several threads (it
// serializes its calls).
// -----------------------------------------------------------------------------
#ifndef LOGHEALTH_DATABASE_H_
#define LOGHEALTH_DATABASE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace loghealth {

// The schema version this build writes and reads.
constexpr int kMonitorDatabaseVersion = 2;

struct MonitorDatabaseOptions {
  size_t batch_rows = 5000;
  int64_t batch_millis = 1000;
  // How long to wait for another writer's transaction before failing.
  int64_t busy_timeout_millis = 60000;
  // Write on a thread of its own: AddFailure / AddMonitorRecord copy the
  // row into a queue and return at once, so a caller with work of its own
  // (classifying) and SQLite use two cores. A write error then comes back
  // from a later call or from Flush(); an open batch also commits when it
  // is `batch_millis` old with no row after it.
  bool background_writer = false;
};

// Failures grouped the way people look for the cause: by log type, reason
// and field.
struct FailureGroup {
  std::string log_type, reason, field;
  int64_t count = 0;
  std::string first_seen, last_seen;  // p_parse_time, RFC 3339
  std::string error;                  // the latest row's
  std::string sample_payload;         // the latest row's, verbatim bytes
  int64_t sample_offset = -1;         // where in it the failure was found
  std::string sample_got;
};

struct FailureQuery {
  std::string source_id;    // "" = every source
  std::string log_type;     // "" = every type
  int64_t since_ns = 0;     // p_parse_time at or after (unix ns); 0 = all
  size_t limit = 100;       // groups
};

class MonitorDatabase {
 public:
  // Opens (creating, migrating) the database at `path`.
  static absl::StatusOr<std::unique_ptr<MonitorDatabase>> Open(
      const std::string& path, MonitorDatabaseOptions options = {});
  ~MonitorDatabase();  // commits the open batch

  // A classification failure: its record (the classifier's JSON failure
  // row) and the log's bytes, kept exactly (text when UTF-8, a blob
  // otherwise). With `payload` absent, the record's own payload is used
  // (decoding its base64 form).
  absl::Status AddFailure(std::string_view failure_json,
                          std::optional<std::string_view> payload = std::nullopt);
  // A monitor record (HealthMonitor::TakeOutputs, records.jsonl): alert,
  // alert_update, alert_resolved, delivery, alarm_state, data_audit. Other
  // kinds are ignored.
  absl::Status AddMonitorRecord(std::string_view record_json);
  // Commits the open batch, if any.
  absl::Status Flush();

  absl::StatusOr<std::vector<FailureGroup>> FailureGroups(const FailureQuery& query);

  struct Impl;

 private:
  explicit MonitorDatabase(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace loghealth

#endif  // LOGHEALTH_DATABASE_H_
