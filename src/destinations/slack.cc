// type: slack -- an incoming-webhook message: `text` (the fallback that
// notifications show) and Block Kit `blocks`.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "src/destinations/destination_types.h"
#include "src/destinations/notification.h"
#include "src/json/object_writer.h"

namespace loghealth {
namespace destinations {
namespace {

constexpr size_t kMaxLines = 5;
// Slack's limits: a header's text 150 characters, a section's 3000.
constexpr size_t kHeaderBytes = 150;
constexpr size_t kSectionBytes = 2900;
constexpr size_t kLineBytes = 400;

// Slack's mrkdwn treats <...> as links and mentions (<!channel>, <@U123>)
// and &...; as entities: escaping these three keeps a log line from
// pinging a channel or hiding a link.
std::string Mrkdwn(std::string_view text) {
  return absl::StrReplaceAll(std::string(text), {{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}});
}

// Inside a ``` block: a backtick followed by a zero-width space cannot
// end the block early.
std::string CodeText(std::string_view text) {
  return absl::StrReplaceAll(Mrkdwn(text), {{"`", "`\u200b"}});
}

void TextObject(std::string* out, const char* type, std::string_view text) {
  json::ObjectWriter t(out);
  t.String("type", type).String("text", text);
  t.Close();
}

void Section(std::string* out, std::string_view mrkdwn) {
  json::ObjectWriter s(out);
  s.String("type", "section");
  TextObject(s.Member("text"), "mrkdwn", mrkdwn);
  s.Close();
}

class Slack : public Destination {
 public:
  explicit Slack(const DestinationConfig& config) : Destination(config) {}

  HttpRequest BuildRequest(const monitor::Alert& alert, bool resolved_notice,
                           std::string_view delivery_id, int attempt) const override {
    HttpRequest r;
    r.url = url();
    AddCommonHeaders(delivery_id, attempt, &r);
    const std::string headline = Headline(alert, resolved_notice);
    const std::string subject = SubjectText(alert);
    json::ObjectWriter o(&r.body);
    o.String("text", Mrkdwn(absl::StrCat("[", alert.severity(), "] System Error: ", headline,
                                         subject.empty() ? "" : absl::StrCat(" - ", subject))));
    std::string* blocks = o.Member("blocks");
    blocks->push_back('[');
    {
      json::ObjectWriter header(blocks);
      header.String("type", "header");
      TextObject(header.Member("text"), "plain_text", Truncate(headline, kHeaderBytes));
      header.Close();
    }
    blocks->push_back(',');
    {
      json::ObjectWriter fields(blocks);
      fields.String("type", "section");
      std::string* list = fields.Member("fields");
      list->push_back('[');
      TextObject(list, "mrkdwn", absl::StrCat("*Severity*\n", alert.severity()));
      list->push_back(',');
      TextObject(list, "mrkdwn", absl::StrCat("*Type*\n", TypeName(alert)));
      list->push_back(',');
      TextObject(list, "mrkdwn",
                 absl::StrCat("*Source*\n", subject.empty() ? "-" : Mrkdwn(Truncate(subject, 500))));
      list->push_back(',');
      TextObject(list, "mrkdwn", absl::StrCat("*Occurrences*\n", alert.occurrences()));
      list->push_back(']');
      fields.Close();
    }
    blocks->push_back(',');
    if (resolved_notice) {
      Section(blocks, Mrkdwn(Truncate(ResolutionText(alert), kSectionBytes)));
    } else {
      Section(blocks, Mrkdwn(Truncate(alert.description(), kSectionBytes)));
      const auto lines = FailingLines(alert, kMaxLines);
      if (!lines.empty()) {
        std::string code = absl::StrCat("*Failing lines* (", lines.size(), ")\n```");
        for (const monitor::FailingLine* l : lines) {
          absl::StrAppend(&code, CodeText(Truncate(l->payload(), kLineBytes)), "\n");
        }
        code += "```";
        blocks->push_back(',');
        Section(blocks, Truncate(code, kSectionBytes + 100));
      }
    }
    blocks->push_back(',');
    {
      json::ObjectWriter context(blocks);
      context.String("type", "context");
      std::string* elements = context.Member("elements");
      elements->push_back('[');
      TextObject(elements, "mrkdwn",
                 absl::StrCat("Alert ", alert.alert_id(), " | created ", alert.created_at(),
                              " | loghealth"));
      elements->push_back(']');
      context.Close();
    }
    blocks->push_back(']');
    o.Close();
    return r;
  }
};

}  // namespace

std::unique_ptr<Destination> NewSlack(const DestinationConfig& config) {
  return std::make_unique<Slack>(config);
}

}  // namespace destinations
}  // namespace loghealth
