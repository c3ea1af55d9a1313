// Events and failure records end to end: key order, p_ fields, event time,
// required and validate, refs, indicators, several log types, stats.
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/classify/classify_testing.h"

namespace loghealth {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::PantherFields;
using testing::StreamFor;

const char kApp[] = R"(
version: 0
schema: Custom.App
definitions:
  Actor:
    type: object
    fields:
      - {name: id, type: string, required: true}
      - {name: email, type: string, indicators: [email]}
fields:
  - {name: msg, type: string}
  - {name: when, type: timestamp, timeFormat: rfc3339, isEventTime: true}
  - {name: actor, type: ref, target: Actor}
  - {name: n, type: int, required: true}
  - name: items
    type: array
    element:
      type: object
      fields:
        - {name: k, type: string, required: true}
        - {name: ok, type: boolean, required: true}
)";

TEST(Events, SchemaOrderNotDocumentOrder) {
  auto stream = StreamFor({kApp});
  const ClassifyResult& r = stream->Classify(
      R"({"zzz": 1, "n": "5", "actor": {"email": "a@b.c", "id": "u1"}, "msg": "hi"})");
  ASSERT_EQ(r.kind, ClassifyResult::Kind::kEvent) << r.json;
  EXPECT_EQ(r.log_type, "Custom.App");
  EXPECT_EQ(r.json,
            "{\"msg\":\"hi\",\"actor\":{\"id\":\"u1\",\"email\":\"a@b.c\"},\"n\":5," +
                PantherFields("Custom.App", 0) + ",\"p_any_emails\":[\"a@b.c\"]}");
}

TEST(Events, SourceFieldsAndEventTime) {
  ClassifierOptions o;
  o.source_id = "src-1";
  o.source_label = "prod \"east\"";
  auto stream = StreamFor({kApp}, o);
  const ClassifyResult& r =
      stream->Classify(R"({"n": 1, "when": "2024-05-01T12:00:00.5+02:00"})");
  ASSERT_EQ(r.kind, ClassifyResult::Kind::kEvent) << r.json;
  // The field keeps its offset; p_event_time is UTC.
  EXPECT_EQ(r.json,
            "{\"when\":\"2024-05-01T12:00:00.5+02:00\",\"n\":1,\"p_log_type\":"
            "\"Custom.App\",\"p_row_id\":\"0000000000000abc0000000000000000\","
            "\"p_event_time\":\"2024-05-01T10:00:00.5Z\",\"p_parse_time\":"
            "\"2026-01-02T03:04:05Z\",\"p_source_id\":\"src-1\",\"p_source_label\":"
            "\"prod \\\"east\\\"\"}");
}

TEST(Events, DataLakeTimestamps) {
  ClassifierOptions o;
  o.data_lake_timestamps = true;
  auto stream = StreamFor({kApp}, o);
  const ClassifyResult& r =
      stream->Classify(R"({"n": 1, "when": "2024-05-01T12:00:00.5+02:00"})");
  ASSERT_EQ(r.kind, ClassifyResult::Kind::kEvent) << r.json;
  EXPECT_THAT(std::string(r.json),
              HasSubstr("\"when\":\"2024-05-01 10:00:00.500000000\""));
  EXPECT_THAT(std::string(r.json),
              HasSubstr("\"p_event_time\":\"2024-05-01 10:00:00.500000000\","
                        "\"p_parse_time\":\"2026-01-02 03:04:05.000000000\""));
}

// Two event times, outer.a first in schema order, and a plain timestamp c,
// all in `format`.
std::string TimesSchema(const std::string& format) {
  return R"(
version: 0
schema: Custom.Times
fields:
  - name: outer
    type: object
    fields:
      - {name: a, type: timestamp, timeFormat: )" + format + R"(, isEventTime: true}
  - {name: b, type: timestamp, timeFormat: )" + format + R"(, isEventTime: true}
  - {name: c, type: timestamp, timeFormat: )" + format + R"(}
)";
}

TEST(Events, FirstEventTimeInSchemaOrderWins) {
  auto stream = StreamFor({TimesSchema("unix")});
  // b comes first in the document, but outer.a first in the schema.
  const ClassifyResult& r1 = stream->Classify(R"({"c": 5, "b": 20, "outer": {"a": 10}})");
  ASSERT_EQ(r1.kind, ClassifyResult::Kind::kEvent);
  EXPECT_THAT(std::string(r1.json), HasSubstr("\"p_event_time\":\"1970-01-01T00:00:10Z\""));
  // Absent (or null) a: the next one in schema order.
  const ClassifyResult& r2 = stream->Classify(R"({"c": 5, "b": 20, "outer": {"a": null}})");
  EXPECT_THAT(std::string(r2.json), HasSubstr("\"p_event_time\":\"1970-01-01T00:00:20Z\""));
  // None: the parse time.
  const ClassifyResult& r3 = stream->Classify(R"({"c": 5})");
  EXPECT_THAT(std::string(r3.json), HasSubstr("\"p_event_time\":\"2026-01-02T03:04:05Z\""));
}

