// System Error alerts: building them (always CRITICAL), joining repeats to
// the open alert, resolving, and routing to destinations.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "src/json/json_writer.h"
#include "src/monitor/monitor_impl.h"

namespace loghealth {

std::string HealthMonitor::Impl::AlertJson(const Alert& alert) const {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_enums_as_ints = false;
  (void)google::protobuf::util::MessageToJsonString(alert, &json, options);
  return json;
}

Alert* HealthMonitor::Impl::Raise(SystemErrorType type,
                                  monitor::RelatedComponent component,
                                  const std::string& subject, uint32_t sequence,
                                  std::string title, std::string description,
                                  const std::function<void(Alert*)>& fill,
                                  const std::string& excluded_destination) {
  Alert* alert = state.add_open_alerts();
  // The id is stable: the same type, subject and sequence give the same id
  // on every run and after every restore.
  alert->set_alert_id(StableId(absl::StrCat(TypeName(type), "\x1f", subject, "\x1f",
                                            sequence)));
  // A System Error is always CRITICAL; this is the only place alerts are made.
  alert->set_type("SYSTEM_ERROR");
  alert->set_severity("CRITICAL");
  alert->set_system_error_type(type);
  alert->set_related_component(component);
  alert->set_title(std::move(title));
  alert->set_description(std::move(description));
  alert->set_created_at(TimeText(now()));
  alert->set_updated_at(alert->created_at());
  alert->set_occurrences(1);
  alert->set_status(monitor::OPEN);
  if (fill) fill(alert);
  open_alerts[alert->alert_id()] = alert;
  open_alert_slots[alert->alert_id()] = state.open_alerts_size() - 1;

  // The console (the alerts page) always has it.
  monitor::DeliveryRecord* console = alert->add_deliveries();
  console->set_destination_id("console");
  console->set_success(true);
  console->set_status_code(200);
  console->set_dispatched_at(TimeText(now()));
  console->set_attempt(1);
  std::string body = AlertJson(*alert);
  Emit("alert", body.substr(1, body.size() - 2));
  // Every destination that subscribes to System Errors, whatever its
  // severities; a destination that does not subscribe never gets one.
  for (const DestinationConfig& d : config.destinations) {
    if (d.id == excluded_destination) continue;
    if (std::find(d.alert_types.begin(), d.alert_types.end(), "SYSTEM_ERROR") ==
        d.alert_types.end()) {
      continue;
    }
    Enqueue(*alert, d.id, /*resolved_notice=*/false);
  }
  return alert;
}

void HealthMonitor::Impl::Join(Alert* alert, const monitor::FailingLine* line) {
  alert->set_occurrences(alert->occurrences() + 1);
  alert->set_updated_at(TimeText(now()));
  std::string body = "\"alertId\":";
  json::AppendJsonString(alert->alert_id(), &body);
  body += ",\"occurrences\":";
  json::AppendInt(alert->occurrences(), &body);
  body += ",\"updatedAt\":";
  json::AppendJsonString(alert->updated_at(), &body);
  if (line != nullptr) {
    // The line joins the alert's latest lines (and its first ones while
    // there are fewer than keepLines): a reader of the records (the
    // database) keeps the same lines the alert does.
    std::string line_json;
    (void)google::protobuf::util::MessageToJsonString(*line, &line_json);
    body += ",\"line\":";
    body += line_json;
    body += ",\"keepLines\":";
    json::AppendInt(static_cast<int64_t>(std::max<size_t>(config.max_failing_lines, 1)), &body);
  }
  Emit("alert_update", std::move(body));
}

Alert* HealthMonitor::Impl::FindAlert(const std::string& alert_id) {
  auto it = open_alerts.find(alert_id);
  if (it != open_alerts.end()) return it->second;
  for (Alert& a : *state.mutable_resolved_alerts()) {
    if (a.alert_id() == alert_id) return &a;
  }
  return nullptr;
}

void HealthMonitor::Impl::ResolveAlert(const std::string& alert_id, const std::string& by,
                                       const std::string& resolution) {
  auto it = open_alerts.find(alert_id);
  if (it == open_alerts.end()) return;
  Alert* alert = it->second;
  alert->set_status(monitor::RESOLVED);
  alert->set_resolved_at(TimeText(now()));
  alert->set_resolved_by(by);
  alert->set_resolution(resolution);
  alert->set_updated_at(alert->resolved_at());
  std::string body = "\"alertId\":";
  json::AppendJsonString(alert_id, &body);
  body += ",\"resolvedAt\":";
  json::AppendJsonString(alert->resolved_at(), &body);
  body += ",\"resolvedBy\":";
  json::AppendJsonString(by, &body);
  body += ",\"resolution\":";
  json::AppendJsonString(resolution, &body);
  Emit("alert_resolved", std::move(body));

  // The subject no longer points at it.
  const std::string& subject = alert->source_id();
  if (monitor::SourceState* s = Source(subject)) {
    // The classification alarm is the alert: it stays until resolved, and
    // its resolution is the alarm's way back to OK.
    if (s->classification_alert_id() == alert_id) {
      s->clear_classification_alert_id();
      Transition("source", s->id(), monitor::SOURCE_CLASSIFICATION_FAILURES, monitor::ALARM,
                 monitor::OK,
                 resolution.empty() ? absl::StrCat("resolved by ", by)
                                    : absl::StrCat("resolved by ", by, ": ", resolution),
                 alert_id);
    }
    for (std::string* id : {s->mutable_no_data_alert_id(), s->mutable_health_alert_id(),
                            s->mutable_processing_alert_id()}) {
      if (*id == alert_id) id->clear();
    }
  }
  auto scan = scans.find(alert->account() + '\x1f' + alert->resource());
  if (scan != scans.end() && scan->second->alert_id() == alert_id) {
    scan->second->clear_alert_id();
  }
  auto dest = destinations.find(alert->destination_id());
  if (dest != destinations.end() && dest->second->alert_id() == alert_id) {
    dest->second->clear_alert_id();
  }

  // Destinations that asked for it hear that it resolved.
  std::vector<std::string> notified;
  for (const monitor::DeliveryRecord& d : alert->deliveries()) {
    if (d.destination_id() == "console" || d.resolved_notice()) continue;
    if (std::find(notified.begin(), notified.end(), d.destination_id()) != notified.end()) {
      continue;
    }
    auto config_it = destination_configs.find(d.destination_id());
    if (config_it != destination_configs.end() && config_it->second->send_resolved) {
      notified.push_back(d.destination_id());
    }
  }
  for (const monitor::PendingDelivery& p : state.deliveries()) {
    if (p.alert_id() != alert_id || p.resolved_notice()) continue;
    if (std::find(notified.begin(), notified.end(), p.destination_id()) != notified.end()) {
      continue;
    }
    auto config_it = destination_configs.find(p.destination_id());
    if (config_it != destination_configs.end() && config_it->second->send_resolved) {
      notified.push_back(p.destination_id());
    }
  }
  // Move it to the bounded list of resolved alerts. The last open alert
  // takes its slot: O(1) however many are open (the order of open alerts is
  // the same in a monitor restored from a snapshot, which keeps the slots).
  Alert resolved = *alert;
  open_alerts.erase(it);
  auto* open = state.mutable_open_alerts();
  const int slot = open_alert_slots[alert_id];
  const int last = open->size() - 1;
  if (slot != last) {
    open->SwapElements(slot, last);  // swaps pointers: no Alert moves
    open_alert_slots[open->Get(slot).alert_id()] = slot;
  }
  open->RemoveLast();
  open_alert_slots.erase(alert_id);
  *state.add_resolved_alerts() = std::move(resolved);
  const size_t limit = std::max<size_t>(config.max_resolved_alerts, 1);
  if (static_cast<size_t>(state.resolved_alerts_size()) > 2 * limit) {
    state.mutable_resolved_alerts()->DeleteSubrange(
        0, state.resolved_alerts_size() - static_cast<int>(limit));
  }
  const Alert& kept = state.resolved_alerts(state.resolved_alerts_size() - 1);
  for (const std::string& d : notified) Enqueue(kept, d, /*resolved_notice=*/true);
}

}  // namespace loghealth
