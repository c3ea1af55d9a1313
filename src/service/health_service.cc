// HealthService: the monitor on the wall clock, its deliveries sent over
// HTTP, its state kept in a folder. One thread runs the loop; callers only
// take the lock to observe, resolve or read.
#include "loghealth/service.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "loghealth/destinations.h"
#include "loghealth/service_state.pb.h"
#include "src/service/state_files.h"

namespace loghealth {
namespace {

constexpr char kSnapshotName[] = "state.pb";
constexpr char kRecordsName[] = "records.jsonl";
constexpr int kMaxWaitMs = 1000;

int64_t WallClockNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

struct HealthService::Impl {
  struct Sending {
    std::string delivery_id;
    const Destination* destination;
  };

  MonitorConfig config;
  ServiceOptions options;
  std::unique_ptr<HealthMonitor> monitor;
  std::map<std::string, std::unique_ptr<Destination>> destinations;
  std::unique_ptr<HttpSender> sender;
  service::AppendOnlyFile records;

  mutable std::mutex mu;
  std::condition_variable changed;  // idle, stopped
  std::thread thread;
  bool stopping = false;
  bool stopped = false;
  bool dirty = false;  // the state changed since the last snapshot
  std::string host_checkpoint;
  std::deque<std::string> kept;
  std::string state_error;
  absl::Status stop_status;
  // Only the loop thread touches these.
  std::unordered_map<uint64_t, Sending> sending;
  uint64_t next_tag = 1;

