// -----------------------------------------------------------------------------
// File: loghealth/destinations.h
// -----------------------------------------------------------------------------
//
// Alert destinations: how a System Error reaches Slack, PagerDuty, Opsgenie,
// Microsoft Teams or any webhook, over HTTP (libcurl).
//
// A destination in the monitor config (loghealth/monitor.h) names its type
// and where it is; secrets are never written in the config, only where to
// read them:
//
//   destinations:
//     - id: slack
//       type: slack                  # incoming webhook: the URL is the secret
//       urlEnv: SLACK_WEBHOOK_URL    # or urlFile: /run/secrets/slack-url
//       alertTypes: [SYSTEM_ERROR]
//       sendResolved: true
//     - id: pagerduty
//       type: pagerduty              # Events API v2
//       routingKeyEnv: PD_ROUTING_KEY
//       alertTypes: [SYSTEM_ERROR]
//       # url: https://events.pagerduty.com/v2/enqueue (the default)
//     - id: opsgenie
//       type: opsgenie               # Alerts API; closes by alias on resolve
//       apiKeyFile: /run/secrets/opsgenie-key
//       alertTypes: [SYSTEM_ERROR]
//       # url: https://api.opsgenie.com (the default; api.eu.opsgenie.com in the EU)
//     - id: teams
//       type: msteams                # incoming webhook (MessageCard)
//       urlEnv: TEAMS_WEBHOOK_URL
//       alertTypes: [SYSTEM_ERROR]
//     - id: siem
//       type: webhook                # the alert model as JSON
//       url: https://siem.example.com/hooks/loghealth
//       headers: {X-Team: security}
//       headersEnv: {Authorization: SIEM_AUTH_HEADER}
//       hmacSecretEnv: SIEM_HMAC_KEY # X-Loghealth-Signature: sha256=<hex>
//       alertTypes: [SYSTEM_ERROR]
//     - id: page
//       type: console                # the built-in alerts page, no HTTP
//
// Every type takes `url` (tests point it at a loopback server). What each
// sends:
//
//   webhook    POST url, the alert model: {"version":1, "notice":"alert"|
//              "resolved", alertId, type, severity, systemErrorType,
//              relatedComponent, title, description, source {id, label},
//              destinationId, account, resource, createdAt, updatedAt,
//              status, occurrences, resolvedAt, resolvedBy, resolution,
//              context, failingLines [{time, logType, error, payload}]}
//   slack      POST url, {"text": fallback, "blocks": header (title),
//              fields (severity, type, source, occurrences), description,
//              up to 5 failing lines in a code block, a context line}; a
//              resolve notice when sendResolved
//   pagerduty  POST url, {routing_key, event_action: trigger|resolve,
//              dedup_key: alertId, payload {summary, source, severity:
//              "critical", timestamp, component, group, class,
//              custom_details}} (resolve: routing_key, dedup_key only)
//   opsgenie   POST url/v2/alerts {message, alias: alertId, description,
//              priority: "P1", source, entity, tags, details};
//              resolve: POST url/v2/alerts/<alias>/close?identifierType=alias;
//              header Authorization: GenieKey <key>
//   msteams    POST url, a MessageCard {title, text, sections: facts,
//              failing lines}
//
// Every request carries Content-Type: application/json, User-Agent:
// loghealth/<version>, X-Loghealth-Delivery (the delivery id, the same on
// every attempt and after a restart: receivers can drop repeats) and
// X-Loghealth-Attempt. Text from logs (failing lines, errors, labels) is
// escaped for each format: JSON everywhere, and Slack's and Teams' markup
// (`<`, `>`, `&`; backticks cannot close Slack's code block).
//
// Outcomes (ToDeliveryResult): 2xx delivered; 408, 429, 5xx, network errors
// and timeouts are retried on the monitor's schedule, honouring Retry-After
// (seconds or an HTTP date) within the policy's bounds; any other status is
// permanent. The result keeps the status, the first 512 bytes of the body
// and the time taken, with every secret of the destination redacted.
//
// Secrets: a destination reads its secrets (env vars, files) once, in
// Create. They appear only in the requests it builds; Redact() removes them
// from any text (response bodies, curl errors) before it is kept anywhere.
//
// Thread safety: a Destination is immutable after Create and may be shared.
// An HttpSender is used from one thread, apart from Wakeup().
// -----------------------------------------------------------------------------
#ifndef LOGHEALTH_DESTINATIONS_H_
#define LOGHEALTH_DESTINATIONS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "loghealth/alert.pb.h"
#include "loghealth/monitor.h"

