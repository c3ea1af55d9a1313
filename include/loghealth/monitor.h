// -----------------------------------------------------------------------------
// File: loghealth/monitor.h
// -----------------------------------------------------------------------------
//
// The System Health monitor: a pipeline reports what happened to its sources
// (events seen, health checks, classification failures, S3 reads, cloud
// scans) and the monitor raises Panther's System Error alerts -- always
// CRITICAL -- exactly when they are due, routes them, and tracks their
// delivery with retries.
//
//   SOURCE_NO_DATA                 no events for dropOffMinutes: one alert, never
//                                  repeated; resolves when events resume
//   SOURCE_PERMISSIONS_CHECKS      a failed health check; resolves when every
//                                  failed check passes again
//   SOURCE_CLASSIFICATION_FAILURES the first failure alerts at once; later ones
//                                  join it; only a person resolves it
//   SOURCE_LOG_PROCESSING_ERRORS   any S3 GetObject failure in the last 24 h;
//                                  resolves after 24 h without one
//   SOURCE_SCANNING_ERRORS         a scan denied access; one alert per account
//                                  and resource until a scan of it succeeds
//   ALERT_DELIVERY                 a delivery gave up; never routed to the
//                                  destination that failed, and never raised
//                                  about itself
//
// Determinism: time comes only from the inputs (Observe carries its time;
// Advance moves the clock). The monitor never reads the wall clock; the same
// inputs give the same outputs, byte for byte. Every transition records why.
//
// Durability: Snapshot() is the whole state (versioned protobuf). Restore()
// it and feed the inputs that came after: the outputs are exactly those an
// uninterrupted monitor would have produced -- no alert or delivery twice.
//
// Delivery: the host performs deliveries. It asks for what is due
// (TakeDueDeliveries), sends, and reports each result (ReportDelivery).
// Failures (non-2xx, 429, network errors, timeouts) are retried with
// deterministic jitter within [minRetryDelay, maxRetryDelay), at most
// maxRetries times and maxAge after the first attempt; other 4xx are
// permanent.
//
// Types: MonitorConfig's parts and the state (monitor::MonitorState,
// monitor::Alert, ...) are protobuf messages of proto/loghealth/*.proto;
// they are part of the API (their field names are stable, new fields are
// added, none reused) so that hosts can read and store them as data.
// Times in the monitor are int64 unix nanoseconds, its clock's unit;
// loghealth::Timestamp (the classifier's, which keeps a UTC offset for
// output) converts with Timestamp::FromUnixNanos / UnixNanos.
//
// Cost: Advance costs what is due (a timer heap), not the number of sources.
//
// Thread safety: a HealthMonitor is not thread-safe; call it from one thread
// at a time (or guard it).
// -----------------------------------------------------------------------------
#ifndef LOGHEALTH_MONITOR_H_
#define LOGHEALTH_MONITOR_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "loghealth/monitor_state.pb.h"

namespace loghealth {

struct SourceConfig {
  std::string id;
  std::string label;
  // 0: no drop-off alarm; otherwise 15 to 43200 (30 days).
  int drop_off_minutes = 0;
};

// A secret setting (a webhook URL, a routing key, a token): never written in
// the config itself, only where to find it. It is read when a destination is
// created (loghealth/destinations.h) and never appears in records,
// snapshots, logs or error messages.
struct SecretRef {
  std::string env;   // the environment variable that holds it, or
  std::string file;  // the file that holds it (a trailing newline is dropped)
  bool empty() const { return env.empty() && file.empty(); }
};

struct DestinationConfig {
  std::string id;
  std::string display_name;
  // Alert types it subscribes to; System Errors go to those with
  // "SYSTEM_ERROR", whatever their severities.
  std::vector<std::string> alert_types;
  std::vector<std::string> default_for_severity;
  // Also send a notification when an alert resolves.
  bool send_resolved = false;

