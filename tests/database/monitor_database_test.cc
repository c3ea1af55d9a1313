// The panther_monitor database through its public API, read back with
// SQLite's own C API (not loghealth's wrapper): columns, exact payload
// bytes, bound parameters, versions, batches, concurrent use.
#include "loghealth/database.h"

#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "src/database/schema_sql.h"

namespace loghealth {
namespace {

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  std::string path = absl::StrCat(dir != nullptr ? dir : "/tmp", "/", name, "-", getpid(), ".db");
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
  return path;
}

// A plain SQLite connection for checking what was written.
class Reader {
 public:
  explicit Reader(const std::string& path) {
    EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                              nullptr),
              SQLITE_OK);
    sqlite3_busy_timeout(db_, 10000);
  }
  ~Reader() { sqlite3_close(db_); }
  Reader(const Reader&) = delete;

  // Every column of every row, as text ("NULL" for null; blobs as bytes).
  std::vector<std::vector<std::string>> Rows(const std::string& sql) {
    std::vector<std::vector<std::string>> rows;
    sqlite3_stmt* s = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db_);
    while (s != nullptr && sqlite3_step(s) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int i = 0; i < sqlite3_column_count(s); ++i) {
        if (sqlite3_column_type(s, i) == SQLITE_NULL) {
          row.push_back("NULL");
        } else {
          const void* p = sqlite3_column_blob(s, i);
          row.emplace_back(static_cast<const char*>(p), sqlite3_column_bytes(s, i));
        }
      }
      rows.push_back(std::move(row));
    }
    sqlite3_finalize(s);
    return rows;
  }
  std::string One(const std::string& sql) {
    auto rows = Rows(sql);
    return rows.empty() || rows[0].empty() ? "<no row>" : rows[0][0];
  }
  void Exec(const std::string& sql) {
    char* error = nullptr;
    EXPECT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
        << (error != nullptr ? error : "");
    sqlite3_free(error);
  }

 private:
  sqlite3* db_ = nullptr;
};

std::unique_ptr<MonitorDatabase> OpenOrDie(const std::string& path,
                                           MonitorDatabaseOptions options = {}) {
  auto db = MonitorDatabase::Open(path, options);
  EXPECT_TRUE(db.ok()) << db.status();
  return db.ok() ? *std::move(db) : nullptr;
}

// A failure record as the classifier writes it, with its payload as a
// JSON string.
std::string FailureRecord(const std::string& row_id, const std::string& payload_json,
                          const std::string& source_id = "src-1",
                          const std::string& log_type = "Custom.WebApp",
                          const std::string& parse_time = "2024-06-15T12:00:00Z") {
  return absl::StrCat(R"({"error":"request.status: expected smallint, got \"OK\"","id":")",
                      log_type, R"(","payload":)", payload_json, R"(,"p_source_id":")",
                      source_id, R"(","p_source_label":"web","p_parse_time":")", parse_time,
                      R"(","p_row_id":")", row_id,
                      R"(","reason":"type_mismatch","field":"request.status",)"
                      R"("expected":"smallint","got":"\"OK\"","offset":12,)"
                      R"("tried":[{"id":"Custom.WebApp","reason":"type_mismatch","error":"e"}]})");
}

TEST(MonitorDatabaseTest, NewFileGetsTheSchemaInWalMode) {
  const std::string path = TempPath("new");
  auto db = OpenOrDie(path);
  ASSERT_NE(db, nullptr);
  Reader r(path);
  EXPECT_EQ(r.One("PRAGMA user_version"), "2");
  EXPECT_EQ(r.One("PRAGMA journal_mode"), "wal");
  std::vector<std::string> names;
  for (auto& row : r.Rows("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
                          "ORDER BY name")) {
    names.push_back(row[0]);
  }
  EXPECT_EQ(names, (std::vector<std::string>{
                       "alarm_states", "alarm_states_by_subject", "alert_failures",
                       "alert_lines", "alert_lines_by_alert", "alerts", "alerts_by_source",
                       "alerts_by_status_type", "classification_failures",
                       "classification_failures_by_source_time",
                       "classification_failures_by_type_reason_field", "data_audit",
                       "data_audit_by_source_time", "deliveries"}));
}

