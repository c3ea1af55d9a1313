// The alarms of a log source: drop-off (SOURCE_NO_DATA), health checks
// (SOURCE_PERMISSIONS_CHECKS), classification failures and S3 GetObject
// errors (SOURCE_LOG_PROCESSING_ERRORS, with the data_audit records).
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "src/json/json_writer.h"
#include "src/monitor/monitor_impl.h"

namespace loghealth {
namespace {

constexpr int64_t kMinute = 60'000'000'000LL;
constexpr int64_t kDay = 24 * 60 * kMinute;

// Failing lines keep their payload, cut to a size that keeps alerts small.
std::string Excerpt(const std::string& s) {
  if (s.size() <= 2048) return s;
  size_t n = 2048;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n) + "...";
}

}  // namespace

// ---- SOURCE_NO_DATA ----------------------------------------------------------

void HealthMonitor::Impl::OnEvents(const Observation& o) {
  monitor::SourceState* s = Source(o.source);
  if (o.count <= 0) return;  // nothing arrived
  s->set_events(s->events() + static_cast<uint64_t>(o.count));
  if (o.time > s->last_event_at()) s->set_last_event_at(o.time);
  if (s->drop_off_minutes() == 0) return;
  const AlarmState before = s->no_data();
  if (before == monitor::ALARM) {
    s->set_no_data(monitor::OK);
    const std::string alert_id = s->no_data_alert_id();
    Transition("source", s->id(), monitor::SOURCE_NO_DATA, before, monitor::OK,
               absl::StrCat("events received again at ", TimeText(o.time)), alert_id);
    if (!alert_id.empty()) ResolveAlert(alert_id, "loghealth", "events resumed");
  } else if (before == monitor::INSUFFICIENT_DATA) {
    s->set_no_data(monitor::OK);
    Transition("source", s->id(), monitor::SOURCE_NO_DATA, before, monitor::OK,
               "first events received", "");
  }
  Schedule(kNoData, s->id(), AddNanos(s->last_event_at(), s->drop_off_minutes() * kMinute));
}

void HealthMonitor::Impl::FireNoData(monitor::SourceState* s, int64_t due) {
  if (s->drop_off_minutes() == 0 || s->no_data() == monitor::ALARM) return;
  const bool heard = s->last_event_at() != 0;
  const int64_t since = heard ? s->last_event_at() : s->registered_at();
  const int64_t expected = AddNanos(since, s->drop_off_minutes() * kMinute);
  if (expected > due) {
    Schedule(kNoData, s->id(), expected);  // events came in the meantime
    return;
  }
  const AlarmState before = s->no_data();
  s->set_no_data(monitor::ALARM);
  s->set_no_data_sequence(s->no_data_sequence() + 1);
  const std::string reason =
      heard ? absl::StrCat("no events for ", s->drop_off_minutes(),
                           " minutes (the last at ", TimeText(since), ")")
            : absl::StrCat("no events since the source was registered at ",
                           TimeText(since), " (", s->drop_off_minutes(), " minutes)");
  const int minutes = s->drop_off_minutes();
  Alert* alert = Raise(
      monitor::SOURCE_NO_DATA, monitor::LOG_SOURCE, s->id(), s->no_data_sequence(),
      absl::StrCat("Log source \"", s->label(), "\" has not received events for ",
                   minutes, " minutes"),
      absl::StrCat("Log drop-off: ", reason,
                   ". The alert is sent once; it resolves when events resume."),
      [&](Alert* a) {
        a->set_source_id(s->id());
        a->set_source_label(s->label());
        a->mutable_context()->set_last_event_at(heard ? TimeText(since) : "");
        a->mutable_context()->set_drop_off_minutes(minutes);
      });
  s->set_no_data_alert_id(alert->alert_id());
  Transition("source", s->id(), monitor::SOURCE_NO_DATA, before, monitor::ALARM, reason,
             alert->alert_id());
}

// ---- SOURCE_PERMISSIONS_CHECKS -----------------------------------------------

