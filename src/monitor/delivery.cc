// Delivery: the host sends, the monitor decides what is due, retries with
// deterministic jitter, and gives up into an ALERT_DELIVERY System Error that
// is never routed to the failed destination and never raised about itself.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "src/json/json_writer.h"
#include "src/monitor/monitor_impl.h"

namespace loghealth {
namespace {

constexpr int64_t kSecond = 1'000'000'000LL;
constexpr size_t kMaxExcerpt = 512;

// 2xx succeeds; non-2xx, 429, timeouts (408) and network errors (0) are
// worth retrying; any other 4xx will not get better.
bool Retryable(int status) {
  if (status == 0 || status == 408 || status == 429) return true;
  return !(status >= 400 && status < 500);
}

}  // namespace

void HealthMonitor::Impl::Enqueue(const Alert& alert, const std::string& destination_id,
                                  bool resolved_notice) {
  monitor::PendingDelivery* d = state.add_deliveries();
  state.set_delivery_sequence(state.delivery_sequence() + 1);
  d->set_delivery_id(absl::StrCat("d", state.delivery_sequence()));
  d->set_alert_id(alert.alert_id());
  d->set_destination_id(destination_id);
  d->set_attempt(1);
  d->set_next_at(now());
  d->set_first_at(now());
  d->set_resolved_notice(resolved_notice);
}

std::vector<DeliveryRequest> HealthMonitor::Impl::TakeDue() {
  std::vector<DeliveryRequest> due;
  for (monitor::PendingDelivery& d : *state.mutable_deliveries()) {
    if (d.in_flight() || d.next_at() > now()) continue;
    d.set_in_flight(true);
    DeliveryRequest r;
    r.delivery_id = d.delivery_id();
    r.alert_id = d.alert_id();
    r.destination_id = d.destination_id();
    r.attempt = d.attempt();
    r.resolved_notice = d.resolved_notice();
    if (const Alert* alert = FindAlert(d.alert_id())) {
      r.payload = AlertJson(*alert);
      r.alert = *alert;
    }
    due.push_back(std::move(r));
  }
  return due;
}

absl::Status HealthMonitor::Impl::Report(const DeliveryResult& result) {
  auto* pending = state.mutable_deliveries();
  auto it = std::find_if(pending->begin(), pending->end(),
                         [&](const monitor::PendingDelivery& d) {
                           return d.delivery_id() == result.delivery_id;
                         });
  if (it == pending->end() || !it->in_flight()) {
    return absl::NotFoundError(absl::StrCat(
        "no delivery ", result.delivery_id, " is waiting for a result (unknown, or "
        "already reported)"));
  }
  const bool success = result.status_code >= 200 && result.status_code < 300;
  monitor::PendingDelivery d = *it;
  Alert* alert = FindAlert(d.alert_id());
  if (alert != nullptr) {
    monitor::DeliveryRecord* record = alert->add_deliveries();
    record->set_destination_id(d.destination_id());
    record->set_success(success);
    record->set_status_code(result.status_code);
    record->set_message(result.message);
    record->set_dispatched_at(TimeText(now()));
    record->set_attempt(d.attempt());
    record->set_resolved_notice(d.resolved_notice());
    record->set_response_excerpt(result.response_excerpt.substr(0, kMaxExcerpt));
    record->set_duration_ms(result.duration_ms);
  }
  std::string body = "\"alertId\":";
  json::AppendJsonString(d.alert_id(), &body);
  body += ",\"destinationId\":";
  json::AppendJsonString(d.destination_id(), &body);
  body += ",\"attempt\":";
  json::AppendInt(d.attempt(), &body);
  body += success ? ",\"success\":true" : ",\"success\":false";
  body += ",\"statusCode\":";
  json::AppendInt(result.status_code, &body);
  body += ",\"dispatchedAt\":";
  json::AppendJsonString(TimeText(now()), &body);
  if (d.resolved_notice()) body += ",\"resolvedNotice\":true";
  if (!result.message.empty()) {
    body += ",\"message\":";
    json::AppendJsonStringRepairingUtf8(result.message, &body);
  }
  if (result.duration_ms > 0) {
    body += ",\"durationMs\":";
    json::AppendInt(result.duration_ms, &body);
  }
  if (!result.response_excerpt.empty()) {
    body += ",\"responseExcerpt\":";
    json::AppendJsonStringRepairingUtf8(result.response_excerpt.substr(0, kMaxExcerpt), &body);
  }
  Emit("delivery", std::move(body));

  if (success) {
    pending->erase(it);
    // The destination works again: its ALERT_DELIVERY alert resolves.
    auto dest = destinations.find(d.destination_id());
    if (dest != destinations.end() && !dest->second->alert_id().empty()) {
      const std::string alert_id = dest->second->alert_id();
      Transition("destination", d.destination_id(), monitor::ALERT_DELIVERY,
                 monitor::ALARM, monitor::OK, "a delivery to it succeeded", alert_id);
      ResolveAlert(alert_id, "loghealth", "a delivery to the destination succeeded");
    }
    return absl::OkStatus();
  }
  const DeliveryPolicy& policy = config.delivery;
  // A deterministic jitter: the same delivery and attempt always wait as long.
  const int64_t span = std::max<int64_t>(
      policy.max_retry_delay_seconds - policy.min_retry_delay_seconds, 1);
  const std::string seed = StableId(absl::StrCat(d.delivery_id(), "#", d.attempt()));
  const int64_t jitter = static_cast<int64_t>(std::stoull(seed.substr(0, 12), nullptr, 16) %
                                              static_cast<uint64_t>(span));
  // The server's Retry-After wins over the jitter, within the policy's bounds.
  const int64_t delay_seconds =
      result.retry_after_seconds >= 0
          ? std::clamp(result.retry_after_seconds, policy.min_retry_delay_seconds,
                       policy.max_retry_delay_seconds)
          : policy.min_retry_delay_seconds + jitter;
  const int64_t next_at = AddNanos(now(), delay_seconds * kSecond);
  const int retries_done = d.attempt() - 1;
  std::string why;
  if (result.permanent) {
    why = result.message.empty() ? "a permanent failure" : result.message;
  } else if (!Retryable(result.status_code)) {
    why = absl::StrCat("status ", result.status_code, " is permanent");
  } else if (retries_done >= policy.max_retries) {
    why = absl::StrCat("no success after ", d.attempt(), " attempts");
  } else if (SubNanos(next_at, d.first_at()) > policy.max_age_seconds * kSecond) {
    why = absl::StrCat("still failing ", policy.max_age_seconds, " s after the first attempt");
  }
  if (why.empty()) {
    it->set_attempt(d.attempt() + 1);
    it->set_next_at(next_at);
    it->set_in_flight(false);
    return absl::OkStatus();
  }
  pending->erase(it);
  GiveUp(d, why);
  return absl::OkStatus();
}

int HealthMonitor::Impl::RetryInFlight() {
  int n = 0;
  for (monitor::PendingDelivery& d : *state.mutable_deliveries()) {
    if (!d.in_flight()) continue;
    d.set_in_flight(false);
    if (d.next_at() > now()) d.set_next_at(now());
    ++n;
  }
  return n;
}

void HealthMonitor::Impl::GiveUp(const monitor::PendingDelivery& d, const std::string& why) {
  const Alert* undelivered = FindAlert(d.alert_id());
  // No alert about an ALERT_DELIVERY alert: a loop depth of one.
  if (undelivered != nullptr &&
      undelivered->system_error_type() == monitor::ALERT_DELIVERY) {
    Audit(d.destination_id(), monitor::ALERT_DELIVERY, monitor::ALARM, monitor::ALARM,
          absl::StrCat("gave up delivering ALERT_DELIVERY alert ", d.alert_id(), " (", why,
                       "); nothing further is raised"),
          d.alert_id());
    return;
  }
  monitor::DestinationState* dest = nullptr;
  auto it = destinations.find(d.destination_id());
  if (it != destinations.end()) {
    dest = it->second;
  } else {
    dest = state.add_destinations();
    dest->set_id(d.destination_id());
    destinations[d.destination_id()] = dest;
  }
  if (!dest->alert_id().empty()) {
    Alert* open = open_alerts[dest->alert_id()];
    open->mutable_context()->add_undelivered_alert_ids(d.alert_id());
    Join(open);
    return;
  }
  auto config_it = destination_configs.find(d.destination_id());
  const std::string name = config_it != destination_configs.end() &&
                                   !config_it->second->display_name.empty()
                               ? config_it->second->display_name
                               : d.destination_id();
  dest->set_sequence(dest->sequence() + 1);
  Alert* alert = Raise(
      monitor::ALERT_DELIVERY, monitor::DESTINATION, d.destination_id(), dest->sequence(),
      absl::StrCat("Alerts could not be delivered to destination \"", name, "\""),
      absl::StrCat("Delivery of alert ", d.alert_id(), " to ", name, " gave up: ", why,
                   ". Later undelivered alerts join this one; it resolves when a "
                   "delivery to the destination succeeds."),
      [&](Alert* a) {
        a->set_destination_id(d.destination_id());
        a->mutable_context()->add_undelivered_alert_ids(d.alert_id());
      },
      /*excluded_destination=*/d.destination_id());
  dest->set_alert_id(alert->alert_id());
  Transition("destination", d.destination_id(), monitor::ALERT_DELIVERY, monitor::OK,
             monitor::ALARM, absl::StrCat("gave up delivering ", d.alert_id(), ": ", why),
             alert->alert_id());
}

}  // namespace loghealth
