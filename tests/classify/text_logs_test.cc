// Text logs end to end: Panther's Salesforce csv schemas (no upstream tests)
// on lines written from Salesforce's EventLogFile format, typed values from
// text, text failures, and sources that mix JSON and text log types.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "simdjson.h"
#include "tests/classify/classify_testing.h"
#include "tests/testing/paths.h"

namespace loghealth {
namespace {

using ::testing::HasSubstr;

// A field of an event, as compact JSON text.
std::string Field(std::string_view event, const char* key) {
  static simdjson::dom::parser parser;
  simdjson::dom::element e;
  if (parser.parse(std::string(event)).get(e)) return "<not JSON>";
  simdjson::dom::element v;
  if (e[key].get(v)) return "<missing>";
  return simdjson::minify(v);
}

std::unique_ptr<ClassifierStream> SalesforceStream(const std::string& name) {
  const std::string dir = testing::ConformanceDir();
  SchemaLoadResult r = LoadSchemaFile(dir + "/salesforce/" + name + ".yml");
  EXPECT_TRUE(r.ok()) << r.ErrorText();
  auto c = Classifier::Create({*r.schema}, testing::Deterministic());
  EXPECT_TRUE(c.ok()) << c.status();
  return std::make_unique<ClassifierStream>(*c);
}

TEST(Salesforce, LoginEventLogFile) {
  if (testing::ConformanceDir().empty()) GTEST_SKIP() << "../shared is absent; not checked";
  auto s = SalesforceStream("login");
  // EventLogFile CSVs start with a quoted header row.
  EXPECT_EQ(s->Classify(
                R"("EVENT_TYPE","TIMESTAMP","REQUEST_ID","ORGANIZATION_ID","USER_ID","RUN_TIME","CPU_TIME","URI","SESSION_KEY","LOGIN_KEY","USER_TYPE","REQUEST_STATUS","DB_TOTAL_TIME","BROWSER_TYPE","API_TYPE","API_VERSION","USER_NAME","TLS_PROTOCOL","CIPHER_SUITE","AUTHENTICATION_METHOD_REFERENCE","TIMESTAMP_DERIVED","USER_ID_DERIVED","CLIENT_IP","URI_ID_DERIVED","LOGIN_STATUS","SOURCE_IP")")
                .kind,
            ClassifyResult::Kind::kSkipped);
  const ClassifyResult& r = s->Classify(
      R"("Login","20240501101500.123","4exLFFQZ1234567890","00D000000000062","005000000000123","92","35","/index.jsp","","t2b5Hh5Lx0Lh7","Standard","","4153210","Chrome","","","alice@example.com","TLSv1.2","ECDHE-RSA-AES256-GCM-SHA384","","2024-05-01T10:15:00.123Z","005000000000123AAA","203.0.113.7","","LOGIN_NO_ERROR","203.0.113.8")");
  ASSERT_EQ(r.kind, ClassifyResult::Kind::kEvent) << r.json;
  EXPECT_EQ(Field(r.json, "EVENT_TYPE"), "\"Login\"");
  // %f re-encodes with six digits, as timefmt-go does.
  EXPECT_EQ(Field(r.json, "TIMESTAMP"), "\"20240501101500.123000\"");
  EXPECT_EQ(Field(r.json, "RUN_TIME"), "92");            // "92" -> bigint
  EXPECT_EQ(Field(r.json, "DB_TOTAL_TIME"), "4153210");
  EXPECT_EQ(Field(r.json, "SESSION_KEY"), "\"\"");       // "" stays for strings
  EXPECT_EQ(Field(r.json, "USER_TYPE"), "\"Standard\"");
  EXPECT_EQ(Field(r.json, "p_event_time"), "\"2024-05-01T10:15:00.123Z\"");
  EXPECT_EQ(Field(r.json, "p_any_ip_addresses"), "[\"203.0.113.7\",\"203.0.113.8\"]");
  EXPECT_EQ(Field(r.json, "p_any_usernames"), "[\"alice@example.com\"]");
  EXPECT_EQ(Field(r.json, "p_any_trace_ids"), "[\"4exLFFQZ1234567890\"]");
  // A row of another event type is not allowed here; a short row is counted.
  const ClassifyResult& other = s->Classify(
      R"("Logout","20240501101500.123","x","00D","005","1","1","/","","","Standard","","1","","","","","","","","2024-05-01T10:15:00Z","","","","","")");
  ASSERT_EQ(other.kind, ClassifyResult::Kind::kFailure);
  EXPECT_EQ(other.failure->best.reason, FailureReason::kNotAllowed);
  EXPECT_EQ(other.failure->best.field, "EVENT_TYPE");
  const ClassifyResult& short_row = s->Classify(R"("Login","20240501101500.123")");
  ASSERT_EQ(short_row.kind, ClassifyResult::Kind::kFailure);
  EXPECT_EQ(short_row.failure->best.reason, FailureReason::kWrongFieldCount);
  EXPECT_EQ(short_row.failure->best.error, "wrong number of fields: expected 26, got 2");
}

TEST(Salesforce, LoginAsLogoutAndUri) {
  if (testing::ConformanceDir().empty()) GTEST_SKIP() << "../shared is absent; not checked";
  auto login_as = SalesforceStream("login_as");
  login_as->Classify("EVENT_TYPE,TIMESTAMP,REQUEST_ID,ORGANIZATION_ID,USER_ID,RUN_TIME,"
                     "CPU_TIME,URI,SESSION_KEY,LOGIN_KEY,DELEGATED_USER_NAME,"
                     "DELEGATED_USER_ID,TIMESTAMP_DERIVED,USER_ID_DERIVED,CLIENT_IP,"
                     "URI_ID_DERIVED,DELEGATED_USER_ID_DERIVED");
  const ClassifyResult& a = login_as->Classify(
      "LoginAs,20240501101500.5,r1,00D1,005A,10,2,/login,,k1,admin@example.com,005B,"
      "2024-05-01T10:15:00.500Z,005AAAA,198.51.100.4,,005BAAA");
  ASSERT_EQ(a.kind, ClassifyResult::Kind::kEvent) << a.json;
  EXPECT_EQ(Field(a.json, "p_event_time"), "\"2024-05-01T10:15:00.5Z\"");
  EXPECT_EQ(Field(a.json, "DELEGATED_USER_ID"), "\"005B\"");
  // DELEGATED_USER_ID is required: "" is present for a string, so passes;
  // a missing TIMESTAMP_DERIVED ("" for a timestamp) fails.
  const ClassifyResult& b = login_as->Classify(
      "LoginAs,20240501101500.5,r1,00D1,005A,10,2,/login,,k1,x,005B,,005AAAA,,,");
  ASSERT_EQ(b.kind, ClassifyResult::Kind::kFailure);
  EXPECT_EQ(b.failure->best.reason, FailureReason::kMissingRequired);
  EXPECT_EQ(b.failure->best.field, "TIMESTAMP_DERIVED");

  auto logout = SalesforceStream("logout");
  logout->Classify("EVENT_TYPE,TIMESTAMP,REQUEST_ID,ORGANIZATION_ID,USER_ID,USER_TYPE,"
                   "SESSION_TYPE,SESSION_LEVEL,BROWSER_TYPE,PLATFORM_TYPE,RESOLUTION_TYPE,"
                   "APP_TYPE,CLIENT_VERSION,API_TYPE,API_VERSION,USER_INITIATED_LOGOUT,"
                   "SESSION_KEY,LOGIN_KEY,TIMESTAMP_DERIVED,USER_ID_DERIVED,CLIENT_IP");
  const ClassifyResult& c = logout->Classify(
      // PLATFORM_TYPE is a numeric code (1015 = Linux), RESOLUTION_TYPE a
      // width, APP_TYPE and CLIENT_VERSION numbers, as Salesforce documents.
      "Logout,20240501120000.000,r2,00D1,005A,S,UI,1,Firefox,1015,1920,1000,"
      "9,,,1,sk,lk,2024-05-01T12:00:00Z,005AAAA,192.0.2.1");
  ASSERT_EQ(c.kind, ClassifyResult::Kind::kEvent) << c.json;
  EXPECT_EQ(Field(c.json, "p_any_ip_addresses"), "[\"192.0.2.1\"]");
  EXPECT_EQ(Field(c.json, "PLATFORM_TYPE"), "1015");
  EXPECT_EQ(Field(c.json, "USER_INITIATED_LOGOUT"), "true");   // "1" -> boolean

  auto uri = SalesforceStream("uri");
  uri->Classify("EVENT_TYPE,TIMESTAMP,REQUEST_ID,ORGANIZATION_ID,USER_ID,RUN_TIME,"
                "CPU_TIME,URI,SESSION_KEY,LOGIN_KEY,REQUEST_STATUS,DB_TOTAL_TIME,"
                "DB_BLOCKS,DB_CPU_TIME,REFERRER_URI,TIMESTAMP_DERIVED,USER_ID_DERIVED,"
                "CLIENT_IP,URI_ID_DERIVED,USER_TYPE");
  const ClassifyResult& d = uri->Classify(
      "URI,20240501120001.250,r3,00D1,005A,20,5,\"/apex/page?a=1,b=2\",sk,lk,S,300,"
      "12,4,/home,2024-05-01T12:00:01.250Z,005AAAA,192.0.2.9,,Standard");
  ASSERT_EQ(d.kind, ClassifyResult::Kind::kEvent) << d.json;
  EXPECT_EQ(Field(d.json, "URI"), "\"/apex/page?a=1,b=2\"");  // a quoted comma
  EXPECT_EQ(Field(d.json, "DB_BLOCKS"), "12");
}

const char kNginx[] = R"(
version: 0
schema: Custom.Nginx
parser:
  fastmatch:
    match:
      - '%{remote_addr} - %{remote_user} [%{time}] "%{request}" %{status} %{bytes}'
    emptyValues: ["-"]
    skipPrefix: "#"
fields:
  - {name: remote_addr, type: string, indicators: [ip]}
  - {name: remote_user, type: string}
  - {name: time, type: timestamp, timeFormat: "%d/%b/%Y:%H:%M:%S %z", isEventTime: true, required: true}
  - {name: request, type: string}
  - {name: status, type: smallint, required: true}
  - {name: bytes, type: bigint}
)";

const char kJsonApp[] = R"(
version: 0
schema: Custom.JsonApp
fields:
  - {name: msg, type: string, required: true}
)";

