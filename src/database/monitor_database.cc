// MonitorDatabase: opening and migrating, rows from failure records and
// monitor records, batched transactions, and the failure summary.
#include "loghealth/database.h"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <thread>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "loghealth/timestamp.h"
#include "simdjson.h"
#include "src/database/background_writer.h"
#include "src/database/schema_sql.h"
#include "src/database/sqlite.h"
#include "src/util/text_checks.h"

namespace loghealth {
namespace {

using simdjson::dom::element;

// A string member, "" when absent or not a string.
std::string_view Str(element e, const char* key) {
  std::string_view v;
  if (e[key].get_string().get(v) != simdjson::SUCCESS) return {};
  return v;
}

// An integer member (also one written as a string, as protobuf's JSON
// writes int64), `fallback` when absent.
int64_t Int(element e, const char* key, int64_t fallback) {
  element v;
  if (e[key].get(v) != simdjson::SUCCESS) return fallback;
  int64_t i = 0;
  if (v.get_int64().get(i) == simdjson::SUCCESS) return i;
  std::string_view s;
  if (v.get_string().get(s) == simdjson::SUCCESS && !s.empty()) {
    char* end = nullptr;
    const std::string text(s);
    const long long parsed = std::strtoll(text.c_str(), &end, 10);
    if (end != nullptr && *end == '\0') return parsed;
  }
  return fallback;
}

bool Bool(element e, const char* key) {
  bool b = false;
  return e[key].get_bool().get(b) == simdjson::SUCCESS && b;
}

std::string Json(element e, const char* key) {
  element v;
  if (e[key].get(v) != simdjson::SUCCESS) return {};
  return simdjson::minify(v);
}

// Unix ns of an RFC 3339 time; 0 when empty or unreadable.
int64_t Nanos(std::string_view text) {
  if (text.empty()) return 0;
  static const TimeCodec* rfc3339 = new TimeCodec(*TimeCodec::Compile("rfc3339"));
  Timestamp t;
  TimeParseError e;
  if (rfc3339->Parse(text, TimeValueKind::kString, &t, &e) != TimeParseStatus::kOk ||
      !t.FitsUnixNanos()) {
    return 0;
  }
  return t.UnixNanos();
}

}  // namespace

struct MonitorDatabase::Impl {
  std::mutex mu;
  MonitorDatabaseOptions options;
  std::unique_ptr<db::Connection> conn;
  simdjson::dom::parser parser;
  bool in_batch = false;
  size_t batch_rows = 0;
  std::chrono::steady_clock::time_point batch_start;
  db::Statement insert_failure, insert_audit, upsert_alert, update_alert, resolve_alert,
      insert_line, prune_lines, insert_delivery, insert_alarm;

  absl::Status Prepare();
  absl::Status Begin();
  absl::Status Commit();
  // After a row: commits when the batch is full or old.
  absl::Status Added();
  absl::Status Failure(std::string_view json, std::optional<std::string_view> payload);
  simdjson::ondemand::parser ondemand;
  std::string padded, got_, tried_, decoded_;
  std::string failure_strings[11];
  absl::Status Record(element r);
  // One failing line of an alert (protobuf's JSON of monitor.FailingLine).
  absl::Status InsertLine(std::string_view alert_id, element line);

  // With options.background_writer: the rows' way to the thread that
  // writes them (under `mu`, like every other use of the connection).
  std::unique_ptr<db::BackgroundWriter> writer;
  absl::Status WriteQueued(const std::vector<db::BackgroundWriter::Row>& rows);
  absl::Status Tick(bool flush);
};

namespace {

// Runs `step` until SQLite stops answering busy (another writer holds the
// lock past the busy timeout, or a deadlock-prone upgrade was refused).
template <typename Step>
absl::Status RetryWhileBusy(int64_t budget_millis, Step step) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(budget_millis);
  for (int attempt = 0;; ++attempt) {
    absl::Status s = step();
    if (!absl::IsUnavailable(s) || std::chrono::steady_clock::now() >= deadline) return s;
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min(5 << std::min(attempt, 6), 200)));
  }
}