TEST(Events, EventTimeTextFollowsTheWinningField) {
  // p_event_time reuses the event-time field's own text when that is UTC
  // RFC 3339; a better-ranked field read later replaces it, also when its
  // text (with an offset) cannot be reused.
  auto stream = StreamFor({TimesSchema("rfc3339")});
  auto event_time = [&](const char* log) {
    const ClassifyResult& r = stream->Classify(log);
    EXPECT_EQ(r.kind, ClassifyResult::Kind::kEvent) << r.json;
    const std::string json(r.json);
    const size_t at = json.find("\"p_event_time\":");
    if (at == std::string::npos) return std::string();
    return json.substr(at + 15, json.find(',', at) - at - 15);
  };
  EXPECT_EQ(event_time(R"({"b":"2020-01-01T00:00:20Z","outer":{"a":"2020-01-01T00:00:10Z"}})"),
            "\"2020-01-01T00:00:10Z\"");
  EXPECT_EQ(event_time(R"({"b":"2020-01-01T00:00:20Z","outer":{"a":"2020-01-01T01:00:10+01:00"}})"),
            "\"2020-01-01T00:00:10Z\"");
  EXPECT_EQ(event_time(R"({"outer":{"a":"2020-01-01T00:00:10.25Z"},"b":"2020-01-01T00:00:20Z"})"),
            "\"2020-01-01T00:00:10.25Z\"");
  EXPECT_EQ(event_time(R"({"b":"2020-01-01T02:00:20+02:00"})"), "\"2020-01-01T00:00:20Z\"");
}

TEST(Required, MissingAndNullFailEmptyZeroFalsePass) {
  const char schema[] = R"(
version: 0
schema: Custom.Req
fields:
  - {name: s, type: string, required: true}
  - {name: i, type: int, required: true}
  - {name: b, type: boolean, required: true}
  - {name: a, type: array, element: {type: string}, required: true}
  - {name: o, type: object, fields: [{name: x, type: string}], required: true}
)";
  auto stream = StreamFor({schema});
  EXPECT_EQ(stream->Classify(R"({"s":"","i":0,"b":false,"a":[],"o":{}})").kind,
            ClassifyResult::Kind::kEvent);
  const struct {
    const char* log;
    const char* field;
  } failing[] = {
      {R"({"i":0,"b":false,"a":[],"o":{}})", "s"},
      {R"({"s":null,"i":0,"b":false,"a":[],"o":{}})", "s"},
      {R"({"s":"","i":"","b":false,"a":[],"o":{}})", "i"},   // "" is absent
      {R"({"s":"","i":0,"a":[],"o":{}})", "b"},              // enforced on booleans
      {R"({"s":"","i":0,"b":"","a":[],"o":{}})", "b"},
      {R"({"s":"","i":0,"b":true,"a":null,"o":{}})", "a"},
      {R"({"s":"","i":0,"b":true,"a":[]})", "o"},
  };
  for (const auto& f : failing) {
    const ClassifyResult& r = stream->Classify(f.log);
    ASSERT_EQ(r.kind, ClassifyResult::Kind::kFailure) << f.log;
    EXPECT_EQ(r.failure->best.reason, FailureReason::kMissingRequired) << f.log;
    EXPECT_EQ(r.failure->best.field, f.field) << f.log;
    EXPECT_EQ(r.failure->best.error, std::string("missing required field ") + f.field);
  }
}

TEST(Required, EnforcedInsideArraysWithIndexedPaths) {
  auto stream = StreamFor({kApp});
  const ClassifyResult& r = stream->Classify(
      R"({"n": 1, "items": [{"k": "a", "ok": true}, {"k": "b", "ok": 1}, {"k": "c"}]})");
  ASSERT_EQ(r.kind, ClassifyResult::Kind::kFailure) << r.json;
  EXPECT_EQ(r.failure->best.field, "items[2].ok");
  EXPECT_EQ(r.failure->best.error, "missing required field items[2].ok");
  const ClassifyResult& r2 =
      stream->Classify(R"({"n": 1, "actor": {"id": 7}, "items": [{"k": "a", "ok": "maybe"}]})");
  ASSERT_EQ(r2.kind, ClassifyResult::Kind::kFailure);
  EXPECT_EQ(r2.failure->best.field, "items[0].ok");
  EXPECT_EQ(r2.failure->best.reason, FailureReason::kTypeMismatch);
}

TEST(Required, ErrorPathsNameEveryLevelInBothModes) {
  // Objects, arrays and embedded JSON between the root and the failing
  // value; the path and the message are the same validating and rendering.
  const char schema[] = R"(
version: 0
schema: Custom.Paths
fields:
  - name: a
    type: object
    fields:
      - name: b
        type: array
        element:
          type: object
          fields:
            - {name: c, type: int}
            - name: d
              type: object
              fields: [{name: e, type: int, required: true}]
  - name: j
    type: object
    isEmbeddedJSON: true
    fields: [{name: k, type: int}]
)";
  struct Case {
    const char* log;
    const char* field;
    const char* error;  // "" when only the field is checked
  } cases[] = {
      {R"({"a":{"b":[{"c":1},{"c":"x"}]}})", "a.b[1].c", ""},
      {R"({"a":{"b":[{"c":1,"d":{}}]}})", "a.b[0].d.e", "missing required field a.b[0].d.e"},
      {R"({"a":{"b":[{"d":{"e":1}},{"d":{"e":null}}]}})", "a.b[1].d.e",
       "missing required field a.b[1].d.e"},
      {R"({"j":"{\"k\":\"x\"}"})", "j.k", ""},
      {R"({"j":"{\"k\":1}","a":{"b":[{"c":true}]}})", "a.b[0].c", ""},
  };
  for (bool validate_only : {false, true}) {
    ClassifierOptions options;
    options.validate_only = validate_only;
    auto stream = testing::StreamFor({schema}, options);
    for (const Case& c : cases) {
      const ClassifyResult& r = stream->Classify(c.log);
      ASSERT_EQ(r.kind, ClassifyResult::Kind::kFailure) << c.log;
      EXPECT_EQ(r.failure->best.field, c.field) << c.log;
      if (c.error[0] != '\0') {
        EXPECT_EQ(r.failure->best.error, c.error) << c.log;
      }
    }
  }
}