TEST(TextLogs, TypedValuesAndTheirFailures) {
  auto s = testing::StreamFor({kNginx});
  const ClassifyResult& ok =
      s->Classify("10.0.0.1 - - [06/Feb/2019:00:00:38 +0000] \"GET / HTTP/1.1\" 301 -");
  ASSERT_EQ(ok.kind, ClassifyResult::Kind::kEvent) << ok.json;
  EXPECT_EQ(ok.json,
            "{\"remote_addr\":\"10.0.0.1\",\"time\":\"06/Feb/2019:00:00:38 +0000\","
            "\"request\":\"GET / HTTP/1.1\",\"status\":301,\"p_log_type\":\"Custom.Nginx\","
            "\"p_row_id\":\"0000000000000abc0000000000000000\",\"p_event_time\":"
            "\"2019-02-06T00:00:38Z\",\"p_parse_time\":\"2026-01-02T03:04:05Z\","
            "\"p_any_ip_addresses\":[\"10.0.0.1\"]}");
  const std::string bad = "10.0.0.1 - - [06/Feb/2019:00:00:38 +0000] \"GET /\" OK 5";
  const ClassifyResult& r = s->Classify(bad);
  ASSERT_EQ(r.kind, ClassifyResult::Kind::kFailure);
  EXPECT_EQ(r.failure->best.reason, FailureReason::kTypeMismatch);
  EXPECT_EQ(r.failure->best.field, "status");
  EXPECT_EQ(bad.substr(r.failure->best.offset, 2), "OK");  // offset into the line
  const ClassifyResult& miss = s->Classify("10.0.0.1 - - 06/Feb/2019");
  ASSERT_EQ(miss.kind, ClassifyResult::Kind::kFailure);
  EXPECT_EQ(miss.failure->best.reason, FailureReason::kNoPatternMatched);
  EXPECT_EQ(miss.failure->best.error,
            "no pattern matched: pattern 1 stopped at offset 11: expected \" [\"");
  EXPECT_THAT(std::string(miss.json), HasSubstr("\"reason\":\"no_pattern_matched\""));
  // skipPrefix lines are skipped and counted.
  EXPECT_EQ(s->Classify("#Fields: a b c").kind, ClassifyResult::Kind::kSkipped);
  EXPECT_EQ(s->stats().skipped, 1u);
  EXPECT_EQ(s->stats().events + s->stats().failures + s->stats().skipped, s->stats().logs);
}

