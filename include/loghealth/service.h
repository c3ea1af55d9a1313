// -----------------------------------------------------------------------------
// File: loghealth/service.h
// -----------------------------------------------------------------------------
//
// The System Health service: a HealthMonitor on the wall clock whose System
// Errors really reach their destinations (loghealth/destinations.h), with
// its state on disk. `loghealth serve` is this class behind a command line;
// a pipeline can embed it instead.
//
//   auto config = loghealth::ParseMonitorConfig(text);
//   loghealth::ServiceOptions options;
//   options.state_dir = "/var/lib/loghealth";
//   auto service = loghealth::HealthService::Start(*config, options);
//   (*service)->Observe({failure_observation});   // from any thread
//   ...
//   (*service)->Stop();                           // or let it go out of scope
//
// What it does, on its own thread: advances the monitor's clock to the wall
// clock whenever something falls due, sends due deliveries concurrently
// (libcurl; at most delivery.maxConcurrency per destination), reports each
// outcome to the monitor (retries, Retry-After, ALERT_DELIVERY after the
// retry budget), and keeps the state durable.
//
// Durability. DIR/state.pb is the monitor's snapshot, replaced atomically
// (temporary file, fsync, rename, fsync of the folder) after every batch of
// changes and always before a delivery is sent; DIR/records.jsonl gets the
// monitor's records (alarm_state, alert, delivery, ...) appended, synced
// before the snapshot that counts them. Started again on the same DIR the
// service continues: records past the snapshot are cut off (they are
// produced again), no alert is raised twice, and no delivery that completed
// is sent again. Delivery is at-least-once: an attempt in flight when the
// process died is sent again (with the same X-Loghealth-Delivery header,
// so a receiver can drop the repeat).
//
// Time. Observations without a time (time == 0) happen when they arrive;
// with one, at that time, or at the monitor's clock if that is later (the
// clock never goes back). A time ahead of the wall clock moves the clock
// ahead; the wall clock takes over again once it passes it.
//
// Thread safety: every method may be called from any thread.
// -----------------------------------------------------------------------------
#ifndef LOGHEALTH_SERVICE_H_
#define LOGHEALTH_SERVICE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "loghealth/monitor.h"

namespace loghealth {

struct ServiceOptions {
  // DIR: state.pb and records.jsonl (created when missing).
  std::string state_dir;
  // Each record line, once it is in records.jsonl. Called on the service's
  // thread, without its lock held: it may call the service.
  std::function<void(std::string_view record)> on_record;
  // Keep records for TakeRecords() too (at most max_kept_records; older
  // ones are dropped from memory, never from records.jsonl).
  bool keep_records = false;
  size_t max_kept_records = 100000;
  // How long Stop() waits for deliveries in flight.
  int64_t drain_seconds = 10;
};

class HealthService {
 public:
  // Opens (or creates) the state folder, restores DIR/state.pb when there is
  // one, creates the destinations (reading their secrets) and starts the
  // service's thread. Deliveries in flight at the last stop are due again.
  static absl::StatusOr<std::unique_ptr<HealthService>> Start(MonitorConfig config,
                                                              ServiceOptions options);
  // Stop(), if not called yet.
  ~HealthService();

  // Applies observations, in order. `checkpoint`, when given, replaces the
  // host's checkpoint in the same step (so a snapshot never holds one
  // without the other). The first observation that fails stops the batch;
  // its error is returned and those before it stay applied.
  absl::Status Observe(const std::vector<Observation>& batch,
                       const std::string* checkpoint = nullptr);
  absl::Status Resolve(const std::string& alert_id, const std::string& actor,
                       const std::string& reason);

  // The host's checkpoint: what it last gave Observe (or what the restored
  // snapshot held); "" when none.
  std::string host_checkpoint() const;

  // Waits until no delivery is pending (each delivered or given up) and
  // every record is written, or until `timeout_ms` passes (< 0: no limit).
  // True when idle.
  bool WaitIdle(int64_t timeout_ms);
  // Stops taking work, waits up to drain_seconds for deliveries in flight,
  // writes the snapshot and ends the thread. Idempotent; the first error
  // (writing the state) is returned.
  absl::Status Stop();

  // Calls `read` with the monitor's live state, under the service's lock.
  void Read(const std::function<void(const monitor::MonitorState&)>& read) const;
  // Records kept since the last call (keep_records).
  std::vector<std::string> TakeRecords();
  // The first error the thread met writing the state ("" while none): the
  // service keeps running; the host decides.
  std::string state_error() const;

  struct Impl;

 private:
  explicit HealthService(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace loghealth

#endif  // LOGHEALTH_SERVICE_H_
