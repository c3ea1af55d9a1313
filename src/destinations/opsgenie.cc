// type: opsgenie -- the Alerts API: create with alias = alert id (Opsgenie
// de-duplicates open alerts by alias), close by alias when it resolves.
#include "absl/strings/str_cat.h"
#include "src/destinations/destination_types.h"
#include "src/destinations/notification.h"
#include "src/util/url_escape.h"
#include "src/json/object_writer.h"

namespace loghealth {
namespace destinations {
namespace {

// Opsgenie's limits: message 130 characters, description 15000.
constexpr size_t kMessageBytes = 130;
constexpr size_t kDescriptionBytes = 15000;
constexpr size_t kDetailBytes = 8000;

class Opsgenie : public Destination {
 public:
  Opsgenie(const DestinationConfig& config, std::string api_key)
      : Destination(config), api_key_(std::move(api_key)) {}

  HttpRequest BuildRequest(const monitor::Alert& alert, bool resolved_notice,
                           std::string_view delivery_id, int attempt) const override {
    HttpRequest r;
    AddCommonHeaders(delivery_id, attempt, &r);
    r.headers.emplace_back("Authorization", absl::StrCat("GenieKey ", api_key_));
    json::ObjectWriter o(&r.body);
    if (resolved_notice) {
      r.url = absl::StrCat(url(), "/v2/alerts/", UrlPathEscape(alert.alert_id()),
                           "/close?identifierType=alias");
      o.String("source", "loghealth")
          .String("user", alert.resolved_by().empty() ? "loghealth" : alert.resolved_by())
          .String("note", Truncate(ResolutionText(alert), kDetailBytes));
      o.Close();
      return r;
    }
    r.url = absl::StrCat(url(), "/v2/alerts");
    std::string description = alert.description();
    for (const monitor::FailingLine* l : FailingLines(alert, 5)) {
      absl::StrAppend(&description, "\n\nFailing line (", l->time(), "): ", l->error(), "\n",
                      Truncate(l->payload(), 1000));
    }
    const std::string subject = SubjectText(alert);
    o.String("message", Truncate(alert.title(), kMessageBytes))
        .String("alias", alert.alert_id())
        .String("description", Truncate(description, kDescriptionBytes))
        .String("priority", "P1")
        .String("source", "loghealth")
        .StringIfSet("entity", Truncate(subject, 512));
    std::string* tags = o.Member("tags");
    tags->push_back('[');
    json::AppendJsonString(alert.type(), tags);
    tags->push_back(',');
    json::AppendJsonString(TypeName(alert), tags);
    tags->push_back(']');
    json::ObjectWriter details(o.Member("details"));
    details.String("alertId", alert.alert_id())
        .String("systemErrorType", TypeName(alert))
        .String("severity", alert.severity())
        .String("occurrences", absl::StrCat(alert.occurrences()))
        .String("createdAt", alert.created_at())
        .StringIfSet("sourceId", alert.source_id())
        .StringIfSet("sourceLabel", alert.source_label());
    details.Close();
    o.Close();
    return r;
  }

 private:
  std::string api_key_;
};

}  // namespace

std::unique_ptr<Destination> NewOpsgenie(const DestinationConfig& config, std::string api_key) {
  return std::make_unique<Opsgenie>(config, std::move(api_key));
}

}  // namespace destinations
}  // namespace loghealth