void HealthMonitor::Impl::OnHealthCheck(const Observation& o) {
  monitor::SourceState* s = Source(o.source);
  auto* failed = s->mutable_failed_checks();
  auto it = std::find_if(failed->begin(), failed->end(),
                         [&](const monitor::FailedCheck& c) { return c.name() == o.check; });
  if (!o.healthy) {
    if (it == failed->end()) {
      monitor::FailedCheck* c = failed->Add();
      c->set_name(o.check);
      c->set_message(o.message);
      c->set_since(TimeText(now()));
    } else {
      it->set_message(o.message);
    }
    Alert* open = s->health_alert_id().empty() ? nullptr : open_alerts[s->health_alert_id()];
    if (open != nullptr) {
      *open->mutable_context()->mutable_checks() = *failed;
      Join(open);
      return;
    }
    s->set_health_sequence(s->health_sequence() + 1);
    const std::string reason =
        absl::StrCat("health check ", o.check, " failed: ", o.message);
    Alert* alert = Raise(
        monitor::SOURCE_PERMISSIONS_CHECKS, monitor::LOG_SOURCE, s->id(),
        s->health_sequence(),
        absl::StrCat("Log source \"", s->label(), "\" is unhealthy"),
        absl::StrCat("Source has turned Unhealthy: ", reason), [&](Alert* a) {
          a->set_source_id(s->id());
          a->set_source_label(s->label());
          *a->mutable_context()->mutable_checks() = *failed;
        });
    s->set_health_alert_id(alert->alert_id());
    Transition("source", s->id(), monitor::SOURCE_PERMISSIONS_CHECKS, monitor::OK,
               monitor::ALARM, reason, alert->alert_id());
    return;
  }
  if (it == failed->end()) return;  // it was passing already
  failed->erase(it);
  if (!failed->empty()) return;     // healthy only when every check passes
  const std::string alert_id = s->health_alert_id();
  Transition("source", s->id(), monitor::SOURCE_PERMISSIONS_CHECKS, monitor::ALARM,
             monitor::OK, absl::StrCat("every failed check passes again (the last: ",
                                       o.check, ")"),
             alert_id);
  if (!alert_id.empty()) ResolveAlert(alert_id, "loghealth", "health checks pass");
}

// ---- SOURCE_CLASSIFICATION_FAILURES ----------------------------------------------

void HealthMonitor::Impl::OnClassificationFailure(const Observation& o) {
  monitor::SourceState* s = Source(o.source);
  monitor::FailingLine line;
  line.set_time(TimeText(now()));
  line.set_log_type(o.log_type);
  line.set_error(o.error);
  line.set_payload(Excerpt(o.payload));
  line.set_reason(o.reason);
  line.set_field(o.field);
  line.set_expected(o.expected);
  line.set_got(o.got);
  if (o.offset >= 0) line.set_offset(o.offset);
  line.set_tried_json(o.tried);
  const size_t keep = std::max<size_t>(config.max_failing_lines, 1);
  auto add_log_type = [&](monitor::AlertContext* c) {
    if (o.log_type.empty()) return;
    auto* types = c->mutable_log_types();
    if (std::find(types->begin(), types->end(), o.log_type) == types->end()) {
      types->Add(std::string(o.log_type));
      std::sort(types->begin(), types->end());
    }
  };
  if (!s->classification_alert_id().empty()) {
    // Later failures join the open alert: it stays until a person resolves it.
    Alert* open = open_alerts[s->classification_alert_id()];
    monitor::AlertContext* c = open->mutable_context();
    if (static_cast<size_t>(c->first_lines_size()) < keep) *c->add_first_lines() = line;
    *c->add_latest_lines() = line;
    if (static_cast<size_t>(c->latest_lines_size()) > keep) {
      c->mutable_latest_lines()->DeleteSubrange(0, 1);
    }
    c->set_last_seen(line.time());
    add_log_type(c);
    Join(open, &line);
    return;
  }
  s->set_classification_sequence(s->classification_sequence() + 1);
  Alert* alert = Raise(
      monitor::SOURCE_CLASSIFICATION_FAILURES, monitor::LOG_SOURCE, s->id(),
      s->classification_sequence(),
      absl::StrCat("Log source \"", s->label(), "\" has classification failures"),
      "Source has turned Unhealthy: log(s) cannot be properly classified into the "
      "attached schemas. Fix the schema, then resolve this alert.",
      [&](Alert* a) {
        a->set_source_id(s->id());
        a->set_source_label(s->label());
        monitor::AlertContext* c = a->mutable_context();
        *c->add_first_lines() = line;
        *c->add_latest_lines() = line;
        c->set_first_seen(line.time());
        c->set_last_seen(line.time());
        add_log_type(c);
      });
  s->set_classification_alert_id(alert->alert_id());
  Transition("source", s->id(), monitor::SOURCE_CLASSIFICATION_FAILURES, monitor::OK,
             monitor::ALARM, absl::StrCat("first classification failure: ", o.error),
             alert->alert_id());
}