  // How alerts reach it (loghealth/destinations.h): "webhook", "slack",
  // "pagerduty", "opsgenie", "msteams" or "console". Empty: the host
  // delivers them itself (as `loghealth replay` simulates).
  std::string type;
  // Where it is. `url` as written in the config (a test server, PagerDuty's
  // or Opsgenie's API), or `url_secret` for a URL that is itself a secret
  // (Slack's and Teams' incoming webhooks).
  std::string url;
  SecretRef url_secret;
  // webhook: extra headers, given as values or read from secrets.
  std::vector<std::pair<std::string, std::string>> headers;
  std::vector<std::pair<std::string, SecretRef>> secret_headers;
  // webhook: signs each body (X-Loghealth-Signature: sha256=<hex HMAC>).
  SecretRef hmac_secret;
  SecretRef routing_key;  // pagerduty: the integration's routing key
  SecretRef api_key;      // opsgenie: the API integration's key
};

struct DeliveryPolicy {
  int max_retries = 10;
  int64_t min_retry_delay_seconds = 30;
  int64_t max_retry_delay_seconds = 300;
  int64_t max_age_seconds = 3 * 24 * 3600;
  // HTTP destinations: connect and total timeout of one attempt.
  int64_t timeout_seconds = 10;
  // HTTP destinations: attempts in flight at once, per destination.
  int max_concurrency = 4;
};

struct MonitorConfig {
  std::vector<SourceConfig> sources;
  std::vector<DestinationConfig> destinations;
  DeliveryPolicy delivery;
  // Bounds that keep memory flat however long the monitor runs.
  size_t max_audit_entries = 1000;
  size_t max_resolved_alerts = 1000;
  size_t max_failing_objects = 100;  // per SOURCE_LOG_PROCESSING_ERRORS alert
  size_t max_failing_lines = 10;     // first and latest, each
};

// Reads a config (YAML or JSON):
//   sources: [{id, label, dropOffMinutes?}]
//   destinations: [{id, displayName?, alertTypes: [...],
//                   defaultForSeverity: [...], sendResolved?,
//                   type?, url?, urlEnv?, urlFile?, headers?, headersEnv?,
//                   hmacSecretEnv?, hmacSecretFile?, routingKeyEnv?,
//                   routingKeyFile?, apiKeyEnv?, apiKeyFile?}]
//   delivery: {maxRetries?, minRetryDelaySeconds?, maxRetryDelaySeconds?,
//              maxAgeSeconds?, timeoutSeconds?, maxConcurrency?}
// Errors name the line and the key. Which settings a destination type needs
// is in loghealth/destinations.h.
absl::StatusOr<MonitorConfig> ParseMonitorConfig(std::string_view text);

// One thing that happened, at `time` (unix nanoseconds).
struct Observation {
  enum class Kind {
    kEvents,                 // source, count; log_type optional
    kHealthCheck,            // source, check, healthy, message
    kClassificationFailure,  // source, log_type, error, payload; the detail
                             // (reason, field, expected, got, offset, tried)
                             // optional
    kS3GetObject,            // source, bucket, key, ok, error, size, ...
    kScan,                   // account, resource, ok, error
    kResolve,                // alert_id, actor, reason
    kTick,                   // only moves the clock
  };
  Kind kind = Kind::kTick;
  int64_t time = 0;
  std::string source, check, message, log_type, error, payload;
  std::string bucket, key, version_id, role_arn;
  std::string account, resource;
  std::string alert_id, actor, reason;
  // A classification failure's detail (loghealth/failure.h), shown with its
  // failing line: `tried` is JSON, [{"id", "reason", "error"}, ...].
  std::string field, expected, got, tried;
  int64_t offset = -1;
  int64_t count = 0;
  int64_t size = -1;
  int64_t record_count = 0;
  bool healthy = true;
  bool ok = true;
};

// Parses one timeline line: {"time": RFC3339, "type": "events", ...}.
// Errors name the missing or wrong field.
absl::StatusOr<Observation> ParseObservation(std::string_view json);
// The same, with "time" optional: `default_time` (unix ns) when absent.
absl::StatusOr<Observation> ParseObservation(std::string_view json, int64_t default_time);

struct DeliveryRequest {
  std::string delivery_id;
  std::string alert_id;
  std::string destination_id;
  int attempt = 1;
  bool resolved_notice = false;  // "this alert resolved" rather than the alert
  std::string payload;           // the alert, JSON
  monitor::Alert alert;          // the same alert, as the model
};

struct DeliveryResult {
  std::string delivery_id;
  // HTTP status; 0 for a network error or a timeout. 2xx is success; 408,
  // 429, 5xx and 0 are retried; any other status is permanent.
  int status_code = 0;
  std::string message;
  // Forces a failure to be permanent whatever the status (the request could
  // not be built, the destination is no longer configured).
  bool permanent = false;
  // The server's Retry-After, in seconds from now; -1 when it sent none.
  // The wait is clamped to [minRetryDelaySeconds, maxRetryDelaySeconds].
  int64_t retry_after_seconds = -1;
  // Kept in the alert's delivery record: the start of the response body
  // (at most 512 bytes) and how long the attempt took.
  std::string response_excerpt;
  int64_t duration_ms = 0;
};

class HealthMonitor {
 public:
  static absl::StatusOr<std::unique_ptr<HealthMonitor>> Create(MonitorConfig config);
  // Continues from a Snapshot(). A snapshot of another format version is
  // refused with a clear error, never misread.
  static absl::StatusOr<std::unique_ptr<HealthMonitor>> Restore(
      MonitorConfig config, std::string_view snapshot);
  ~HealthMonitor();