TEST(Validate, AllowDenyIpCidr) {
  const char schema[] = R"(
version: 0
schema: Custom.V
fields:
  - {name: level, type: string, validate: {allow: [info, warn]}}
  - {name: user, type: string, validate: {deny: [root]}}
  - {name: ip4, type: string, validate: {ip: ipv4}}
  - {name: ip6, type: string, validate: {ip: ipv6}}
  - {name: net, type: string, validate: {cidr: any}}
)";
  auto stream = StreamFor({schema});
  EXPECT_EQ(stream->Classify(R"({"level":"info","user":"bob","ip4":"10.0.0.1",)"
                             R"("ip6":"fe80::1","net":"10.0.0.0/8"})")
                .kind,
            ClassifyResult::Kind::kEvent);
  EXPECT_EQ(stream->Classify(R"({"net":"2001:db8::/32"})").kind, ClassifyResult::Kind::kEvent);
  // Missing values are never checked.
  EXPECT_EQ(stream->Classify(R"({"level":null})").kind, ClassifyResult::Kind::kEvent);
  const struct {
    const char* log;
    const char* error;
  } failing[] = {
      {R"({"level":"debug"})", "\"debug\" is not allowed; expected one of [info, warn]"},
      {R"({"level":""})", "\"\" is not allowed; expected one of [info, warn]"},
      {R"({"user":"root"})", "\"root\" is denied (validate.deny)"},
      {R"({"ip4":"::1"})", "\"::1\" is not an IPv4 address"},
      {R"({"ip6":"10.0.0.1"})", "\"10.0.0.1\" is not an IPv6 address"},
      {R"({"net":"10.0.0.0/33"})", "\"10.0.0.0/33\" is not a CIDR block"},
      {R"({"net":"10.0.0.1"})", "\"10.0.0.1\" is not a CIDR block"},
  };
  for (const auto& f : failing) {
    const ClassifyResult& r = stream->Classify(f.log);
    ASSERT_EQ(r.kind, ClassifyResult::Kind::kFailure) << f.log;
    EXPECT_EQ(r.failure->best.reason, FailureReason::kNotAllowed);
    EXPECT_EQ(r.failure->best.error, f.error);
  }
}

// The p_any_ fields at the end of an event ("" when `r` is not an event).
std::string IndicatorFields(const ClassifyResult& r) {
  EXPECT_EQ(r.kind, ClassifyResult::Kind::kEvent) << r.json;
  const std::string json(r.json);
  const size_t at = json.find("\"p_any_");
  return at == std::string::npos ? "" : json.substr(at);
}

// The p_any_* fields of the event `log` makes in a new stream over `schema`.
std::string IndicatorFieldsOf(const char* schema, const std::string& log) {
  auto stream = StreamFor({schema});
  return IndicatorFields(stream->Classify(log));
}

TEST(Indicators, EveryKindSortedAndUnique) {
  const char schema[] = R"(
version: 0
schema: Custom.I
fields:
  - {name: ip, type: string, indicators: [ip]}
  - {name: dom, type: string, indicators: [domain]}
  - {name: host, type: array, element: {type: string}, indicators: [hostname]}
  - {name: url, type: string, indicators: [url]}
  - {name: addr, type: string, indicators: [net_addr]}
  - {name: md5, type: string, indicators: [md5]}
  - {name: sha1, type: string, indicators: [sha1]}
  - {name: sha256, type: string, indicators: [sha256]}
  - {name: mail, type: string, indicators: [email, username]}
  - {name: trace, type: string, indicators: [trace_id]}
  - {name: arn, type: string, indicators: [aws_arn]}
  - {name: acct, type: string, indicators: [aws_account_id]}
  - {name: inst, type: string, indicators: [aws_instance_id]}
  - {name: tag, type: string, indicators: [aws_tag]}
)";
  auto stream = StreamFor({schema});
  const ClassifyResult& r = stream->Classify(R"({
    "ip": " 10.0.0.2 ", "dom": "example.com",
    "host": ["10.0.0.1", "b.example.org", "10.0.0.1", "not an ip"],
    "url": "https://user:pw@[2001:db8::1]:8443/path?q=1",
    "addr": "a.example.net:443",
    "md5": "D41D8CD98F00B204E9800998ECF8427E",
    "sha1": "da39a3ee5e6b4b0d3255bfef95601890afd80709",
    "sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "mail": "alice@example.com", "trace": "t-1",
    "arn": "arn:aws:ec2:us-east-1:123456789012:instance/i-0abc",
    "acct": "210987654321", "inst": "i-0def", "tag": "env:prod"})");
  EXPECT_EQ(IndicatorFields(r),
            "\"p_any_ip_addresses\":[\"10.0.0.1\",\"10.0.0.2\",\"2001:db8::1\"],"
            "\"p_any_domain_names\":[\"a.example.net\",\"b.example.org\","
            "\"example.com\",\"not an ip\"],"
            "\"p_any_sha1_hashes\":[\"da39a3ee5e6b4b0d3255bfef95601890afd80709\"],"
            "\"p_any_sha256_hashes\":[\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"],"
            "\"p_any_md5_hashes\":[\"d41d8cd98f00b204e9800998ecf8427e\"],"
            "\"p_any_trace_ids\":[\"t-1\"],"
            "\"p_any_aws_account_ids\":[\"123456789012\",\"210987654321\"],"
            "\"p_any_aws_instance_ids\":[\"i-0abc\",\"i-0def\"],"
            "\"p_any_aws_arns\":[\"arn:aws:ec2:us-east-1:123456789012:instance/i-0abc\"],"
            "\"p_any_aws_tags\":[\"env:prod\"],"
            "\"p_any_emails\":[\"alice@example.com\"],"
            "\"p_any_usernames\":[\"alice@example.com\"]}");
}