  void Run();
  // Takes what is due and what the monitor said; persists. Under `mu`.
  // Returns the requests to send and the records to hand out.
  void Step(bool take_deliveries, std::vector<std::pair<uint64_t, HttpRequest>>* to_send,
            std::vector<std::string>* fresh);
  absl::Status Persist(const std::vector<std::string>& fresh);
  bool Idle() const {
    return monitor->state().deliveries_size() == 0 && sending.empty() && !dirty;
  }
};

absl::StatusOr<std::unique_ptr<HealthService>> HealthService::Start(MonitorConfig config,
                                                                    ServiceOptions options) {
  auto impl = std::make_unique<Impl>();
  const std::string& dir = options.state_dir;
  if (absl::Status s = service::EnsureDirectory(dir); !s.ok()) return s;
  for (const DestinationConfig& d : config.destinations) {
    auto destination = Destination::Create(d);
    if (!destination.ok()) return destination.status();
    impl->destinations[d.id] = *std::move(destination);
  }
  HttpSender::Options sender_options;
  sender_options.timeout_seconds = config.delivery.timeout_seconds;
  sender_options.max_per_group = config.delivery.max_concurrency;
  auto sender = HttpSender::Create(sender_options);
  if (!sender.ok()) return sender.status();
  impl->sender = *std::move(sender);

  int64_t records_bytes = 0;  // no snapshot: the records start again too
  auto snapshot = service::ReadWholeFile(absl::StrCat(dir, "/", kSnapshotName));
  if (snapshot.ok()) {
    auto monitor = HealthMonitor::Restore(config, *snapshot);
    if (!monitor.ok()) {
      return absl::Status(monitor.status().code(),
                          absl::StrCat(dir, "/", kSnapshotName, ": ", monitor.status().message()));
    }
    impl->monitor = *std::move(monitor);
    service::ServiceCheckpoint checkpoint;
    if (!checkpoint.ParseFromString(impl->monitor->host_checkpoint())) {
      return absl::DataLossError(
          absl::StrCat(dir, "/", kSnapshotName, ": the service checkpoint in it is damaged"));
    }
    records_bytes = static_cast<int64_t>(checkpoint.records_bytes());
    impl->host_checkpoint = checkpoint.host();
    // Whatever was in flight when it stopped never came back: send again.
    impl->monitor->RetryInFlightDeliveries();
  } else if (absl::IsNotFound(snapshot.status())) {
    auto monitor = HealthMonitor::Create(config);
    if (!monitor.ok()) return monitor.status();
    impl->monitor = *std::move(monitor);
  } else {
    return snapshot.status();
  }
  if (absl::Status s = impl->records.Open(absl::StrCat(dir, "/", kRecordsName), records_bytes);
      !s.ok()) {
    return s;
  }
  impl->config = std::move(config);
  impl->options = std::move(options);
  impl->monitor->Advance(WallClockNanos());
  impl->dirty = true;  // the first snapshot is written at once
  Impl* raw = impl.get();
  impl->thread = std::thread([raw] { raw->Run(); });
  return std::unique_ptr<HealthService>(new HealthService(std::move(impl)));
}

HealthService::HealthService(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HealthService::~HealthService() { (void)Stop(); }

absl::Status HealthService::Observe(const std::vector<Observation>& batch,
                                    const std::string* checkpoint) {
  Impl& m = *impl_;
  absl::Status status;
  {
    std::lock_guard<std::mutex> lock(m.mu);
    if (m.stopping) return absl::FailedPreconditionError("the service is stopping");
    const int64_t now = WallClockNanos();
    for (const Observation& o : batch) {
      Observation at = o;
      if (at.time == 0) at.time = now;
      at.time = std::max(at.time, m.monitor->clock());
      status = m.monitor->Observe(at);
      m.dirty = true;
      if (!status.ok()) break;
    }
    if (checkpoint != nullptr) m.host_checkpoint = *checkpoint;
  }
  m.sender->Wakeup();
  return status;
}

absl::Status HealthService::Resolve(const std::string& alert_id, const std::string& actor,
                                    const std::string& reason) {
  Impl& m = *impl_;
  absl::Status status;
  {
    std::lock_guard<std::mutex> lock(m.mu);
    if (m.stopping) return absl::FailedPreconditionError("the service is stopping");
    m.monitor->Advance(WallClockNanos());
    status = m.monitor->Resolve(alert_id, actor, reason);
    m.dirty = true;
  }
  m.sender->Wakeup();
  return status;
}

std::string HealthService::host_checkpoint() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->host_checkpoint;
}

bool HealthService::WaitIdle(int64_t timeout_ms) {
  Impl& m = *impl_;
  std::unique_lock<std::mutex> lock(m.mu);
  auto idle = [&] { return m.stopped || m.Idle(); };
  if (timeout_ms < 0) {
    m.changed.wait(lock, idle);
    return m.Idle();
  }
  m.changed.wait_for(lock, std::chrono::milliseconds(timeout_ms), idle);
  return m.Idle();
}

absl::Status HealthService::Stop() {
  Impl& m = *impl_;
  {
    std::lock_guard<std::mutex> lock(m.mu);
    if (!m.stopping) m.stopping = true;
  }
  m.sender->Wakeup();
  if (m.thread.joinable()) m.thread.join();
  std::lock_guard<std::mutex> lock(m.mu);
  return m.stop_status;
}

void HealthService::Read(const std::function<void(const monitor::MonitorState&)>& read) const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  read(impl_->monitor->state());
}

std::vector<std::string> HealthService::TakeRecords() {
  std::lock_guard<std::mutex> lock(impl_->mu);
  std::vector<std::string> out(impl_->kept.begin(), impl_->kept.end());
  impl_->kept.clear();
  return out;
}

std::string HealthService::state_error() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->state_error;
}

absl::Status HealthService::Impl::Persist(const std::vector<std::string>& fresh) {
  if (!fresh.empty()) {
    std::string text;
    for (const std::string& r : fresh) absl::StrAppend(&text, r, "\n");
    if (absl::Status s = records.Append(text); !s.ok()) return s;
    if (absl::Status s = records.Sync(); !s.ok()) return s;
  }
  service::ServiceCheckpoint checkpoint;
  checkpoint.set_records_bytes(static_cast<uint64_t>(records.size()));
  checkpoint.set_host(host_checkpoint);
  monitor->SetHostCheckpoint(checkpoint.SerializeAsString());
  return service::ReplaceFileAtomically(options.state_dir, kSnapshotName, monitor->Snapshot());
}

