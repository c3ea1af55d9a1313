// loghealth's schema extensions (docs/log-types.md), each against events and
// failures worked out by hand: envelopes, case-insensitive keys, rename,
// rawEvent, precedence, requireAny, min/max, pattern, and the indicators
// dns_name, ip_in_text, aws_resources and indicatorsBy.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "simdjson.h"
#include "tests/classify/classify_testing.h"

namespace loghealth {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::PantherFields;
using testing::StreamFor;

// A p_ field's JSON text in an event, or "<none>".
std::string Field(std::string_view event, const char* key) {
  simdjson::dom::parser parser;
  simdjson::dom::element e;
  if (parser.parse(std::string(event)).get(e)) return "<not JSON>";
  simdjson::dom::element v;
  if (e[key].get(v)) return "<none>";
  return simdjson::minify(v);
}

std::string FailureField(const ClassifyResult& r, const char* key) {
  return r.kind == ClassifyResult::Kind::kFailure ? Field(r.json, key) : "<event>";
}

const char kTrail[] = R"(
version: 0
schema: Test.Trail
parser:
  json:
    envelope: Records
    envelopeOptional: true
fields:
  - {name: eventName, type: string, required: true}
  - {name: eventTime, type: timestamp, timeFormat: rfc3339, isEventTime: true}
)";

TEST(Envelope, EachElementIsAnEvent) {
  auto stream = StreamFor({kTrail});
  const ClassifyResult& r = stream->Classify(
      R"({"Records": [{"eventName": "A", "eventTime": "2024-05-01T10:00:00Z"},)"
      R"( {"eventName": "B", "x": 1}]})");
  ASSERT_EQ(r.kind, ClassifyResult::Kind::kEvent) << r.json;
  EXPECT_EQ(r.event_count, 2u);
  EXPECT_EQ(r.json,
            "{\"eventName\":\"A\",\"eventTime\":\"2024-05-01T10:00:00Z\",\"p_log_type\":"
            "\"Test.Trail\",\"p_row_id\":\"0000000000000abc0000000000000000\",\"p_event_time\":"
            "\"2024-05-01T10:00:00Z\",\"p_parse_time\":\"2026-01-02T03:04:05Z\"}\n"
            "{\"eventName\":\"B\"," +
                PantherFields("Test.Trail", 1) + "}");
  EXPECT_EQ(stream->stats().events, 1u);
  EXPECT_EQ(stream->stats().event_records, 2u);
}

TEST(Envelope, OptionalEnvelopeEmptyAndBroken) {
  auto stream = StreamFor({kTrail});
  // No envelope: the object is the event.
  const ClassifyResult& bare = stream->Classify(R"({"eventName": "C"})");
  ASSERT_EQ(bare.kind, ClassifyResult::Kind::kEvent) << bare.json;
  EXPECT_EQ(bare.event_count, 1u);
  EXPECT_EQ(bare.json, "{\"eventName\":\"C\"," + PantherFields("Test.Trail", 0) + "}");
  // An empty envelope is taken, with no event.
  EXPECT_EQ(stream->Classify(R"({"Records": []})").kind, ClassifyResult::Kind::kSkipped);
  // One bad element fails the whole log, naming it.
  const ClassifyResult& bad =
      stream->Classify(R"({"Records": [{"eventName": "A"}, {"eventTime": "x"}]})");
  ASSERT_EQ(bad.kind, ClassifyResult::Kind::kFailure);
  EXPECT_EQ(FailureField(bad, "field"), "\"Records[1].eventTime\"");
  EXPECT_EQ(FailureField(bad, "reason"), "\"bad_timestamp\"");
  const ClassifyResult& not_array = stream->Classify(R"({"Records": {"eventName": "A"}})");
  ASSERT_EQ(not_array.kind, ClassifyResult::Kind::kFailure);
  EXPECT_EQ(FailureField(not_array, "reason"), "\"type_mismatch\"");
}

TEST(Envelope, RequiredEnvelope) {
  std::string yaml = kTrail;
  yaml.replace(yaml.find("    envelopeOptional: true\n"), 27, "");
  auto stream = StreamFor({yaml});
  const ClassifyResult& r = stream->Classify(R"({"eventName": "C"})");
  ASSERT_EQ(r.kind, ClassifyResult::Kind::kFailure);
  EXPECT_EQ(FailureField(r, "reason"), "\"missing_required\"");
  EXPECT_EQ(FailureField(r, "field"), "\"Records\"");
}