// An array of ARNs, each scanned with the aws_arn indicator.
const char kArnsSchema[] = R"(
version: 0
schema: Custom.Arns
fields:
  - name: arns
    type: array
    element: {type: string, indicators: [aws_arn]}
)";

TEST(Events, IndicatorValuesEscapedOnlyWhenTheyNeedIt) {
  // Values read raw and plain are written as they are; '<' (read raw) and an
  // escaped quote (unescaped on reading) are escaped again on writing, in
  // the field and in p_any_usernames alike.
  const char schema[] = R"(
version: 0
schema: Custom.Users
fields:
  - name: users
    type: array
    element: {type: string, indicators: [username]}
  - {name: owner, type: string, indicators: [username]}
)";
  auto stream = StreamFor({schema});
  const ClassifyResult& r =
      stream->Classify(R"({"users":["bob","a<b","x\"y"],"owner":"carol"})");
  EXPECT_EQ(IndicatorFields(r),
            R"("p_any_usernames":["a\u003cb","bob","carol","x\"y"]})");
  const ClassifyResult& plain = stream->Classify(R"({"users":["bob"],"owner":"carol"})");
  EXPECT_EQ(IndicatorFields(plain), R"("p_any_usernames":["bob","carol"]})");
}

// An array of usernames.
const char kUsersSchema[] = R"(
version: 0
schema: Custom.Users
fields:
  - name: users
    type: array
    element: {type: string, indicators: [username]}
)";

TEST(Events, IndicatorValuesAreASortedSetHoweverManyRepeat) {
  // Repeats right after each other and far apart (an array of 40, every
  // value three times, in an order that is not sorted, and one repeated at
  // once).
  std::string log = R"({"users":[)";
  for (int i = 0; i < 40; ++i) {
    if (i > 0) log += ",";
    log += "\"u" + std::to_string((i * 7) % 13) + "\"";
  }
  log += ",\"u9\",\"u9\"]}";
  // (i * 7) % 13 takes every value 0..12; sorted as strings.
  EXPECT_EQ(IndicatorFieldsOf(kUsersSchema, log),
            R"("p_any_usernames":["u0","u1","u10","u11","u12","u2","u3","u4","u5","u6","u7","u8","u9"]})");
}

TEST(Events, ArnIndicatorParts) {
  // arn:partition:service:region:account-id:resource. The resource may hold
  // colons itself; region and account may be empty (S3); partition, service
  // and resource may not. The account is kept only when it is 12 digits.
  EXPECT_EQ(IndicatorFieldsOf(kArnsSchema, R"({"arns": [
    "arn:aws:s3:::bucket/key:with:colons",
    "arn:aws:iam::123456789012:role/x",
    "arn:aws:lambda:us-east-1:12345:function:f",
    "arn::s3:::bucket",
    "arn:aws::us-east-1:123456789012:thing",
    "arn:aws:sqs:us-east-1:123456789012:",
    "arn:aws:sqs:us-east-1",
    "nota:aws:sqs:us-east-1:123456789012:q",
    "arn:aws:ec2:us-east-1:210987654321:instances/i-1/instance/x/i-0f"]})"),
            "\"p_any_aws_account_ids\":[\"123456789012\",\"210987654321\"],"
            "\"p_any_aws_instance_ids\":[\"i-0f\"],"
            "\"p_any_aws_arns\":[\"arn:aws:ec2:us-east-1:210987654321:instances/i-1/instance/x/i-0f\","
            "\"arn:aws:iam::123456789012:role/x\","
            "\"arn:aws:lambda:us-east-1:12345:function:f\","
            "\"arn:aws:s3:::bucket/key:with:colons\"]}");
}

TEST(Events, InstanceIdsWhereverTheSlashFalls) {
  // "instance/" with its slash in a first 16-byte block, in a later one, in
  // the bytes after the last whole block, and not at all ("instances/",
  // "xinstance" then no slash).
  EXPECT_EQ(IndicatorFieldsOf(kArnsSchema, R"({"arns": [
    "arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0",
    "arn:aws:ssm:us-east-1:123456789012:managed-thing/abc/instance/i-11",
    "arn:aws:ec2:us-east-1:123456789012:a/instance/i-2",
    "arn:aws:ec2:us-east-1:123456789012:instances/i-3",
    "arn:aws:ec2:us-east-1:123456789012:xinstance"]})"),
            "\"p_any_aws_account_ids\":[\"123456789012\"],"
            "\"p_any_aws_instance_ids\":[\"i-0123456789abcdef0\",\"i-11\",\"i-2\"],"
            "\"p_any_aws_arns\":[\"arn:aws:ec2:us-east-1:123456789012:a/instance/i-2\","
            "\"arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0\","
            "\"arn:aws:ec2:us-east-1:123456789012:instances/i-3\","
            "\"arn:aws:ec2:us-east-1:123456789012:xinstance\","
            "\"arn:aws:ssm:us-east-1:123456789012:managed-thing/abc/instance/i-11\"]}");
}