TEST(MonitorDatabaseTest, FailureRowHasEveryColumn) {
  const std::string path = TempPath("columns");
  auto db = OpenOrDie(path);
  ASSERT_TRUE(db->AddFailure(FailureRecord("00000000000000aa0000000000000001",
                                           R"("{\"request\":{\"status\":\"OK\"}}")"))
                  .ok());
  ASSERT_TRUE(db->Flush().ok());
  Reader r(path);
  auto rows = r.Rows(
      "SELECT p_row_id, p_log_type, error, payload, typeof(payload), p_source_id, "
      "p_source_label, p_parse_time, p_parse_time_ns, reason, field, expected, got, "
      "\"offset\", tried FROM classification_failures");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{
                         "00000000000000aa0000000000000001", "Custom.WebApp",
                         "request.status: expected smallint, got \"OK\"",
                         R"({"request":{"status":"OK"}})", "text", "src-1", "web",
                         "2024-06-15T12:00:00Z",
                         // 2024-06-15T12:00:00Z: 19889 days and 12 hours.
                         std::to_string((19889LL * 86400 + 12 * 3600) * 1000000000LL),
                         "type_mismatch", "request.status", "smallint", "\"OK\"", "12",
                         R"([{"id":"Custom.WebApp","reason":"type_mismatch","error":"e"}])"}));
}

TEST(MonitorDatabaseTest, AbsentOptionalColumnsAreNull) {
  const std::string path = TempPath("nulls");
  auto db = OpenOrDie(path);
  ASSERT_TRUE(db->AddFailure(R"({"error":"malformed JSON","payload":"{","p_parse_time":)"
                             R"("2024-06-15T12:00:00Z","p_row_id":"r1","reason":"malformed_json"})")
                  .ok());
  ASSERT_TRUE(db->Flush().ok());
  Reader r(path);
  auto rows = r.Rows(
      "SELECT p_log_type, p_source_id, field, expected, got, \"offset\", tried "
      "FROM classification_failures");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], std::vector<std::string>(7, "NULL"));
}

TEST(MonitorDatabaseTest, PayloadBytesAreKeptExactly) {
  const std::string path = TempPath("bytes");
  auto db = OpenOrDie(path);
  const std::string invalid_utf8 = "{\"a\":\"\xff\xfe\xc3\x28\"}";
  const std::string with_nul = std::string("abc\0def", 7);
  std::string huge(1 << 20, 'x');
  huge[0] = '{';
  huge[huge.size() / 2] = '\xe9';  // a lone Latin-1 byte in the middle
  const std::string record = R"({"error":"e","payload":"","p_parse_time":"2024-06-15T12:00:00Z",)"
                             R"("reason":"malformed_json","p_row_id":")";
  ASSERT_TRUE(db->AddFailure(record + "bad\"}", invalid_utf8).ok());
  ASSERT_TRUE(db->AddFailure(record + "nul\"}", with_nul).ok());
  ASSERT_TRUE(db->AddFailure(record + "huge\"}", huge).ok());
  // Without the bytes beside it, the record's own base64 payload is decoded.
  const std::string base64_record =
      absl::StrCat(R"({"error":"e","payload":")", absl::Base64Escape(invalid_utf8),
                   R"(","payload_encoding":"base64","p_parse_time":"2024-06-15T12:00:00Z",)"
                   R"("reason":"malformed_json","p_row_id":"b64"})");
  ASSERT_TRUE(db->AddFailure(base64_record).ok());
  ASSERT_TRUE(db->AddFailure(record + "empty\"}", "").ok());  // empty, not NULL
  ASSERT_TRUE(db->Flush().ok());
  Reader r(path);
  auto rows = r.Rows("SELECT p_row_id, payload, typeof(payload) FROM classification_failures "
                     "ORDER BY p_row_id");
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"b64", invalid_utf8, "blob"}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{"bad", invalid_utf8, "blob"}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{"empty", "", "text"}));
  EXPECT_EQ(rows[3][0], "huge");
  EXPECT_EQ(rows[3][1].size(), huge.size());
  EXPECT_TRUE(rows[3][1] == huge);
  EXPECT_EQ(rows[3][2], "blob");
  EXPECT_EQ(rows[4], (std::vector<std::string>{"nul", with_nul, "blob"}));
}

