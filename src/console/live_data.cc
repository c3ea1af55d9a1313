#include "src/console/live_data.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "google/protobuf/util/json_util.h"
#include "loghealth/timestamp.h"
#include "src/console/metrics_text.h"

namespace loghealth {
namespace console {
namespace {

std::string TimeText(int64_t ns) {
  if (ns == 0) return "";
  std::string out;
  FormatRfc3339Nano(Timestamp::FromUnixNanos(ns), &out);
  return out;
}

int64_t WallNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void AddLine(const monitor::FailingLine& l, std::vector<FailingLine>* out) {
  for (const FailingLine& seen : *out) {
    if (seen.time == l.time() && seen.payload == l.payload() && seen.error == l.error()) return;
  }
  FailingLine f;
  f.time = l.time();
  f.log_type = l.log_type();
  f.error = l.error();
  f.payload = l.payload();
  f.reason = l.reason();
  f.field = l.field();
  f.expected = l.expected();
  f.got = l.got();
  f.offset = l.has_offset() ? l.offset() : -1;
  f.tried_json = l.tried_json();
  out->push_back(std::move(f));
}

// Where each destination stands: delivered once any attempt succeeded,
// retrying while a delivery is pending, given up when attempts failed and
// nothing is pending.
std::vector<DeliveryStatus> StatusOf(const monitor::Alert& a, const monitor::MonitorState& s) {
  std::map<std::string, DeliveryStatus> by_destination;
  for (const monitor::DeliveryRecord& d : a.deliveries()) {
    if (d.resolved_notice()) continue;
    DeliveryStatus& st = by_destination[d.destination_id()];
    st.destination_id = d.destination_id();
    ++st.attempts;
    st.last_status_code = d.status_code();
    st.last_message = d.message();
    if (d.success()) st.state = "delivered";
  }
  std::set<std::string> pending;
  for (const monitor::PendingDelivery& p : s.deliveries()) {
    if (p.alert_id() == a.alert_id() && !p.resolved_notice()) pending.insert(p.destination_id());
  }
  for (const std::string& d : pending) {
    DeliveryStatus& st = by_destination[d];
    st.destination_id = d;
    if (st.state.empty()) st.state = st.attempts > 0 ? "retrying" : "pending";
  }
  std::vector<DeliveryStatus> out;
  for (auto& [id, st] : by_destination) {
    if (st.state.empty()) st.state = "gave up";
    out.push_back(std::move(st));
  }
  return out;
}

AlertView ViewOf(const monitor::Alert& a, const monitor::MonitorState& s, bool detail) {
  AlertView v;
  v.id = a.alert_id();
  v.system_error_type = monitor::SystemErrorType_Name(a.system_error_type());
  v.severity = a.severity();
  v.title = a.title();
  v.description = a.description();
  v.source_id = a.source_id();
  v.source_label = a.source_label();
  v.destination_id = a.destination_id();
  v.account = a.account();
  v.resource = a.resource();
  v.created_at = a.created_at();
  v.updated_at = a.updated_at();
  v.resolved_at = a.resolved_at();
  v.resolved_by = a.resolved_by();
  v.resolution = a.resolution();
  v.occurrences = a.occurrences();
  v.status = monitor::AlertStatus_Name(a.status());
  v.log_types.assign(a.context().log_types().begin(), a.context().log_types().end());
  v.delivery_status = StatusOf(a, s);
  if (!detail) return v;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = false;
  (void)google::protobuf::util::MessageToJsonString(a.context(), &v.context_json, options);
  for (const auto& l : a.context().first_lines()) AddLine(l, &v.lines);
  for (const auto& l : a.context().latest_lines()) AddLine(l, &v.lines);
  for (const monitor::DeliveryRecord& d : a.deliveries()) {
    DeliveryAttempt t;
    t.destination_id = d.destination_id();
    t.attempt = d.attempt();
    t.resolved_notice = d.resolved_notice();
    t.success = d.success();
    t.status_code = d.status_code();
    t.message = d.message();
    t.response_excerpt = d.response_excerpt();
    t.time = d.dispatched_at();
    t.duration_ms = d.duration_ms();
    v.attempts.push_back(std::move(t));
  }
  std::stable_sort(v.attempts.begin(), v.attempts.end(),
                   [](const DeliveryAttempt& x, const DeliveryAttempt& y) { return x.time < y.time; });
  for (const monitor::AuditEntry& e : s.audit()) {
    if (e.alert_id() != a.alert_id()) continue;
    v.transitions.push_back({TimeText(e.time()), e.subject(),
                             monitor::SystemErrorType_Name(e.system_error_type()),
                             monitor::AlarmState_Name(e.from()), monitor::AlarmState_Name(e.to()),
                             e.reason()});
  }
  return v;
}

bool Matches(const AlertView& v, const AlertFilter& f) {
  return (f.status.empty() || v.status == f.status) &&
         (f.system_error_type.empty() || v.system_error_type == f.system_error_type) &&
         (f.source_id.empty() || v.source_id == f.source_id);
}

}  // namespace

std::vector<AlertView> LiveData::Alerts(const AlertFilter& filter) {
  std::vector<AlertView> open, resolved;
  service_->Read([&](const monitor::MonitorState& s) {
    for (const monitor::Alert& a : s.open_alerts()) {
      AlertView v = ViewOf(a, s, false);
      if (Matches(v, filter)) open.push_back(std::move(v));
    }
    for (const monitor::Alert& a : s.resolved_alerts()) {
      AlertView v = ViewOf(a, s, false);
      if (Matches(v, filter)) resolved.push_back(std::move(v));
    }
  });
  auto newest_first = [](const AlertView& x, const AlertView& y) {
    return x.created_at != y.created_at ? x.created_at > y.created_at : x.id < y.id;
  };
  std::stable_sort(open.begin(), open.end(), newest_first);
  std::stable_sort(resolved.begin(), resolved.end(), newest_first);
  open.insert(open.end(), resolved.begin(), resolved.end());
  return open;
}

std::optional<AlertView> LiveData::Alert(const std::string& id) {
  std::optional<AlertView> out;
  service_->Read([&](const monitor::MonitorState& s) {
    for (const auto* list : {&s.open_alerts(), &s.resolved_alerts()}) {
      for (const monitor::Alert& a : *list) {
        if (a.alert_id() == id) {
          out = ViewOf(a, s, true);
          return;
        }
      }
    }
  });
  return out;
}

std::optional<SourceView> LiveData::Source(const std::string& id) {
  std::optional<SourceView> out;
  service_->Read([&](const monitor::MonitorState& s) {
    for (const monitor::SourceState& src : s.sources()) {
      if (src.id() != id) continue;
      SourceView v;
      v.id = src.id();
      v.label = src.label();
      v.drop_off_minutes = src.drop_off_minutes();
      v.no_data_state = monitor::AlarmState_Name(src.no_data());
      v.last_event_at = TimeText(src.last_event_at());
      for (const monitor::FailedCheck& c : src.failed_checks()) {
        v.failed_checks.push_back({c.name(), c.message(), c.since()});
      }
      for (const monitor::Alert& a : s.open_alerts()) {
        if (a.source_id() == id) v.open_alerts.push_back(ViewOf(a, s, false));
      }
      out = std::move(v);
      return;
    }
  });
  if (!out.has_value()) return out;
  out->bucket_ns = history_->bucket_ns();
  out->series = history_->Series(id);
  for (const SeriesPoint& p : out->series) {
    out->events += p.events;
    out->failures += p.failures;
  }
  out->get_object_failures = history_->GetObjectFailures(id);
  return out;
}

std::vector<std::string> LiveData::SourceIds() {
  std::vector<std::string> out;
  service_->Read([&](const monitor::MonitorState& s) {
    for (const monitor::SourceState& src : s.sources()) out.push_back(src.id());
  });
  std::sort(out.begin(), out.end());
  return out;
}

absl::Status LiveData::Resolve(const std::string& alert_id, const std::string& actor,
                               const std::string& reason) {
  return service_->Resolve(alert_id, actor, reason);
}

void LiveData::AppendMetrics(std::string* out) {
  history_->AppendMetrics(out);
  std::map<std::string, int> open_by_type;
  for (int t = monitor::SystemErrorType_MIN; t <= monitor::SystemErrorType_MAX; ++t) {
    if (t == monitor::SYSTEM_ERROR_TYPE_UNSPECIFIED || !monitor::SystemErrorType_IsValid(t)) {
      continue;
    }
    open_by_type[monitor::SystemErrorType_Name(static_cast<monitor::SystemErrorType>(t))] = 0;
  }
  int64_t clock = 0;
  size_t pending = 0, sources = 0;
  service_->Read([&](const monitor::MonitorState& s) {
    for (const monitor::Alert& a : s.open_alerts()) {
      ++open_by_type[monitor::SystemErrorType_Name(a.system_error_type())];
    }
    clock = s.clock();
    pending = static_cast<size_t>(s.deliveries_size());
    sources = static_cast<size_t>(s.sources_size());
  });
  MetricFamily(out, "loghealth_open_alerts", "gauge",
               "System Error alerts open now, per system error type.");
  for (const auto& [type, n] : open_by_type) {
    Sample(out, "loghealth_open_alerts", {{"system_error_type", type}}, n);
  }
  MetricFamily(out, "loghealth_pending_deliveries", "gauge",
               "Deliveries waiting to be sent or retried.");
  Sample(out, "loghealth_pending_deliveries", {}, static_cast<double>(pending));
  MetricFamily(out, "loghealth_sources", "gauge", "Log sources the monitor watches.");
  Sample(out, "loghealth_sources", {}, static_cast<double>(sources));
  MetricFamily(out, "loghealth_monitor_clock_lag_seconds", "gauge",
               "How far the monitor's clock is behind the wall clock (negative: ahead).");
  Sample(out, "loghealth_monitor_clock_lag_seconds", {},
         clock == 0 ? 0.0 : static_cast<double>(WallNanos() - clock) / 1e9);
}

}  // namespace console
}  // namespace loghealth