TEST(Events, ArnsPlainAndEscapedTogether) {
  // One field's values, some read raw and some unescaped: each is escaped
  // on writing only if it needs it; repeats are written once; colons are
  // found wherever they fall (here on both sides of 16-byte blocks).
  EXPECT_EQ(IndicatorFieldsOf(kArnsSchema, R"({"arns": [
    "arn:aws:s3:::backup-\"weekly\"/k",
    "arn:aws:iam::123456789012:user/alice",
    "arn:aws:iam::123456789012:user/alice",
    "arn:aws-us-gov:ec2:us-gov-west-1:123456789012:instance/i-0abc",
    "arn:aws:sts::210987654321:assumed-role/R/s\u0041"]})"),
            "\"p_any_aws_account_ids\":[\"123456789012\",\"210987654321\"],"
            "\"p_any_aws_instance_ids\":[\"i-0abc\"],"
            "\"p_any_aws_arns\":[\"arn:aws-us-gov:ec2:us-gov-west-1:123456789012:instance/i-0abc\","
            "\"arn:aws:iam::123456789012:user/alice\","
            "\"arn:aws:s3:::backup-\\\"weekly\\\"/k\","
            "\"arn:aws:sts::210987654321:assumed-role/R/sA\"]}");
}

TEST(Events, DomainsWithPunycodeLabelsAreWrittenInUnicode) {
  // Panther decodes "xn--" labels (Go's idna.ToUnicode): the encoded and
  // the Unicode spelling of a domain are one value; hostnames and URL hosts
  // take the domain rule; a label that is not Punycode stays as it is.
  const char schema[] = R"(
version: 0
schema: Custom.Domains
fields:
  - name: doms
    type: array
    element: {type: string, indicators: [domain]}
  - {name: host, type: string, indicators: [hostname]}
  - {name: url, type: string, indicators: [url]}
)";
  EXPECT_EQ(IndicatorFieldsOf(schema, R"({"doms": ["xn--bcher-kva.example", "b\u00fccher.example",
      "xn--bcher-kv.example", "10.1.2.3"], "host": "www.xn--d1acufc.example",
      "url": "https://xn--wgv71a119e.example/path"})"),
            "\"p_any_domain_names\":[\"10.1.2.3\",\"b\xc3\xbc" "cher.example\","
            "\"www.\xd0\xb4\xd0\xbe\xd0\xbc\xd0\xb5\xd0\xbd.example\","
            "\"xn--bcher-kv.example\","
            "\"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e.example\"]}");
}

TEST(Events, ArnColonsFoundWhereverTheyFall) {
  // Five colons within the first 32 bytes, the fifth past them, a long
  // string with too few colons, and short ones with five and with four.
  EXPECT_EQ(IndicatorFieldsOf(kArnsSchema, R"({"arns": [
    "arn:aws:iam::123456789012:role/a-role-with-a-long-name",
    "arn:aws-iso-b:secretsmanager:us-isob-east-1:210987654321:secret:s",
    "arn:aws:sqs:us-east-1-but-no-account-or-resource",
    "arn:p:s:r:333333333333:x",
    "arn:p:s:r:444444444444"]})"),
            "\"p_any_aws_account_ids\":[\"123456789012\",\"210987654321\",\"333333333333\"],"
            "\"p_any_aws_arns\":[\"arn:aws-iso-b:secretsmanager:us-isob-east-1:210987654321:secret:s\","
            "\"arn:aws:iam::123456789012:role/a-role-with-a-long-name\","
            "\"arn:p:s:r:333333333333:x\"]}");
}

TEST(Events, IndicatorValuesSortByteWisePastSharedPrefixes) {
  // Go sorts strings byte by byte, unsigned: a prefix first, upper case
  // before lower, a byte with the high bit after ASCII; differences in the
  // first eight bytes, in the next eight, and after them.
  EXPECT_EQ(IndicatorFieldsOf(kUsersSchema, R"({"users": ["prefix12z", "prefix12",
      "prefix12\u00e9", "prefix123456789A", "prefix123456789", "Prefix12", "prefix12a",
      "prefix123456789A", "prefix12"]})"),
            "\"p_any_usernames\":[\"Prefix12\",\"prefix12\",\"prefix123456789\","
            "\"prefix123456789A\",\"prefix12a\",\"prefix12z\",\"prefix12\xc3\xa9\"]}");
}

TEST(Events, AccountIdsAreTwelveAsciiDigits) {
  // Bytes just outside '0'-'9' ('/' and ':'), in every position, bytes with
  // the high bit set, and other lengths are not account ids.
  const char schema[] = R"(
version: 0
schema: Custom.Accounts
fields:
  - name: ids
    type: array
    element: {type: string, indicators: [aws_account_id]}
)";
  std::string log = R"({"ids":["000000000000","999999999999","12345678901","1234567890123")";
  for (int at = 0; at < 12; ++at) {
    for (const char* bad : {"/", ":", "a", " "}) {
      std::string id(12, '5');
      id.replace(at, 1, bad);
      log += ",\"" + id + "\"";
    }
    if (at < 11) {
      std::string id(12, '5');
      id.replace(at, 2, "\u00e9");  // two bytes, each with the high bit set
      log += ",\"" + id + "\"";
    }
  }
  log += "]}";
  EXPECT_EQ(IndicatorFieldsOf(schema, log),
            R"("p_any_aws_account_ids":["000000000000","999999999999"]})");
}