// The version, read inside the caller's transaction.
absl::StatusOr<int64_t> SchemaVersion(db::Connection* conn) {
  auto version = conn->Prepare("PRAGMA user_version");
  if (!version.ok()) return version.status();
  auto row = version->Step();
  if (!row.ok()) return row.status();
  return version->ColumnInt(0);
}

absl::Status CreateOrMigrateLocked(db::Connection* conn) {
  auto v = SchemaVersion(conn);
  if (!v.ok()) return v.status();
  if (*v > kMonitorDatabaseVersion) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the database has schema version ", *v, ", newer than this loghealth's (",
        kMonitorDatabaseVersion, "): open it with a newer loghealth"));
  }
  if (*v == kMonitorDatabaseVersion) return absl::OkStatus();
  // One step per version, in the caller's transaction.
  if (*v == 1) return conn->Exec(absl::StrCat(db::kSchemaV2, "PRAGMA user_version = 2;"));
  // Version 0: a new file (or one without our tables).
  auto tables = conn->Prepare("SELECT count(*) FROM sqlite_master WHERE name = ?");
  if (!tables.ok()) return tables.status();
  tables->BindText(1, "classification_failures");
  auto found = tables->Step();
  if (!found.ok()) return found.status();
  if (tables->ColumnInt(0) > 0) {
    return absl::FailedPreconditionError(
        "the database has a classification_failures table but no loghealth schema version "
        "(PRAGMA user_version = 0): not a loghealth database, refusing to change it");
  }
  return conn->Exec(absl::StrCat(db::kSchemaV1, db::kSchemaV2, "PRAGMA user_version = 2;"));
}

absl::Status CreateOrMigrate(db::Connection* conn) {
  // The common case without the write lock: a current database.
  auto v = SchemaVersion(conn);
  if (!v.ok()) return v.status();
  if (*v == kMonitorDatabaseVersion) return absl::OkStatus();
  // Otherwise decide under the write lock: two processes opening a new
  // file at once must not both create the tables.
  if (absl::Status s = conn->Exec("BEGIN IMMEDIATE"); !s.ok()) return s;
  absl::Status s = CreateOrMigrateLocked(conn);
  if (s.ok()) s = conn->Exec("COMMIT");
  if (!s.ok()) (void)conn->Exec("ROLLBACK");
  return s;
}

}  // namespace

absl::StatusOr<std::unique_ptr<MonitorDatabase>> MonitorDatabase::Open(
    const std::string& path, MonitorDatabaseOptions options) {
  auto conn = db::Connection::Open(path);
  if (!conn.ok()) return conn.status();
  (*conn)->SetBusyTimeout(options.busy_timeout_millis);
  // WAL: readers never block the writer; NORMAL sync keeps committed
  // batches across a process kill (a power loss may lose the last ones).
  // 64 KiB pages (the largest): failure rows carry whole log lines, and
  // WAL writes two syscalls a page; against 16 KiB pages this took the
  // all-failing bench from about 100k to 130k rows/s. Checkpoints every
  // 1000 pages (64 MiB of WAL).
  for (const char* pragma : {"PRAGMA page_size = 65536", "PRAGMA journal_mode = WAL",
                             "PRAGMA synchronous = NORMAL", "PRAGMA cache_size = -65536",
                             "PRAGMA mmap_size = 268435456", "PRAGMA wal_autocheckpoint = 1000"}) {
    absl::Status s = RetryWhileBusy(options.busy_timeout_millis,
                                    [&] { return (*conn)->Exec(pragma); });
    if (!s.ok()) return absl::Status(s.code(), absl::StrCat(path, ": ", s.message()));
  }
  absl::Status migrated = RetryWhileBusy(options.busy_timeout_millis,
                                         [&] { return CreateOrMigrate(conn->get()); });
  if (!migrated.ok()) {
    return absl::Status(migrated.code(), absl::StrCat(path, ": ", migrated.message()));
  }
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->conn = *std::move(conn);
  if (absl::Status s = impl->Prepare(); !s.ok()) return s;
  if (options.background_writer) {
    Impl* m = impl.get();
    impl->writer = std::make_unique<db::BackgroundWriter>(
        [m](const std::vector<db::BackgroundWriter::Row>& rows) { return m->WriteQueued(rows); },
        [m](bool flush) { return m->Tick(flush); },
        std::max<int64_t>(1, std::min<int64_t>(options.batch_millis, 100)),
        /*max_queued_bytes=*/64 << 20);
  }
  return std::unique_ptr<MonitorDatabase>(new MonitorDatabase(std::move(impl)));
}

