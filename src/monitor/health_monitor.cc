// The monitor's core: the clock and timers, observations in, records out,
// and the snapshot that makes all of it survive a restart.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "loghealth/timestamp.h"
#include "src/json/json_writer.h"
#include "src/monitor/monitor_impl.h"

namespace loghealth {
namespace {

// Snapshots start with this, then the version byte: random bytes and other
// formats are refused before protobuf ever reads them.
constexpr char kMagic[] = "LHMS";

}  // namespace

std::string TimeText(int64_t ns) {
  if (ns == 0) return "";
  std::string out;
  FormatRfc3339Nano(Timestamp::FromUnixNanos(ns), &out);
  return out;
}

std::string StableId(const std::string& key) {
  auto fnv = [&key](uint64_t h) {
    for (unsigned char c : key) {
      h ^= c;
      h *= 1099511628211ULL;
    }
    return h;
  };
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (uint64_t h : {fnv(14695981039346656037ULL), fnv(0x9e3779b97f4a7c15ULL)}) {
    for (int i = 15; i >= 0; --i) out.push_back(kHex[(h >> (4 * i)) & 15]);
  }
  return out;
}

const std::string& TypeName(SystemErrorType type) {
  return monitor::SystemErrorType_Name(type);
}

const std::string& StateName(AlarmState state) {
  return monitor::AlarmState_Name(state);
}

HealthMonitor::HealthMonitor(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HealthMonitor::~HealthMonitor() = default;

absl::StatusOr<std::unique_ptr<HealthMonitor>> HealthMonitor::Create(
    MonitorConfig config) {
  auto impl = std::make_unique<Impl>();
  impl->state.set_version(kMonitorSnapshotVersion);
  for (const SourceConfig& s : config.sources) {
    if (s.id.empty()) return absl::InvalidArgumentError("a source needs an id");
    if (s.drop_off_minutes != 0 &&
        (s.drop_off_minutes < 15 || s.drop_off_minutes > 43200)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "source ", s.id, ": dropOffMinutes must be from 15 to 43200 (30 days), got ",
          s.drop_off_minutes));
    }
    if (impl->sources.count(s.id)) {
      return absl::InvalidArgumentError(absl::StrCat("source ", s.id, " is listed twice"));
    }
    monitor::SourceState* state = impl->state.add_sources();
    state->set_id(s.id);
    state->set_label(s.label.empty() ? s.id : s.label);
    state->set_drop_off_minutes(s.drop_off_minutes);
    state->set_no_data(monitor::INSUFFICIENT_DATA);
    impl->sources[s.id] = state;
  }
  impl->config = std::move(config);
  impl->RebuildIndexes();
  return std::unique_ptr<HealthMonitor>(new HealthMonitor(std::move(impl)));
}