TEST(Events, RowIdsAreTheSeedThenTheCounterInHex) {
  // Every hex digit in both halves, and the counter carrying into a letter.
  auto stream = StreamFor({kApp});
  auto row_id = [&](const char* log) {
    const ClassifyResult& r = stream->Classify(log);
    EXPECT_EQ(r.kind, ClassifyResult::Kind::kEvent) << r.json;
    const std::string json(r.json);
    const size_t at = json.find("\"p_row_id\":\"");
    return at == std::string::npos ? std::string() : json.substr(at + 12, 32);
  };
  stream->RestartRowIds(0x0123456789abcdefull);
  EXPECT_EQ(row_id(R"({"n":1})"), "0123456789abcdef0000000000000000");
  EXPECT_EQ(row_id(R"({"n":1})"), "0123456789abcdef0000000000000001");
  stream->RestartRowIds(0xfedcba9876543210ull);
  for (int i = 0; i < 26; ++i) row_id(R"({"n":1})");
  EXPECT_EQ(row_id(R"({"n":1})"), "fedcba9876543210000000000000001a");
  EXPECT_EQ(row_id(R"({"n":1})"), "fedcba9876543210000000000000001b");
}

TEST(Events, MultiLineDocumentDuplicateKeysAndEscapedKeys) {
  auto stream = StreamFor({kApp});
  const ClassifyResult& r = stream->Classify(
      "{\n  \"n\": 1,\n  \"m\\u0073g\": \"escaped key\",\n  \"n\": 2\n}\n");
  ASSERT_EQ(r.kind, ClassifyResult::Kind::kEvent) << r.json;
  // The last duplicate wins, as in Panther; keys may be escaped.
  EXPECT_EQ(r.json, "{\"msg\":\"escaped key\",\"n\":2," +
                        PantherFields("Custom.App", 0) + "}");
}

TEST(Failures, RecordJsonAndPayloadVerbatim) {
  ClassifierOptions o;
  o.source_id = "s";
  auto stream = StreamFor({kApp}, o);
  const std::string log = "  {\"n\": \"abc\", \"msg\": \"<x>\"}\r";
  const ClassifyResult& r = stream->Classify(log);
  ASSERT_EQ(r.kind, ClassifyResult::Kind::kFailure);
  EXPECT_EQ(r.log_type, "Custom.App");
  EXPECT_EQ(r.json,
            "{\"error\":\"n: expected int, got \\\"abc\\\" (not an integer)\","
            "\"id\":\"Custom.App\",\"payload\":\"  {\\\"n\\\": \\\"abc\\\", "
            "\\\"msg\\\": \\\"\\u003cx\\u003e\\\"}\\r\",\"p_source_id\":\"s\","
            "\"p_parse_time\":\"2026-01-02T03:04:05Z\",\"p_row_id\":"
            "\"0000000000000abc0000000000000000\",\"reason\":\"type_mismatch\","
            "\"field\":\"n\",\"expected\":\"int\",\"got\":\"\\\"abc\\\"\","
            "\"offset\":9}");
  // The offset points at the value's first byte in the payload as given.
  EXPECT_EQ(log.substr(9, 3), "abc");
}

TEST(Failures, EachBrokenInputHasItsOwnReason) {
  ClassifierOptions o;
  o.max_log_bytes = 1500;
  auto stream = StreamFor({kApp}, o);
  const struct {
    std::string log;
    FailureReason reason;
    std::string error;
  } cases[] = {
      {"{\"n\": 1,", FailureReason::kMalformedJson, ""},
      {"{\"n\": tru}", FailureReason::kMalformedJson, ""},
      {"not json", FailureReason::kMalformedJson, ""},
      {"{\"n\":1} {\"n\":2}", FailureReason::kMalformedJson,
       "malformed JSON: content after the end of the object"},
      {"[1, 2]", FailureReason::kNotAnObject, "expected a JSON object, got an array"},
      {"\"str\"", FailureReason::kNotAnObject, "expected a JSON object, got a string"},
      {"42", FailureReason::kNotAnObject, "expected a JSON object, got a number"},
      {std::string("{\"msg\": \"a\xff\"}"), FailureReason::kInvalidUtf8,
       "invalid UTF-8 at offset 10"},
      {std::string("{\"msg\": \"a\0b\"}", 14), FailureReason::kNulByte,
       "NUL byte at offset 10"},
      {"{" + std::string(1600, ' ') + "}", FailureReason::kTooLarge,
       "log is 1602 bytes; the limit is 1500"},
      {std::string(600, '[') + std::string(600, ']'), FailureReason::kTooDeep,
       "JSON nested deeper than 512 levels"},
  };
  for (const auto& c : cases) {
    const ClassifyResult& r = stream->Classify(c.log);
    ASSERT_EQ(r.kind, ClassifyResult::Kind::kFailure) << c.log;
    EXPECT_EQ(r.failure->best.reason, c.reason) << c.log << " -> " << r.json;
    if (!c.error.empty()) {
      EXPECT_EQ(r.failure->best.error, c.error);
    }
  }
  // Blank lines are skipped, not failures.
  EXPECT_EQ(stream->Classify(" \t\r\n").kind, ClassifyResult::Kind::kSkipped);
  EXPECT_EQ(stream->Classify("").kind, ClassifyResult::Kind::kSkipped);
  const ClassifierStats& s = stream->stats();
  EXPECT_EQ(s.logs, 13u);
  EXPECT_EQ(s.failures, 11u);
  EXPECT_EQ(s.skipped, 2u);
  EXPECT_EQ(s.events, 0u);
}

