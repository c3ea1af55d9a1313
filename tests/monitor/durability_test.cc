// Determinism and durability: the same inputs give the same outputs byte for
// byte; a snapshot taken at any step, restored and fed the rest, gives
// exactly the outputs of an uninterrupted run; and a long randomized run
// keeps the promises (one alert per silence, no delivery after success, no
// ALERT_DELIVERY to its failed destination or about another one).
#include <map>
#include <random>
#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/monitor/monitor_testing.h"

namespace loghealth {
namespace {

using namespace testing;  // NOLINT

MonitorConfig Config() {
  MonitorConfig c = OneSource(30);
  c.sources.push_back({"s2", "Source Two", 15});
  c.sources.push_back({"s3", "Source Three", 0});
  c.delivery.max_retries = 3;
  c.max_audit_entries = 50;
  c.max_resolved_alerts = 20;
  return c;
}

// One step of a scenario: maybe a destination flips, then an observation.
// "Resolve the oldest open classification alert" is chosen from the state,
// which is the same on every run.
struct Step {
  Observation obs;
  std::string destination;
  int status = 200;
  bool resolve_oldest = false;
};

std::vector<Step> RandomScenario(uint32_t seed, int n) {
  std::mt19937 rng(seed);
  std::vector<Step> steps;
  int64_t t = At(0);
  const char* sources[] = {"s1", "s2", "s3"};
  for (int i = 0; i < n; ++i) {
    t += (rng() % 20) * kMinute + (rng() % 60) * kSecond;
    Step s;
    s.obs.time = t;
    s.obs.source = sources[rng() % 3];
    switch (rng() % 12) {
      case 0:
      case 1:
      case 2:
      case 3:
        s.obs.kind = Observation::Kind::kEvents;
        s.obs.count = 1 + rng() % 100;
        break;
      case 4:
        s.obs.kind = Observation::Kind::kHealthCheck;
        s.obs.check = rng() % 2 ? "processingRoleStatus" : "s3BucketStatus";
        s.obs.healthy = rng() % 2;
        s.obs.message = "check said so";
        break;
      case 5:
        s.obs.kind = Observation::Kind::kClassificationFailure;
        s.obs.log_type = "Custom.T";
        s.obs.error = "e" + std::to_string(i);
        s.obs.payload = "p" + std::to_string(i);
        break;
      case 6:
        s.obs.kind = Observation::Kind::kS3GetObject;
        s.obs.bucket = "b";
        s.obs.key = "k" + std::to_string(i);
        s.obs.ok = rng() % 3 != 0;
        s.obs.error = s.obs.ok ? "" : "AccessDenied";
        break;
      case 7:
        s.obs.kind = Observation::Kind::kScan;
        s.obs.account = "123456789012";
        s.obs.resource = "r" + std::to_string(rng() % 3);
        s.obs.ok = rng() % 2;
        s.obs.error = s.obs.ok ? "" : (rng() % 2 ? "AccessDenied" : "Throttling");
        break;
      case 8:
        s.destination = rng() % 2 ? "slack" : "pager";
        static constexpr int kStatuses[] = {200, 200, 503, 429, 404};
        s.status = kStatuses[rng() % 5];
        s.obs.kind = Observation::Kind::kTick;
        break;
      case 9:
        s.resolve_oldest = true;
        s.obs.kind = Observation::Kind::kTick;
        break;
      default:
        s.obs.kind = Observation::Kind::kTick;
    }
    steps.push_back(std::move(s));
  }
  return steps;
}

void Apply(Harness& h, const Step& s) {
  if (!s.destination.empty()) h.status[s.destination] = s.status;
  h.Feed(s.obs);
  if (s.resolve_oldest) {
    for (const monitor::Alert& a : h.monitor->state().open_alerts()) {
      if (a.system_error_type() == monitor::SOURCE_CLASSIFICATION_FAILURES) {
        EXPECT_TRUE(h.monitor->Resolve(a.alert_id(), "oncall", "looked at it").ok());
        break;
      }
    }
    while (h.Deliver()) {
    }
    h.Collect();
  }
}

std::vector<std::string> RunScenario(const std::vector<Step>& steps, std::string* snapshot) {
  Harness h(Config());
  for (const Step& s : steps) Apply(h, s);
  if (snapshot) *snapshot = h.monitor->Snapshot();
  return h.outputs;
}

TEST(Determinism, SameInputsSameOutputsAndSnapshots) {
  const std::vector<Step> steps = RandomScenario(7, 400);
  std::string snap1, snap2;
  const auto a = RunScenario(steps, &snap1);
  const auto b = RunScenario(steps, &snap2);
  EXPECT_EQ(a, b);
  EXPECT_EQ(snap1, snap2);
  EXPECT_GT(a.size(), 100u);
}

TEST(Durability, RestoreAtEveryStepGivesTheUninterruptedOutputs) {
  const std::vector<Step> steps = RandomScenario(11, 150);
  const auto full = RunScenario(steps, nullptr);
  for (size_t cut = 0; cut <= steps.size(); ++cut) {
    Harness first(Config());
    for (size_t i = 0; i < cut; ++i) Apply(first, steps[i]);
    auto restored = HealthMonitor::Restore(Config(), first.monitor->Snapshot());
    ASSERT_TRUE(restored.ok()) << restored.status();
    Harness second(Config());
    second.monitor = *std::move(restored);
    second.status = first.status;  // the simulated world goes on as it was
    for (size_t i = cut; i < steps.size(); ++i) Apply(second, steps[i]);
    std::vector<std::string> joined = first.outputs;
    joined.insert(joined.end(), second.outputs.begin(), second.outputs.end());
    ASSERT_EQ(joined, full) << "restored at step " << cut;
  }
}

TEST(Invariants, LongRandomizedScenario) {
  const std::vector<Step> steps = RandomScenario(2026, 5000);
  Harness h(Config());
  for (const Step& s : steps) Apply(h, s);
  std::map<std::string, std::string> alert_type, alert_destination;
  std::set<std::string> succeeded;  // alert|destination|notice
  std::map<std::string, int> no_data_alerts, no_data_alarms;
  uint64_t expected_seq = 1;
  for (const std::string& line : h.outputs) {
    ASSERT_EQ(Get(line, "seq"), std::to_string(expected_seq++));
    const std::string kind = Get(line, "record");
    if (kind == "\"alert\"") {
      EXPECT_EQ(Get(line, "severity"), "\"CRITICAL\"");
      EXPECT_EQ(Get(line, "type"), "\"SYSTEM_ERROR\"");
      const std::string id = Get(line, "alertId");
      alert_type[id] = Get(line, "systemErrorType");
      alert_destination[id] = Get(line, "destinationId");
      if (alert_type[id] == "\"SOURCE_NO_DATA\"") ++no_data_alerts[Get(line, "sourceId")];
    } else if (kind == "\"alarm_state\"") {
      if (Get(line, "systemErrorType") == "\"SOURCE_NO_DATA\"" && Get(line, "to") == "\"ALARM\"") {
        ++no_data_alarms[Get(line, "source")];
      }
    } else if (kind == "\"delivery\"") {
      const std::string id = Get(line, "alertId");
      const std::string key = id + "|" + Get(line, "destinationId") + "|" +
                              Get(line, "resolvedNotice");
      EXPECT_EQ(succeeded.count(key), 0u) << "a delivery after success: " << line;
      if (Get(line, "success") == "true") succeeded.insert(key);
      if (alert_type[id] == "\"ALERT_DELIVERY\"") {
        EXPECT_NE(Get(line, "destinationId"), alert_destination[id])
            << "ALERT_DELIVERY routed to its failed destination";
      }
    }
  }
  // One alert per silence: every ALARM transition has exactly one alert.
  EXPECT_EQ(no_data_alerts, no_data_alarms);
  EXPECT_GT(no_data_alerts.size(), 0u);
  // No ALERT_DELIVERY about an ALERT_DELIVERY.
  auto check = [&](const monitor::Alert& a) {
    if (a.system_error_type() != monitor::ALERT_DELIVERY) return;
    for (const std::string& undelivered : a.context().undelivered_alert_ids()) {
      EXPECT_NE(alert_type["\"" + undelivered + "\""], "\"ALERT_DELIVERY\"");
    }
  };
  for (const auto& a : h.monitor->state().open_alerts()) check(a);
  for (const auto& a : h.monitor->state().resolved_alerts()) check(a);
  int delivery_alerts = 0;
  for (const auto& [id, type] : alert_type) delivery_alerts += type == "\"ALERT_DELIVERY\"";
  EXPECT_GT(delivery_alerts, 0) << "the scenario must exercise delivery failures";
  // Bounded state.
  EXPECT_LE(h.monitor->state().audit_size(), 100);
  EXPECT_LE(h.monitor->state().resolved_alerts_size(), 40);
}

TEST(Snapshot, OtherFormatsAreRefusedNeverMisread) {
  EXPECT_EQ(HealthMonitor::Restore(Config(), "random bytes here").status().message(),
            "not a loghealth monitor snapshot (it does not start with LHMS)");
  EXPECT_EQ(HealthMonitor::Restore(Config(), std::string("LHMS\x02xyz", 8)).status().message(),
            "monitor snapshot format version 2 is not supported (this build reads version 1)");
  EXPECT_EQ(HealthMonitor::Restore(Config(), std::string("LHMS\x01\xff\xff\xff", 8))
                .status()
                .message(),
            "the monitor snapshot is damaged (it does not parse)");
  Harness h(Config());
  h.Feed(Events(At(1), "s1"));
  const std::string snap = h.monitor->Snapshot();
  EXPECT_TRUE(HealthMonitor::Restore(Config(), snap).ok());
  // Truncated snapshots do not restore silently wrong.
  for (size_t n : {size_t{5}, snap.size() / 2}) {
    auto r = HealthMonitor::Restore(Config(), snap.substr(0, n));
    if (r.ok()) {
      EXPECT_NE((*r)->Snapshot(), snap) << "a truncated snapshot read back as whole";
    }
  }
}

}  // namespace
}  // namespace loghealth
