// type: msteams -- an incoming-webhook MessageCard: title, text, facts and
// the failing lines.
#include "absl/strings/str_cat.h"
#include "src/destinations/destination_types.h"
#include "src/destinations/notification.h"
#include "src/json/object_writer.h"

namespace loghealth {
namespace destinations {
namespace {

constexpr size_t kMaxLines = 5;

// Teams renders a subset of Markdown and HTML in card text: entities stop
// tags, and a backslash before each Markdown mark stops links and emphasis
// made of log text.
std::string CardText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '\\': case '*': case '_': case '[': case ']': case '(': case ')': case '#':
      case '`': case '~': case '|': case '!':
        out.push_back('\\');
        out.push_back(c);
        break;
      default: out.push_back(c);
    }
  }
  return out;
}

void Fact(std::string* facts, bool* first, std::string_view name, std::string_view value) {
  if (!*first) facts->push_back(',');
  *first = false;
  json::ObjectWriter f(facts);
  f.String("name", name).String("value", CardText(value));
  f.Close();
}

class MsTeams : public Destination {
 public:
  explicit MsTeams(const DestinationConfig& config) : Destination(config) {}

  HttpRequest BuildRequest(const monitor::Alert& alert, bool resolved_notice,
                           std::string_view delivery_id, int attempt) const override {
    HttpRequest r;
    r.url = url();
    AddCommonHeaders(delivery_id, attempt, &r);
    const std::string headline = Headline(alert, resolved_notice);
    json::ObjectWriter o(&r.body);
    o.String("@type", "MessageCard")
        .String("@context", "https://schema.org/extensions")
        .String("summary", Truncate(headline, 200))
        .String("themeColor", resolved_notice ? "2EB886" : "D13438")
        .String("title", CardText(Truncate(headline, 500)))
        .String("text", CardText(Truncate(
                            resolved_notice ? ResolutionText(alert) : alert.description(), 4000)));
    std::string* sections = o.Member("sections");
    sections->push_back('[');
    {
      json::ObjectWriter section(sections);
      std::string* facts = section.Member("facts");
      facts->push_back('[');
      bool first = true;
      Fact(facts, &first, "Severity", alert.severity());
      Fact(facts, &first, "Type", TypeName(alert));
      const std::string subject = SubjectText(alert);
      if (!subject.empty()) Fact(facts, &first, "Source", Truncate(subject, 500));
      Fact(facts, &first, "Occurrences", absl::StrCat(alert.occurrences()));
      Fact(facts, &first, "Alert", alert.alert_id());
      Fact(facts, &first, "Created", alert.created_at());
      facts->push_back(']');
      section.Close();
    }
    const auto lines = FailingLines(alert, kMaxLines);
    if (!resolved_notice && !lines.empty()) {
      std::string text;
      for (const monitor::FailingLine* l : lines) {
        absl::StrAppend(&text, text.empty() ? "" : "\n\n", CardText(Truncate(l->payload(), 400)));
      }
      sections->push_back(',');
      json::ObjectWriter section(sections);
      section.String("title", "Failing lines").String("text", text);
      section.Close();
    }
    sections->push_back(']');
    o.Close();
    return r;
  }
};

}  // namespace

std::unique_ptr<Destination> NewMsTeams(const DestinationConfig& config) {
  return std::make_unique<MsTeams>(config);
}

}  // namespace destinations
}  // namespace loghealth