const char kA[] = R"(
version: 0
schema: Custom.A
fields:
  - {name: a, type: string, required: true}
  - {name: n, type: int}
)";
const char kB[] = R"(
version: 0
schema: Custom.B
fields:
  - {name: b, type: string, required: true}
  - {name: n, type: int}
)";
const char kAB[] = R"(
version: 0
schema: Custom.AB
fields:
  - {name: a, type: string, required: true}
  - {name: b, type: string, required: true}
  - {name: n, type: int, required: true}
)";

TEST(SeveralLogTypes, FirstSuccessWinsAndAdaptiveOrder) {
  auto stream = StreamFor({kA, kB});
  EXPECT_EQ(stream->Classify(R"({"b":"x"})").log_type, "Custom.B");
  EXPECT_EQ(stream->Classify(R"({"b":"y"})").log_type, "Custom.B");
  EXPECT_EQ(stream->Classify(R"({"a":"x"})").log_type, "Custom.A");
  // Both match: the one that matched last is tried first.
  EXPECT_EQ(stream->Classify(R"({"a":"x","b":"y"})").log_type, "Custom.A");
  const ClassifierStats& s = stream->stats();
  EXPECT_EQ(s.events, 4u);
  ASSERT_EQ(s.per_log_type.size(), 2u);
  EXPECT_EQ(s.per_log_type[0].log_type, "Custom.A");
  EXPECT_EQ(s.per_log_type[0].events, 2u);
  EXPECT_EQ(s.per_log_type[1].events, 2u);
  // A was tried first on the first line (missed), then B was favourite when
  // the A line came (missed once).
  EXPECT_EQ(s.per_log_type[0].misses, 1u);
  EXPECT_EQ(s.per_log_type[1].misses, 1u);
}

TEST(SeveralLogTypes, FailureNamesTheFurthestAndEveryAttempt) {
  auto stream = StreamFor({kA, kB, kAB});
  // AB decodes up to n; A and B fail on n too. The furthest is the one whose
  // error lies deepest in the log; ties go to the first tried.
  const ClassifyResult& r = stream->Classify(R"({"a":"x","b":"y","n":"bad"})");
  ASSERT_EQ(r.kind, ClassifyResult::Kind::kFailure);
  EXPECT_EQ(r.failure->best.reason, FailureReason::kTypeMismatch);
  EXPECT_EQ(r.failure->best.field, "n");
  ASSERT_EQ(r.failure->attempts.size(), 3u);
  EXPECT_THAT(std::string(r.json), HasSubstr("\"tried\":[{\"id\":\"Custom.A\""));
  // Nothing has the keys any type requires: no schema matched at all.
  const ClassifyResult& r2 = stream->Classify(R"({"c":"x"})");
  ASSERT_EQ(r2.kind, ClassifyResult::Kind::kFailure);
  EXPECT_EQ(r2.failure->best.reason, FailureReason::kNoSchemaMatched);
  EXPECT_EQ(r2.failure->attempts.size(), 3u);
  for (const FailureAttempt& a : r2.failure->attempts) {
    EXPECT_EQ(a.reason, FailureReason::kMissingRequired) << a.log_type;
  }
}

const char kNested[] = R"(
version: 0
schema: Custom.N
fields:
  - name: r
    type: object
    required: true
    fields:
      - {name: s, type: int, required: true}
  - {name: t, type: string, required: true}
)";

std::string WithoutRowId(std::string_view json) {
  std::string s(json);
  const size_t at = s.find(",\"p_row_id\":\"");
  if (at != std::string::npos) s.erase(at, 13 + 32 + 1);
  return s;
}

// Streams that have seen different logs try the types in different orders
// (a batch job's blocks, threads); the record of a failing log must be the
// same on all of them: the attempts in the order the schemas were given, and
// a type missing a required key reads as such however far it was decoded.
TEST(SeveralLogTypes, FailureRecordDoesNotDependOnAdaptiveOrder) {
  const std::string failing = R"({"r":{},"n":"bad","a":"x"})";
  auto fresh = StreamFor({kA, kB, kAB, kNested});
  const std::string expected = WithoutRowId(fresh->Classify(failing).json);

  auto seasoned = StreamFor({kA, kB, kAB, kNested});
  ASSERT_EQ(seasoned->Classify(R"({"b":"y"})").log_type, "Custom.B");
  ASSERT_EQ(seasoned->Classify(R"({"r":{"s":1},"t":"x"})").log_type, "Custom.N");
  const ClassifyResult& r = seasoned->Classify(failing);
  ASSERT_EQ(r.kind, ClassifyResult::Kind::kFailure);
  EXPECT_EQ(WithoutRowId(r.json), expected);

  // Worked out by hand: A decodes up to n (bad, offset 13 after its quote); the others
  // miss a top-level required key: b (B, AB) and t (N, not r.s).
  EXPECT_EQ(r.log_type, "Custom.A");
  EXPECT_EQ(r.failure->best.field, "n");
  EXPECT_EQ(r.failure->best.offset, 13);
  ASSERT_EQ(r.failure->attempts.size(), 4u);
  const char* const types[] = {"Custom.A", "Custom.B", "Custom.AB", "Custom.N"};
  const char* const fields[] = {"n", "b", "b", "t"};
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(r.failure->attempts[i].log_type, types[i]);
    EXPECT_EQ(r.failure->attempts[i].field, fields[i]) << types[i];
  }
}

