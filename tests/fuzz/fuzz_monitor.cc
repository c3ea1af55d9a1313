// Fuzzes the monitor's inputs: observations (JSON) fed to a live monitor,
// and snapshot bytes given to Restore (random bytes must be refused cleanly).
#include <cstdint>
#include <memory>
#include <string>

#include "loghealth/monitor.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static auto* config = new loghealth::MonitorConfig(*loghealth::ParseMonitorConfig(
      "sources: [{id: s1, dropOffMinutes: 15}, {id: s2}]\n"
      "destinations: [{id: d, alertTypes: [SYSTEM_ERROR], defaultForSeverity: [LOW], "
      "sendResolved: true}]\n"
      "delivery: {maxRetries: 2}\n"));
  // A fresh monitor per input keeps each run small and independent.
  std::unique_ptr<loghealth::HealthMonitor> owned = *loghealth::HealthMonitor::Create(*config);
  loghealth::HealthMonitor* monitor = owned.get();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // Several observations per input, one a line.
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    auto o = loghealth::ParseObservation(text.substr(start, end - start));
    if (o.ok()) {
      (void)monitor->Observe(*o);
      for (const auto& d : monitor->TakeDueDeliveries()) {
        loghealth::DeliveryResult r;
        r.delivery_id = d.delivery_id;
        r.status_code = static_cast<int>(size % 600);
        (void)monitor->ReportDelivery(r);
      }
      monitor->TakeOutputs();
    }
    start = end + 1;
  }
  auto restored = loghealth::HealthMonitor::Restore(*config, text);
  if (restored.ok()) (*restored)->Advance((*restored)->clock() + 3600'000'000'000LL);
  // A real snapshot always restores.
  if (!loghealth::HealthMonitor::Restore(*config, monitor->Snapshot()).ok()) abort();
  return 0;
}
