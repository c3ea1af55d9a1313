// The C ABI of the health monitor (loghealth/monitor.h): observations in,
// records and due deliveries out, snapshots.
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "capi/loghealth.h"
#include "capi/support.h"
#include "loghealth/monitor.h"
#include "src/json/json_writer.h"

struct lh_monitor {
  loghealth::MonitorConfig config;
  std::unique_ptr<loghealth::HealthMonitor> monitor;
  // Mutable: const calls (a snapshot) report their errors too.
  mutable std::string last_error;
};

namespace {

using loghealth::capi::FromStatus;
using loghealth::capi::Guard;
using loghealth::capi::Owned;
using loghealth::capi::ReportCreateError;

int CreateMonitor(const char* config, size_t len, const void* snapshot, size_t snapshot_len,
                  bool restore, lh_monitor** out, char** error) {
  if (error != nullptr) *error = nullptr;
  if (out == nullptr || (config == nullptr && len > 0)) return LH_INVALID_ARGUMENT;
  *out = nullptr;
  std::string message;
  const int code = Guard(&message, [&]() -> int {
    auto parsed = loghealth::ParseMonitorConfig(std::string_view(config ? config : "", len));
    if (!parsed.ok()) return FromStatus(parsed.status(), &message);
    auto m = restore ? loghealth::HealthMonitor::Restore(
                           *parsed, std::string_view(static_cast<const char*>(snapshot),
                                                     snapshot_len))
                     : loghealth::HealthMonitor::Create(*parsed);
    if (!m.ok()) return FromStatus(m.status(), &message);
    *out = new lh_monitor{*std::move(parsed), *std::move(m), ""};
    return LH_OK;
  });
  ReportCreateError(code, message, error);
  return code;
}
}  // namespace

extern "C" {


int lh_monitor_create(const char* config, size_t len, lh_monitor** out, char** error) {
  return CreateMonitor(config, len, nullptr, 0, false, out, error);
}

int lh_monitor_restore(const char* config, size_t config_len, const void* snapshot,
                       size_t snapshot_len, lh_monitor** out, char** error) {
  if (snapshot == nullptr && snapshot_len > 0) return LH_INVALID_ARGUMENT;
  return CreateMonitor(config, config_len, snapshot ? snapshot : "", snapshot_len, true,
                       out, error);
}

void lh_monitor_free(lh_monitor* monitor) { delete monitor; }

const char* lh_monitor_last_error(const lh_monitor* monitor) {
  return monitor == nullptr ? "" : monitor->last_error.c_str();
}

int lh_monitor_observe(lh_monitor* monitor, const char* json, size_t len) {
  if (monitor == nullptr || (json == nullptr && len > 0)) return LH_INVALID_ARGUMENT;
  return Guard(&monitor->last_error, [&]() -> int {
    auto o = loghealth::ParseObservation(std::string_view(json ? json : "", len));
    if (!o.ok()) return FromStatus(o.status(), &monitor->last_error);
    return FromStatus(monitor->monitor->Observe(*o), &monitor->last_error);
  });
}

int lh_monitor_advance(lh_monitor* monitor, int64_t unix_ns) {
  if (monitor == nullptr) return LH_INVALID_ARGUMENT;
  return Guard(&monitor->last_error, [&]() -> int {
    monitor->monitor->Advance(unix_ns);
    return LH_OK;
  });
}

int64_t lh_monitor_next_due(const lh_monitor* monitor) {
  return monitor == nullptr ? 0 : monitor->monitor->NextDueTime();
}

int lh_monitor_take_records(lh_monitor* monitor, char** out) {
  if (monitor == nullptr || out == nullptr) return LH_INVALID_ARGUMENT;
  *out = nullptr;
  return Guard(&monitor->last_error, [&]() -> int {
    std::string all;
    for (const std::string& line : monitor->monitor->TakeOutputs()) {
      all += line;
      all.push_back('\n');
    }
    *out = Owned(all);
    return LH_OK;
  });
}

int lh_monitor_take_deliveries(lh_monitor* monitor, char** out) {
  if (monitor == nullptr || out == nullptr) return LH_INVALID_ARGUMENT;
  *out = nullptr;
  return Guard(&monitor->last_error, [&]() -> int {
    std::string json = "[";
    bool first = true;
    for (const loghealth::DeliveryRequest& r : monitor->monitor->TakeDueDeliveries()) {
      if (!first) json.push_back(',');
      first = false;
      json += "{\"deliveryId\":";
      loghealth::json::AppendJsonString(r.delivery_id, &json);
      json += ",\"alertId\":";
      loghealth::json::AppendJsonString(r.alert_id, &json);
      json += ",\"destinationId\":";
      loghealth::json::AppendJsonString(r.destination_id, &json);
      json += ",\"attempt\":";
      loghealth::json::AppendInt(r.attempt, &json);
      json += r.resolved_notice ? ",\"resolvedNotice\":true" : ",\"resolvedNotice\":false";
      json += ",\"payload\":";
      json += r.payload.empty() ? "null" : r.payload;
      json.push_back('}');
    }
    json.push_back(']');
    *out = Owned(json);
    return LH_OK;
  });
}

int lh_monitor_report_delivery(lh_monitor* monitor, const char* delivery_id,
                               int status_code, const char* message) {
  if (monitor == nullptr || delivery_id == nullptr) return LH_INVALID_ARGUMENT;
  return Guard(&monitor->last_error, [&]() -> int {
    loghealth::DeliveryResult r;
    r.delivery_id = delivery_id;
    r.status_code = status_code;
    if (message != nullptr) r.message = message;
    return FromStatus(monitor->monitor->ReportDelivery(r), &monitor->last_error);
  });
}

int lh_monitor_resolve(lh_monitor* monitor, const char* alert_id, const char* actor,
                       const char* reason) {
  if (monitor == nullptr || alert_id == nullptr || actor == nullptr) return LH_INVALID_ARGUMENT;
  return Guard(&monitor->last_error, [&]() -> int {
    return FromStatus(monitor->monitor->Resolve(alert_id, actor, reason ? reason : ""),
                      &monitor->last_error);
  });
}

int lh_monitor_snapshot(const lh_monitor* monitor, void** data, size_t* len) {
  if (monitor == nullptr) return LH_INVALID_ARGUMENT;
  if (data == nullptr || len == nullptr) {
    monitor->last_error = "data and len must not be NULL";
    return LH_INVALID_ARGUMENT;
  }
  *data = nullptr;
  *len = 0;
  return Guard(&monitor->last_error, [&]() -> int {
    const std::string snap = monitor->monitor->Snapshot();
    void* p = std::malloc(snap.size() == 0 ? 1 : snap.size());
    if (p == nullptr) return LH_RESOURCE_EXHAUSTED;
    std::memcpy(p, snap.data(), snap.size());
    *data = p;
    *len = snap.size();
    return LH_OK;
  });
}

}  // extern "C"
