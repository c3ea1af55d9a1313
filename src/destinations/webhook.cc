// type: webhook -- the alert model as JSON, optionally signed with an HMAC.
#include "absl/strings/str_cat.h"
#include "src/destinations/destination_types.h"
#include "src/destinations/hmac.h"
#include "src/destinations/notification.h"
#include "src/json/object_writer.h"

namespace loghealth {
namespace destinations {
namespace {

// Failing lines in the webhook payload: every one the alert holds.
constexpr size_t kMaxLines = 20;

class Webhook : public Destination {
 public:
  Webhook(const DestinationConfig& config, std::string hmac_key)
      : Destination(config), hmac_key_(std::move(hmac_key)) {}

  HttpRequest BuildRequest(const monitor::Alert& alert, bool resolved_notice,
                           std::string_view delivery_id, int attempt) const override {
    HttpRequest r;
    r.url = url();
    AddCommonHeaders(delivery_id, attempt, &r);
    for (const auto& header : config().headers) r.headers.push_back(header);
    r.body = AlertModelJson(alert, resolved_notice);
    if (!hmac_key_.empty()) {
      r.headers.emplace_back("X-Loghealth-Signature",
                             absl::StrCat("sha256=", HmacSha256Hex(hmac_key_, r.body)));
    }
    return r;
  }

 private:
  std::string hmac_key_;
};

}  // namespace

std::string AlertModelJson(const monitor::Alert& alert, bool resolved_notice) {
  std::string body;
  json::ObjectWriter o(&body);
  o.Int("version", 1)
      .String("notice", resolved_notice ? "resolved" : "alert")
      .String("alertId", alert.alert_id())
      .String("type", alert.type())
      .String("severity", alert.severity())
      .String("systemErrorType", TypeName(alert))
      .String("relatedComponent", ComponentName(alert))
      .String("title", alert.title())
      .String("description", alert.description());
  if (!alert.source_id().empty()) {
    json::ObjectWriter source(o.Member("source"));
    source.String("id", alert.source_id()).String("label", alert.source_label());
    source.Close();
  }
  o.StringIfSet("destinationId", alert.destination_id())
      .StringIfSet("account", alert.account())
      .StringIfSet("resource", alert.resource())
      .String("createdAt", alert.created_at())
      .String("updatedAt", alert.updated_at())
      .String("status", StatusName(alert))
      .Int("occurrences", alert.occurrences())
      .StringIfSet("resolvedAt", alert.resolved_at())
      .StringIfSet("resolvedBy", alert.resolved_by())
      .StringIfSet("resolution", alert.resolution())
      .Raw("context", ContextJson(alert));
  std::string* lines = o.Member("failingLines");
  lines->push_back('[');
  bool first = true;
  for (const monitor::FailingLine* l : FailingLines(alert, kMaxLines)) {
    if (!first) lines->push_back(',');
    first = false;
    json::ObjectWriter line(lines);
    line.String("time", l->time())
        .String("logType", l->log_type())
        .String("error", l->error())
        .String("payload", l->payload());
    line.Close();
  }
  lines->push_back(']');
  o.Close();
  return body;
}

std::unique_ptr<Destination> NewWebhook(const DestinationConfig& config, std::string hmac_key) {
  return std::make_unique<Webhook>(config, std::move(hmac_key));
}

}  // namespace destinations
}  // namespace loghealth