TEST(MonitorDatabaseTest, SqlInTheDataIsStoredAsData) {
  const std::string path = TempPath("injection");
  auto db = OpenOrDie(path);
  const std::string evil_source = "x'); DROP TABLE classification_failures; --";
  const std::string evil_type = "Custom.\\\"A\\\"; DELETE FROM alerts; --";
  ASSERT_TRUE(db->AddFailure(FailureRecord("r1", R"("'; DROP TABLE alerts; --")", evil_source,
                                           evil_type))
                  .ok());
  ASSERT_TRUE(db->AddMonitorRecord(
                    R"({"record":"alert","alertId":"a' OR '1'='1","type":"SYSTEM_ERROR",)"
                    R"("sourceId":"s'; DROP TABLE alerts; --","title":"t\"; --",)"
                    R"("createdAt":"2024-06-15T12:00:00Z","status":"OPEN"})")
                  .ok());
  ASSERT_TRUE(db->Flush().ok());
  Reader r(path);
  EXPECT_EQ(r.Rows("SELECT p_source_id, p_log_type, payload FROM classification_failures"),
            (std::vector<std::vector<std::string>>{
                {evil_source, "Custom.\"A\"; DELETE FROM alerts; --", "'; DROP TABLE alerts; --"}}));
  EXPECT_EQ(r.Rows("SELECT id, source_id, title FROM alerts"),
            (std::vector<std::vector<std::string>>{
                {"a' OR '1'='1", "s'; DROP TABLE alerts; --", "t\"; --"}}));
  // The query's filters are bound too.
  FailureQuery q;
  q.source_id = evil_source;
  auto groups = db->FailureGroups(q);
  ASSERT_TRUE(groups.ok()) << groups.status();
  ASSERT_EQ(groups->size(), 1u);
  EXPECT_EQ((*groups)[0].count, 1);
  q.source_id = "' OR 1=1 --";
  groups = db->FailureGroups(q);
  ASSERT_TRUE(groups.ok());
  EXPECT_TRUE(groups->empty());
}

TEST(MonitorDatabaseTest, SameRowIdIsKeptOnce) {
  const std::string path = TempPath("dupes");
  {
    auto db = OpenOrDie(path);
    ASSERT_TRUE(db->AddFailure(FailureRecord("r1", R"("first")")).ok());
    ASSERT_TRUE(db->AddFailure(FailureRecord("r1", R"("second")")).ok());
  }
  {  // a rerun, in a new process's connection
    auto db = OpenOrDie(path);
    ASSERT_TRUE(db->AddFailure(FailureRecord("r1", R"("third")")).ok());
    ASSERT_TRUE(db->AddFailure(FailureRecord("r2", R"("fourth")")).ok());
  }
  Reader r(path);
  EXPECT_EQ(r.Rows("SELECT p_row_id, payload FROM classification_failures ORDER BY p_row_id"),
            (std::vector<std::vector<std::string>>{{"r1", "first"}, {"r2", "fourth"}}));
}

TEST(MonitorDatabaseTest, RowsCommitInBatches) {
  const std::string path = TempPath("batches");
  MonitorDatabaseOptions options;
  options.batch_rows = 3;
  options.batch_millis = 3600 * 1000;
  auto db = OpenOrDie(path, options);
  Reader r(path);
  const std::string count = "SELECT count(*) FROM classification_failures";
  ASSERT_TRUE(db->AddFailure(FailureRecord("r1", R"("1")")).ok());
  ASSERT_TRUE(db->AddFailure(FailureRecord("r2", R"("2")")).ok());
  EXPECT_EQ(r.One(count), "0");  // the batch is open: nothing visible yet
  ASSERT_TRUE(db->AddFailure(FailureRecord("r3", R"("3")")).ok());
  EXPECT_EQ(r.One(count), "3");  // full: committed
  ASSERT_TRUE(db->AddFailure(FailureRecord("r4", R"("4")")).ok());
  EXPECT_EQ(r.One(count), "3");
  ASSERT_TRUE(db->Flush().ok());
  EXPECT_EQ(r.One(count), "4");
  ASSERT_TRUE(db->AddFailure(FailureRecord("r5", R"("5")")).ok());
  db.reset();  // destruction commits the open batch
  EXPECT_EQ(r.One(count), "5");
}

TEST(MonitorDatabaseTest, OldBatchCommitsOnItsNextRow) {
  const std::string path = TempPath("batch-age");
  MonitorDatabaseOptions options;
  options.batch_rows = 1000;
  options.batch_millis = 50;
  auto db = OpenOrDie(path, options);
  Reader r(path);
  ASSERT_TRUE(db->AddFailure(FailureRecord("r1", R"("1")")).ok());
  EXPECT_EQ(r.One("SELECT count(*) FROM classification_failures"), "0");
  std::this_thread::sleep_for(std::chrono::milliseconds(80));
  ASSERT_TRUE(db->AddFailure(FailureRecord("r2", R"("2")")).ok());
  EXPECT_EQ(r.One("SELECT count(*) FROM classification_failures"), "2");
}