MonitorDatabase::MonitorDatabase(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

MonitorDatabase::~MonitorDatabase() {
  impl_->writer.reset();  // writes what is queued and commits
  (void)Flush();
}

absl::Status MonitorDatabase::Impl::WriteQueued(
    const std::vector<db::BackgroundWriter::Row>& rows) {
  std::lock_guard<std::mutex> lock(mu);
  for (const db::BackgroundWriter::Row& row : rows) {
    if (absl::Status s = Begin(); !s.ok()) return s;
    absl::Status s;
    switch (row.kind) {
      case db::BackgroundWriter::Kind::kFailure:
        s = Failure(row.record, std::nullopt);
        break;
      case db::BackgroundWriter::Kind::kFailureWithPayload:
        s = Failure(row.record, row.payload);
        break;
      case db::BackgroundWriter::Kind::kMonitorRecord: {
        element r;
        if (auto error = parser.parse(row.record.data(), row.record.size()).get(r)) {
          s = absl::InvalidArgumentError(
              absl::StrCat("monitor record: not JSON: ", simdjson::error_message(error)));
        } else {
          s = Record(r);
        }
        break;
      }
    }
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status MonitorDatabase::Impl::Tick(bool flush) {
  std::lock_guard<std::mutex> lock(mu);
  if (flush || (in_batch && std::chrono::steady_clock::now() - batch_start >=
                                std::chrono::milliseconds(options.batch_millis))) {
    return Commit();
  }
  return absl::OkStatus();
}

absl::Status MonitorDatabase::Impl::Prepare() {
  struct Sql {
    db::Statement* out;
    const char* text;
  };
  const Sql statements[] = {
      {&insert_failure,
       "INSERT OR IGNORE INTO classification_failures (p_row_id, p_log_type, error, payload, "
       "p_source_id, p_source_label, p_parse_time, p_parse_time_ns, reason, field, expected, "
       "got, \"offset\", tried) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"},
      {&insert_audit,
       "INSERT OR IGNORE INTO data_audit (p_row_id, operation, status, error, s3bucket, s3key, "
       "s3objectversionid, s3objectsize, recordcount, assumedrolearn, p_source_id, "
       "p_source_label, p_event_time, p_event_time_ns, p_parse_time) "
       "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"},
      {&upsert_alert,
       "INSERT OR REPLACE INTO alerts (id, type, severity, system_error_type, "
       "related_component, title, description, source_id, source_label, destination_id, "
       "account, resource, created_at, created_at_ns, updated_at, resolved_at, resolved_at_ns, "
       "resolved_by, resolution, occurrences, status, context) "
       "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"},
      {&update_alert, "UPDATE alerts SET occurrences = ?, updated_at = ? WHERE id = ?"},
      {&resolve_alert,
       "UPDATE alerts SET status = 'RESOLVED', resolved_at = ?, resolved_at_ns = ?, "
       "resolved_by = ?, resolution = ?, updated_at = ? WHERE id = ?"},
      {&insert_line,
       "INSERT OR IGNORE INTO alert_lines (alert_id, time, log_type, error, payload, reason, "
       "field, expected, got, \"offset\", tried) VALUES (?,?,?,?,?,?,?,?,?,?,?)"},
      // The alert keeps its first and its latest `keep` lines: so does the
      // table (rows in the order they came).
      {&prune_lines,
       "DELETE FROM alert_lines WHERE alert_id = ?1 AND rowid NOT IN (SELECT rowid FROM "
       "alert_lines WHERE alert_id = ?1 ORDER BY rowid LIMIT ?2) AND rowid NOT IN (SELECT rowid "
       "FROM alert_lines WHERE alert_id = ?1 ORDER BY rowid DESC LIMIT ?2)"},
      {&insert_delivery,
       "INSERT OR IGNORE INTO deliveries (seq, alert_id, destination_id, attempt, "
       "resolved_notice, success, status_code, message, response_excerpt, duration_ms, time, "
       "time_ns) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"},
      {&insert_alarm,
       "INSERT OR IGNORE INTO alarm_states (seq, subject_kind, subject, system_error_type, "
       "from_state, to_state, time, time_ns, reason, alert_id) VALUES (?,?,?,?,?,?,?,?,?,?)"},
  };
  for (const Sql& sql : statements) {
    auto s = conn->Prepare(sql.text);
    if (!s.ok()) return s.status();
    *sql.out = *std::move(s);
  }
  return absl::OkStatus();
}

absl::Status MonitorDatabase::Impl::Begin() {
  if (in_batch) return absl::OkStatus();
  // IMMEDIATE: take the write lock now, so that two writers queue on the
  // busy timeout instead of deadlocking on a read lock's upgrade.
  absl::Status s = RetryWhileBusy(options.busy_timeout_millis,
                                  [&] { return conn->Exec("BEGIN IMMEDIATE"); });
  if (!s.ok()) return s;
  in_batch = true;
  batch_rows = 0;
  batch_start = std::chrono::steady_clock::now();
  return absl::OkStatus();
}

absl::Status MonitorDatabase::Impl::Commit() {
  if (!in_batch) return absl::OkStatus();
  absl::Status s = RetryWhileBusy(options.busy_timeout_millis,
                                  [&] { return conn->Exec("COMMIT"); });
  if (!s.ok()) {
    (void)conn->Exec("ROLLBACK");
  }
  in_batch = false;
  batch_rows = 0;
  return s;
}

absl::Status MonitorDatabase::Impl::Added() {
  ++batch_rows;
  if (batch_rows >= options.batch_rows ||
      std::chrono::steady_clock::now() - batch_start >=
          std::chrono::milliseconds(options.batch_millis)) {
    return Commit();
  }
  return absl::OkStatus();
}

absl::Status MonitorDatabase::Impl::Failure(std::string_view json,
                                            std::optional<std::string_view> payload) {
  // On-Demand, one pass over the keys: the payload (most of a record's
  // bytes) is not even unescaped when the caller has the log's bytes.
  padded.assign(json.data(), json.size());
  padded.resize(json.size() + simdjson::SIMDJSON_PADDING);
  simdjson::ondemand::document doc;
  simdjson::ondemand::object object;
  if (auto error = ondemand.iterate(padded.data(), json.size(), padded.size()).get(doc)) {
    return absl::InvalidArgumentError(
        absl::StrCat("failure record: not JSON: ", simdjson::error_message(error)));
  }
  if (auto error = doc.get_object().get(object)) {
    return absl::InvalidArgumentError(
        absl::StrCat("failure record: not an object: ", simdjson::error_message(error)));
  }
  std::string_view row_id, log_type, error_text, record_payload, source_id, source_label,
      parse_time, reason, field, expected, got, tried;
  // Strings are unescaped into the parser's buffer: copied before the next
  // (into buffers kept across rows, so steady state allocates nothing).
  std::string* strings = failure_strings;
  bool base64 = false;
  int64_t offset = -1;
  for (auto member : object) {
    std::string_view key;
    if (member.unescaped_key().get(key) != simdjson::SUCCESS) {
      return absl::InvalidArgumentError("failure record: malformed");
    }
    auto text = [&](int slot, std::string_view* out) -> absl::Status {
      std::string_view v;
      if (member.value().get_string().get(v) != simdjson::SUCCESS) {
        return absl::InvalidArgumentError(absl::StrCat("failure record: ", std::string(key),
                                                       " is not a string"));
      }
      strings[slot].assign(v.data(), v.size());
      *out = strings[slot];
      return absl::OkStatus();
    };
    absl::Status st;
    if (key == "p_row_id") {
      st = text(0, &row_id);
    } else if (key == "id") {
      st = text(1, &log_type);
    } else if (key == "error") {
      st = text(2, &error_text);
    } else if (key == "payload") {
      if (!payload.has_value()) st = text(3, &record_payload);
    } else if (key == "payload_encoding") {
      std::string_view e;
      st = text(4, &e);
      base64 = e == "base64";
    } else if (key == "p_source_id") {
      st = text(5, &source_id);
    } else if (key == "p_source_label") {
      st = text(6, &source_label);
    } else if (key == "p_parse_time") {
      st = text(7, &parse_time);
    } else if (key == "reason") {
      st = text(8, &reason);
    } else if (key == "field") {
      st = text(9, &field);
    } else if (key == "expected") {
      st = text(10, &expected);
    } else if (key == "got") {
      std::string_view v;
      if (member.value().get_string().get(v) == simdjson::SUCCESS) {
        got_.assign(v.data(), v.size());
        got = got_;
      }
    } else if (key == "offset") {
      if (member.value().get_int64().get(offset) != simdjson::SUCCESS) offset = -1;
    } else if (key == "tried") {
      std::string_view raw;
      simdjson::ondemand::array list;
      if (member.value().get_array().get(list) == simdjson::SUCCESS &&
          list.raw_json().get(raw) == simdjson::SUCCESS) {
        tried_.assign(raw.data(), raw.size());
        while (!tried_.empty() && (tried_.back() == ' ' || tried_.back() == '\n')) tried_.pop_back();
        tried = tried_;
      }
    }
    if (!st.ok()) return st;
  }
  if (row_id.empty()) return absl::InvalidArgumentError("failure record: no p_row_id");
  std::string_view bytes = payload.has_value() ? *payload : record_payload;
  if (!payload.has_value() && base64) {
    if (!absl::Base64Unescape(std::string(record_payload), &decoded_)) {
      return absl::InvalidArgumentError("failure record: payload is not base64");
    }
    bytes = decoded_;
  }
  db::Statement& s = insert_failure;
  s.BindText(1, row_id);
  s.BindTextOrNull(2, log_type);
  s.BindText(3, error_text);
  // Text when it is UTF-8 without NUL (what sqlite3 and other tools show
  // whole), a blob otherwise: either way the exact bytes.
  size_t bad = 0;
  if (IsValidUtf8(bytes, &bad) && bytes.find('\0') == std::string_view::npos) {
    s.BindText(4, bytes);
  } else {
    s.BindBlob(4, bytes);
  }
  s.BindTextOrNull(5, source_id);
  s.BindTextOrNull(6, source_label);
  s.BindText(7, parse_time);
  s.BindInt(8, Nanos(parse_time));
  s.BindText(9, reason);
  s.BindTextOrNull(10, field);
  s.BindTextOrNull(11, expected);
  s.BindTextOrNull(12, got);
  if (offset >= 0) {
    s.BindInt(13, offset);
  } else {
    s.BindNull(13);
  }
  s.BindTextOrNull(14, tried);
  if (absl::Status st = s.Run(); !st.ok()) return st;
  return Added();
}

absl::Status MonitorDatabase::Impl::InsertLine(std::string_view alert_id, element line) {
  db::Statement& l = insert_line;
  l.BindText(1, alert_id);
  l.BindTextOrNull(2, Str(line, "time"));
  l.BindTextOrNull(3, Str(line, "logType"));
  l.BindTextOrNull(4, Str(line, "error"));
  l.BindTextOrNull(5, Str(line, "payload"));
  l.BindTextOrNull(6, Str(line, "reason"));
  l.BindTextOrNull(7, Str(line, "field"));
  l.BindTextOrNull(8, Str(line, "expected"));
  l.BindTextOrNull(9, Str(line, "got"));
  const int64_t offset = Int(line, "offset", -1);
  if (offset >= 0) {
    l.BindInt(10, offset);
  } else {
    l.BindNull(10);
  }
  l.BindTextOrNull(11, Str(line, "triedJson"));
  return l.Run();
}

absl::Status MonitorDatabase::Impl::Record(element r) {
  const std::string_view kind = Str(r, "record");
  // The keys rows are found by: a record without one is refused, not
  // stored under "".
  const char* key = nullptr;
  if (kind == "data_audit") {
    key = "p_row_id";
  } else if (kind == "alert" || kind == "alert_update" || kind == "alert_resolved" ||
             kind == "delivery") {
    key = "alertId";
  }
  if (key != nullptr && Str(r, key).empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("monitor record \"", std::string(kind), "\" has no ", key));
  }
  if (kind == "alert") {
    db::Statement& s = upsert_alert;
    s.BindText(1, Str(r, "alertId"));
    s.BindTextOrNull(2, Str(r, "type"));
    s.BindTextOrNull(3, Str(r, "severity"));
    s.BindTextOrNull(4, Str(r, "systemErrorType"));
    s.BindTextOrNull(5, Str(r, "relatedComponent"));
    s.BindTextOrNull(6, Str(r, "title"));
    s.BindTextOrNull(7, Str(r, "description"));
    s.BindTextOrNull(8, Str(r, "sourceId"));
    s.BindTextOrNull(9, Str(r, "sourceLabel"));
    s.BindTextOrNull(10, Str(r, "destinationId"));
    s.BindTextOrNull(11, Str(r, "account"));
    s.BindTextOrNull(12, Str(r, "resource"));
    s.BindTextOrNull(13, Str(r, "createdAt"));
    s.BindInt(14, Nanos(Str(r, "createdAt")));
    s.BindTextOrNull(15, Str(r, "updatedAt"));
    s.BindTextOrNull(16, Str(r, "resolvedAt"));
    if (Str(r, "resolvedAt").empty()) {
      s.BindNull(17);
    } else {
      s.BindInt(17, Nanos(Str(r, "resolvedAt")));
    }
    s.BindTextOrNull(18, Str(r, "resolvedBy"));
    s.BindTextOrNull(19, Str(r, "resolution"));
    s.BindInt(20, Int(r, "occurrences", 1));
    s.BindTextOrNull(21, Str(r, "status"));
    std::string context = Json(r, "context");  // bound without a copy: kept until Run
    if (context.empty()) context = "{}";
    s.BindText(22, context);
    if (absl::Status st = s.Run(); !st.ok()) return st;
    // The failing lines it carries.
    element context_element;
    if (r["context"].get(context_element) == simdjson::SUCCESS) {
      for (const char* list : {"firstLines", "latestLines"}) {
        simdjson::dom::array lines;
        if (context_element[list].get_array().get(lines) != simdjson::SUCCESS) continue;
        for (element line : lines) {
          if (absl::Status st = InsertLine(Str(r, "alertId"), line); !st.ok()) return st;
        }
      }
    }
  } else if (kind == "alert_update") {
    db::Statement& s = update_alert;
    s.BindInt(1, Int(r, "occurrences", 1));
    s.BindTextOrNull(2, Str(r, "updatedAt"));
    s.BindText(3, Str(r, "alertId"));
    if (absl::Status st = s.Run(); !st.ok()) return st;
    element line;
    if (r["line"].get(line) == simdjson::SUCCESS) {
      if (absl::Status st = InsertLine(Str(r, "alertId"), line); !st.ok()) return st;
      db::Statement& p = prune_lines;
      p.BindText(1, Str(r, "alertId"));
      p.BindInt(2, std::max<int64_t>(Int(r, "keepLines", 10), 1));
      if (absl::Status st = p.Run(); !st.ok()) return st;
    }
  } else if (kind == "alert_resolved") {
    db::Statement& s = resolve_alert;
    s.BindTextOrNull(1, Str(r, "resolvedAt"));
    s.BindInt(2, Nanos(Str(r, "resolvedAt")));
    s.BindTextOrNull(3, Str(r, "resolvedBy"));
    s.BindTextOrNull(4, Str(r, "resolution"));
    s.BindTextOrNull(5, Str(r, "resolvedAt"));
    s.BindText(6, Str(r, "alertId"));
    if (absl::Status st = s.Run(); !st.ok()) return st;
  } else if (kind == "delivery") {
    db::Statement& s = insert_delivery;
    s.BindInt(1, Int(r, "seq", 0));
    s.BindText(2, Str(r, "alertId"));
    s.BindText(3, Str(r, "destinationId"));
    s.BindInt(4, Int(r, "attempt", 1));
    s.BindInt(5, Bool(r, "resolvedNotice") ? 1 : 0);
    s.BindInt(6, Bool(r, "success") ? 1 : 0);
    s.BindInt(7, Int(r, "statusCode", 0));
    s.BindTextOrNull(8, Str(r, "message"));
    s.BindTextOrNull(9, Str(r, "responseExcerpt"));
    s.BindInt(10, Int(r, "durationMs", 0));
    s.BindTextOrNull(11, Str(r, "dispatchedAt"));
    s.BindInt(12, Nanos(Str(r, "dispatchedAt")));
    if (absl::Status st = s.Run(); !st.ok()) return st;
  } else if (kind == "alarm_state") {
    db::Statement& s = insert_alarm;
    s.BindInt(1, Int(r, "seq", 0));
    std::string_view subject_kind, subject;
    for (const char* k : {"source", "destination", "account"}) {
      if (!Str(r, k).empty()) {
        subject_kind = k;
        subject = Str(r, k);
        break;
      }
    }
    s.BindTextOrNull(2, subject_kind);
    s.BindTextOrNull(3, subject);
    s.BindTextOrNull(4, Str(r, "systemErrorType"));
    s.BindTextOrNull(5, Str(r, "from"));
    s.BindTextOrNull(6, Str(r, "to"));
    s.BindTextOrNull(7, Str(r, "time"));
    s.BindInt(8, Nanos(Str(r, "time")));
    s.BindTextOrNull(9, Str(r, "reason"));
    s.BindTextOrNull(10, Str(r, "alertId"));
    if (absl::Status st = s.Run(); !st.ok()) return st;
  } else if (kind == "data_audit") {
    db::Statement& s = insert_audit;
    s.BindText(1, Str(r, "p_row_id"));
    s.BindTextOrNull(2, Str(r, "operation"));
    s.BindTextOrNull(3, Str(r, "status"));
    s.BindTextOrNull(4, Str(r, "error"));
    s.BindTextOrNull(5, Str(r, "s3bucket"));
    s.BindTextOrNull(6, Str(r, "s3key"));
    s.BindTextOrNull(7, Str(r, "s3objectversionid"));
    element size;
    if (r["s3objectsize"].get(size) == simdjson::SUCCESS && !size.is_null()) {
      s.BindInt(8, Int(r, "s3objectsize", -1));
    } else {
      s.BindNull(8);
    }
    s.BindInt(9, Int(r, "recordcount", 0));
    s.BindTextOrNull(10, Str(r, "assumedrolearn"));
    s.BindTextOrNull(11, Str(r, "p_source_id"));
    s.BindTextOrNull(12, Str(r, "p_source_label"));
    s.BindTextOrNull(13, Str(r, "p_event_time"));
    s.BindInt(14, Nanos(Str(r, "p_event_time")));
    s.BindTextOrNull(15, Str(r, "p_parse_time"));
    if (absl::Status st = s.Run(); !st.ok()) return st;
  } else {
    return absl::OkStatus();  // a kind the database does not keep
  }
  return Added();
}

absl::Status MonitorDatabase::AddFailure(std::string_view failure_json,
                                         std::optional<std::string_view> payload) {
  Impl& m = *impl_;
  if (m.writer != nullptr) {
    return m.writer->Add(payload.has_value() ? db::BackgroundWriter::Kind::kFailureWithPayload
                                             : db::BackgroundWriter::Kind::kFailure,
                         failure_json, payload.value_or(std::string_view()));
  }
  std::lock_guard<std::mutex> lock(m.mu);
  if (absl::Status s = m.Begin(); !s.ok()) return s;
  return m.Failure(failure_json, payload);
}

absl::Status MonitorDatabase::AddMonitorRecord(std::string_view record_json) {
  Impl& m = *impl_;
  if (m.writer != nullptr) {
    return m.writer->Add(db::BackgroundWriter::Kind::kMonitorRecord, record_json, {});
  }
  std::lock_guard<std::mutex> lock(m.mu);
  element r;
  if (auto error = m.parser.parse(record_json.data(), record_json.size()).get(r)) {
    return absl::InvalidArgumentError(
        absl::StrCat("monitor record: not JSON: ", simdjson::error_message(error)));
  }
  if (absl::Status s = m.Begin(); !s.ok()) return s;
  return m.Record(r);
}

absl::Status MonitorDatabase::Flush() {
  if (impl_->writer != nullptr) return impl_->writer->Drain();
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->Commit();
}

absl::StatusOr<std::vector<FailureGroup>> MonitorDatabase::FailureGroups(
    const FailureQuery& query) {
  Impl& m = *impl_;
  if (m.writer != nullptr) {  // read what was written
    if (absl::Status s = m.writer->Drain(); !s.ok()) return s;
  }
  std::lock_guard<std::mutex> lock(m.mu);
  if (absl::Status s = m.Commit(); !s.ok()) return s;  // read what was written
  // Groups with their counts and times, and the latest row of each for its
  // sample (the last added, among rows of one parse time): one statement,
  // every value bound.
  auto s = m.conn->Prepare(
      "WITH f AS (SELECT rowid AS r, * FROM classification_failures "
      "  WHERE (?1 = '' OR p_source_id = ?1) AND (?2 = '' OR p_log_type = ?2) "
      "    AND p_parse_time_ns >= ?3), "
      "g AS (SELECT p_log_type, reason, field, count(*) AS n, min(p_parse_time_ns) AS first_ns, "
      "  max(p_parse_time_ns) AS last_ns FROM f GROUP BY p_log_type, reason, field) "
      "SELECT g.p_log_type, g.reason, g.field, g.n, "
      "  (SELECT p_parse_time FROM f WHERE f.p_parse_time_ns = g.first_ns LIMIT 1), "
      "  (SELECT p_parse_time FROM f WHERE f.p_parse_time_ns = g.last_ns LIMIT 1), "
      "  s.error, s.payload, s.\"offset\", s.got "
      "FROM g JOIN f AS s ON s.p_row_id = (SELECT p_row_id FROM f "
      "  WHERE f.p_log_type IS g.p_log_type AND f.reason IS g.reason AND f.field IS g.field "
      "  ORDER BY p_parse_time_ns DESC, r DESC LIMIT 1) "
      "ORDER BY g.n DESC, g.p_log_type, g.reason, g.field LIMIT ?4");
  if (!s.ok()) return s.status();
  s->BindText(1, query.source_id);
  s->BindText(2, query.log_type);
  s->BindInt(3, query.since_ns);
  s->BindInt(4, static_cast<int64_t>(query.limit));
  std::vector<FailureGroup> out;
  for (;;) {
    auto row = s->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    FailureGroup g;
    g.log_type = s->ColumnText(0);
    g.reason = s->ColumnText(1);
    g.field = s->ColumnText(2);
    g.count = s->ColumnInt(3);
    g.first_seen = s->ColumnText(4);
    g.last_seen = s->ColumnText(5);
    g.error = s->ColumnText(6);
    g.sample_payload = s->ColumnText(7);
    g.sample_offset = s->ColumnIsNull(8) ? -1 : s->ColumnInt(8);
    g.sample_got = s->ColumnText(9);
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace loghealth
