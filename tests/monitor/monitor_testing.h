// A HealthMonitor driven like a host would: observations in, due deliveries
// sent to simulated destinations, records collected.
#ifndef LOGHEALTH_TESTS_MONITOR_MONITOR_TESTING_H_
#define LOGHEALTH_TESTS_MONITOR_MONITOR_TESTING_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "loghealth/monitor.h"
#include "simdjson.h"

namespace loghealth {
namespace testing {

constexpr int64_t kSecond = 1'000'000'000LL;
constexpr int64_t kMinute = 60 * kSecond;
constexpr int64_t kHour = 60 * kMinute;
// 2024-05-01T00:00:00Z
constexpr int64_t kDay0 = 1714521600 * kSecond;

inline int64_t At(int h, int m = 0, int s = 0) {
  return kDay0 + h * kHour + m * kMinute + s * kSecond;
}

inline Observation Events(int64_t t, const std::string& source, int64_t count = 1) {
  Observation o;
  o.kind = Observation::Kind::kEvents;
  o.time = t;
  o.source = source;
  o.count = count;
  return o;
}

inline Observation Tick(int64_t t) {
  Observation o;
  o.kind = Observation::Kind::kTick;
  o.time = t;
  return o;
}

class Harness {
 public:
  explicit Harness(MonitorConfig config) {
    auto m = HealthMonitor::Create(std::move(config));
    EXPECT_TRUE(m.ok()) << m.status();
    monitor = *std::move(m);
  }

  // Feeds an observation the way `loghealth replay` does: what falls due
  // before it first (with deliveries), then the observation, then deliveries.
  void Feed(const Observation& o) {
    RunBefore(o.time);
    absl::Status s = monitor->Observe(o);
    EXPECT_TRUE(s.ok()) << s;
    while (Deliver()) {
    }
    Collect();
  }

  void RunBefore(int64_t t) {
    for (int64_t next = monitor->NextDueTime(); next != 0 && next < t;
         next = monitor->NextDueTime()) {
      monitor->Advance(std::max(next, monitor->clock()));
      const bool delivered = Deliver();
      Collect();
      if (!delivered && monitor->NextDueTime() == next) break;
    }
  }

  // True when something was due.
  bool Deliver() {
    const std::vector<DeliveryRequest> due = monitor->TakeDueDeliveries();
    for (const DeliveryRequest& r : due) {
      requests.push_back(r);
      DeliveryResult result;
      result.delivery_id = r.delivery_id;
      auto it = status.find(r.destination_id);
      result.status_code = it == status.end() ? 200 : it->second;
      EXPECT_TRUE(monitor->ReportDelivery(result).ok());
    }
    return !due.empty();
  }

  void Collect() {
    for (std::string& line : monitor->TakeOutputs()) outputs.push_back(std::move(line));
  }

  // Records of one kind, as strings.
  std::vector<std::string> Records(const std::string& kind) const {
    std::vector<std::string> out;
    const std::string tag = "{\"record\":\"" + kind + "\"";
    for (const std::string& line : outputs) {
      if (line.compare(0, tag.size(), tag) == 0) out.push_back(line);
    }
    return out;
  }

  std::unique_ptr<HealthMonitor> monitor;
  std::vector<std::string> outputs;
  std::vector<DeliveryRequest> requests;
  std::map<std::string, int> status;  // destination -> HTTP status (200 if absent)
};

// A field of a JSON record as compact JSON text.
inline std::string Get(const std::string& json, const char* key) {
  simdjson::dom::parser parser;
  simdjson::dom::element e;
  if (parser.parse(json).get(e)) return "<not JSON>";
  simdjson::dom::element v;
  if (e[key].get(v)) return "<missing>";
  return simdjson::minify(v);
}

inline MonitorConfig OneSource(int drop_off_minutes = 0) {
  MonitorConfig c;
  c.sources.push_back({"s1", "Source One", drop_off_minutes});
  DestinationConfig slack;
  slack.id = "slack";
  slack.display_name = "Slack";
  slack.alert_types = {"RULE", "SYSTEM_ERROR"};
  slack.default_for_severity = {"HIGH"};
  slack.send_resolved = true;
  DestinationConfig pager;
  pager.id = "pager";
  pager.alert_types = {"SYSTEM_ERROR"};
  pager.default_for_severity = {"CRITICAL"};
  DestinationConfig jira;
  jira.id = "jira";
  jira.alert_types = {"RULE"};
  jira.default_for_severity = {"CRITICAL"};
  c.destinations = {slack, pager, jira};
  return c;
}

}  // namespace testing
}  // namespace loghealth

#endif  // LOGHEALTH_TESTS_MONITOR_MONITOR_TESTING_H_
