// Each alarm kind and each transition, with the records it must produce.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/monitor/monitor_testing.h"

namespace loghealth {
namespace {

using ::testing::HasSubstr;
using namespace testing;  // NOLINT

TEST(Config, DropOffMinutesFrom15To43200) {
  for (int bad : {14, 43201, -5}) {
    MonitorConfig c;
    c.sources.push_back({"s", "S", bad});
    auto m = HealthMonitor::Create(c);
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.status().message(),
              "source s: dropOffMinutes must be from 15 to 43200 (30 days), got " +
                  std::to_string(bad));
  }
  for (int good : {0, 15, 43200}) {
    MonitorConfig c;
    c.sources.push_back({"s", "S", good});
    EXPECT_TRUE(HealthMonitor::Create(c).ok()) << good;
  }
}

TEST(Config, ParsedFromYaml) {
  auto c = ParseMonitorConfig(R"(
sources:
  - {id: a, label: A, dropOffMinutes: 30}
destinations:
  - {id: d, displayName: D, alertTypes: [SYSTEM_ERROR], defaultForSeverity: [LOW], sendResolved: true}
delivery: {maxRetries: 3, minRetryDelaySeconds: 10, maxRetryDelaySeconds: 20, maxAgeSeconds: 600}
)");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->sources[0].drop_off_minutes, 30);
  EXPECT_TRUE(c->destinations[0].send_resolved);
  EXPECT_EQ(c->delivery.max_retries, 3);
  EXPECT_EQ(ParseMonitorConfig("sources: [{id: a, dropoff: 3}]").status().message(),
            "config: line 1: sources[0]: unknown key \"dropoff\"");
  EXPECT_EQ(ParseMonitorConfig("destinations: [{id: d, alertTypes: [SYSTEM]}]")
                .status()
                .message(),
            "config: line 1: destinations[0].alertTypes: unknown alert type \"SYSTEM\"");
}

TEST(NoData, NeverHeardFromAlarmsOnceAfterTheThreshold) {
  Harness h(OneSource(60));
  h.Feed(Tick(At(0)));  // the first input starts the clock: registration
  h.Feed(Tick(At(0, 59)));
  EXPECT_TRUE(h.Records("alert").empty());
  // Days of silence: one alert, never repeated.
  for (int hour = 1; hour < 72; ++hour) h.Feed(Tick(At(hour)));
  const auto alerts = h.Records("alert");
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(Get(alerts[0], "systemErrorType"), "\"SOURCE_NO_DATA\"");
  EXPECT_EQ(Get(alerts[0], "severity"), "\"CRITICAL\"");
  EXPECT_EQ(Get(alerts[0], "type"), "\"SYSTEM_ERROR\"");
  EXPECT_EQ(Get(alerts[0], "createdAt"), "\"2024-05-01T01:00:00Z\"");
  const auto states = h.Records("alarm_state");
  ASSERT_EQ(states.size(), 1u);
  EXPECT_EQ(Get(states[0], "from"), "\"INSUFFICIENT_DATA\"");
  EXPECT_EQ(Get(states[0], "to"), "\"ALARM\"");
  EXPECT_EQ(Get(states[0], "reason"),
            "\"no events since the source was registered at 2024-05-01T00:00:00Z (60 "
            "minutes)\"");
}

TEST(NoData, ResolvesWhenEventsResumeAndALaterSilenceIsANewAlert) {
  Harness h(OneSource(30));
  h.Feed(Events(At(0), "s1"));
  h.Feed(Events(At(0, 30), "s1"));  // exactly at the deadline: in time
  EXPECT_TRUE(h.Records("alert").empty());
  h.Feed(Tick(At(5)));
  ASSERT_EQ(h.Records("alert").size(), 1u);
  const std::string first_id = Get(h.Records("alert")[0], "alertId");
  EXPECT_EQ(Get(h.Records("alert")[0], "createdAt"), "\"2024-05-01T01:00:00Z\"");
  h.Feed(Events(At(6), "s1"));
  const auto resolved = h.Records("alert_resolved");
  ASSERT_EQ(resolved.size(), 1u);
  EXPECT_EQ(Get(resolved[0], "alertId"), first_id);
  EXPECT_EQ(Get(resolved[0], "resolvedBy"), "\"loghealth\"");
  h.Feed(Tick(At(7)));
  const auto alerts = h.Records("alert");
  ASSERT_EQ(alerts.size(), 2u);
  EXPECT_NE(Get(alerts[1], "alertId"), first_id);
  EXPECT_EQ(Get(alerts[1], "createdAt"), "\"2024-05-01T06:30:00Z\"");
  // States: INSUFFICIENT_DATA -> OK -> ALARM -> OK -> ALARM.
  std::vector<std::string> to;
  for (const std::string& s : h.Records("alarm_state")) to.push_back(Get(s, "to"));
  EXPECT_THAT(to, ::testing::ElementsAre("\"OK\"", "\"ALARM\"", "\"OK\"", "\"ALARM\""));
}

TEST(Sources, StayRegisteredUntilRemoved) {
  Harness h(OneSource(30));
  h.Feed(Events(At(0), "s1"));
  h.Feed(Tick(At(1)));
  ASSERT_EQ(h.Records("alert").size(), 1u);
  ASSERT_TRUE(h.monitor->RemoveSource("s1", "admin").ok());
  h.Collect();
  ASSERT_EQ(h.Records("alert_resolved").size(), 1u);
  EXPECT_EQ(Get(h.Records("alert_resolved")[0], "resolution"), "\"source removed\"");
  EXPECT_EQ(h.monitor->state().sources_size(), 0);
  EXPECT_EQ(h.monitor->Observe(Events(At(2), "s1")).message(),
            "unknown source \"s1\" (not in the monitor's config)");
  EXPECT_EQ(h.monitor->RemoveSource("s1", "admin").message(), "unknown source \"s1\"");
}

TEST(HealthChecks, FailTurnsUnhealthyAndEveryFailedCheckMustPass) {
  Harness h(OneSource());
  Observation fail;
  fail.kind = Observation::Kind::kHealthCheck;
  fail.time = At(1);
  fail.source = "s1";
  fail.check = "processingRoleStatus";
  fail.healthy = false;
  fail.message =
      "We were unable to assume arn:aws:iam::123456789012:role/PantherLogProcessingRole-prod";
  h.Feed(fail);
  Observation kms = fail;
  kms.time = At(1, 5);
  kms.check = "kmsKeyStatus";
  kms.message = "The specified KMS Key is disabled.";
  h.Feed(kms);
  auto alerts = h.Records("alert");
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(Get(alerts[0], "systemErrorType"), "\"SOURCE_PERMISSIONS_CHECKS\"");
  EXPECT_THAT(alerts[0], HasSubstr("We were unable to assume arn:aws:iam::123456789012"));
  ASSERT_EQ(h.Records("alert_update").size(), 1u);
  Observation pass = fail;
  pass.time = At(2);
  pass.healthy = true;
  h.Feed(pass);  // kmsKeyStatus still failing
  EXPECT_TRUE(h.Records("alert_resolved").empty());
  Observation pass_kms = kms;
  pass_kms.time = At(2, 5);
  pass_kms.healthy = true;
  h.Feed(pass_kms);
  ASSERT_EQ(h.Records("alert_resolved").size(), 1u);
  EXPECT_EQ(h.monitor->state().sources(0).failed_checks_size(), 0);
}

Observation Failure(int64_t t, const std::string& error, const std::string& log_type = "Custom.A") {
  Observation o;
  o.kind = Observation::Kind::kClassificationFailure;
  o.time = t;
  o.source = "s1";
  o.log_type = log_type;
  o.error = error;
  o.payload = "line " + error;
  return o;
}

TEST(ClassificationFailures, FirstAlertsLaterJoinPersonResolves) {
  Harness h(OneSource());
  for (int i = 0; i < 25; ++i) {
    h.Feed(Failure(At(1) + i * kSecond, "e" + std::to_string(i),
                   i % 2 ? "Custom.B" : "Custom.A"));
  }
  ASSERT_EQ(h.Records("alert").size(), 1u);
  EXPECT_EQ(h.Records("alert_update").size(), 24u);
  const std::string id = Get(h.Records("alert")[0], "alertId");
  // The open alert holds the first 10 and the latest 10 lines.
  const monitor::Alert& open = h.monitor->state().open_alerts(0);
  EXPECT_EQ(open.occurrences(), 25);
  ASSERT_EQ(open.context().first_lines_size(), 10);
  ASSERT_EQ(open.context().latest_lines_size(), 10);
  EXPECT_EQ(open.context().first_lines(0).error(), "e0");
  EXPECT_EQ(open.context().first_lines(9).error(), "e9");
  EXPECT_EQ(open.context().latest_lines(0).error(), "e15");
  EXPECT_EQ(open.context().latest_lines(9).error(), "e24");
  EXPECT_THAT(open.context().log_types(), ::testing::ElementsAre("Custom.A", "Custom.B"));
  EXPECT_EQ(open.context().first_seen(), "2024-05-01T01:00:00Z");
  EXPECT_EQ(open.context().last_seen(), "2024-05-01T01:00:24Z");
  // Time alone never resolves it.
  h.Feed(Tick(At(240)));
  EXPECT_TRUE(h.Records("alert_resolved").empty());
  // A person does; it is recorded on the alert.
  const std::string raw_id = id.substr(1, id.size() - 2);
  EXPECT_FALSE(h.monitor->Resolve(raw_id, "", "why").ok());  // an actor is needed
  ASSERT_TRUE(h.monitor->Resolve(raw_id, "alice", "schema fixed").ok());
  h.Collect();
  const auto resolved = h.Records("alert_resolved");
  ASSERT_EQ(resolved.size(), 1u);
  EXPECT_EQ(Get(resolved[0], "resolvedBy"), "\"alice\"");
  EXPECT_EQ(Get(resolved[0], "resolution"), "\"schema fixed\"");
  // The alarm went OK -> ALARM with the first failure and is back to OK.
  const auto states = h.Records("alarm_state");
  ASSERT_EQ(states.size(), 2u);
  EXPECT_EQ(Get(states[0], "to"), "\"ALARM\"");
  EXPECT_EQ(Get(states[1], "from"), "\"ALARM\"");
  EXPECT_EQ(Get(states[1], "to"), "\"OK\"");
  EXPECT_EQ(Get(states[1], "reason"), "\"resolved by alice: schema fixed\"");
  EXPECT_EQ(Get(states[1], "alertId"), id);
  EXPECT_EQ(h.monitor->Resolve(raw_id, "bob", "again").message(),
            "no open alert " + raw_id);
  // A new failure after the resolution opens a new alert.
  h.Feed(Failure(At(241), "again"));
  ASSERT_EQ(h.Records("alert").size(), 2u);
  EXPECT_NE(Get(h.Records("alert")[1], "alertId"), id);
}

Observation GetObject(int64_t t, bool ok, const std::string& key) {
  Observation o;
  o.kind = Observation::Kind::kS3GetObject;
  o.time = t;
  o.source = "s1";
  o.bucket = "logs";
  o.key = key;
  o.ok = ok;
  o.error = ok ? "" : "AccessDenied: Access Denied";
  o.size = ok ? 1234 : -1;
  o.version_id = ok ? "v1" : "";
  o.record_count = ok ? 10 : 0;
  o.role_arn = "arn:aws:iam::123456789012:role/r";
  return o;
}

TEST(LogProcessingErrors, TwentyFourHourWindowAndDataAudit) {
  Harness h(OneSource());
  h.Feed(GetObject(At(1), false, "a.gz"));
  h.Feed(GetObject(At(2), true, "b.gz"));
  h.Feed(GetObject(At(10), false, "c.gz"));  // joins; the window restarts
  ASSERT_EQ(h.Records("alert").size(), 1u);
  EXPECT_EQ(Get(h.Records("alert")[0], "systemErrorType"), "\"SOURCE_LOG_PROCESSING_ERRORS\"");
  h.Feed(Tick(At(1 + 24, 30)));  // 24 h after the first failure: still open
  EXPECT_TRUE(h.Records("alert_resolved").empty());
  h.Feed(Tick(At(10 + 24, 1)));  // 24 h after the last one: resolved
  ASSERT_EQ(h.Records("alert_resolved").size(), 1u);
  EXPECT_EQ(Get(h.Records("alert_resolved")[0], "resolvedAt"), "\"2024-05-02T10:00:00Z\"");
  const monitor::Alert& done = h.monitor->state().resolved_alerts(0);
  ASSERT_EQ(done.context().objects_size(), 2);
  EXPECT_EQ(done.context().objects(1).key(), "c.gz");
  const auto audit = h.Records("data_audit");
  ASSERT_EQ(audit.size(), 3u);
  EXPECT_EQ(Get(audit[0], "status"), "\"FAILURE\"");
  EXPECT_EQ(Get(audit[0], "error"), "\"AccessDenied: Access Denied\"");
  EXPECT_EQ(Get(audit[0], "s3objectsize"), "null");
  EXPECT_EQ(Get(audit[0], "recordcount"), "0");
  EXPECT_EQ(Get(audit[1], "status"), "\"SUCCESS\"");
  EXPECT_EQ(Get(audit[1], "error"), "<missing>");
  EXPECT_EQ(Get(audit[1], "s3objectsize"), "1234");
  EXPECT_EQ(Get(audit[1], "s3objectversionid"), "\"v1\"");
  EXPECT_EQ(Get(audit[1], "assumedrolearn"), "\"arn:aws:iam::123456789012:role/r\"");
  EXPECT_EQ(Get(audit[1], "p_source_id"), "\"s1\"");
  EXPECT_EQ(Get(audit[1], "p_event_time"), "\"2024-05-01T02:00:00Z\"");
}

Observation Scan(int64_t t, const std::string& resource, bool ok, const std::string& error) {
  Observation o;
  o.kind = Observation::Kind::kScan;
  o.time = t;
  o.account = "123456789012";
  o.resource = resource;
  o.ok = ok;
  o.error = error;
  return o;
}

TEST(ScanningErrors, AccessDeniedPerResourceWithAHint) {
  Harness h(OneSource());
  h.Feed(Scan(At(1), "kms-key", false,
              "AccessDeniedException: no resource-based policy allows the "
              "kms:ListResourceTags action"));
  h.Feed(Scan(At(2), "kms-key", false, "AccessDeniedException: again"));
  h.Feed(Scan(At(3), "bucket", false,
              "AccessDenied: ... with an explicit deny in a service control policy"));
  h.Feed(Scan(At(4), "other", false, "ThrottlingException: Rate exceeded"));  // not alerted
  const auto alerts = h.Records("alert");
  ASSERT_EQ(alerts.size(), 2u);
  EXPECT_EQ(Get(alerts[0], "title"), "\"Source [123456789012] has scanning errors\"");
  EXPECT_EQ(Get(alerts[0], "relatedComponent"), "\"CLOUD_ACCOUNT\"");
  EXPECT_EQ(Get(alerts[0], "resource"), "\"kms-key\"");
  EXPECT_THAT(Get(alerts[0], "context"), HasSubstr("own policy does not grant the scanning role"));
  EXPECT_THAT(Get(alerts[1], "context"), HasSubstr("service control policy (SCP)"));
  EXPECT_EQ(h.Records("alert_update").size(), 1u);
  h.Feed(Scan(At(5), "kms-key", true, ""));
  ASSERT_EQ(h.Records("alert_resolved").size(), 1u);
  EXPECT_EQ(Get(h.Records("alert_resolved")[0], "alertId"), Get(alerts[0], "alertId"));
}

TEST(Time, CenturiesApartAndTheEndOfTimeDoNotOverflow) {
  // Found by fuzzing: a delivery first tried in 1723 and retried in 2024.
  MonitorConfig c = OneSource(43200);
  c.destinations[0].alert_types = {"SYSTEM_ERROR"};
  Harness h(c);
  h.status["slack"] = 503;
  Observation fail;
  fail.kind = Observation::Kind::kClassificationFailure;
  fail.source = "s1";
  fail.error = "e";
  fail.payload = "p";
  fail.time = -7784190900 * kSecond;  // 1723
  h.Feed(fail);
  h.Feed(Tick(At(0)));                   // 2024: the retry's age is 301 years
  EXPECT_EQ(h.Records("alert").size(), 3u);  // the failure, no-data, ALERT_DELIVERY
  // Near the end of int64 nanoseconds, deadlines clamp instead of wrapping.
  Harness late(OneSource(43200));
  late.Feed(Events(INT64_MAX - kHour, "s1"));
  late.Feed(Tick(INT64_MAX - 1));
  EXPECT_TRUE(late.Records("alert").empty());
}

TEST(Observations, ParsedFromJsonWithClearErrors) {
  auto o = ParseObservation(
      R"({"time":"2024-05-01T10:00:00Z","type":"s3_get_object","source":"s","bucket":"b","key":"k","ok":false,"error":"x"})");
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->kind, Observation::Kind::kS3GetObject);
  EXPECT_EQ(o->time, At(10));
  EXPECT_FALSE(o->ok);
  EXPECT_EQ(ParseObservation(R"({"time":"2024-05-01T10:00:00Z","type":"events","source":"s"})")
                .status()
                .message(),
            "events needs \"count\" (an integer)");
  EXPECT_EQ(ParseObservation(R"({"time":"yesterday","type":"tick"})").status().message(),
            "time: failed to parse \"yesterday\" with \"rfc3339\": cannot parse year at "
            "offset 0");
  EXPECT_EQ(ParseObservation(R"({"time":"2024-05-01T10:00:00Z","type":"party"})")
                .status()
                .message(),
            "unknown type \"party\" (events, health_check, classification_failure, "
            "s3_get_object, scan, resolve, tick)");
  EXPECT_FALSE(ParseObservation("{not json").ok());
  // Found by fuzzing: years int64 nanoseconds cannot hold are refused.
  EXPECT_EQ(ParseObservation(R"({"time":"1012-05-01T08:00:00Z","type":"tick"})")
                .status()
                .message(),
            "time: 1012-05-01T08:00:00Z is outside what the monitor keeps (1677-09-22 to "
            "2262-04-11)");
}

}  // namespace
}  // namespace loghealth