// ---- SOURCE_LOG_PROCESSING_ERRORS (S3 GetObject) ------------------------------------

void HealthMonitor::Impl::OnGetObject(const Observation& o) {
  monitor::SourceState* s = Source(o.source);
  // Every read is a panther_monitor.data_audit row.
  std::string body = "\"operation\":\"GetObject\",\"status\":";
  body += o.ok ? "\"SUCCESS\"" : "\"FAILURE\"";
  if (!o.ok) {
    body += ",\"error\":";
    json::AppendJsonString(o.error, &body);
  }
  body += ",\"s3bucket\":";
  json::AppendJsonString(o.bucket, &body);
  body += ",\"s3key\":";
  json::AppendJsonString(o.key, &body);
  body += ",\"s3objectsize\":";
  if (o.ok) {
    json::AppendInt(o.size, &body);  // -1 when unknown
  } else {
    body += "null";
  }
  body += ",\"s3objectversionid\":";
  json::AppendJsonString(o.ok ? o.version_id : "", &body);
  body += ",\"recordcount\":";
  json::AppendInt(o.ok ? o.record_count : 0, &body);
  body += ",\"assumedrolearn\":";
  json::AppendJsonString(o.role_arn, &body);
  body += ",\"p_log_type\":\"Panther.DataAudit\",\"p_event_time\":";
  json::AppendJsonString(TimeText(o.time), &body);
  body += ",\"p_parse_time\":";
  json::AppendJsonString(TimeText(now()), &body);
  body += ",\"p_source_id\":";
  json::AppendJsonString(s->id(), &body);
  body += ",\"p_source_label\":";
  json::AppendJsonString(s->label(), &body);
  state.set_row_sequence(state.row_sequence() + 1);
  body += ",\"p_row_id\":";
  json::AppendJsonString(StableId(absl::StrCat("data_audit\x1f", state.row_sequence())),
                             &body);
  Emit("data_audit", std::move(body));
  if (o.ok) return;

  if (o.time > s->last_get_object_failure_at()) s->set_last_get_object_failure_at(o.time);
  monitor::FailingObject object;
  object.set_time(TimeText(o.time));
  object.set_bucket(o.bucket);
  object.set_key(o.key);
  object.set_error(o.error);
  const size_t limit = std::max<size_t>(config.max_failing_objects, 1);
  if (!s->processing_alert_id().empty()) {
    Alert* open = open_alerts[s->processing_alert_id()];
    if (static_cast<size_t>(open->context().objects_size()) < limit) {
      *open->mutable_context()->add_objects() = object;
    }
    Join(open);
  } else {
    s->set_processing_sequence(s->processing_sequence() + 1);
    Alert* alert = Raise(
        monitor::SOURCE_LOG_PROCESSING_ERRORS, monitor::LOG_SOURCE, s->id(),
        s->processing_sequence(),
        absl::StrCat("Log source \"", s->label(), "\" failed to read S3 objects"),
        "S3 GetObject failed within the last 24 hours; the objects are listed. The "
        "alert resolves after 24 hours without a failure.",
        [&](Alert* a) {
          a->set_source_id(s->id());
          a->set_source_label(s->label());
          *a->mutable_context()->add_objects() = object;
        });
    s->set_processing_alert_id(alert->alert_id());
    Transition("source", s->id(), monitor::SOURCE_LOG_PROCESSING_ERRORS, monitor::OK,
               monitor::ALARM,
               absl::StrCat("GetObject failed for s3://", o.bucket, "/", o.key, ": ",
                            o.error),
               alert->alert_id());
  }
  Schedule(kProcessingWindow, s->id(), AddNanos(s->last_get_object_failure_at(), kDay));
}

void HealthMonitor::Impl::FireProcessingWindow(monitor::SourceState* s, int64_t due) {
  if (s->processing_alert_id().empty()) return;
  const int64_t expected = AddNanos(s->last_get_object_failure_at(), kDay);
  if (expected > due) {
    Schedule(kProcessingWindow, s->id(), expected);  // a later failure
    return;
  }
  const std::string alert_id = s->processing_alert_id();
  Transition("source", s->id(), monitor::SOURCE_LOG_PROCESSING_ERRORS, monitor::ALARM,
             monitor::OK, "no GetObject failure for 24 hours", alert_id);
  ResolveAlert(alert_id, "loghealth", "no GetObject failure for 24 hours");
}

}  // namespace loghealth