// A document broken where only reading finds it (a missing comma inside a
// key no schema knows): the log fails, though no type reads that key, and the
// error is the document's, not that of whichever type read it first.
TEST(SeveralLogTypes, BrokenDocumentErrorDoesNotDependOnAdaptiveOrder) {
  const std::string truncated = R"({"a":"x","b":"y","z":[1 2],"n":1})";
  auto fresh = StreamFor({kA, kB});
  const ClassifyResult& first = fresh->Classify(truncated);
  ASSERT_EQ(first.kind, ClassifyResult::Kind::kFailure);
  const std::string expected = WithoutRowId(first.json);
  EXPECT_EQ(first.failure->best.reason, FailureReason::kMalformedJson);
  EXPECT_EQ(first.failure->best.field, "z") << first.json;
  EXPECT_EQ(first.failure->best.offset, 21);  // the broken array's '['

  auto seasoned = StreamFor({kA, kB});
  ASSERT_EQ(seasoned->Classify(R"({"b":"y"})").log_type, "Custom.B");  // B goes first
  EXPECT_EQ(WithoutRowId(seasoned->Classify(truncated).json), expected);
  // And the stream goes on reading well-formed logs.
  EXPECT_EQ(seasoned->Classify(R"({"a":"z"})").kind, ClassifyResult::Kind::kEvent);
}

TEST(Classifier, RefusesNativeAndDuplicateSchemas) {
  auto native = testing::MustLoad(
      "version: 0\nschema: AWS.X\nparser:\n  native:\n    name: AWS.X\nfields:\n"
      "  - {name: a, type: string}\n");
  auto c = Classifier::Create({native});
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(std::string(c.status().message()),
              HasSubstr("needs Panther's native parser \"AWS.X\""));
  auto a = testing::MustLoad(kA);
  auto dup = Classifier::Create({a, a});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().message(), "log type Custom.A is attached twice");
  EXPECT_FALSE(Classifier::Create({}).ok());
}

}  // namespace
}  // namespace loghealth

namespace loghealth {
namespace {

TEST(Failures, TenMegabyteLineIsTooLargeAndKeptWhole) {
  auto stream = StreamFor({kApp});
  const std::string log = "{\"msg\":\"" + std::string(10 << 20, 'x') + "\",\"n\":1}";
  const ClassifyResult& r = stream->Classify(log);
  ASSERT_EQ(r.kind, ClassifyResult::Kind::kFailure);
  EXPECT_EQ(r.failure->best.reason, FailureReason::kTooLarge);
  EXPECT_EQ(r.failure->best.error, "log is 10485776 bytes; the limit is 8388608");
  EXPECT_NE(r.json.find(std::string(10 << 20, 'x')), std::string_view::npos);
  // Under the limit, the same shape is an event.
  ClassifierOptions o;
  o.max_log_bytes = 16 << 20;
  auto big = StreamFor({kApp}, o);
  EXPECT_EQ(big->Classify(log).kind, ClassifyResult::Kind::kEvent);
}

TEST(Classifier, OneClassifierSharedByThreads) {
  auto classifier = Classifier::Create({testing::MustLoad(kA), testing::MustLoad(kB)},
                                       testing::Deterministic());
  ASSERT_TRUE(classifier.ok());
  std::vector<std::thread> threads;
  std::vector<ClassifierStats> stats(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      ClassifierStream stream(*classifier);
      for (int i = 0; i < 5000; ++i) {
        stream.Classify(i % 3 == 0   ? R"({"a":"x","n":1})"
                        : i % 3 == 1 ? R"({"b":"y"})"
                                     : R"({"n":"bad"})");
      }
      stats[t] = stream.stats();
    });
  }
  for (std::thread& th : threads) th.join();
  for (const ClassifierStats& s : stats) {
    EXPECT_EQ(s.logs, 5000u);
    EXPECT_EQ(s.events, 3334u);    // i % 3 == 0 (1667) and == 1 (1667)
    EXPECT_EQ(s.failures, 1666u);
  }
}

TEST(Failures, BrokenJsonIsBrokenForEveryTypeWhateverThePrefilterRead) {
  // Found writing the GitLab built-ins: with three types or more the key
  // prefilter ran over a document cut short and made the later types report
  // a present field as missing.
  auto stream = StreamFor(
      {"version: 0\nschema: Custom.A\nfields:\n  - {name: a, type: string, required: true}\n"
       "  - {name: b, type: string, required: true}\n",
       "version: 0\nschema: Custom.B\nfields:\n  - {name: a, type: string, required: true}\n"
       "  - {name: c, type: string, required: true}\n",
       "version: 0\nschema: Custom.C\nfields:\n  - {name: d, type: string, required: true}\n"});
  for (int i = 0; i < 3; ++i) {  // the adaptive order moves nothing: all fail
    const ClassifyResult& r = stream->Classify(R"({"a":"x","b":"y",)");
    ASSERT_EQ(r.kind, ClassifyResult::Kind::kFailure);
    EXPECT_EQ(r.failure->best.reason, FailureReason::kMalformedJson) << r.json;
    for (const FailureAttempt& a : r.failure->attempts) {
      EXPECT_EQ(a.reason, FailureReason::kMalformedJson) << a.log_type << ": " << a.error;
    }
  }
}

}  // namespace
}  // namespace loghealth
