#include "src/console/database_data.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "loghealth/database.h"
#include "loghealth/timestamp.h"
#include "src/console/metrics_text.h"
#include "src/database/sqlite.h"

namespace loghealth {
namespace console {
namespace {

constexpr int64_t kDayNs = 24LL * 3600 * 1000000000;

std::string TimeText(int64_t ns) {
  std::string out;
  FormatRfc3339Nano(Timestamp::FromUnixNanos(ns), &out);
  return out;
}

// Rows of a statement, each a vector of column texts (NULL as "").
using Rows = std::vector<std::vector<std::string>>;

Rows All(db::Connection* conn, const std::string& sql, const std::vector<std::string>& args,
         int columns) {
  Rows rows;
  auto s = conn->Prepare(sql);
  if (!s.ok()) return rows;
  for (size_t i = 0; i < args.size(); ++i) s->BindText(static_cast<int>(i + 1), args[i]);
  for (;;) {
    auto row = s->Step();
    if (!row.ok() || !*row) break;
    std::vector<std::string> r;
    for (int c = 0; c < columns; ++c) r.push_back(s->ColumnIsNull(c) ? "" : s->ColumnText(c));
    rows.push_back(std::move(r));
  }
  return rows;
}

int64_t ToInt(const std::string& s) { return s.empty() ? 0 : std::strtoll(s.c_str(), nullptr, 10); }

constexpr char kAlertColumns[] =
    "id, system_error_type, severity, title, description, source_id, source_label, "
    "destination_id, account, resource, created_at, updated_at, resolved_at, resolved_by, "
    "resolution, occurrences, status, context";

AlertView FromRow(const std::vector<std::string>& r) {
  AlertView a;
  a.id = r[0];
  a.system_error_type = r[1];
  a.severity = r[2];
  a.title = r[3];
  a.description = r[4];
  a.source_id = r[5];
  a.source_label = r[6];
  a.destination_id = r[7];
  a.account = r[8];
  a.resource = r[9];
  a.created_at = r[10];
  a.updated_at = r[11];
  a.resolved_at = r[12];
  a.resolved_by = r[13];
  a.resolution = r[14];
  a.occurrences = ToInt(r[15]);
  a.status = r[16];
  a.context_json = r[17];
  return a;
}

}  // namespace

absl::StatusOr<std::unique_ptr<DatabaseData>> DatabaseData::Open(const std::string& path,
                                                                 int64_t bucket_ns) {
  auto conn = db::Connection::OpenExisting(path);
  if (!conn.ok()) return conn.status();
  (*conn)->SetBusyTimeout(10000);
  Rows version = All(conn->get(), "PRAGMA user_version", {}, 1);
  const int64_t v = version.empty() ? -1 : ToInt(version[0][0]);
  if (v != kMonitorDatabaseVersion) {
    return absl::FailedPreconditionError(absl::StrCat(
        path, ": schema version ", v, "; this loghealth reads version ", kMonitorDatabaseVersion,
        v > kMonitorDatabaseVersion ? " (open it with a newer loghealth)"
                                    : " (write to it once with loghealth classify/serve --db)"));
  }
  if (absl::Status s = (*conn)->Exec("PRAGMA query_only = ON"); !s.ok()) return s;
  return std::unique_ptr<DatabaseData>(new DatabaseData(*std::move(conn), bucket_ns));
}

DatabaseData::DatabaseData(std::unique_ptr<db::Connection> conn, int64_t bucket_ns)
    : conn_(std::move(conn)), bucket_ns_(bucket_ns) {}

DatabaseData::~DatabaseData() = default;

void DatabaseData::Fill(AlertView* a, bool detail) {
  // Per destination: delivered once an attempt succeeded; otherwise the
  // database only knows that none did.
  std::map<std::string, DeliveryStatus> by_destination;
  const Rows attempts = All(
      conn_.get(),
      "SELECT destination_id, attempt, resolved_notice, success, status_code, message, "
      "response_excerpt, time, duration_ms FROM deliveries WHERE alert_id = ?1 "
      "ORDER BY time_ns, rowid",
      {a->id}, 9);
  for (const auto& r : attempts) {
    if (r[2] != "1") {
      DeliveryStatus& st = by_destination[r[0]];
      st.destination_id = r[0];
      ++st.attempts;
      st.last_status_code = static_cast<int>(ToInt(r[4]));
      st.last_message = r[5];
      if (r[3] == "1") st.state = "delivered";
    }
    if (detail) {
      DeliveryAttempt d;
      d.destination_id = r[0];
      d.attempt = static_cast<int>(ToInt(r[1]));
      d.resolved_notice = r[2] == "1";
      d.success = r[3] == "1";
      d.status_code = static_cast<int>(ToInt(r[4]));
      d.message = r[5];
      d.response_excerpt = r[6];
      d.time = r[7];
      d.duration_ms = ToInt(r[8]);
      a->attempts.push_back(std::move(d));
    }
  }
  for (auto& [id, st] : by_destination) {
    if (st.state.empty()) st.state = a->status == "OPEN" ? "retrying" : "gave up";
    a->delivery_status.push_back(st);
  }
  if (!detail) return;
  for (const auto& r :
       All(conn_.get(),
           "SELECT time, log_type, error, payload, reason, field, expected, got, \"offset\", "
           "tried FROM alert_lines WHERE alert_id = ?1 ORDER BY rowid",
           {a->id}, 10)) {
    FailingLine l;
    l.time = r[0];
    l.log_type = r[1];
    l.error = r[2];
    l.payload = r[3];
    l.reason = r[4];
    l.field = r[5];
    l.expected = r[6];
    l.got = r[7];
    l.offset = r[8].empty() ? -1 : ToInt(r[8]);
    l.tried_json = r[9];
    a->lines.push_back(std::move(l));
    if (std::find(a->log_types.begin(), a->log_types.end(), a->lines.back().log_type) ==
            a->log_types.end() &&
        !a->lines.back().log_type.empty()) {
      a->log_types.push_back(a->lines.back().log_type);
    }
  }
  std::sort(a->log_types.begin(), a->log_types.end());
  for (const auto& r :
       All(conn_.get(),
           "SELECT time, subject, system_error_type, from_state, to_state, reason "
           "FROM alarm_states WHERE alert_id = ?1 ORDER BY time_ns, rowid",
           {a->id}, 6)) {
    a->transitions.push_back({r[0], r[1], r[2], r[3], r[4], r[5]});
  }
}

std::vector<AlertView> DatabaseData::Query(const std::string& where,
                                           const std::vector<std::string>& args) {
  std::vector<AlertView> out;
  for (const auto& r : All(conn_.get(),
                           absl::StrCat("SELECT ", kAlertColumns, " FROM alerts WHERE ", where,
                                        " ORDER BY status = 'OPEN' DESC, created_at_ns DESC, id"),
                           args, 18)) {
    out.push_back(FromRow(r));
  }
  return out;
}

std::vector<AlertView> DatabaseData::Alerts(const AlertFilter& f) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<AlertView> out =
      Query("(?1 = '' OR status = ?1) AND (?2 = '' OR system_error_type = ?2) AND "
            "(?3 = '' OR source_id = ?3)",
            {f.status, f.system_error_type, f.source_id});
  for (AlertView& a : out) Fill(&a, false);
  return out;
}

std::optional<AlertView> DatabaseData::Alert(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<AlertView> found = Query("id = ?1", {id});
  if (found.empty()) return std::nullopt;
  Fill(&found[0], true);
  return found[0];
}

std::optional<SourceView> DatabaseData::Source(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  const Rows known = All(conn_.get(),
                         "SELECT max(t) FROM (SELECT max(p_parse_time_ns) AS t FROM "
                         "classification_failures WHERE p_source_id = ?1 UNION ALL SELECT "
                         "max(created_at_ns) FROM alerts WHERE source_id = ?1 UNION ALL SELECT "
                         "max(p_event_time_ns) FROM data_audit WHERE p_source_id = ?1)",
                         {id}, 1);
  if (known.empty() || known[0][0].empty()) return std::nullopt;
  SourceView v;
  v.id = id;
  v.events_known = false;
  v.bucket_ns = bucket_ns_;
  const Rows label = All(conn_.get(),
                         "SELECT p_source_label FROM classification_failures WHERE p_source_id = "
                         "?1 AND p_source_label IS NOT NULL UNION ALL SELECT source_label FROM "
                         "alerts WHERE source_id = ?1 AND source_label IS NOT NULL LIMIT 1",
                         {id}, 1);
  if (!label.empty()) v.label = label[0][0];
  // The window ends with the bucket of the source's latest row.
  const int64_t latest = ToInt(known[0][0]);
  const int64_t buckets = 288;
  const int64_t last = latest / bucket_ns_;
  const int64_t first = last - buckets + 1;
  std::map<int64_t, uint64_t> counts;
  for (const auto& r : All(conn_.get(),
                           "SELECT p_parse_time_ns / ?2, count(*) FROM classification_failures "
                           "WHERE p_source_id = ?1 AND p_parse_time_ns >= ?3 GROUP BY 1",
                           {id, std::to_string(bucket_ns_), std::to_string(first * bucket_ns_)},
                           2)) {
    counts[ToInt(r[0])] = static_cast<uint64_t>(ToInt(r[1]));
  }
  for (int64_t i = first; i <= last; ++i) {
    SeriesPoint p;
    p.start_ns = i * bucket_ns_;
    auto it = counts.find(i);
    if (it != counts.end()) p.failures = it->second;
    v.failures += p.failures;
    v.series.push_back(p);
  }
  const Rows no_data = All(conn_.get(),
                           "SELECT to_state FROM alarm_states WHERE subject = ?1 AND "
                           "system_error_type = 'SOURCE_NO_DATA' ORDER BY time_ns DESC, rowid "
                           "DESC LIMIT 1",
                           {id}, 1);
  if (!no_data.empty()) v.no_data_state = no_data[0][0];
  for (const auto& r : All(conn_.get(),
                           "SELECT p_event_time, s3bucket, s3key, error FROM data_audit WHERE "
                           "p_source_id = ?1 AND status = 'FAILURE' AND p_event_time_ns >= ?2 "
                           "ORDER BY p_event_time_ns",
                           {id, std::to_string(latest - kDayNs)}, 4)) {
    v.get_object_failures.push_back({r[0], r[1], r[2], r[3]});
  }
  v.open_alerts = Query("status = 'OPEN' AND source_id = ?1", {id});
  return v;
}

std::vector<std::string> DatabaseData::SourceIds() {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> out;
  for (const auto& r : All(conn_.get(),
                           "SELECT source_id FROM alerts WHERE source_id IS NOT NULL UNION "
                           "SELECT p_source_id FROM classification_failures WHERE p_source_id IS "
                           "NOT NULL UNION SELECT p_source_id FROM data_audit WHERE p_source_id IS "
                           "NOT NULL ORDER BY 1",
                           {}, 1)) {
    out.push_back(r[0]);
  }
  return out;
}

void DatabaseData::AppendMetrics(std::string* out) {
  std::lock_guard<std::mutex> lock(mu_);
  MetricFamily(out, "loghealth_classification_failures_total", "counter",
               "Classification failures in the database, per source and log type.");
  for (const auto& r : All(conn_.get(),
                           "SELECT coalesce(p_source_id, ''), coalesce(p_log_type, ''), count(*) "
                           "FROM classification_failures GROUP BY 1, 2 ORDER BY 1, 2",
                           {}, 3)) {
    Sample(out, "loghealth_classification_failures_total",
           {{"source", r[0]}, {"log_type", r[1]}}, static_cast<double>(ToInt(r[2])));
  }
  MetricFamily(out, "loghealth_classification_failure_reasons_total", "counter",
               "Classification failures in the database, per reason.");
  for (const auto& r : All(conn_.get(),
                           "SELECT reason, count(*) FROM classification_failures GROUP BY 1 "
                           "ORDER BY 1",
                           {}, 2)) {
    Sample(out, "loghealth_classification_failure_reasons_total", {{"reason", r[0]}},
           static_cast<double>(ToInt(r[1])));
  }
  MetricFamily(out, "loghealth_open_alerts", "gauge",
               "System Error alerts open in the database, per system error type.");
  for (const auto& r : All(conn_.get(),
                           "SELECT system_error_type, sum(status = 'OPEN') FROM alerts GROUP BY 1 "
                           "ORDER BY 1",
                           {}, 2)) {
    Sample(out, "loghealth_open_alerts", {{"system_error_type", r[0]}},
           static_cast<double>(ToInt(r[1])));
  }
  MetricFamily(out, "loghealth_deliveries_total", "counter",
               "Alert delivery attempts in the database, per destination and outcome.");
  for (const auto& r : All(conn_.get(),
                           "SELECT destination_id, CASE success WHEN 1 THEN 'delivered' ELSE "
                           "'failed' END, count(*) FROM deliveries GROUP BY 1, 2 ORDER BY 1, 2",
                           {}, 3)) {
    Sample(out, "loghealth_deliveries_total", {{"destination", r[0]}, {"outcome", r[1]}},
           static_cast<double>(ToInt(r[2])));
  }
}

}  // namespace console
}  // namespace loghealth
