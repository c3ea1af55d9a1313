// type: pagerduty -- Events API v2. dedup_key is the alert id, so the
// trigger and its resolve pair up on PagerDuty's side, and a repeat of a
// trigger (an attempt sent again after a restart) joins the same incident.
#include "absl/strings/str_cat.h"
#include "src/destinations/destination_types.h"
#include "src/destinations/notification.h"
#include "src/json/object_writer.h"

namespace loghealth {
namespace destinations {
namespace {

constexpr size_t kSummaryBytes = 1024;  // PagerDuty's limit
constexpr size_t kMaxLines = 10;

class PagerDuty : public Destination {
 public:
  PagerDuty(const DestinationConfig& config, std::string routing_key)
      : Destination(config), routing_key_(std::move(routing_key)) {}

  HttpRequest BuildRequest(const monitor::Alert& alert, bool resolved_notice,
                           std::string_view delivery_id, int attempt) const override {
    HttpRequest r;
    r.url = url();
    AddCommonHeaders(delivery_id, attempt, &r);
    json::ObjectWriter o(&r.body);
    o.String("routing_key", routing_key_)
        .String("event_action", resolved_notice ? "resolve" : "trigger")
        .String("dedup_key", alert.alert_id());
    if (!resolved_notice) {
      const std::string subject = SubjectText(alert);
      json::ObjectWriter payload(o.Member("payload"));
      payload.String("summary", Truncate(alert.title(), kSummaryBytes))
          .String("source", subject.empty() ? "loghealth" : subject)
          .String("severity", "critical")
          .String("timestamp", alert.created_at())
          .String("component", ComponentName(alert))
          .String("group", TypeName(alert))
          .String("class", alert.type());
      json::ObjectWriter details(payload.Member("custom_details"));
      details.String("alert_id", alert.alert_id())
          .String("system_error_type", TypeName(alert))
          .String("description", alert.description())
          .Int("occurrences", alert.occurrences())
          .String("updated_at", alert.updated_at());
      std::string* lines = details.Member("failing_lines");
      lines->push_back('[');
      bool first = true;
      for (const monitor::FailingLine* l : FailingLines(alert, kMaxLines)) {
        if (!first) lines->push_back(',');
        first = false;
        json::ObjectWriter line(lines);
        line.String("time", l->time()).String("error", l->error()).String("payload", l->payload());
        line.Close();
      }
      lines->push_back(']');
      details.Raw("context", ContextJson(alert));
      details.Close();
      payload.Close();
      o.String("client", "loghealth");
    }
    o.Close();
    return r;
  }

 private:
  std::string routing_key_;
};

}  // namespace

std::unique_ptr<Destination> NewPagerDuty(const DestinationConfig& config,
                                          std::string routing_key) {
  return std::make_unique<PagerDuty>(config, std::move(routing_key));
}

}  // namespace destinations
}  // namespace loghealth