  // Advances the clock to the observation's time, then applies it. Timers
  // due at that very instant fire after it (an event exactly at a deadline
  // is in time), at the next Advance or later observation.
  absl::Status Observe(const Observation& observation);
  // Moves the clock to `now` (unix ns), firing what fell due (up to and
  // including `now`) in time order. Earlier times than the clock are ignored.
  void Advance(int64_t now);
  // When something falls due next (a timer or a delivery); 0 when nothing.
  int64_t NextDueTime() const;

  // Sources are never forgotten implicitly; this removes one explicitly.
  // Its open alerts resolve ("source removed") and its timers stop.
  absl::Status RemoveSource(const std::string& source_id, const std::string& actor);

  // A person resolves an alert (SOURCE_CLASSIFICATION_FAILURES needs this).
  absl::Status Resolve(const std::string& alert_id, const std::string& actor,
                       const std::string& reason);

  // Deliveries due at the current clock; they are in flight until reported.
  std::vector<DeliveryRequest> TakeDueDeliveries();
  absl::Status ReportDelivery(const DeliveryResult& result);
  // After a restart: deliveries that were in flight when the snapshot was
  // taken never reported back; this makes them due again (same attempt).
  // Returns how many. A host that reports results across a restore itself
  // does not call it.
  int RetryInFlightDeliveries();

  // Bytes the host keeps with the state (its input offsets, say): stored in
  // every Snapshot() and back after Restore(), so the two always agree.
  void SetHostCheckpoint(std::string bytes);
  const std::string& host_checkpoint() const;

  // Output records since the last call, one JSON object each, with a
  // "record" field (alarm_state, alert, alert_update, alert_resolved,
  // delivery, data_audit) and a "seq" number. A classification failure that
  // joins an open alert is an alert_update with the failing "line" and
  // "keepLines" (how many first and latest lines the alert keeps).
  std::vector<std::string> TakeOutputs();

  std::string Snapshot() const;
  // The whole state as its model (proto/loghealth/monitor_state.proto, part
  // of this API): sources and their alarms, open and resolved alerts with
  // their deliveries, pending deliveries, the audit trail. For views (the
  // console, a service's idle check) and tests; read-only, valid until the
  // next non-const call.
  const monitor::MonitorState& state() const;
  // The monitor's clock, unix ns (the latest observation or Advance).
  int64_t clock() const;

 private:
  struct Impl;
  explicit HealthMonitor(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The snapshot format this build writes and reads.
constexpr uint32_t kMonitorSnapshotVersion = 1;

}  // namespace loghealth

#endif  // LOGHEALTH_MONITOR_H_
