// The console's views of the live service (serve --http): alerts, their
// deliveries and audit trail from the monitor's state, the Health page's
// series and counters from what serve observed, and Resolve reaching the
// monitor itself (so the snapshot has it).
#ifndef LOGHEALTH_SRC_CONSOLE_LIVE_DATA_H_
#define LOGHEALTH_SRC_CONSOLE_LIVE_DATA_H_

#include <string>
#include <vector>

#include "loghealth/service.h"
#include "src/console/console_data.h"
#include "src/console/observation_history.h"

namespace loghealth {
namespace console {

class LiveData : public ConsoleData {
 public:
  // Both must outlive this object.
  LiveData(HealthService* service, const ObservationHistory* history)
      : service_(service), history_(history) {}

  std::vector<AlertView> Alerts(const AlertFilter& filter) override;
  std::optional<AlertView> Alert(const std::string& id) override;
  std::optional<SourceView> Source(const std::string& id) override;
  std::vector<std::string> SourceIds() override;
  bool CanResolve() const override { return true; }
  absl::Status Resolve(const std::string& alert_id, const std::string& actor,
                       const std::string& reason) override;
  void AppendMetrics(std::string* out) override;

 private:
  HealthService* service_;
  const ObservationHistory* history_;
};

}  // namespace console
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_CONSOLE_LIVE_DATA_H_