TEST(TextLogs, SourcesMixingJsonAndText) {
  auto s = testing::StreamFor({kJsonApp, kNginx});
  EXPECT_EQ(s->Classify(R"({"msg":"hello"})").log_type, "Custom.JsonApp");
  EXPECT_EQ(s->Classify("10.0.0.1 - bob [06/Feb/2019:00:00:38 +0000] \"GET /\" 200 5")
                .log_type,
            "Custom.Nginx");
  // The text type is now first; JSON still matches after it misses.
  EXPECT_EQ(s->Classify(R"({"msg":"again"})").log_type, "Custom.JsonApp");
  // Neither: each says why.
  const ClassifyResult& r = s->Classify(R"({"other":1})");
  ASSERT_EQ(r.kind, ClassifyResult::Kind::kFailure);
  ASSERT_EQ(r.failure->attempts.size(), 2u);
  EXPECT_THAT(std::string(r.json), HasSubstr("\"tried\":["));
  const ClassifyResult& text = s->Classify("plain words that fit nothing");
  ASSERT_EQ(text.kind, ClassifyResult::Kind::kFailure);
  bool saw_not_json = false, saw_no_pattern = false;
  for (const FailureAttempt& a : text.failure->attempts) {
    saw_not_json |= a.reason == FailureReason::kMalformedJson &&
                    a.error == "not JSON: the log starts with 'p'";
    saw_no_pattern |= a.reason == FailureReason::kNoPatternMatched;
  }
  EXPECT_TRUE(saw_not_json);
  EXPECT_TRUE(saw_no_pattern);
}