TEST(MonitorDatabaseTest, AReaderDoesNotBlockTheWriter) {
  const std::string path = TempPath("reader");
  MonitorDatabaseOptions options;
  options.batch_rows = 2;
  options.busy_timeout_millis = 200;  // a blocked writer would fail fast
  auto db = OpenOrDie(path, options);
  ASSERT_TRUE(db->AddFailure(FailureRecord("r1", R"("1")")).ok());
  ASSERT_TRUE(db->AddFailure(FailureRecord("r2", R"("2")")).ok());
  Reader r(path);
  r.Exec("BEGIN");
  EXPECT_EQ(r.One("SELECT count(*) FROM classification_failures"), "2");  // holds a snapshot
  for (int i = 3; i <= 10; ++i) {
    ASSERT_TRUE(db->AddFailure(FailureRecord(absl::StrCat("r", i), R"("x")")).ok());
  }
  ASSERT_TRUE(db->Flush().ok());
  EXPECT_EQ(r.One("SELECT count(*) FROM classification_failures"), "2");  // its snapshot
  r.Exec("COMMIT");
  EXPECT_EQ(r.One("SELECT count(*) FROM classification_failures"), "10");
}

TEST(MonitorDatabaseTest, TwoWritersOnOneFileBothFinish) {
  const std::string path = TempPath("writers");
  { OpenOrDie(path); }  // created once, as a first run would
  constexpr int kRows = 20000;
  std::atomic<int> failed{0};
  auto writer = [&](const std::string& prefix) {
    MonitorDatabaseOptions options;
    options.batch_rows = 500;
    auto db = MonitorDatabase::Open(path, options);
    if (!db.ok()) {
      ++failed;
      return;
    }
    for (int i = 0; i < kRows; ++i) {
      if (!(*db)->AddFailure(FailureRecord(absl::StrCat(prefix, i), R"("x")")).ok()) ++failed;
    }
    if (!(*db)->Flush().ok()) ++failed;
  };
  std::thread a(writer, "a");
  std::thread b(writer, "b");
  a.join();
  b.join();
  EXPECT_EQ(failed.load(), 0);
  Reader r(path);
  EXPECT_EQ(r.One("SELECT count(*) FROM classification_failures WHERE p_row_id LIKE 'a%'"),
            std::to_string(kRows));
  EXPECT_EQ(r.One("SELECT count(*) FROM classification_failures WHERE p_row_id LIKE 'b%'"),
            std::to_string(kRows));
  EXPECT_EQ(r.One("PRAGMA integrity_check"), "ok");
}

TEST(MonitorDatabaseTest, ANewerSchemaVersionIsRefused) {
  const std::string path = TempPath("future");
  {
    Reader r(path);
    r.Exec("CREATE TABLE classification_failures (x); PRAGMA user_version = 7");
  }
  auto db = MonitorDatabase::Open(path);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(db.status().message().find("schema version 7, newer than this loghealth's (2)"),
            std::string::npos)
      << db.status();
  Reader r(path);
  EXPECT_EQ(r.One("PRAGMA user_version"), "7");  // left as it was
}

TEST(MonitorDatabaseTest, AVersion1DatabaseIsMigratedKeepingItsRows) {
  const std::string path = TempPath("v1");
  {
    Reader r(path);
    r.Exec(std::string(db::kSchemaV1) +
           "INSERT INTO alert_lines (alert_id, time, log_type, error, payload) "
           "VALUES ('al-1', 't', 'Custom.A', 'bad', '{x');"
           "PRAGMA user_version = 1;");
  }
  auto db = OpenOrDie(path);
  ASSERT_NE(db, nullptr);
  Reader r(path);
  EXPECT_EQ(r.One("PRAGMA user_version"), "2");
  EXPECT_EQ(r.Rows("SELECT alert_id, payload, reason, \"offset\" FROM alert_lines"),
            (std::vector<std::vector<std::string>>{{"al-1", "{x", "NULL", "NULL"}}));
  std::vector<std::string> columns;
  for (auto& row : r.Rows("SELECT name FROM pragma_table_info('alert_lines')")) {
    columns.push_back(row[0]);
  }
  EXPECT_EQ(columns, (std::vector<std::string>{"alert_id", "time", "log_type", "error", "payload",
                                               "reason", "field", "expected", "got", "offset",
                                               "tried"}));
}