namespace loghealth {

struct HttpRequest {
  std::string method = "POST";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// What one attempt came to.
struct HttpResponse {
  int status_code = 0;       // 0: no response (network error, timeout)
  std::string error;         // why there was no response; "" otherwise
  bool timed_out = false;
  std::string body_excerpt;  // the body's first 512 bytes
  int64_t retry_after_seconds = -1;  // from Retry-After; -1 when absent
  int64_t duration_ms = 0;
};

class Destination {
 public:
  // Reads the destination's secrets now. Errors name the setting and the
  // variable or file, never a secret's value. A config without a `type`
  // is refused: nothing would know how to reach it.
  static absl::StatusOr<std::unique_ptr<Destination>> Create(const DestinationConfig& config);
  virtual ~Destination();

  const std::string& id() const { return config_.id; }
  const std::string& type() const { return config_.type; }
  // False for `console`: delivered to the alerts page without HTTP.
  bool sends_http() const { return config_.type != "console"; }

  // The request for one notification: the alert, or (resolved_notice) the
  // news that it resolved. `delivery_id` and `attempt` go into headers.
  virtual HttpRequest BuildRequest(const monitor::Alert& alert, bool resolved_notice,
                                   std::string_view delivery_id, int attempt) const = 0;

  // `text` with each of this destination's secrets replaced by
  // "[redacted]".
  std::string Redact(std::string_view text) const;

 protected:
  explicit Destination(DestinationConfig config) : config_(std::move(config)) {}
  const DestinationConfig& config() const { return config_; }
  // The URL to send to: `url`, or the secret URL read in Create.
  const std::string& url() const { return url_; }
  // Adds Content-Type, User-Agent and the delivery headers.
  void AddCommonHeaders(std::string_view delivery_id, int attempt, HttpRequest* request) const;
  std::vector<std::string> secrets_;  // every secret value, for Redact

 private:
  DestinationConfig config_;
  std::string url_;
};

// The monitor's DeliveryResult for an HTTP outcome: the rules above, the
// message and excerpt redacted by `destination`.
DeliveryResult ToDeliveryResult(std::string delivery_id, const HttpResponse& response,
                                 const Destination& destination);

// Retry-After: delay-seconds ("120") or an HTTP date ("Wed, 21 Oct 2015
// 07:28:00 GMT", also the obsolete RFC 850 and asctime forms), as seconds
// after `now_unix_seconds` (0 for a date in the past); -1 when unreadable.
int64_t ParseRetryAfter(std::string_view value, int64_t now_unix_seconds);

// Sends requests concurrently over libcurl's multi interface, at most
// `max_per_group` at a time per group (a destination) and `max_total` in
// all; the rest wait in order. No redirects are followed; only http and
// https are allowed.
class HttpSender {
 public:
  struct Options {
    int64_t timeout_seconds = 10;  // connect and total, per attempt
    int max_per_group = 4;
    int max_total = 32;
  };
  static absl::StatusOr<std::unique_ptr<HttpSender>> Create(Options options);
  ~HttpSender();

  // Queues `request`; its result comes back from Poll with `tag`.
  void Submit(uint64_t tag, std::string group, HttpRequest request);
  // Moves transfers on for up to `wait_ms` (returning early when one ends or
  // Wakeup is called); returns those that ended.
  std::vector<std::pair<uint64_t, HttpResponse>> Poll(int wait_ms);
  // From any thread: makes a Poll in progress return now.
  void Wakeup();
  // Requests started or waiting.
  size_t pending() const;

  struct Impl;

 private:
  explicit HttpSender(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace loghealth

#endif  // LOGHEALTH_DESTINATIONS_H_