TEST(TextLogs, NewInputReadsANewCsvHeader) {
  const char csv[] = R"(
version: 0
schema: Custom.Csv
parser:
  csv:
    hasHeader: true
fields:
  - {name: user, type: string}
  - {name: n, type: int}
)";
  auto s = testing::StreamFor({csv});
  EXPECT_EQ(s->Classify("user,n").kind, ClassifyResult::Kind::kSkipped);
  EXPECT_EQ(Field(s->Classify("bob,7").json, "n"), "7");
  s->NewInput();
  EXPECT_EQ(s->Classify("n,user").kind, ClassifyResult::Kind::kSkipped);
  const ClassifyResult& r = s->Classify("8,carol");
  EXPECT_EQ(Field(r.json, "user"), "\"carol\"");
  EXPECT_EQ(Field(r.json, "n"), "8");
}

TEST(TextLogs, EmbeddedJsonObjectBetweenTextFields) {
  // The embedded object's own fields must not disturb the text fields
  // around it (both are tracked on one stack).
  const char regex[] = R"(
version: 0
schema: Custom.Embedded
parser:
  regex:
    match: ['^%{NOTSPACE:first} %{NOTSPACE:payload} %{NOTSPACE:last}$']
fields:
  - {name: first, type: string, required: true}
  - name: payload
    type: object
    isEmbeddedJSON: true
    fields:
      - {name: z, type: string}
      - {name: a, type: int}
      - {name: m, type: string}
  - {name: last, type: string, required: true}
)";
  auto s = testing::StreamFor({regex});
  const ClassifyResult& r = s->Classify(R"(one {"m":"mm","a":2,"z":"zz","q":1} three)");
  ASSERT_EQ(r.kind, ClassifyResult::Kind::kEvent) << r.json;
  EXPECT_EQ(Field(r.json, "first"), "\"one\"");
  EXPECT_EQ(Field(r.json, "payload"), R"({"z":"zz","a":2,"m":"mm"})");
  EXPECT_EQ(Field(r.json, "last"), "\"three\"");
}

TEST(TextLogs, InvalidUtf8IsReplacedInEventsAndMessages) {
  // Go's encoder writes each byte that does not start a valid UTF-8
  // sequence as \ufffd; valid multi-byte text is kept.
  const char csv[] = R"(
version: 0
schema: Custom.Bytes
parser:
  csv:
    delimiter: ";"
    columns: [s, n]
fields:
  - {name: s, type: string}
  - {name: n, type: int}
)";
  auto s = testing::StreamFor({csv});
  // The events as written.
  EXPECT_THAT(std::string(s->Classify("\xe2\xe2;").json), HasSubstr(R"("s":"\ufffd\ufffd")"));
  EXPECT_THAT(std::string(s->Classify("a\xff" "b;1").json), HasSubstr(R"("s":"a\ufffdb")"));
  EXPECT_THAT(std::string(s->Classify("x\xe2\x82;1").json), HasSubstr(R"("s":"x\ufffd\ufffd")"));
  // Read back (U+FFFD is EF BF BD); valid text unchanged.
  EXPECT_EQ(Field(s->Classify("a\xff" "b;1").json, "s"), "\"a\xEF\xBF\xBD" "b\"");
  EXPECT_EQ(Field(s->Classify("\xc3\xa9t\xc3\xa9;1").json, "s"), "\"\xc3\xa9t\xc3\xa9\"");
  // A failure quoting the bad bytes: its message is valid JSON too.
  const ClassifyResult& r = s->Classify("ok;\xff");
  ASSERT_EQ(r.kind, ClassifyResult::Kind::kFailure);
  EXPECT_NE(std::string(r.json).find("\\ufffd"), std::string::npos) << r.json;
  EXPECT_NE(std::string(r.json).find("\"payload_encoding\":\"base64\""), std::string::npos);
}

}  // namespace
}  // namespace loghealth
