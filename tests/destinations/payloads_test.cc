// What each destination type sends, field by field, for an alert built
// here; escaping of log text for each format; secrets and redaction.
#include <cstdlib>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "loghealth/destinations.h"
#include "simdjson.h"
#include "src/destinations/hmac.h"

namespace loghealth {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

monitor::Alert ClassificationAlert() {
  monitor::Alert a;
  a.set_alert_id("0123456789abcdef0123456789abcdef");
  a.set_type("SYSTEM_ERROR");
  a.set_severity("CRITICAL");
  a.set_system_error_type(monitor::SOURCE_CLASSIFICATION_FAILURES);
  a.set_related_component(monitor::LOG_SOURCE);
  a.set_source_id("src-web");
  a.set_source_label("web <app> & co");
  a.set_title("Log source \"web <app> & co\" has classification failures");
  a.set_description("Source has turned Unhealthy");
  a.set_created_at("2024-05-01T10:00:00Z");
  a.set_updated_at("2024-05-01T10:05:00Z");
  a.set_occurrences(3);
  a.set_status(monitor::OPEN);
  for (int i = 0; i < 7; ++i) {
    monitor::FailingLine* l = a.mutable_context()->add_first_lines();
    l->set_time("2024-05-01T10:00:0" + std::to_string(i) + "Z");
    l->set_log_type("Custom.Web");
    l->set_error("status: expected int");
    l->set_payload(i == 0 ? "<!channel> ```done``` <script>alert(1)</script>"
                          : "line " + std::to_string(i));
  }
  return a;
}

DestinationConfig Config(const std::string& type) {
  DestinationConfig c;
  c.id = type + "-1";
  c.type = type;
  c.url = "http://127.0.0.1:9/" + type;
  return c;
}

std::unique_ptr<Destination> Make(const DestinationConfig& c) {
  auto d = Destination::Create(c);
  EXPECT_TRUE(d.ok()) << d.status();
  return d.ok() ? *std::move(d) : nullptr;
}

struct Parsed {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  explicit Parsed(const std::string& json) {
    auto error = parser.parse(json).get(root);
    EXPECT_FALSE(error) << json;
  }
  std::string String(const char* pointer) {
    std::string_view v;
    auto error = root.at_pointer(pointer).get_string().get(v);
    EXPECT_FALSE(error) << pointer;
    return std::string(v);
  }
  int64_t Int(const char* pointer) {
    int64_t v = 0;
    auto error = root.at_pointer(pointer).get_int64().get(v);
    EXPECT_FALSE(error) << pointer;
    return v;
  }
  bool Has(const char* pointer) { return !root.at_pointer(pointer).error(); }
  size_t Size(const char* pointer) {
    simdjson::dom::array a;
    if (root.at_pointer(pointer).get_array().get(a)) return 0;
    return a.size();
  }
};

std::string Header(const HttpRequest& r, const std::string& name) {
  for (const auto& [n, v] : r.headers) {
    if (n == name) return v;
  }
  return "<none>";
}

TEST(Webhook, PostsTheAlertModel) {
  auto d = Make(Config("webhook"));
  const monitor::Alert a = ClassificationAlert();
  const HttpRequest r = d->BuildRequest(a, false, "d7", 2);
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.url, "http://127.0.0.1:9/webhook");
  EXPECT_EQ(Header(r, "Content-Type"), "application/json");
  EXPECT_EQ(Header(r, "X-Loghealth-Delivery"), "d7");
  EXPECT_EQ(Header(r, "X-Loghealth-Attempt"), "2");
  EXPECT_EQ(Header(r, "X-Loghealth-Signature"), "<none>");
  Parsed p(r.body);
  EXPECT_EQ(p.Int("/version"), 1);
  EXPECT_EQ(p.String("/notice"), "alert");
  EXPECT_EQ(p.String("/alertId"), "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(p.String("/type"), "SYSTEM_ERROR");
  EXPECT_EQ(p.String("/severity"), "CRITICAL");
  EXPECT_EQ(p.String("/systemErrorType"), "SOURCE_CLASSIFICATION_FAILURES");
  EXPECT_EQ(p.String("/relatedComponent"), "LOG_SOURCE");
  EXPECT_EQ(p.String("/title"), "Log source \"web <app> & co\" has classification failures");
  EXPECT_EQ(p.String("/description"), "Source has turned Unhealthy");
  EXPECT_EQ(p.String("/source/id"), "src-web");
  EXPECT_EQ(p.String("/source/label"), "web <app> & co");
  EXPECT_EQ(p.String("/createdAt"), "2024-05-01T10:00:00Z");
  EXPECT_EQ(p.String("/updatedAt"), "2024-05-01T10:05:00Z");
  EXPECT_EQ(p.String("/status"), "OPEN");
  EXPECT_EQ(p.Int("/occurrences"), 3);
  EXPECT_FALSE(p.Has("/resolvedAt"));
  EXPECT_EQ(p.Size("/failingLines"), 7u);
  EXPECT_EQ(p.String("/failingLines/0/payload"), "<!channel> ```done``` <script>alert(1)</script>");
  EXPECT_EQ(p.String("/failingLines/0/logType"), "Custom.Web");
  EXPECT_EQ(p.String("/failingLines/6/time"), "2024-05-01T10:00:06Z");
  EXPECT_EQ(p.String("/context/firstLines/1/payload"), "line 1");
  // Go's encoder escapes HTML in JSON text; the bytes never carry a raw '<'.
  EXPECT_THAT(r.body, Not(HasSubstr("<script>")));
}

TEST(Webhook, ResolveNoticeAndHeaders) {
  DestinationConfig c = Config("webhook");
  c.headers = {{"X-Team", "security"}};
  auto d = Make(c);
  monitor::Alert a = ClassificationAlert();
  a.set_status(monitor::RESOLVED);
  a.set_resolved_at("2024-05-01T11:00:00Z");
  a.set_resolved_by("alice@example.com");
  a.set_resolution("schema fixed");
  const HttpRequest r = d->BuildRequest(a, true, "d9", 1);
  EXPECT_EQ(Header(r, "X-Team"), "security");
  Parsed p(r.body);
  EXPECT_EQ(p.String("/notice"), "resolved");
  EXPECT_EQ(p.String("/status"), "RESOLVED");
  EXPECT_EQ(p.String("/resolvedAt"), "2024-05-01T11:00:00Z");
  EXPECT_EQ(p.String("/resolvedBy"), "alice@example.com");
  EXPECT_EQ(p.String("/resolution"), "schema fixed");
}

TEST(Hmac, Rfc4231TestCase2) {
  // RFC 4231 section 4.3: key "Jefe", data "what do ya want for nothing?".
  EXPECT_EQ(destinations::HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Webhook, SignsTheBodyWithTheSecretFromTheEnvironment) {
  setenv("LH_TEST_HMAC", "Jefe", 1);
  DestinationConfig c = Config("webhook");
  c.hmac_secret.env = "LH_TEST_HMAC";
  auto d = Make(c);
  HttpRequest r = d->BuildRequest(ClassificationAlert(), false, "d1", 1);
  EXPECT_EQ(Header(r, "X-Loghealth-Signature"),
            "sha256=" + destinations::HmacSha256Hex("Jefe", r.body));
}

TEST(Slack, BlocksWithEscapedLogText) {
  auto d = Make(Config("slack"));
  const HttpRequest r = d->BuildRequest(ClassificationAlert(), false, "d1", 1);
  Parsed p(r.body);
  EXPECT_EQ(p.String("/text"),
            "[CRITICAL] System Error: Log source \"web &lt;app&gt; &amp; co\" has classification "
            "failures - web &lt;app&gt; &amp; co (src-web)");
  EXPECT_EQ(p.String("/blocks/0/type"), "header");
  EXPECT_EQ(p.String("/blocks/0/text/type"), "plain_text");
  // plain_text is not markup: the title stays as it is.
  EXPECT_EQ(p.String("/blocks/0/text/text"),
            "Log source \"web <app> & co\" has classification failures");
  EXPECT_EQ(p.String("/blocks/1/fields/0/text"), "*Severity*\nCRITICAL");
  EXPECT_EQ(p.String("/blocks/1/fields/1/text"), "*Type*\nSOURCE_CLASSIFICATION_FAILURES");
  EXPECT_EQ(p.String("/blocks/1/fields/2/text"), "*Source*\nweb &lt;app&gt; &amp; co (src-web)");
  EXPECT_EQ(p.String("/blocks/1/fields/3/text"), "*Occurrences*\n3");
  EXPECT_EQ(p.String("/blocks/2/text/text"), "Source has turned Unhealthy");
  const std::string code = p.String("/blocks/3/text/text");
  // Five lines at most; the code block is opened and closed exactly once.
  EXPECT_THAT(code, HasSubstr("*Failing lines* (5)\n```"));
  EXPECT_THAT(code, HasSubstr("line 4\n```"));
  EXPECT_THAT(code, Not(HasSubstr("line 5")));
  EXPECT_THAT(code, HasSubstr("&lt;!channel&gt;"));
  EXPECT_THAT(code, Not(HasSubstr("<!channel>")));
  size_t fences = 0;
  for (size_t at = code.find("```"); at != std::string::npos; at = code.find("```", at + 3)) {
    ++fences;
  }
  EXPECT_EQ(fences, 2u) << code;
  EXPECT_EQ(p.String("/blocks/4/type"), "context");
  EXPECT_THAT(p.String("/blocks/4/elements/0/text"),
              HasSubstr("Alert 0123456789abcdef0123456789abcdef"));
}

TEST(Slack, ResolveNotice) {
  auto d = Make(Config("slack"));
  monitor::Alert a = ClassificationAlert();
  a.set_resolved_by("alice");
  a.set_resolved_at("2024-05-01T11:00:00Z");
  a.set_resolution("fixed <the> schema");
  Parsed p(d->BuildRequest(a, true, "d2", 1).body);
  EXPECT_EQ(p.String("/blocks/0/text/text"),
            "Resolved: Log source \"web <app> & co\" has classification failures");
  EXPECT_EQ(p.String("/blocks/2/text/text"),
            "Resolved by alice at 2024-05-01T11:00:00Z: fixed &lt;the&gt; schema");
  EXPECT_EQ(p.String("/blocks/3/type"), "context");  // no failing lines in a notice
}

TEST(PagerDuty, TriggerAndResolveShareTheDedupKey) {
  setenv("LH_TEST_ROUTING", "R0UTING-KEY-123", 1);
  DestinationConfig c = Config("pagerduty");
  c.routing_key.env = "LH_TEST_ROUTING";
  auto d = Make(c);
  const monitor::Alert a = ClassificationAlert();
  Parsed t(d->BuildRequest(a, false, "d1", 1).body);
  EXPECT_EQ(t.String("/routing_key"), "R0UTING-KEY-123");
  EXPECT_EQ(t.String("/event_action"), "trigger");
  EXPECT_EQ(t.String("/dedup_key"), "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(t.String("/payload/summary"), a.title());
  EXPECT_EQ(t.String("/payload/source"), "web <app> & co (src-web)");
  EXPECT_EQ(t.String("/payload/severity"), "critical");
  EXPECT_EQ(t.String("/payload/timestamp"), "2024-05-01T10:00:00Z");
  EXPECT_EQ(t.String("/payload/component"), "LOG_SOURCE");
  EXPECT_EQ(t.String("/payload/group"), "SOURCE_CLASSIFICATION_FAILURES");
  EXPECT_EQ(t.String("/payload/class"), "SYSTEM_ERROR");
  EXPECT_EQ(t.Int("/payload/custom_details/occurrences"), 3);
  EXPECT_EQ(t.Size("/payload/custom_details/failing_lines"), 7u);
  Parsed r(d->BuildRequest(a, true, "d2", 1).body);
  EXPECT_EQ(r.String("/event_action"), "resolve");
  EXPECT_EQ(r.String("/dedup_key"), t.String("/dedup_key"));
  EXPECT_EQ(r.String("/routing_key"), "R0UTING-KEY-123");
  EXPECT_FALSE(r.Has("/payload"));
}

TEST(PagerDuty, DefaultsToTheEventsApi) {
  setenv("LH_TEST_ROUTING", "R0UTING-KEY-123", 1);
  DestinationConfig c = Config("pagerduty");
  c.url.clear();
  c.routing_key.env = "LH_TEST_ROUTING";
  EXPECT_EQ(Make(c)->BuildRequest(ClassificationAlert(), false, "d", 1).url,
            "https://events.pagerduty.com/v2/enqueue");
}

TEST(Opsgenie, CreatesByAliasAndClosesByAlias) {
  const std::string key_file = std::string(std::getenv("TEST_TMPDIR")) + "/genie.key";
  std::ofstream(key_file) << "GENIE-KEY-0001\n";
  DestinationConfig c = Config("opsgenie");
  c.url = "http://127.0.0.1:9/og/";
  c.api_key.file = key_file;
  auto d = Make(c);
  const monitor::Alert a = ClassificationAlert();
  const HttpRequest create = d->BuildRequest(a, false, "d1", 1);
  EXPECT_EQ(create.url, "http://127.0.0.1:9/og/v2/alerts");
  EXPECT_EQ(Header(create, "Authorization"), "GenieKey GENIE-KEY-0001");  // newline dropped
  Parsed p(create.body);
  EXPECT_EQ(p.String("/alias"), a.alert_id());
  EXPECT_EQ(p.String("/priority"), "P1");
  EXPECT_EQ(p.String("/message"), a.title());
  EXPECT_THAT(p.String("/description"), HasSubstr("Source has turned Unhealthy"));
  EXPECT_EQ(p.String("/entity"), "web <app> & co (src-web)");
  EXPECT_EQ(p.String("/tags/1"), "SOURCE_CLASSIFICATION_FAILURES");
  EXPECT_EQ(p.String("/details/occurrences"), "3");
  monitor::Alert resolved = a;
  resolved.set_resolved_by("bob");
  const HttpRequest close = d->BuildRequest(resolved, true, "d2", 1);
  EXPECT_EQ(close.url, "http://127.0.0.1:9/og/v2/alerts/0123456789abcdef0123456789abcdef/"
                       "close?identifierType=alias");
  EXPECT_EQ(Parsed(close.body).String("/user"), "bob");
}

TEST(Opsgenie, MessageKeptWithinItsLimit) {
  const std::string key_file = std::string(std::getenv("TEST_TMPDIR")) + "/genie2.key";
  std::ofstream(key_file) << "GENIE-KEY-0002";
  DestinationConfig c = Config("opsgenie");
  c.api_key.file = key_file;
  monitor::Alert a = ClassificationAlert();
  a.set_title(std::string(300, 'x'));
  EXPECT_EQ(Parsed(Make(c)->BuildRequest(a, false, "d", 1).body).String("/message").size(), 130u);
}

TEST(MsTeams, MessageCardWithFacts) {
  auto d = Make(Config("msteams"));
  Parsed p(d->BuildRequest(ClassificationAlert(), false, "d1", 1).body);
  EXPECT_EQ(p.String("/@type"), "MessageCard");
  EXPECT_EQ(p.String("/themeColor"), "D13438");
  EXPECT_EQ(p.String("/title"),
            "Log source \"web &lt;app&gt; &amp; co\" has classification failures");
  EXPECT_EQ(p.String("/sections/0/facts/0/name"), "Severity");
  EXPECT_EQ(p.String("/sections/0/facts/0/value"), "CRITICAL");
  EXPECT_EQ(p.String("/sections/0/facts/2/value"), "web &lt;app&gt; &amp; co \\(src-web\\)");
  EXPECT_EQ(p.String("/sections/1/title"), "Failing lines");
  EXPECT_THAT(p.String("/sections/1/text"),
              HasSubstr("&lt;script&gt;alert\\(1\\)&lt;/script&gt;"));
}

TEST(Console, SendsNothing) {
  DestinationConfig c;
  c.id = "page";
  c.type = "console";
  auto d = Make(c);
  EXPECT_FALSE(d->sends_http());
}

TEST(Secrets, MissingOnesNameTheSettingNotTheValue) {
  unsetenv("LH_TEST_UNSET");
  DestinationConfig c = Config("slack");
  c.url.clear();
  c.url_secret.env = "LH_TEST_UNSET";
  auto d = Destination::Create(c);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().message(),
            "destination slack-1: urlEnv: environment variable LH_TEST_UNSET is not set (or empty)");
  c.url_secret = SecretRef{"", "/nonexistent/slack.url"};
  EXPECT_EQ(Destination::Create(c).status().message(),
            "destination slack-1: urlFile: cannot read /nonexistent/slack.url");
  DestinationConfig untyped;
  untyped.id = "x";
  EXPECT_THAT(std::string(Destination::Create(untyped).status().message()),
              HasSubstr("has no type"));
}

TEST(Secrets, AUrlThatIsNotAUrlIsRefusedWithoutShowingIt) {
  setenv("LH_TEST_BAD_URL", "hooks.slack.com/services/T0/B0/SECRET123", 1);
  DestinationConfig c = Config("slack");
  c.url.clear();
  c.url_secret.env = "LH_TEST_BAD_URL";
  const std::string message(Destination::Create(c).status().message());
  EXPECT_THAT(message, HasSubstr("not an http:// or https:// URL"));
  EXPECT_THAT(message, Not(HasSubstr("SECRET123")));
}

TEST(Secrets, RedactedFromResponsesAndErrors) {
  setenv("LH_TEST_SLACK_URL", "http://127.0.0.1:9/services/T0/B0/SECRET123", 1);
  DestinationConfig c = Config("slack");
  c.url.clear();
  c.url_secret.env = "LH_TEST_SLACK_URL";
  auto d = Make(c);
  HttpResponse response;
  response.status_code = 0;
  response.error = "Failed to connect to http://127.0.0.1:9/services/T0/B0/SECRET123";
  DeliveryResult r = ToDeliveryResult("d1", response, *d);
  EXPECT_EQ(r.message, "network error: Failed to connect to [redacted]");
  response.status_code = 400;
  response.error.clear();
  response.body_excerpt = "invalid_payload for http://127.0.0.1:9/services/T0/B0/SECRET123";
  r = ToDeliveryResult("d1", response, *d);
  EXPECT_EQ(r.message, "request failed: 400: invalid_payload for [redacted]");
  EXPECT_EQ(r.response_excerpt, "invalid_payload for [redacted]");
}

TEST(Outcome, StatusesAndTimes) {
  auto d = Make(Config("webhook"));
  HttpResponse ok;
  ok.status_code = 202;
  ok.duration_ms = 35;
  DeliveryResult r = ToDeliveryResult("d1", ok, *d);
  EXPECT_EQ(r.status_code, 202);
  EXPECT_EQ(r.message, "delivered (202)");
  EXPECT_EQ(r.duration_ms, 35);
  EXPECT_EQ(r.retry_after_seconds, -1);
  HttpResponse slow;
  slow.timed_out = true;
  slow.error = "no answer within 10 s";
  r = ToDeliveryResult("d2", slow, *d);
  EXPECT_EQ(r.status_code, 0);
  EXPECT_EQ(r.message, "timeout: no answer within 10 s");
  HttpResponse limited;
  limited.status_code = 429;
  limited.retry_after_seconds = 120;
  EXPECT_EQ(ToDeliveryResult("d3", limited, *d).retry_after_seconds, 120);
}

TEST(RetryAfter, SecondsAndHttpDates) {
  // 1445412480 = Wed, 21 Oct 2015 07:28:00 GMT.
  const int64_t now = 1445412480 - 90;
  EXPECT_EQ(ParseRetryAfter("120", now), 120);
  EXPECT_EQ(ParseRetryAfter(" 0 ", now), 0);
  EXPECT_EQ(ParseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now), 90);
  EXPECT_EQ(ParseRetryAfter("Wednesday, 21-Oct-15 07:28:00 GMT", now), 90);
  EXPECT_EQ(ParseRetryAfter("Wed Oct 21 07:28:00 2015", now), 90);
  EXPECT_EQ(ParseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now + 1000), 0);  // past
  EXPECT_EQ(ParseRetryAfter("", now), -1);
  EXPECT_EQ(ParseRetryAfter("-5", now), -1);
  EXPECT_EQ(ParseRetryAfter("soon", now), -1);
  EXPECT_EQ(ParseRetryAfter("99999999999999999999999", now), INT64_MAX);
}

}  // namespace
}  // namespace loghealth
