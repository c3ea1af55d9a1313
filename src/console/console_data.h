// What the console shows, whichever store it comes from: the live service
// (serve --http: the monitor's state, with Resolve) or the panther_monitor
// database alone (loghealth console --db: read-only). Pages, the JSON API
// and /metrics are written from these views only.
#ifndef LOGHEALTH_SRC_CONSOLE_CONSOLE_DATA_H_
#define LOGHEALTH_SRC_CONSOLE_CONSOLE_DATA_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace loghealth {
namespace console {

// Where one destination stands with one alert.
struct DeliveryStatus {
  std::string destination_id;
  std::string state;  // "delivered", "retrying", "gave up", "pending"
  int attempts = 0;
  int last_status_code = 0;
  std::string last_message;
};

struct DeliveryAttempt {
  std::string destination_id;
  int attempt = 0;
  bool resolved_notice = false;
  bool success = false;
  int status_code = 0;
  std::string message;
  std::string response_excerpt;
  std::string time;  // RFC 3339
  int64_t duration_ms = 0;
};

struct Transition {
  std::string time;  // RFC 3339
  std::string subject;
  std::string system_error_type;
  std::string from, to;
  std::string reason;
};

// A failing line of a classification alert.
struct FailingLine {
  std::string time, log_type, error, payload;
  std::string reason, field, expected, got;
  int64_t offset = -1;
  std::string tried_json;  // [{"id", "reason", "error"}, ...], or ""
};

struct AlertView {
  std::string id, system_error_type, severity, title, description;
  std::string source_id, source_label, destination_id, account, resource;
  std::string created_at, updated_at, resolved_at, resolved_by, resolution;
  int64_t occurrences = 0;
  std::string status;        // "OPEN" or "RESOLVED"
  std::string context_json;  // the alert's context, as JSON
  std::vector<std::string> log_types;
  std::vector<FailingLine> lines;              // first lines, then the latest
  std::vector<DeliveryStatus> delivery_status; // one per destination
  std::vector<DeliveryAttempt> attempts;       // in time order
  std::vector<Transition> transitions;         // the alert's audit trail
};

struct AlertFilter {
  std::string status;             // "" = any; "OPEN", "RESOLVED"
  std::string system_error_type;  // "" = any
  std::string source_id;          // "" = any
};

// Events and classification failures of a source per time bucket.
struct SeriesPoint {
  int64_t start_ns = 0;
  uint64_t events = 0;
  uint64_t failures = 0;
};

struct GetObjectFailure {
  std::string time, bucket, key, error;
};

struct HealthCheck {
  std::string name, message, since;
};

struct SourceView {
  std::string id, label;
  int drop_off_minutes = 0;   // 0: no drop-off alarm
  std::string no_data_state;  // OK, ALARM, INSUFFICIENT_DATA ("" unknown)
  std::string last_event_at;  // RFC 3339, "" never / unknown
  bool events_known = true;   // false: the store does not count events
  uint64_t events = 0;        // in the series' window
  uint64_t failures = 0;
  int64_t bucket_ns = 0;
  std::vector<SeriesPoint> series;  // oldest first, one per bucket
  std::vector<HealthCheck> failed_checks;
  std::vector<GetObjectFailure> get_object_failures;  // the last 24 hours
  std::vector<AlertView> open_alerts;                 // without lines/attempts
};

class ConsoleData {
 public:
  virtual ~ConsoleData() = default;
  // Open alerts first, each group newest first.
  virtual std::vector<AlertView> Alerts(const AlertFilter& filter) = 0;
  virtual std::optional<AlertView> Alert(const std::string& id) = 0;
  virtual std::optional<SourceView> Source(const std::string& id) = 0;
  // Every source known, sorted.
  virtual std::vector<std::string> SourceIds() = 0;
  // Whether a person may resolve alerts here (the live service).
  virtual bool CanResolve() const { return false; }
  virtual absl::Status Resolve(const std::string& /*alert_id*/, const std::string& /*actor*/,
                               const std::string& /*reason*/) {
    return absl::FailedPreconditionError("this console is read-only");
  }
  // Prometheus text exposition of what this store knows.
  virtual void AppendMetrics(std::string* out) = 0;
};

}  // namespace console
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_CONSOLE_CONSOLE_DATA_H_
