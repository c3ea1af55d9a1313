// The monitor's engine, shared by the files that implement its parts: the
// core (clock, timers, snapshot), the alarms (one file per kind of subject),
// alerts (building, routing, resolving) and delivery (retries).
#ifndef LOGHEALTH_SRC_MONITOR_MONITOR_IMPL_H_
#define LOGHEALTH_SRC_MONITOR_MONITOR_IMPL_H_

#include <cstdint>
#include <functional>
#include <queue>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "loghealth/monitor.h"

namespace loghealth {

using monitor::Alert;
using monitor::AlarmState;
using monitor::SystemErrorType;

struct HealthMonitor::Impl {
  MonitorConfig config;
  monitor::MonitorState state;

  // Lookups into `state` (elements of repeated fields keep their address).
  // The two tables every observation reads (sources, and `scheduled` below)
  // are open-addressing tables: one cache miss a lookup, not two.
  absl::flat_hash_map<std::string, monitor::SourceState*> sources;
  std::unordered_map<std::string, monitor::ScanState*> scans;  // account \x1f resource
  std::unordered_map<std::string, monitor::DestinationState*> destinations;
  std::unordered_map<std::string, Alert*> open_alerts;
  std::unordered_map<std::string, int> open_alert_slots;  // index in state.open_alerts
  std::unordered_map<std::string, const DestinationConfig*> destination_configs;

  // Timers: at most one per (kind, subject); a popped timer whose subject
  // moved on is rescheduled or dropped, so Advance costs what is due.
  enum TimerKind : uint8_t { kNoData = 1, kProcessingWindow = 2 };
  struct Timer {
    int64_t due;
    TimerKind kind;
    std::string subject;
    bool operator>(const Timer& o) const {
      if (due != o.due) return due > o.due;
      if (kind != o.kind) return kind > o.kind;
      return subject > o.subject;
    }
  };
  std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> timers;
  absl::flat_hash_map<std::string, int64_t> scheduled;  // kind+subject -> due

  std::vector<std::string> outputs;

  // ---- core (health_monitor.cc)
  void Start(int64_t now);
  void Schedule(TimerKind kind, const std::string& subject, int64_t due);
  void Fire(const Timer& timer);
  // Fires the timers due before `now` (and at `now` when inclusive).
  void FireUntil(int64_t now, bool inclusive);
  void RebuildIndexes();
  monitor::SourceState* Source(const std::string& id);
  void Emit(const char* record, std::string body_without_braces);
  void Audit(const std::string& subject, SystemErrorType type, AlarmState from,
             AlarmState to, const std::string& reason, const std::string& alert_id);
  // Records a transition: the audit entry and an alarm_state output.
  void Transition(const char* subject_key, const std::string& subject,
                  SystemErrorType type, AlarmState from, AlarmState to,
                  const std::string& reason, const std::string& alert_id);

  // ---- alarms (source_alarms.cc, scan_alarm.cc)
  void OnEvents(const Observation& o);
  void OnHealthCheck(const Observation& o);
  void OnClassificationFailure(const Observation& o);
  void OnGetObject(const Observation& o);
  void OnScan(const Observation& o);
  void FireNoData(monitor::SourceState* s, int64_t due);
  void FireProcessingWindow(monitor::SourceState* s, int64_t due);

  // ---- alerts (alerts.cc)
  Alert* Raise(SystemErrorType type, monitor::RelatedComponent component,
               const std::string& subject, uint32_t sequence, std::string title,
               std::string description, const std::function<void(Alert*)>& fill,
               const std::string& excluded_destination = "");
  // Another occurrence of an open alert; `line`, the failing line it
  // brought (classification failures), goes in the alert_update record.
  void Join(Alert* alert, const monitor::FailingLine* line = nullptr);
  void ResolveAlert(const std::string& alert_id, const std::string& by,
                    const std::string& resolution);
  Alert* FindAlert(const std::string& alert_id);  // open or recently resolved
  std::string AlertJson(const Alert& alert) const;

  // ---- delivery (delivery.cc)
  void Enqueue(const Alert& alert, const std::string& destination_id,
               bool resolved_notice);
  std::vector<DeliveryRequest> TakeDue();
  absl::Status Report(const DeliveryResult& result);
  void GiveUp(const monitor::PendingDelivery& d, const std::string& why);
  int RetryInFlight();

  int64_t now() const { return state.clock(); }
};

// a + b and a - b on unix ns, clamped to int64 instead of overflowing
// (observations may lie centuries apart).
inline int64_t AddNanos(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_add_overflow(a, b, &r)) return b > 0 ? INT64_MAX : INT64_MIN;
  return r;
}
inline int64_t SubNanos(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_sub_overflow(a, b, &r)) return b < 0 ? INT64_MAX : INT64_MIN;
  return r;
}

// RFC 3339 (UTC, nanoseconds trimmed) of unix ns; "" for 0.
std::string TimeText(int64_t ns);

// A stable 32-hex-digit id from a key (two FNV-1a hashes).
std::string StableId(const std::string& key);

// "SOURCE_NO_DATA", "OK", ...
const std::string& TypeName(SystemErrorType type);
const std::string& StateName(AlarmState state);

}  // namespace loghealth

#endif  // LOGHEALTH_SRC_MONITOR_MONITOR_IMPL_H_
