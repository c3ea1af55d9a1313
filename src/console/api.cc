#include "src/console/api.h"

#include "src/json/json_writer.h"
#include "src/json/object_writer.h"

namespace loghealth {
namespace console {
namespace {

using json::ObjectWriter;

void DeliveryStatusJson(const AlertView& a, ObjectWriter* o) {
  std::string* out = o->Member("deliveryStatus");
  out->push_back('[');
  for (size_t i = 0; i < a.delivery_status.size(); ++i) {
    const DeliveryStatus& d = a.delivery_status[i];
    if (i > 0) out->push_back(',');
    ObjectWriter w(out);
    w.String("destinationId", d.destination_id)
        .String("state", d.state)
        .Int("attempts", d.attempts)
        .Int("lastStatusCode", d.last_status_code)
        .String("lastMessage", d.last_message);
    w.Close();
  }
  out->push_back(']');
}

void Summary(const AlertView& a, ObjectWriter* o) {
  o->String("alertId", a.id)
      .String("systemErrorType", a.system_error_type)
      .String("severity", a.severity)
      .String("title", a.title)
      .String("description", a.description)
      .StringIfSet("sourceId", a.source_id)
      .StringIfSet("sourceLabel", a.source_label)
      .StringIfSet("destinationId", a.destination_id)
      .StringIfSet("account", a.account)
      .StringIfSet("resource", a.resource)
      .String("createdAt", a.created_at)
      .String("updatedAt", a.updated_at)
      .StringIfSet("resolvedAt", a.resolved_at)
      .StringIfSet("resolvedBy", a.resolved_by)
      .StringIfSet("resolution", a.resolution)
      .Int("occurrences", a.occurrences)
      .String("status", a.status);
  DeliveryStatusJson(a, o);
}

void StringArray(const std::vector<std::string>& values, std::string* out) {
  out->push_back('[');
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out->push_back(',');
    json::AppendJsonStringRepairingUtf8(values[i], out);
  }
  out->push_back(']');
}

}  // namespace

std::string AlertsJson(const std::vector<AlertView>& alerts) {
  std::string out = "{\"alerts\":[";
  for (size_t i = 0; i < alerts.size(); ++i) {
    if (i > 0) out.push_back(',');
    ObjectWriter o(&out);
    Summary(alerts[i], &o);
    o.Close();
  }
  out += "]}";
  return out;
}

std::string AlertJson(const AlertView& a) {
  std::string out;
  ObjectWriter o(&out);
  Summary(a, &o);
  StringArray(a.log_types, o.Member("logTypes"));
  o.Raw("context", a.context_json.empty() ? "{}" : a.context_json);
  std::string* lines = o.Member("failingLines");
  lines->push_back('[');
  for (size_t i = 0; i < a.lines.size(); ++i) {
    const FailingLine& l = a.lines[i];
    if (i > 0) lines->push_back(',');
    ObjectWriter w(lines);
    w.String("time", l.time)
        .String("logType", l.log_type)
        .String("error", l.error)
        .String("payload", l.payload)
        .StringIfSet("reason", l.reason)
        .StringIfSet("field", l.field)
        .StringIfSet("expected", l.expected)
        .StringIfSet("got", l.got)
        .Int("offset", l.offset);
    if (!l.tried_json.empty()) w.Raw("tried", l.tried_json);
    w.Close();
  }
  lines->push_back(']');
  std::string* attempts = o.Member("attempts");
  attempts->push_back('[');
  for (size_t i = 0; i < a.attempts.size(); ++i) {
    const DeliveryAttempt& d = a.attempts[i];
    if (i > 0) attempts->push_back(',');
    ObjectWriter w(attempts);
    w.String("destinationId", d.destination_id)
        .Int("attempt", d.attempt)
        .Bool("resolvedNotice", d.resolved_notice)
        .Bool("success", d.success)
        .Int("statusCode", d.status_code)
        .String("message", d.message)
        .StringIfSet("responseExcerpt", d.response_excerpt)
        .String("time", d.time)
        .Int("durationMs", d.duration_ms);
    w.Close();
  }
  attempts->push_back(']');
  std::string* transitions = o.Member("transitions");
  transitions->push_back('[');
  for (size_t i = 0; i < a.transitions.size(); ++i) {
    const Transition& t = a.transitions[i];
    if (i > 0) transitions->push_back(',');
    ObjectWriter w(transitions);
    w.String("time", t.time)
        .String("subject", t.subject)
        .String("systemErrorType", t.system_error_type)
        .String("from", t.from)
        .String("to", t.to)
        .String("reason", t.reason);
    w.Close();
  }
  transitions->push_back(']');
  o.Close();
  return out;
}

std::string SourceJson(const SourceView& s) {
  std::string out;
  ObjectWriter o(&out);
  o.String("sourceId", s.id)
      .String("label", s.label)
      .Int("dropOffMinutes", s.drop_off_minutes)
      .StringIfSet("noDataState", s.no_data_state)
      .StringIfSet("lastEventAt", s.last_event_at)
      .Bool("eventsKnown", s.events_known)
      .Int("events", static_cast<int64_t>(s.events))
      .Int("failures", static_cast<int64_t>(s.failures))
      .Int("bucketSeconds", s.bucket_ns / 1000000000);
  std::string* series = o.Member("series");
  series->push_back('[');
  for (size_t i = 0; i < s.series.size(); ++i) {
    if (i > 0) series->push_back(',');
    ObjectWriter w(series);
    w.Int("startNs", s.series[i].start_ns)
        .Int("events", static_cast<int64_t>(s.series[i].events))
        .Int("failures", static_cast<int64_t>(s.series[i].failures));
    w.Close();
  }
  series->push_back(']');
  std::string* checks = o.Member("failedChecks");
  checks->push_back('[');
  for (size_t i = 0; i < s.failed_checks.size(); ++i) {
    if (i > 0) checks->push_back(',');
    ObjectWriter w(checks);
    w.String("name", s.failed_checks[i].name)
        .String("message", s.failed_checks[i].message)
        .String("since", s.failed_checks[i].since);
    w.Close();
  }
  checks->push_back(']');
  std::string* gets = o.Member("getObjectFailures");
  gets->push_back('[');
  for (size_t i = 0; i < s.get_object_failures.size(); ++i) {
    const GetObjectFailure& f = s.get_object_failures[i];
    if (i > 0) gets->push_back(',');
    ObjectWriter w(gets);
    w.String("time", f.time).String("bucket", f.bucket).String("key", f.key).String("error", f.error);
    w.Close();
  }
  gets->push_back(']');
  std::string* open = o.Member("openAlerts");
  open->push_back('[');
  for (size_t i = 0; i < s.open_alerts.size(); ++i) {
    if (i > 0) open->push_back(',');
    ObjectWriter w(open);
    Summary(s.open_alerts[i], &w);
    w.Close();
  }
  open->push_back(']');
  o.Close();
  return out;
}

std::string ErrorJson(const std::string& message) {
  std::string out;
  ObjectWriter o(&out);
  o.String("error", message);
  o.Close();
  return out;
}

}  // namespace console
}  // namespace loghealth
