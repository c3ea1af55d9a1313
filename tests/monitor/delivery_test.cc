// Routing and delivery: who gets a System Error, retries with backoff, what
// is permanent, and the ALERT_DELIVERY alert that cannot loop.
#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "loghealth/timestamp.h"
#include "tests/monitor/monitor_testing.h"

namespace loghealth {
namespace {

using ::testing::ElementsAre;
using namespace testing;  // NOLINT

Observation FirstFailure(int64_t t) {
  Observation o;
  o.kind = Observation::Kind::kClassificationFailure;
  o.time = t;
  o.source = "s1";
  o.error = "boom";
  o.payload = "x";
  return o;
}

std::vector<std::string> Destinations(const Harness& h, const std::string& alert_id) {
  std::vector<std::string> out;
  for (const DeliveryRequest& r : h.requests) {
    if (r.alert_id == alert_id && r.attempt == 1 && !r.resolved_notice) {
      out.push_back(r.destination_id);
    }
  }
  return out;
}

TEST(Routing, SubscribersOfSystemErrorOnlyAndTheConsoleAlways) {
  Harness h(OneSource());
  h.Feed(FirstFailure(At(1)));
  const monitor::Alert& alert = h.monitor->state().open_alerts(0);
  // jira is CRITICAL by default but does not subscribe to System Errors.
  EXPECT_THAT(Destinations(h, alert.alert_id()), ElementsAre("slack", "pager"));
  ASSERT_GE(alert.deliveries_size(), 1);
  EXPECT_EQ(alert.deliveries(0).destination_id(), "console");
  EXPECT_TRUE(alert.deliveries(0).success());
  // Every attempt is recorded on the alert.
  EXPECT_EQ(alert.deliveries_size(), 3);
  // The delivery records say it too.
  EXPECT_EQ(h.Records("delivery").size(), 2u);
}

TEST(Routing, ResolvedNoticeOnlyWhereAskedFor) {
  Harness h(OneSource());
  h.Feed(FirstFailure(At(1)));
  const std::string id = h.monitor->state().open_alerts(0).alert_id();
  ASSERT_TRUE(h.monitor->Resolve(id, "alice", "fixed").ok());
  h.Deliver();
  std::vector<std::string> notices;
  for (const DeliveryRequest& r : h.requests) {
    if (r.resolved_notice) notices.push_back(r.destination_id);
  }
  EXPECT_THAT(notices, ElementsAre("slack"));  // pager did not ask
}

TEST(Retry, BackoffWithinTheWindowThenGiveUpIntoAlertDelivery) {
  Harness h(OneSource());
  h.status["slack"] = 503;
  h.Feed(FirstFailure(At(1)));
  h.Feed(Tick(At(5)));
  const std::string id = h.monitor->state().resolved_alerts_size() == 0
                             ? h.Records("alert")[0]
                             : "";
  std::vector<int64_t> slack_times;
  int attempts = 0;
  for (const DeliveryRequest& r : h.requests) {
    if (r.destination_id == "slack" && !r.resolved_notice &&
        r.alert_id == h.monitor->state().open_alerts(0).alert_id()) {
      ++attempts;
    }
  }
  // 1 attempt + 10 retries, then it gives up.
  EXPECT_EQ(attempts, 11);
  // Each retry waited within [30 s, 300 s).
  const monitor::Alert& alert = h.monitor->state().open_alerts(0);
  int64_t previous = 0;
  for (const monitor::DeliveryRecord& d : alert.deliveries()) {
    if (d.destination_id() != "slack") continue;
    Timestamp t;
    TimeParseError e;
    ASSERT_EQ(TimeCodec::Compile("rfc3339")->Parse(d.dispatched_at(), TimeValueKind::kString,
                                                  &t, &e),
              TimeParseStatus::kOk);
    if (previous != 0) {
      const int64_t gap = t.UnixNanos() - previous;
      EXPECT_GE(gap, 30 * kSecond);
      EXPECT_LT(gap, 300 * kSecond);
    }
    previous = t.UnixNanos();
    EXPECT_EQ(d.status_code(), 503);
  }
  // The ALERT_DELIVERY alert: about slack, never sent to slack.
  const auto alerts = h.Records("alert");
  ASSERT_EQ(alerts.size(), 2u);
  EXPECT_EQ(Get(alerts[1], "systemErrorType"), "\"ALERT_DELIVERY\"");
  EXPECT_EQ(Get(alerts[1], "relatedComponent"), "\"DESTINATION\"");
  EXPECT_EQ(Get(alerts[1], "destinationId"), "\"slack\"");
  const std::string delivery_alert = Get(alerts[1], "alertId");
  EXPECT_THAT(Destinations(h, delivery_alert.substr(1, delivery_alert.size() - 2)),
              ElementsAre("pager"));
  (void)id;
}

TEST(Retry, PermanentAndRetryableStatuses) {
  for (const auto& [status, retried] :
       std::vector<std::pair<int, bool>>{{404, false}, {400, false}, {403, false},
                                          {429, true}, {500, true}, {0, true}, {408, true}}) {
    MonitorConfig c = OneSource();
    c.delivery.max_retries = 2;
    Harness h(c);
    h.status["slack"] = status;
    h.Feed(FirstFailure(At(1)));
    h.Feed(Tick(At(3)));
    int attempts = 0;
    for (const DeliveryRequest& r : h.requests) {
      if (r.destination_id == "slack" && !r.resolved_notice && r.alert_id ==
          h.monitor->state().open_alerts(0).alert_id()) {
        ++attempts;
      }
    }
    EXPECT_EQ(attempts, retried ? 3 : 1) << "status " << status;
    EXPECT_EQ(h.Records("alert").size(), 2u) << "status " << status;  // ALERT_DELIVERY
  }
}

TEST(Retry, MaxAgeEndsRetriesEarly) {
  MonitorConfig c = OneSource();
  c.delivery.max_age_seconds = 120;  // fewer than ten retries fit
  Harness h(c);
  h.status["slack"] = 503;
  h.Feed(FirstFailure(At(1)));
  h.Feed(Tick(At(2)));
  int attempts = 0;
  for (const DeliveryRequest& r : h.requests) attempts += r.destination_id == "slack";
  EXPECT_GE(attempts, 1);
  EXPECT_LE(attempts, 5);
  EXPECT_EQ(h.Records("alert").size(), 2u);
}

TEST(NoLoops, AnAlertDeliveryAlertThatFailsRaisesNothing) {
  MonitorConfig c = OneSource();
  c.delivery.max_retries = 1;
  Harness h(c);
  h.status["slack"] = 500;
  h.status["pager"] = 500;
  h.Feed(FirstFailure(At(1)));
  h.Feed(Tick(At(6)));
  // One ALERT_DELIVERY per failing destination, each routed only to the
  // other; when those fail too, nothing more.
  int delivery_alerts = 0;
  for (const std::string& a : h.Records("alert")) {
    delivery_alerts += Get(a, "systemErrorType") == "\"ALERT_DELIVERY\"";
  }
  EXPECT_EQ(delivery_alerts, 2);
  for (const DeliveryRequest& r : h.requests) {
    const monitor::Alert* alert = nullptr;
    for (const auto& a : h.monitor->state().open_alerts()) {
      if (a.alert_id() == r.alert_id) alert = &a;
    }
    if (alert != nullptr && alert->system_error_type() == monitor::ALERT_DELIVERY) {
      EXPECT_NE(r.destination_id, alert->destination_id()) << "routed to the failed one";
    }
  }
  // The destinations recover: their ALERT_DELIVERY alerts resolve on the
  // next success.
  h.status.clear();
  h.Feed(FirstFailure(At(7)));  // joins the open alert: no new deliveries
  EXPECT_EQ(h.Records("alert_resolved").size(), 0u);
}

TEST(Report, UnknownOrRepeatedResultsAreRefused) {
  Harness h(OneSource());
  h.Feed(FirstFailure(At(1)));
  DeliveryResult r;
  r.delivery_id = "d1";  // already reported by the harness
  r.status_code = 200;
  EXPECT_EQ(h.monitor->ReportDelivery(r).message(),
            "no delivery d1 is waiting for a result (unknown, or already reported)");
}

// Drives deliveries by hand: each result as given, the retry's time read
// from the next due time.
class ManualDeliveries {
 public:
  explicit ManualDeliveries(MonitorConfig config) {
    auto m = HealthMonitor::Create(std::move(config));
    EXPECT_TRUE(m.ok()) << m.status();
    monitor = *std::move(m);
  }
  // The first due delivery to `destination` at the clock.
  DeliveryRequest Take(const std::string& destination) {
    DeliveryRequest found;
    for (DeliveryRequest& r : monitor->TakeDueDeliveries()) {
      if (r.destination_id == destination) {
        found = r;
      } else {
        DeliveryResult ok;
        ok.delivery_id = r.delivery_id;
        ok.status_code = 200;
        EXPECT_TRUE(monitor->ReportDelivery(ok).ok());
      }
    }
    return found;
  }
  std::unique_ptr<HealthMonitor> monitor;
};

MonitorConfig RetryBounds() {
  MonitorConfig c = OneSource();
  c.delivery.min_retry_delay_seconds = 30;
  c.delivery.max_retry_delay_seconds = 300;
  return c;
}

TEST(RetryAfter, HonouredWithinThePolicysBounds) {
  for (const auto& [retry_after, expected_wait] :
       std::vector<std::pair<int64_t, int64_t>>{{120, 120}, {5, 30}, {100000, 300}, {0, 30}}) {
    ManualDeliveries m(RetryBounds());
    ASSERT_TRUE(m.monitor->Observe(FirstFailure(At(1))).ok());
    DeliveryRequest r = m.Take("slack");
    ASSERT_FALSE(r.delivery_id.empty());
    DeliveryResult limited;
    limited.delivery_id = r.delivery_id;
    limited.status_code = 429;
    limited.retry_after_seconds = retry_after;
    ASSERT_TRUE(m.monitor->ReportDelivery(limited).ok());
    EXPECT_EQ(m.monitor->NextDueTime(), At(1) + expected_wait * kSecond) << retry_after;
  }
}

TEST(Delivery, PermanentResultsGiveUpAtOnce) {
  ManualDeliveries m(RetryBounds());
  ASSERT_TRUE(m.monitor->Observe(FirstFailure(At(1))).ok());
  DeliveryRequest r = m.Take("slack");
  DeliveryResult broken;
  broken.delivery_id = r.delivery_id;
  broken.status_code = 503;  // retryable by status, but the host says no
  broken.permanent = true;
  broken.message = "destination slack is no longer in the config";
  ASSERT_TRUE(m.monitor->ReportDelivery(broken).ok());
  int delivery_alerts = 0;
  for (const monitor::Alert& a : m.monitor->state().open_alerts()) {
    if (a.system_error_type() == monitor::ALERT_DELIVERY) {
      ++delivery_alerts;
      EXPECT_THAT(a.description(), ::testing::HasSubstr("no longer in the config"));
    }
  }
  EXPECT_EQ(delivery_alerts, 1);
}

TEST(Delivery, ResponseExcerptAndDurationKeptOnTheAlert) {
  ManualDeliveries m(RetryBounds());
  ASSERT_TRUE(m.monitor->Observe(FirstFailure(At(1))).ok());
  DeliveryRequest r = m.Take("slack");
  DeliveryResult result;
  result.delivery_id = r.delivery_id;
  result.status_code = 500;
  result.message = "request failed: 500: oops";
  result.response_excerpt = std::string(600, 'e');
  result.duration_ms = 42;
  ASSERT_TRUE(m.monitor->ReportDelivery(result).ok());
  const monitor::Alert& a = m.monitor->state().open_alerts(0);
  const monitor::DeliveryRecord& last = a.deliveries(a.deliveries_size() - 1);
  EXPECT_EQ(last.destination_id(), "slack");
  EXPECT_EQ(last.status_code(), 500);
  EXPECT_EQ(last.response_excerpt(), std::string(512, 'e'));
  EXPECT_EQ(last.duration_ms(), 42);
  EXPECT_EQ(last.message(), "request failed: 500: oops");
}

TEST(Delivery, InFlightAtASnapshotIsDueAgainAfterRestore) {
  ManualDeliveries m(RetryBounds());
  ASSERT_TRUE(m.monitor->Observe(FirstFailure(At(1))).ok());
  const std::vector<DeliveryRequest> sent = m.monitor->TakeDueDeliveries();
  ASSERT_EQ(sent.size(), 2u);
  m.monitor->SetHostCheckpoint("input.jsonl@1234");
  const std::string snapshot = m.monitor->Snapshot();
  auto restored = HealthMonitor::Restore(RetryBounds(), snapshot);
  ASSERT_TRUE(restored.ok());
  EXPECT_EQ((*restored)->host_checkpoint(), "input.jsonl@1234");
  EXPECT_TRUE((*restored)->TakeDueDeliveries().empty());  // still in flight
  EXPECT_EQ((*restored)->RetryInFlightDeliveries(), 2);
  const std::vector<DeliveryRequest> again = (*restored)->TakeDueDeliveries();
  ASSERT_EQ(again.size(), 2u);
  for (size_t i = 0; i < again.size(); ++i) {
    EXPECT_EQ(again[i].delivery_id, sent[i].delivery_id);  // the same id: receivers dedupe
    EXPECT_EQ(again[i].attempt, sent[i].attempt);
    EXPECT_EQ(again[i].alert.alert_id(), sent[i].alert_id);
  }
}

}  // namespace
}  // namespace loghealth
