// The monitor's memory stays flat: 100,000 sources and a million
// observations of every kind, with the host taking outputs as it goes. The
// state (its snapshot) stops growing once every source has been seen, and
// each documented bound holds: failing lines kept per alert, failing objects
// per alert, resolved alerts, audit entries.
#include <cstdint>
#include <string>

#include "gtest/gtest.h"
#include "loghealth/monitor.h"
#include "proto/loghealth/monitor_state.pb.h"

namespace loghealth {
namespace {

constexpr int kSources = 100000;
constexpr int kObservations = 1000000;
constexpr int64_t kSecond = 1000000000LL;
constexpr size_t kNoisySources = 1000;

std::string SourceId(int i) { return "src-" + std::to_string(i); }

// Observation n, one a second: events spread over every source; failures,
// health checks and S3 errors over 1,000 noisy ones, often enough that each
// reaches its bounds (samples kept, objects kept) in the first half.
Observation Make(int n) {
  Observation o;
  o.time = (1714521600LL + n) * kSecond;
  const int64_t spread = static_cast<int64_t>(n) * 7919 % kSources;
  o.source = SourceId(static_cast<int>(n % 10 < 4 ? spread : spread % 1000));
  switch (n % 10) {
    case 0: case 1: case 2: case 3:
      o.kind = Observation::Kind::kEvents;
      o.count = 1 + n % 50;
      break;
    case 4: case 5:
      o.kind = Observation::Kind::kClassificationFailure;
      o.log_type = "Custom.App";
      o.error = "n: expected int, got \"x" + std::to_string(n) + "\"";
      o.payload = std::string(1500, 'p') + std::to_string(n);  // cut to an excerpt
      break;
    case 6:
      o.kind = Observation::Kind::kHealthCheck;
      o.check = n % 3 == 0 ? "processingRoleStatus" : "s3BucketStatus";
      o.healthy = n % 4 != 0;
      o.message = "check " + std::to_string(n);
      break;
    case 7:
      o.kind = Observation::Kind::kS3GetObject;
      o.bucket = "bucket";
      o.key = "logs/" + std::to_string(n) + ".gz";  // every key new
      o.ok = n % 3 == 0;
      o.error = o.ok ? "" : "AccessDenied: no permission";
      break;
    case 8:
      o.kind = Observation::Kind::kScan;
      o.account = "123456789012";
      o.resource = "arn:aws:s3:::r" + std::to_string(n / 10 % 1000);  // 1,000 resources
      o.ok = false;
      o.error = n % 20 == 8 ? "AccessDenied" : "Throttling: rate exceeded";
      break;
    default:
      o.kind = Observation::Kind::kTick;
      break;
  }
  return o;
}

TEST(MemoryBound, HundredThousandSourcesAMillionObservations) {
  MonitorConfig config;
  for (int i = 0; i < kSources; ++i) config.sources.push_back({SourceId(i), "", 15});
  auto created = HealthMonitor::Create(config);
  ASSERT_TRUE(created.ok()) << created.status();
  HealthMonitor& monitor = **created;
  size_t size_at_half = 0;
  size_t records = 0;
  for (int n = 0; n < kObservations; ++n) {
    const absl::Status status = monitor.Observe(Make(n));
    ASSERT_TRUE(status.ok()) << n << ": " << status;
    if (n % 10000 == 9999) {
      records += monitor.TakeOutputs().size();  // the host takes them as it goes
      for (const DeliveryRequest& d : monitor.TakeDueDeliveries()) {
        ASSERT_TRUE(monitor.ReportDelivery({d.delivery_id, 200, ""}).ok());
      }
    }
    if (n == kObservations / 2) size_at_half = monitor.Snapshot().size();
  }
  records += monitor.TakeOutputs().size();
  EXPECT_GT(records, static_cast<size_t>(kObservations / 10));  // it did raise alerts

  const std::string snapshot = monitor.Snapshot();
  monitor::MonitorState state;
  ASSERT_GT(snapshot.size(), 5u);
  ASSERT_TRUE(state.ParseFromString(snapshot.substr(5)));  // "LHMS" + version
  auto bytes = [](const auto& repeated) {
    size_t n = 0;
    for (const auto& m : repeated) n += m.ByteSizeLong();
    return n;
  };
  const std::string breakdown =
      "sources " + std::to_string(bytes(state.sources())) + ", open alerts " +
      std::to_string(state.open_alerts_size()) + " / " + std::to_string(bytes(state.open_alerts())) +
      ", resolved " + std::to_string(bytes(state.resolved_alerts())) + ", deliveries " +
      std::to_string(bytes(state.deliveries())) + ", audit " + std::to_string(bytes(state.audit())) +
      ", scans " + std::to_string(bytes(state.scans()));
  // Flat: the second half of the run (500,000 more observations, every S3
  // key new) grows the state by under 5%.
  EXPECT_LT(snapshot.size(), size_at_half + size_at_half / 20)
      << "at half: " << size_at_half << " bytes, at the end: " << snapshot.size() << " ("
      << breakdown << ")";
  // What the bounds allow: a couple of kilobytes a source, plus the samples
  // of a noisy one (10 first and 10 latest lines of 2 KB, 100 objects).
  EXPECT_LT(snapshot.size(), static_cast<size_t>(kSources) * 2048 + kNoisySources * 64 * 1024)
      << breakdown;
  EXPECT_EQ(state.sources_size(), kSources);
  EXPECT_LE(static_cast<size_t>(state.audit_size()), 2 * config.max_audit_entries);
  EXPECT_LE(static_cast<size_t>(state.resolved_alerts_size()), 2 * config.max_resolved_alerts);
  // Only resources with an access-denied scan keep state.
  EXPECT_LE(state.scans_size(), 1000);
  for (const auto& alert : state.open_alerts()) {
    EXPECT_LE(static_cast<size_t>(alert.context().first_lines_size()), config.max_failing_lines);
    EXPECT_LE(static_cast<size_t>(alert.context().latest_lines_size()), config.max_failing_lines);
    EXPECT_LE(static_cast<size_t>(alert.context().objects_size()), config.max_failing_objects);
    for (const auto& line : alert.context().first_lines()) EXPECT_LE(line.payload().size(), 2051u);
  }
}

}  // namespace
}  // namespace loghealth