TEST(CaseInsensitiveKeys, ExactOrAnyCaseOutputInTheSchemasSpelling) {
  auto stream = StreamFor({R"(
version: 0
schema: Test.Legacy
parser:
  json:
    caseInsensitiveKeys: true
fields:
  - {name: eventId, type: string, required: true}
  - name: caller
    type: object
    fields:
      - {name: callerIP, type: string, indicators: [ip]}
)"});
  const ClassifyResult& r =
      stream->Classify(R"({"EVENTID": "e1", "caller": {"callerIp": "10.0.0.1"}})");
  ASSERT_EQ(r.kind, ClassifyResult::Kind::kEvent) << r.json;
  EXPECT_EQ(r.json, "{\"eventId\":\"e1\",\"caller\":{\"callerIP\":\"10.0.0.1\"}," +
                        PantherFields("Test.Legacy", 0) +
                        ",\"p_any_ip_addresses\":[\"10.0.0.1\"]}");
  // Without the option, case matters (the prefilter and the decoder agree).
  auto strict = StreamFor({"version: 0\nschema: Test.Strict\nfields:\n"
                           "  - {name: eventId, type: string, required: true}\n"});
  EXPECT_EQ(strict->Classify(R"({"EVENTID": "e1"})").kind, ClassifyResult::Kind::kFailure);
}

TEST(Rename, FilledFromAnotherKey) {
  auto stream = StreamFor({R"(
version: 0
schema: Test.Osq
fields:
  - name: logType
    type: string
    required: true
    rename: {from: log_type}
)"});
  const ClassifyResult& r = stream->Classify(R"({"logType": "ignored", "log_type": "result"})");
  ASSERT_EQ(r.kind, ClassifyResult::Kind::kEvent) << r.json;
  EXPECT_EQ(r.json, "{\"logType\":\"result\"," + PantherFields("Test.Osq", 0) + "}");
  const ClassifyResult& missing = stream->Classify(R"({"logType": "result"})");
  ASSERT_EQ(missing.kind, ClassifyResult::Kind::kFailure);
  EXPECT_EQ(FailureField(missing, "field"), "\"log_type\"");
}

TEST(RawEvent, TheWholeObjectCompact) {
  auto stream = StreamFor({R"(
version: 0
schema: Test.Catch
fields:
  - {name: kind, type: string, required: true, indicators: [username]}
  - {name: payload, type: json, rawEvent: true}
)"});
  const ClassifyResult& r =
      stream->Classify("{ \"kind\" : \"x\",\n  \"other\": [1, {\"a\": \"<b>\"}] }");
  ASSERT_EQ(r.kind, ClassifyResult::Kind::kEvent) << r.json;
  EXPECT_EQ(r.json,
            "{\"kind\":\"x\",\"payload\":{\"kind\":\"x\",\"other\":[1,{\"a\":\"<b>\"}]}," +
                PantherFields("Test.Catch", 0) + ",\"p_any_usernames\":[\"x\"]}");
}

TEST(Precedence, HigherFirstAndCatchAllsLast) {
  const char kSpecific[] =
      "version: 0\nschema: Test.Specific\nprecedence: 1\nfields:\n"
      "  - {name: a, type: string, required: true}\n  - {name: b, type: string, required: true}\n";
  const char kGeneral[] =
      "version: 0\nschema: Test.General\nfields:\n  - {name: a, type: string, required: true}\n";
  const char kCatchAll[] =
      "version: 0\nschema: Test.Any\nprecedence: -1\nfields:\n  - {name: a, type: string}\n";
  // Given in the worst order, and after the general type has won a log.
  auto stream = StreamFor({kCatchAll, kGeneral, kSpecific});
  EXPECT_EQ(stream->Classify(R"({"a": "1"})").log_type, "Test.General");
  EXPECT_EQ(stream->Classify(R"({"a": "1", "b": "2"})").log_type, "Test.Specific");
  EXPECT_EQ(stream->Classify(R"({"a": "1"})").log_type, "Test.General");
  EXPECT_EQ(stream->Classify(R"({"z": "1"})").log_type, "Test.Any");
  EXPECT_EQ(stream->Classify(R"({"a": "1"})").log_type, "Test.General");
}

TEST(RequireAny, OneOfThemMustBeThere) {
  auto stream = StreamFor({R"(
version: 0
schema: Test.Prod
requireAny: [action, etag_route]
fields:
  - {name: action, type: string}
  - {name: etag_route, type: string}
  - {name: path, type: string}
)"});
  EXPECT_EQ(stream->Classify(R"({"action": ""})").kind, ClassifyResult::Kind::kEvent);
  EXPECT_EQ(stream->Classify(R"({"etag_route": "x"})").kind, ClassifyResult::Kind::kEvent);
  const ClassifyResult& r = stream->Classify(R"({"path": "/", "action": null})");
  ASSERT_EQ(r.kind, ClassifyResult::Kind::kFailure);
  EXPECT_EQ(FailureField(r, "reason"), "\"missing_required\"");
  EXPECT_EQ(FailureField(r, "expected"), "\"one of action, etag_route\"");
}

TEST(Validate, BoundsAndPatterns) {
  auto stream = StreamFor({R"(
version: 0
schema: Test.Rules
fields:
  - {name: port, type: int, validate: {min: 0, max: 65535}}
  - {name: ratio, type: float, validate: {max: 1}}
  - {name: uuid, type: string, validate: {pattern: '[0-9a-f]{8}'}}
)"});
  EXPECT_EQ(stream->Classify(R"({"port": 65535, "ratio": 0.5, "uuid": "0123abcd"})").kind,
            ClassifyResult::Kind::kEvent);
  const ClassifyResult& port = stream->Classify(R"({"port": "65536"})");
  ASSERT_EQ(port.kind, ClassifyResult::Kind::kFailure);
  EXPECT_EQ(FailureField(port, "reason"), "\"not_allowed\"");
  EXPECT_EQ(FailureField(port, "expected"), "\"int from 0 to 65535\"");
  EXPECT_EQ(stream->Classify(R"({"port": -1})").kind, ClassifyResult::Kind::kFailure);
  EXPECT_EQ(stream->Classify(R"({"ratio": 1.5})").kind, ClassifyResult::Kind::kFailure);
  // The whole value must match, in any case... of this pattern: lower only.
  EXPECT_EQ(stream->Classify(R"({"uuid": "0123ABCD"})").kind, ClassifyResult::Kind::kFailure);
  EXPECT_EQ(stream->Classify(R"({"uuid": "0123abcde"})").kind, ClassifyResult::Kind::kFailure);
}

TEST(Indicators, DnsNamesAndIpsInText) {
  auto stream = StreamFor({R"(
version: 0
schema: Test.Dns
fields:
  - {name: query, type: string, indicators: [dns_name]}
  - {name: message, type: string, indicators: [ip_in_text]}
)"});
  const ClassifyResult& r = stream->Classify(
      R"({"query": "api.example.com.", "message": "from 10.0.0.1:22 to 192.168.1.300, )"
      R"(v1.2.3.4 and 8.8.8.8."})");
  ASSERT_EQ(r.kind, ClassifyResult::Kind::kEvent) << r.json;
  EXPECT_EQ(Field(r.json, "p_any_domain_names"), "[\"api.example.com\"]");
  // 192.168.1.300 is no address; "v1.2.3.4" is part of a word.
  EXPECT_EQ(Field(r.json, "p_any_ip_addresses"), "[\"10.0.0.1\",\"8.8.8.8\"]");
}

TEST(Indicators, ChosenBySiblingValue) {
  auto stream = StreamFor({R"(
version: 0
schema: Test.Answers
fields:
  - name: answers
    type: array
    element:
      type: object
      fields:
        - name: Rdata
          type: string
          indicatorsBy:
            field: Type
            cases:
              A: [ip]
              CNAME: [dns_name]
        - {name: Type, type: string}
)"});
  const ClassifyResult& r = stream->Classify(
      R"({"answers": [{"Type": "A", "Rdata": "192.0.2.1"}, {"Rdata": "a.example.com.",)"
      R"( "Type": "CNAME"}, {"Rdata": "b.example.com", "Type": "TXT"}, {"Rdata": "10.1.1.1"}]})");
  ASSERT_EQ(r.kind, ClassifyResult::Kind::kEvent) << r.json;
  EXPECT_EQ(Field(r.json, "p_any_ip_addresses"), "[\"192.0.2.1\"]");
  EXPECT_EQ(Field(r.json, "p_any_domain_names"), "[\"a.example.com\"]");
}

TEST(Indicators, AwsResourcesInsideJsonValues) {
  auto stream = StreamFor({R"(
version: 0
schema: Test.Trail
fields:
  - {name: requestParameters, type: json, indicators: [aws_resources]}
  - {name: responseElements, type: json, indicators: [aws_resources]}
)"});
  const ClassifyResult& r = stream->Classify(R"({
    "requestParameters": {
      "keyId": "arn:aws:kms:us-west-2:888888888888:key/72c37aae",
      "encryptionContext": {"aws:s3:arn": "arn:aws:s3:::bucket/key"},
      "instancesSet": {"items": [{"instanceId": "i-0abc", "privateIpAddress": " 10.0.0.5 "}]},
      "ownerAccountId": "123456789012",
      "recipientAccountId": "arn:aws:iam::111111111111:root",
      "tags": [{"Key": "team", "Value": "sec"}, {"key": "empty", "value": ""}],
      "domain": "internal.example",
      "count": 3
    },
    "responseElements": null})");
  ASSERT_EQ(r.kind, ClassifyResult::Kind::kEvent) << r.json;
  EXPECT_EQ(Field(r.json, "responseElements"), "null");
  EXPECT_EQ(Field(r.json, "p_any_aws_arns"),
            "[\"arn:aws:kms:us-west-2:888888888888:key/72c37aae\",\"arn:aws:s3:::bucket/key\"]");
  // An ARN under a key ending in AccountId is no account id and no ARN.
  EXPECT_EQ(Field(r.json, "p_any_aws_account_ids"), "[\"123456789012\",\"888888888888\"]");
  EXPECT_EQ(Field(r.json, "p_any_aws_instance_ids"), "[\"i-0abc\"]");
  EXPECT_EQ(Field(r.json, "p_any_ip_addresses"), "[\"10.0.0.5\"]");
  EXPECT_EQ(Field(r.json, "p_any_aws_tags"), "[\"team:sec\"]");
  EXPECT_EQ(Field(r.json, "p_any_domain_names"), "[\"internal.example\"]");
}

TEST(ExtensionErrors, SchemasThatMisuseThem) {
  auto errors = [](const std::string& yaml) {
    SchemaLoadResult r = LoadSchema(yaml);
    std::vector<std::string> out;
    for (const SchemaError& e : r.errors) out.push_back(e.path + ": " + e.message);
    return out;
  };
  EXPECT_THAT(errors("version: 0\nschema: T.A\nrequireAny: [a, z]\nfields:\n"
                     "  - {name: a, type: string}\n"),
              ElementsAre("requireAny[1]: \"z\" is not a top-level field"));
  EXPECT_THAT(errors("version: 0\nschema: T.A\nfields:\n"
                     "  - {name: a, type: string, rawEvent: true}\n"),
              ElementsAre("fields[0] \"a\": rawEvent is only for type json"));
  EXPECT_THAT(errors("version: 0\nschema: T.A\nfields:\n"
                     "  - {name: a, type: string, validate: {min: 1}}\n"),
              ElementsAre("fields[0] \"a\".validate: min and max are only for numbers, not "
                          "string"));
  EXPECT_THAT(errors("version: 0\nschema: T.A\nfields:\n"
                     "  - {name: a, type: string, validate: {pattern: '(x'}}\n"),
              ElementsAre(HasSubstr("validate.pattern: RE2 rejected the expression")));
  EXPECT_THAT(errors("version: 0\nschema: T.A\nparser:\n  json:\n    envelopeOptional: true\n"
                     "fields:\n  - {name: a, type: string}\n"),
              ElementsAre("parser.json.envelopeOptional: needs envelope"));
  EXPECT_THAT(errors("version: 0\nschema: T.A\nfields:\n"
                     "  - name: a\n    type: string\n    indicatorsBy: {field: b, cases: {x: [ip]}}\n"),
              ElementsAre("fields[0] \"a\".indicatorsBy.field: \"b\" is not another field of "
                          "the same object"));
  EXPECT_THAT(errors("version: 0\nschema: T.A\nfields:\n"
                     "  - {name: a, type: string, indicators: [aws_resources]}\n"),
              ElementsAre("fields[0] \"a\": indicator aws_resources is only for type json"));
}

}  // namespace
}  // namespace loghealth