TEST(MonitorDatabaseTest, AForeignDatabaseIsNotTouched) {
  const std::string path = TempPath("foreign");
  {
    Reader r(path);
    r.Exec("CREATE TABLE classification_failures (x)");
  }
  auto db = MonitorDatabase::Open(path);
  ASSERT_FALSE(db.ok());
  EXPECT_NE(db.status().message().find("not a loghealth database"), std::string::npos)
      << db.status();
}

TEST(MonitorDatabaseTest, NotADatabaseFileIsAClearError) {
  const std::string path = TempPath("garbage");
  FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::fputs("this is not an SQLite file, just text that is long enough to have a header\n", f);
  std::fclose(f);
  auto db = MonitorDatabase::Open(path);
  ASSERT_FALSE(db.ok());
  EXPECT_NE(db.status().message().find(path), std::string::npos) << db.status();
}

TEST(MonitorDatabaseTest, MalformedRecordsAreRejectedNotStored) {
  const std::string path = TempPath("malformed");
  auto db = OpenOrDie(path);
  EXPECT_EQ(db->AddFailure("{not json").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(db->AddFailure("[1,2]").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(db->AddFailure(R"({"error":"e","payload":"x","reason":"r"})").code(),
            absl::StatusCode::kInvalidArgument);  // no p_row_id
  EXPECT_EQ(db->AddFailure(R"({"p_row_id":7})").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(db->AddFailure(R"({"p_row_id":"r","payload":"!!","payload_encoding":"base64"})")
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(db->AddMonitorRecord("\x01\x02").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(db->AddMonitorRecord(R"({"record":"delivery","seq":1})").message(),
            "monitor record \"delivery\" has no alertId");
  EXPECT_EQ(db->AddMonitorRecord(R"({"record":"data_audit"})").message(),
            "monitor record \"data_audit\" has no p_row_id");
  EXPECT_TRUE(db->AddMonitorRecord(R"({"record":"metrics","x":1})").ok());  // not kept
  ASSERT_TRUE(db->Flush().ok());
  Reader r(path);
  EXPECT_EQ(r.One("SELECT count(*) FROM classification_failures"), "0");
}

TEST(MonitorDatabaseTest, MonitorRecordsFillTheirTables) {
  const std::string path = TempPath("monitor");
  auto db = OpenOrDie(path);
  const char* records[] = {
      R"({"record":"alarm_state","seq":"1","source":"src-1","systemErrorType":"SOURCE_CLASSIFICATION_FAILURES","from":"OK","to":"ALARM","time":"2024-06-15T12:00:00Z","reason":"first classification failure","alertId":"al-1"})",
      R"({"record":"alert","alertId":"al-1","type":"SYSTEM_ERROR","severity":"CRITICAL","systemErrorType":"SOURCE_CLASSIFICATION_FAILURES","relatedComponent":"src-1","title":"Classification failures","description":"d","sourceId":"src-1","sourceLabel":"web","createdAt":"2024-06-15T12:00:00Z","updatedAt":"2024-06-15T12:00:00Z","occurrences":1,"status":"OPEN","context":{"firstLines":[{"time":"2024-06-15T12:00:00Z","logType":"Custom.WebApp","error":"bad","payload":"{x"}],"latestLines":[{"time":"2024-06-15T12:00:03Z","logType":"Custom.WebApp","error":"n: expected bigint","payload":"{\"n\":\"x\"}","reason":"type_mismatch","field":"n","expected":"bigint","got":"\"x\"","offset":"6","triedJson":"[{\"id\":\"Custom.WebApp\"}]"}]}})",
      R"({"record":"delivery","seq":"3","alertId":"al-1","destinationId":"slack","attempt":2,"success":false,"statusCode":503,"message":"HTTP 503","responseExcerpt":"upstream down","durationMs":12,"dispatchedAt":"2024-06-15T12:00:01Z"})",
      R"({"record":"alert_update","alertId":"al-1","occurrences":4,"updatedAt":"2024-06-15T12:05:00Z"})",
      R"({"record":"alert_resolved","alertId":"al-1","resolvedAt":"2024-06-15T13:00:00Z","resolvedBy":"alice","resolution":"schema fixed"})",
      R"({"record":"data_audit","p_row_id":"da-1","operation":"GetObject","status":"FAILURE","error":"AccessDenied","s3bucket":"b","s3key":"k/1.gz","s3objectsize":null,"recordcount":0,"assumedrolearn":"arn:aws:iam::1:role/r","p_source_id":"src-1","p_event_time":"2024-06-15T12:00:00Z","p_parse_time":"2024-06-15T12:00:02Z"})",
  };
  for (const char* record : records) ASSERT_TRUE(db->AddMonitorRecord(record).ok()) << record;
  ASSERT_TRUE(db->Flush().ok());
  Reader r(path);
  EXPECT_EQ(r.Rows("SELECT id, severity, system_error_type, source_id, occurrences, status, "
                   "updated_at, resolved_at, resolved_by, resolution FROM alerts"),
            (std::vector<std::vector<std::string>>{
                {"al-1", "CRITICAL", "SOURCE_CLASSIFICATION_FAILURES", "src-1", "4", "RESOLVED",
                 "2024-06-15T13:00:00Z", "2024-06-15T13:00:00Z", "alice", "schema fixed"}}));
  // A line without the failure's detail (an older host) has NULLs there.
  EXPECT_EQ(r.Rows("SELECT alert_id, log_type, error, payload, reason, field, expected, got, "
                   "\"offset\", tried FROM alert_lines ORDER BY time"),
            (std::vector<std::vector<std::string>>{
                {"al-1", "Custom.WebApp", "bad", "{x", "NULL", "NULL", "NULL", "NULL", "NULL",
                 "NULL"},
                {"al-1", "Custom.WebApp", "n: expected bigint", "{\"n\":\"x\"}",
                 "type_mismatch", "n", "bigint", "\"x\"", "6", "[{\"id\":\"Custom.WebApp\"}]"}}));
  EXPECT_EQ(r.Rows("SELECT seq, alert_id, destination_id, attempt, success, status_code, "
                   "message, response_excerpt, duration_ms, time FROM deliveries"),
            (std::vector<std::vector<std::string>>{{"3", "al-1", "slack", "2", "0", "503",
                                                    "HTTP 503", "upstream down", "12",
                                                    "2024-06-15T12:00:01Z"}}));
  EXPECT_EQ(r.Rows("SELECT seq, subject_kind, subject, from_state, to_state, reason, alert_id "
                   "FROM alarm_states"),
            (std::vector<std::vector<std::string>>{{"1", "source", "src-1", "OK", "ALARM",
                                                    "first classification failure", "al-1"}}));
  EXPECT_EQ(r.Rows("SELECT p_row_id, status, error, s3key, s3objectsize, assumedrolearn "
                   "FROM data_audit"),
            (std::vector<std::vector<std::string>>{
                {"da-1", "FAILURE", "AccessDenied", "k/1.gz", "NULL", "arn:aws:iam::1:role/r"}}));
}

TEST(MonitorDatabaseTest, AlertLinesKeepTheFirstAndLatestAsTheAlertDoes) {
  const std::string path = TempPath("lines");
  auto db = OpenOrDie(path);
  auto line = [](int i) {
    return absl::StrFormat(
        R"({"time":"2024-06-15T12:00:0%dZ","logType":"Custom.A","error":"e%d","payload":"p%d",)"
        R"("reason":"type_mismatch","offset":"%d"})",
        i, i, i, i);
  };
  ASSERT_TRUE(db->AddMonitorRecord(absl::StrCat(
                                       R"({"record":"alert","alertId":"al-1","status":"OPEN",)",
                                       R"("context":{"firstLines":[)", line(1),
                                       R"(],"latestLines":[)", line(1), "]}}"))
                  .ok());
  for (int i = 2; i <= 5; ++i) {
    ASSERT_TRUE(db->AddMonitorRecord(absl::StrCat(R"({"record":"alert_update","alertId":"al-1",)",
                                                  R"("occurrences":)", i, R"(,"line":)", line(i),
                                                  R"(,"keepLines":2})"))
                    .ok());
  }
  // An update without a line (another alert type) leaves the lines alone.
  ASSERT_TRUE(db->AddMonitorRecord(
                    R"({"record":"alert_update","alertId":"al-1","occurrences":6})")
                  .ok());
  ASSERT_TRUE(db->Flush().ok());
  Reader r(path);
  EXPECT_EQ(r.Rows("SELECT payload, \"offset\" FROM alert_lines ORDER BY rowid"),
            (std::vector<std::vector<std::string>>{
                {"p1", "1"}, {"p2", "2"}, {"p4", "4"}, {"p5", "5"}}));
  EXPECT_EQ(r.One("SELECT occurrences FROM alerts"), "6");
}

TEST(MonitorDatabaseTest, FailureGroupsCountAndSample) {
  const std::string path = TempPath("groups");
  auto db = OpenOrDie(path);
  auto add = [&](const std::string& id, const std::string& source, const std::string& type,
                 const std::string& reason, const std::string& field, const std::string& time,
                 const std::string& payload) {
    ASSERT_TRUE(db->AddFailure(absl::StrCat(
                                   R"({"error":"err )", id, R"(","id":")", type,
                                   R"(","payload":")", payload, R"(","p_source_id":")", source,
                                   R"(","p_parse_time":")", time, R"(","p_row_id":")", id,
                                   R"(","reason":")", reason, R"(","field":")", field,
                                   R"(","got":"\"v\"","offset":3})"))
                    .ok());
  };
  add("1", "s1", "A", "type_mismatch", "x", "2024-06-15T12:00:00Z", "p1");
  add("2", "s1", "A", "type_mismatch", "x", "2024-06-15T12:02:00Z", "p2");
  add("3", "s1", "A", "type_mismatch", "x", "2024-06-15T12:01:00Z", "p3");
  add("4", "s1", "A", "missing_required", "y", "2024-06-15T12:03:00Z", "p4");
  add("5", "s2", "B", "type_mismatch", "x", "2024-06-15T12:04:00Z", "p5");
  auto groups = db->FailureGroups({});
  ASSERT_TRUE(groups.ok()) << groups.status();
  ASSERT_EQ(groups->size(), 3u);
  const FailureGroup& top = (*groups)[0];
  EXPECT_EQ(top.log_type, "A");
  EXPECT_EQ(top.reason, "type_mismatch");
  EXPECT_EQ(top.field, "x");
  EXPECT_EQ(top.count, 3);
  EXPECT_EQ(top.first_seen, "2024-06-15T12:00:00Z");
  EXPECT_EQ(top.last_seen, "2024-06-15T12:02:00Z");
  EXPECT_EQ(top.error, "err 2");  // the latest row's
  EXPECT_EQ(top.sample_payload, "p2");
  EXPECT_EQ(top.sample_offset, 3);
  EXPECT_EQ(top.sample_got, "\"v\"");
  // Ties (one row each) in log type, reason, field order.
  EXPECT_EQ((*groups)[1].log_type + (*groups)[1].reason, "Amissing_required");
  EXPECT_EQ((*groups)[2].log_type + (*groups)[2].reason, "Btype_mismatch");

  FailureQuery by_source;
  by_source.source_id = "s2";
  EXPECT_EQ(db->FailureGroups(by_source)->size(), 1u);
  FailureQuery by_type;
  by_type.log_type = "A";
  EXPECT_EQ(db->FailureGroups(by_type)->size(), 2u);
  FailureQuery since;
  since.since_ns = (19889LL * 86400 + 12 * 3600 + 150) * 1000000000LL;  // 12:02:30
  auto recent = db->FailureGroups(since);
  ASSERT_EQ(recent->size(), 2u);
  EXPECT_EQ((*recent)[0].reason, "missing_required");
  FailureQuery limited;
  limited.limit = 1;
  EXPECT_EQ(db->FailureGroups(limited)->size(), 1u);
}

// ---- background_writer: the same rows, written on a thread of its own ----

MonitorDatabaseOptions Background(size_t batch_rows = 5000, int64_t batch_millis = 1000) {
  MonitorDatabaseOptions options;
  options.background_writer = true;
  options.batch_rows = batch_rows;
  options.batch_millis = batch_millis;
  return options;
}

TEST(BackgroundWriterTest, FlushWritesEverythingInOrder) {
  const std::string path = TempPath("bg-order");
  auto db = OpenOrDie(path, Background(/*batch_rows=*/7));
  for (int i = 0; i < 1000; ++i) {
    ASSERT_TRUE(db->AddFailure(FailureRecord(absl::StrFormat("r%04d", i), "\"x\""),
                               absl::StrCat("payload ", i))
                    .ok());
  }
  ASSERT_TRUE(db->AddMonitorRecord(R"({"record":"alert","alertId":"a1","status":"OPEN"})").ok());
  ASSERT_TRUE(db->AddMonitorRecord(R"({"record":"alert_resolved","alertId":"a1","resolvedBy":"bo"})")
                  .ok());
  ASSERT_TRUE(db->Flush().ok());
  Reader r(path);
  EXPECT_EQ(r.One("SELECT count(*) FROM classification_failures"), "1000");
  // Insertion order is row order: rowid follows the calls.
  EXPECT_EQ(r.One("SELECT count(*) FROM classification_failures a JOIN classification_failures b "
                  "ON a.rowid < b.rowid AND a.p_row_id > b.p_row_id"),
            "0");
  EXPECT_EQ(r.One("SELECT payload FROM classification_failures WHERE p_row_id = 'r0999'"),
            "payload 999");
  // The resolution came after the alert: it applies to it.
  EXPECT_EQ(r.One("SELECT status || ' ' || resolved_by FROM alerts"), "RESOLVED bo");
}

TEST(BackgroundWriterTest, DestructionCommitsWhatIsQueued) {
  const std::string path = TempPath("bg-destroy");
  {
    auto db = OpenOrDie(path, Background());
    for (int i = 0; i < 300; ++i) {
      ASSERT_TRUE(db->AddFailure(FailureRecord(absl::StrCat("r", i), "\"x\"")).ok());
    }
  }
  Reader r(path);
  EXPECT_EQ(r.One("SELECT count(*) FROM classification_failures"), "300");
}

TEST(BackgroundWriterTest, AnIdleOldBatchCommitsWithoutAnotherRow) {
  const std::string path = TempPath("bg-idle");
  auto db = OpenOrDie(path, Background(/*batch_rows=*/1000, /*batch_millis=*/20));
  ASSERT_TRUE(db->AddFailure(FailureRecord("r1", "\"x\"")).ok());
  Reader r(path);
  // Behaviour, not speed: the commit must come with no further call; ten
  // seconds is only a bound on waiting for it.
  std::string count = "0";
  for (int i = 0; i < 1000 && count == "0"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    count = r.One("SELECT count(*) FROM classification_failures");
  }
  EXPECT_EQ(count, "1");
}

TEST(BackgroundWriterTest, AWriteErrorComesBackAndStopsTheWriter) {
  const std::string path = TempPath("bg-error");
  auto db = OpenOrDie(path, Background());
  ASSERT_TRUE(db->AddFailure(FailureRecord("r1", "\"x\"")).ok());
  ASSERT_TRUE(db->AddFailure("{not json").ok());  // queued: not parsed yet
  absl::Status flushed = db->Flush();
  EXPECT_EQ(flushed.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(flushed.message().rfind("failure record: not ", 0), 0u) << flushed;
  EXPECT_EQ(db->AddFailure(FailureRecord("r2", "\"x\"")).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(db->Flush().code(), absl::StatusCode::kInvalidArgument);
}

TEST(BackgroundWriterTest, GroupsSeeWhatWasQueued) {
  const std::string path = TempPath("bg-groups");
  auto db = OpenOrDie(path, Background());
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(db->AddFailure(FailureRecord(absl::StrCat("r", i), "\"x\"")).ok());
  }
  auto groups = db->FailureGroups({});
  ASSERT_TRUE(groups.ok()) << groups.status();
  ASSERT_EQ(groups->size(), 1u);
  EXPECT_EQ((*groups)[0].count, 5);
}

TEST(BackgroundWriterTest, TwoBackgroundWritersOnOneFile) {
  const std::string path = TempPath("bg-two");
  constexpr int kRows = 20000;
  std::atomic<int> failed{0};
  auto writer = [&](const std::string& prefix) {
    auto db = MonitorDatabase::Open(path, Background(/*batch_rows=*/500));
    if (!db.ok()) {
      ++failed;
      return;
    }
    for (int i = 0; i < kRows; ++i) {
      if (!(*db)->AddFailure(FailureRecord(absl::StrCat(prefix, i), "\"x\"")).ok()) ++failed;
    }
    if (!(*db)->Flush().ok()) ++failed;
  };
  std::thread a(writer, "a");
  std::thread b(writer, "b");
  a.join();
  b.join();
  EXPECT_EQ(failed.load(), 0);
  Reader r(path);
  EXPECT_EQ(r.One("SELECT count(*) FROM classification_failures"), std::to_string(2 * kRows));
}

}  // namespace
}  // namespace loghealth