void HealthService::Impl::Step(bool take_deliveries,
                               std::vector<std::pair<uint64_t, HttpRequest>>* to_send,
                               std::vector<std::string>* fresh) {
  monitor->Advance(std::max(WallClockNanos(), monitor->clock()));
  if (take_deliveries) {
    for (DeliveryRequest& r : monitor->TakeDueDeliveries()) {
      dirty = true;
      auto it = destinations.find(r.destination_id);
      if (it == destinations.end()) {
        DeliveryResult result;
        result.delivery_id = r.delivery_id;
        result.permanent = true;
        result.message = absl::StrCat("destination ", r.destination_id,
                                      " is no longer in the config");
        (void)monitor->ReportDelivery(result);
        continue;
      }
      const Destination& d = *it->second;
      if (!d.sends_http()) {
        DeliveryResult result;
        result.delivery_id = r.delivery_id;
        result.status_code = 200;
        result.message = "shown in the console";
        (void)monitor->ReportDelivery(result);
        continue;
      }
      const uint64_t tag = next_tag++;
      sending[tag] = Sending{r.delivery_id, &d};
      to_send->emplace_back(tag, d.BuildRequest(r.alert, r.resolved_notice, r.delivery_id,
                                                r.attempt));
    }
  }
  for (std::string& line : monitor->TakeOutputs()) fresh->push_back(std::move(line));
  if (!fresh->empty()) dirty = true;
  if (dirty) {
    // Before anything is sent: a restart must know of every attempt.
    absl::Status s = Persist(*fresh);
    if (!s.ok() && state_error.empty()) state_error = std::string(s.message());
    if (!s.ok() && stop_status.ok()) stop_status = s;
    dirty = !s.ok();
  }
  if (options.keep_records) {
    for (const std::string& line : *fresh) {
      kept.push_back(line);
      if (kept.size() > options.max_kept_records) kept.pop_front();
    }
  }
}

void HealthService::Impl::Run() {
  std::chrono::steady_clock::time_point drain_deadline;
  bool draining = false;
  for (;;) {
    std::vector<std::pair<uint64_t, HttpRequest>> to_send;
    std::vector<std::string> fresh;
    int wait_ms = kMaxWaitMs;
    {
      std::lock_guard<std::mutex> lock(mu);
      if (stopping && !draining) {
        draining = true;
        drain_deadline = std::chrono::steady_clock::now() +
                         std::chrono::seconds(std::max<int64_t>(options.drain_seconds, 0));
      }
      Step(/*take_deliveries=*/!stopping, &to_send, &fresh);
      if (draining && (sending.empty() || std::chrono::steady_clock::now() >= drain_deadline)) {
        stopped = true;
        changed.notify_all();
        break;
      }
      const int64_t next = monitor->NextDueTime();
      if (next != 0) {
        const int64_t ms = (next - WallClockNanos()) / 1'000'000;
        wait_ms = static_cast<int>(std::clamp<int64_t>(ms, 0, kMaxWaitMs));
      }
      changed.notify_all();
    }
    if (options.on_record) {
      for (const std::string& line : fresh) options.on_record(line);
    }
    for (auto& [tag, request] : to_send) {
      sender->Submit(tag, sending[tag].destination->id(), std::move(request));
    }
    auto done = sender->Poll(wait_ms);
    if (done.empty()) continue;
    std::lock_guard<std::mutex> lock(mu);
    for (auto& [tag, response] : done) {
      auto it = sending.find(tag);
      if (it == sending.end()) continue;
      (void)monitor->ReportDelivery(
          ToDeliveryResult(it->second.delivery_id, response, *it->second.destination));
      sending.erase(it);
      dirty = true;
    }
  }
}

}  // namespace loghealth