absl::StatusOr<std::unique_ptr<HealthMonitor>> HealthMonitor::Restore(
    MonitorConfig config, std::string_view snapshot) {
  if (snapshot.size() < 5 || snapshot.substr(0, 4) != kMagic) {
    return absl::InvalidArgumentError(
        "not a loghealth monitor snapshot (it does not start with LHMS)");
  }
  const uint32_t version = static_cast<unsigned char>(snapshot[4]);
  if (version != kMonitorSnapshotVersion) {
    return absl::FailedPreconditionError(absl::StrCat(
        "monitor snapshot format version ", version,
        " is not supported (this build reads version ", kMonitorSnapshotVersion, ")"));
  }
  auto impl = std::make_unique<Impl>();
  if (!impl->state.ParseFromArray(snapshot.data() + 5,
                                  static_cast<int>(snapshot.size() - 5)) ||
      impl->state.version() != version) {
    return absl::InvalidArgumentError("the monitor snapshot is damaged (it does not parse)");
  }
  impl->config = std::move(config);
  impl->RebuildIndexes();
  // Sources added to the config since the snapshot join now; the ones it no
  // longer lists stay (nothing is forgotten implicitly).
  for (const SourceConfig& s : impl->config.sources) {
    monitor::SourceState* state = impl->Source(s.id);
    if (state == nullptr) {
      state = impl->state.add_sources();
      state->set_id(s.id);
      state->set_no_data(monitor::INSUFFICIENT_DATA);
      state->set_registered_at(impl->now());
      impl->sources[s.id] = state;
    }
    state->set_label(s.label.empty() ? s.id : s.label);
    state->set_drop_off_minutes(s.drop_off_minutes);
  }
  // Timers are not stored: they follow from the state.
  for (monitor::SourceState& s : *impl->state.mutable_sources()) {
    if (s.drop_off_minutes() > 0 && s.no_data() != monitor::ALARM && s.registered_at() != 0) {
      const int64_t since = s.last_event_at() != 0 ? s.last_event_at() : s.registered_at();
      impl->Schedule(Impl::kNoData, s.id(),
                     AddNanos(since, s.drop_off_minutes() * 60'000'000'000LL));
    }
    if (!s.processing_alert_id().empty()) {
      impl->Schedule(Impl::kProcessingWindow, s.id(),
                     AddNanos(s.last_get_object_failure_at(), 24 * 3600'000'000'000LL));
    }
  }
  return std::unique_ptr<HealthMonitor>(new HealthMonitor(std::move(impl)));
}

void HealthMonitor::Impl::RebuildIndexes() {
  sources.clear();
  scans.clear();
  destinations.clear();
  open_alerts.clear();
  open_alert_slots.clear();
  destination_configs.clear();
  for (monitor::SourceState& s : *state.mutable_sources()) sources[s.id()] = &s;
  for (monitor::ScanState& s : *state.mutable_scans()) {
    scans[s.account() + '\x1f' + s.resource()] = &s;
  }
  for (monitor::DestinationState& d : *state.mutable_destinations()) destinations[d.id()] = &d;
  for (int i = 0; i < state.open_alerts_size(); ++i) {
    Alert& a = *state.mutable_open_alerts(i);
    open_alerts[a.alert_id()] = &a;
    open_alert_slots[a.alert_id()] = i;
  }
  for (const DestinationConfig& d : config.destinations) destination_configs[d.id] = &d;
}

monitor::SourceState* HealthMonitor::Impl::Source(const std::string& id) {
  auto it = sources.find(id);
  return it == sources.end() ? nullptr : it->second;
}

void HealthMonitor::Impl::Start(int64_t now) {
  // The first input starts the clock: configured sources count as
  // registered from then.
  state.set_clock(now);
  for (monitor::SourceState& s : *state.mutable_sources()) {
    if (s.registered_at() == 0) s.set_registered_at(now);
    if (s.drop_off_minutes() > 0) {
      Schedule(kNoData, s.id(), AddNanos(now, s.drop_off_minutes() * 60'000'000'000LL));
    }
  }
}

void HealthMonitor::Impl::Schedule(TimerKind kind, const std::string& subject, int64_t due) {
  std::string key(1, static_cast<char>(kind));
  key += subject;
  // Looked up before inserting: the common case (a timer is already there,
  // it reschedules itself when it comes up) then allocates nothing.
  if (scheduled.find(key) != scheduled.end()) return;
  scheduled.emplace(std::move(key), due);
  timers.push(Timer{due, kind, subject});
}

void HealthMonitor::Impl::Fire(const Timer& timer) {
  std::string key(1, static_cast<char>(timer.kind));
  key += timer.subject;
  scheduled.erase(key);
  monitor::SourceState* s = Source(timer.subject);
  if (s == nullptr) return;
  if (timer.kind == kNoData) {
    FireNoData(s, timer.due);
  } else {
    FireProcessingWindow(s, timer.due);
  }
}

void HealthMonitor::Impl::Emit(const char* record, std::string body) {
  std::string out = "{\"record\":\"";
  out += record;
  out += "\",\"seq\":";
  json::AppendInt(static_cast<int64_t>(state.output_sequence() + 1), &out);
  state.set_output_sequence(state.output_sequence() + 1);
  if (!body.empty()) {
    out.push_back(',');
    out += body;
  }
  out.push_back('}');
  outputs.push_back(std::move(out));
}

void HealthMonitor::Impl::Audit(const std::string& subject, SystemErrorType type,
                                AlarmState from, AlarmState to,
                                const std::string& reason, const std::string& alert_id) {
  monitor::AuditEntry* e = state.add_audit();
  e->set_time(now());
  e->set_subject(subject);
  e->set_system_error_type(type);
  e->set_from(from);
  e->set_to(to);
  e->set_reason(reason);
  e->set_alert_id(alert_id);
  // Bounded: drop the oldest in batches so that trimming stays cheap.
  const size_t limit = std::max<size_t>(config.max_audit_entries, 1);
  if (static_cast<size_t>(state.audit_size()) > 2 * limit) {
    state.mutable_audit()->DeleteSubrange(0, state.audit_size() - static_cast<int>(limit));
  }
}

void HealthMonitor::Impl::Transition(const char* subject_key, const std::string& subject,
                                     SystemErrorType type, AlarmState from, AlarmState to,
                                     const std::string& reason,
                                     const std::string& alert_id) {
  Audit(subject, type, from, to, reason, alert_id);
  std::string body = "\"time\":";
  json::AppendJsonString(TimeText(now()), &body);
  body += ",\"";
  body += subject_key;
  body += "\":";
  json::AppendJsonString(subject, &body);
  body += ",\"systemErrorType\":\"";
  body += TypeName(type);
  body += "\",\"from\":\"";
  body += StateName(from);
  body += "\",\"to\":\"";
  body += StateName(to);
  body += "\",\"reason\":";
  json::AppendJsonString(reason, &body);
  if (!alert_id.empty()) {
    body += ",\"alertId\":";
    json::AppendJsonString(alert_id, &body);
  }
  Emit("alarm_state", std::move(body));
}

absl::Status HealthMonitor::Observe(const Observation& o) {
  Impl& m = *impl_;
  // Timers due strictly before it fire first; one due at the same instant
  // waits, so an event exactly at a deadline counts as in time.
  if (m.state.clock() == 0) {
    m.Start(o.time);
  } else if (o.time > m.state.clock()) {
    m.FireUntil(o.time, /*inclusive=*/false);
    m.state.set_clock(o.time);
  }
  switch (o.kind) {
    case Observation::Kind::kTick:
      return absl::OkStatus();
    case Observation::Kind::kResolve:
      return Resolve(o.alert_id, o.actor, o.reason);
    case Observation::Kind::kScan:
      if (o.account.empty() || o.resource.empty()) {
        return absl::InvalidArgumentError("scan needs account and resource");
      }
      m.OnScan(o);
      return absl::OkStatus();
    default:
      break;
  }
  if (m.Source(o.source) == nullptr) {
    return absl::NotFoundError(absl::StrCat("unknown source \"", o.source,
                                            "\" (not in the monitor's config)"));
  }
  switch (o.kind) {
    case Observation::Kind::kEvents: m.OnEvents(o); break;
    case Observation::Kind::kHealthCheck: m.OnHealthCheck(o); break;
    case Observation::Kind::kClassificationFailure: m.OnClassificationFailure(o); break;
    case Observation::Kind::kS3GetObject: m.OnGetObject(o); break;
    default: break;
  }
  return absl::OkStatus();
}

void HealthMonitor::Advance(int64_t now) {
  Impl& m = *impl_;
  if (m.state.clock() == 0) {
    m.Start(now);
    return;
  }
  if (now < m.state.clock()) return;
  m.FireUntil(now, /*inclusive=*/true);
  m.state.set_clock(now);
}

void HealthMonitor::Impl::FireUntil(int64_t now, bool inclusive) {
  // Fire what fell due, in time order, each at its own time.
  while (!timers.empty() &&
         (timers.top().due < now || (inclusive && timers.top().due == now))) {
    const Timer timer = timers.top();
    timers.pop();
    if (timer.due > state.clock()) state.set_clock(timer.due);
    Fire(timer);
  }
}

int64_t HealthMonitor::NextDueTime() const {
  int64_t next = impl_->timers.empty() ? 0 : impl_->timers.top().due;
  for (const monitor::PendingDelivery& d : impl_->state.deliveries()) {
    if (!d.in_flight() && (next == 0 || d.next_at() < next)) next = d.next_at();
  }
  return next;
}

absl::Status HealthMonitor::Resolve(const std::string& alert_id, const std::string& actor,
                                    const std::string& reason) {
  Impl& m = *impl_;
  auto it = m.open_alerts.find(alert_id);
  if (it == m.open_alerts.end()) {
    return absl::NotFoundError(absl::StrCat("no open alert ", alert_id));
  }
  if (actor.empty()) return absl::InvalidArgumentError("resolve needs an actor");
  m.ResolveAlert(alert_id, actor, reason);
  return absl::OkStatus();
}

absl::Status HealthMonitor::RemoveSource(const std::string& source_id,
                                         const std::string& actor) {
  Impl& m = *impl_;
  monitor::SourceState* s = m.Source(source_id);
  if (s == nullptr) return absl::NotFoundError(absl::StrCat("unknown source \"", source_id, "\""));
  for (const std::string& id : {s->no_data_alert_id(), s->health_alert_id(),
                                s->classification_alert_id(), s->processing_alert_id()}) {
    if (!id.empty()) m.ResolveAlert(id, actor, "source removed");
  }
  m.Audit(source_id, monitor::SYSTEM_ERROR_TYPE_UNSPECIFIED, s->no_data(),
          monitor::ALARM_STATE_UNSPECIFIED, absl::StrCat("source removed by ", actor), "");
  auto* sources = m.state.mutable_sources();
  for (int i = 0; i < sources->size(); ++i) {
    if (sources->Get(i).id() == source_id) {
      sources->DeleteSubrange(i, 1);
      break;
    }
  }
  m.RebuildIndexes();  // pending timers find no source and are dropped
  return absl::OkStatus();
}

std::vector<DeliveryRequest> HealthMonitor::TakeDueDeliveries() { return impl_->TakeDue(); }

absl::Status HealthMonitor::ReportDelivery(const DeliveryResult& result) {
  return impl_->Report(result);
}

int HealthMonitor::RetryInFlightDeliveries() { return impl_->RetryInFlight(); }

void HealthMonitor::SetHostCheckpoint(std::string bytes) {
  impl_->state.set_host_checkpoint(std::move(bytes));
}

const std::string& HealthMonitor::host_checkpoint() const {
  return impl_->state.host_checkpoint();
}

std::vector<std::string> HealthMonitor::TakeOutputs() {
  std::vector<std::string> out;
  out.swap(impl_->outputs);
  return out;
}

std::string HealthMonitor::Snapshot() const {
  std::string out(kMagic, 4);
  out.push_back(static_cast<char>(kMonitorSnapshotVersion));
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);  // byte-stable snapshots
    impl_->state.SerializeToCodedStream(&coded);
  }
  return out;
}

const monitor::MonitorState& HealthMonitor::state() const { return impl_->state; }
int64_t HealthMonitor::clock() const { return impl_->state.clock(); }

}  // namespace loghealth
