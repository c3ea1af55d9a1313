// Destination settings in the monitor config: what each type needs, where
// secrets come from, and errors that name the line and the key.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "loghealth/monitor.h"

namespace loghealth {
namespace {

using ::testing::HasSubstr;

std::string ErrorOf(const std::string& yaml) {
  auto c = ParseMonitorConfig(yaml);
  return c.ok() ? "<ok>" : std::string(c.status().message());
}

TEST(DestinationConfig, EveryTypeWithItsSettings) {
  auto c = ParseMonitorConfig(R"(
destinations:
  - id: hook
    type: webhook
    url: http://127.0.0.1:8080/hook
    headers: {X-Team: security}
    headersEnv: {Authorization: HOOK_AUTH}
    hmacSecretFile: /run/secrets/hmac
    alertTypes: [SYSTEM_ERROR]
  - {id: slack, type: slack, urlEnv: SLACK_URL, alertTypes: [SYSTEM_ERROR], sendResolved: true}
  - {id: pd, type: pagerduty, routingKeyEnv: PD_KEY, alertTypes: [SYSTEM_ERROR]}
  - {id: og, type: opsgenie, apiKeyFile: /run/og, url: "https://api.eu.opsgenie.com"}
  - {id: teams, type: msteams, urlFile: /run/teams}
  - {id: page, type: console}
delivery: {timeoutSeconds: 3, maxConcurrency: 2}
)");
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_EQ(c->destinations.size(), 6u);
  const DestinationConfig& hook = c->destinations[0];
  EXPECT_EQ(hook.type, "webhook");
  EXPECT_EQ(hook.url, "http://127.0.0.1:8080/hook");
  ASSERT_EQ(hook.headers.size(), 1u);
  EXPECT_EQ(hook.headers[0].first, "X-Team");
  EXPECT_EQ(hook.headers[0].second, "security");
  ASSERT_EQ(hook.secret_headers.size(), 1u);
  EXPECT_EQ(hook.secret_headers[0].first, "Authorization");
  EXPECT_EQ(hook.secret_headers[0].second.env, "HOOK_AUTH");
  EXPECT_EQ(hook.hmac_secret.file, "/run/secrets/hmac");
  EXPECT_EQ(c->destinations[1].url_secret.env, "SLACK_URL");
  EXPECT_TRUE(c->destinations[1].send_resolved);
  EXPECT_EQ(c->destinations[2].routing_key.env, "PD_KEY");
  EXPECT_EQ(c->destinations[3].api_key.file, "/run/og");
  EXPECT_EQ(c->destinations[3].url, "https://api.eu.opsgenie.com");
  EXPECT_EQ(c->destinations[4].url_secret.file, "/run/teams");
  EXPECT_EQ(c->destinations[5].type, "console");
  EXPECT_EQ(c->delivery.timeout_seconds, 3);
  EXPECT_EQ(c->delivery.max_concurrency, 2);
}

TEST(DestinationConfig, DefaultsForDelivery) {
  auto c = ParseMonitorConfig("sources: []");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->delivery.timeout_seconds, 10);
  EXPECT_EQ(c->delivery.max_concurrency, 4);
}

TEST(DestinationConfig, ErrorsNameTheLineAndTheKey) {
  EXPECT_EQ(ErrorOf("destinations:\n  - {id: s, type: slak, url: http://x}\n"),
            "config: line 2: destinations[0].type: unknown destination type \"slak\" (did you "
            "mean \"slack\"?); the types are webhook, slack, msteams, pagerduty, opsgenie, console");
  EXPECT_EQ(ErrorOf("destinations:\n  - {id: s, type: slack}\n"),
            "config: line 2: destinations[0]: type slack needs url, urlEnv or urlFile");
  EXPECT_EQ(ErrorOf("destinations:\n  - {id: p, type: pagerduty}\n"),
            "config: line 2: destinations[0]: type pagerduty needs routingKeyEnv or routingKeyFile");
  EXPECT_EQ(ErrorOf("destinations:\n  - {id: o, type: opsgenie, url: http://127.0.0.1}\n"),
            "config: line 2: destinations[0]: type opsgenie needs apiKeyEnv or apiKeyFile");
  // A secret written in the config is not a setting at all.
  EXPECT_EQ(ErrorOf("destinations:\n  - {id: p, type: pagerduty, routingKey: abc}\n"),
            "config: line 2: destinations[0]: unknown key \"routingKey\" (did you mean "
            "\"routingKeyEnv\"?)");
  // Keys of other types are refused with the type's own list.
  EXPECT_EQ(ErrorOf("destinations:\n  - {id: s, type: slack, url: http://x, hmacSecretEnv: K}\n"),
            "config: line 2: destinations[0]: unknown key \"hmacSecretEnv\"");
  EXPECT_EQ(ErrorOf("destinations:\n  - {id: s, type: slack, url: ftp://x}\n"),
            "config: line 2: destinations[0].url: expected an http:// or https:// URL");
  EXPECT_EQ(ErrorOf("destinations:\n  - {id: s, type: slack, url: http://x, urlEnv: U}\n"),
            "config: line 2: destinations[0]: give url, urlEnv or urlFile, only one");
  EXPECT_EQ(ErrorOf("destinations:\n  - {id: s, type: webhook, urlEnv: A, urlFile: B}\n"),
            "config: line 2: destinations[0]: give urlEnv or urlFile, not both");
  EXPECT_EQ(ErrorOf("destinations:\n  - {id: s, url: http://x}\n"),
            "config: line 2: destinations[0]: a url needs a type (webhook, slack, pagerduty, "
            "opsgenie, msteams)");
  EXPECT_EQ(ErrorOf("destinations:\n  - {id: a, type: console}\n  - {id: a, type: console}\n"),
            "config: line 3: destinations: id \"a\" is listed twice");
  EXPECT_EQ(ErrorOf("delivery:\n  timeoutSeconds: 0\n"),
            "config: line 2: delivery.timeoutSeconds: must be from 1 to 600");
  EXPECT_EQ(ErrorOf("delivery: {maxConcurrency: x}\n"),
            "config: line 1: delivery.maxConcurrency: expected an integer");
  EXPECT_THAT(ErrorOf("sources: [{id: a, dropoff: 3}]"),
              HasSubstr("config: line 1: sources[0]: unknown key \"dropoff\""));
}

}  // namespace
}  // namespace loghealth
