// Every schema key and every validation error, each with its exact message.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "loghealth/schema.h"

namespace loghealth {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// "path: message" for each error (no file, so no line).
std::vector<std::string> Errors(const std::string& text) {
  SchemaLoadResult r = LoadSchema(text);
  std::vector<std::string> out;
  for (const SchemaError& e : r.errors) out.push_back(e.ToString());
  return out;
}

// A valid schema header; tests append their fields.
std::string WithFields(const std::string& fields) {
  return "version: 0\nschema: Custom.Test\nfields:\n" + fields;
}

TEST(SchemaLoader, ReadsEveryKey) {
  const std::string yaml = R"(
version: 0
schema: Custom.Everything
description: All the keys
referenceURL: https://example.com/docs
parser:
  fastmatch:
    match:
      - '%{ip} - %{user} [%{time}] "%{request}"'
      - '%{ip} %{rest}'
    emptyValues: ["-"]
    trimSpace: true
    skipPrefix: "#"
    expandFields:
      full: '%{ip}/%{user}'
definitions:
  Actor:
    type: object
    fields:
      - name: id
        type: string
fields:
  - name: ip
    description: client address
    required: true
    type: string
    indicators: [ip]
    validate:
      ip: any
  - name: net
    type: string
    validate:
      cidr: ipv4
  - name: user
    type: string
    validate:
      deny: [root, admin]
  - name: level
    type: string
    validate:
      allow: [info, warn]
  - name: time
    type: timestamp
    timeFormat: "%d/%b/%Y:%H:%M:%S %z"
    isEventTime: true
  - name: seen
    type: timestamp
    timeFormats: [rfc3339, unix_ms]
  - name: counts
    type: array
    element:
      type: bigint
  - name: actor
    type: ref
    target: Actor
  - name: blob
    type: json
    isEmbeddedJSON: true
  - {name: a, type: int}
  - {name: b, type: smallint}
  - {name: c, type: float}
  - {name: d, type: boolean}
)";
  SchemaLoadResult r = LoadSchema(yaml, "everything.yml");
  ASSERT_TRUE(r.ok()) << r.ErrorText();
  const LogSchema& s = *r.schema;
  EXPECT_EQ(s.schema(), "Custom.Everything");
  EXPECT_EQ(s.description(), "All the keys");
  EXPECT_EQ(s.reference_url(), "https://example.com/docs");
  EXPECT_EQ(s.version(), 0);
  ASSERT_TRUE(s.parser().has_fastmatch());
  const auto& fm = s.parser().fastmatch();
  ASSERT_EQ(fm.match_size(), 2);
  EXPECT_EQ(fm.match(0), "%{ip} - %{user} [%{time}] \"%{request}\"");
  EXPECT_THAT(fm.options().empty_values(), ElementsAre("-"));
  EXPECT_TRUE(fm.options().trim_space());
  EXPECT_EQ(fm.options().skip_prefix(), "#");
  ASSERT_EQ(fm.options().expand_fields_size(), 1);
  EXPECT_EQ(fm.options().expand_fields(0).name(), "full");
  EXPECT_EQ(fm.options().expand_fields(0).template_(), "%{ip}/%{user}");
  ASSERT_EQ(s.definitions_size(), 1);
  EXPECT_EQ(s.definitions(0).name(), "Actor");
  EXPECT_EQ(s.definitions(0).value().type(), schema::OBJECT);
  EXPECT_EQ(s.definitions(0).value().fields(0).name(), "id");

  ASSERT_EQ(s.fields_size(), 13);
  EXPECT_EQ(s.fields(0).name(), "ip");
  EXPECT_EQ(s.fields(0).description(), "client address");
  EXPECT_TRUE(s.fields(0).required());
  EXPECT_EQ(s.fields(0).type(), schema::STRING);
  EXPECT_THAT(s.fields(0).indicators(), ElementsAre("ip"));
  EXPECT_EQ(s.fields(0).validate().ip(), schema::ANY);
  EXPECT_EQ(s.fields(1).validate().cidr(), schema::IPV4);
  EXPECT_THAT(s.fields(2).validate().deny(), ElementsAre("root", "admin"));
  EXPECT_THAT(s.fields(3).validate().allow(), ElementsAre("info", "warn"));
  EXPECT_EQ(s.fields(4).time_format(), "%d/%b/%Y:%H:%M:%S %z");
  EXPECT_TRUE(s.fields(4).is_event_time());
  EXPECT_THAT(s.fields(5).time_formats(), ElementsAre("rfc3339", "unix_ms"));
  EXPECT_EQ(s.fields(6).type(), schema::ARRAY);
  EXPECT_EQ(s.fields(6).element().type(), schema::BIGINT);
  EXPECT_EQ(s.fields(7).type(), schema::REF);
  EXPECT_EQ(s.fields(7).target(), "Actor");
  EXPECT_EQ(s.fields(8).type(), schema::JSON);
  EXPECT_TRUE(s.fields(8).is_embedded_json());
  EXPECT_EQ(s.fields(9).type(), schema::INT);
  EXPECT_EQ(s.fields(10).type(), schema::SMALLINT);
  EXPECT_EQ(s.fields(11).type(), schema::FLOAT);
  EXPECT_EQ(s.fields(12).type(), schema::BOOLEAN);
  EXPECT_FALSE(IsNativeSchema(s));
}

TEST(SchemaLoader, ReadsRegexCsvAndNativeParsers) {
  SchemaLoadResult regex = LoadSchema(R"(
version: 0
schema: Custom.Regex
parser:
  regex:
    patternDefinitions:
      LEVEL: (?:INFO|WARN)
    match:
      - '^%{TIMESTAMP_ISO8601:time} '
      - '%{LEVEL:level} %{GREEDYDATA:message}$'
    skipLines: 2
fields:
  - {name: time, type: timestamp, timeFormat: rfc3339}
  - {name: level, type: string}
  - {name: message, type: string}
)");
  ASSERT_TRUE(regex.ok()) << regex.ErrorText();
  const auto& re = regex.schema->parser().regex();
  EXPECT_EQ(re.match_size(), 2);
  ASSERT_EQ(re.pattern_definitions_size(), 1);
  EXPECT_EQ(re.pattern_definitions(0).name(), "LEVEL");
  EXPECT_EQ(re.pattern_definitions(0).pattern(), "(?:INFO|WARN)");
  EXPECT_EQ(re.options().skip_lines(), 2);

  SchemaLoadResult csv = LoadSchema(R"(
version: 0
schema: Custom.Csv
parser:
  csv:
    delimiter: "\t"
    hasHeader: true
    columns: [a, b]
fields:
  - {name: a, type: string}
)");
  ASSERT_TRUE(csv.ok()) << csv.ErrorText();
  EXPECT_EQ(csv.schema->parser().csv().delimiter(), "\t");
  EXPECT_TRUE(csv.schema->parser().csv().has_header());
  EXPECT_THAT(csv.schema->parser().csv().columns(), ElementsAre("a", "b"));

  SchemaLoadResult native = LoadSchema(R"(
version: 0
schema: AWS.CloudTrail
parser:
  native:
    name: AWS.CloudTrail
fields:
  - {name: eventTime, type: timestamp, timeFormat: layout=2006-01-02T15:04:05}
)");
  ASSERT_TRUE(native.ok()) << native.ErrorText();
  EXPECT_TRUE(IsNativeSchema(*native.schema));
  EXPECT_EQ(native.schema->parser().native().name(), "AWS.CloudTrail");
}

TEST(SchemaLoader, JsonWithTheSameKeysGivesTheSameModel) {
  const std::string yaml = R"(
version: 0
schema: Custom.Json
fields:
  - name: t
    type: timestamp
    timeFormats: [rfc3339]
    isEventTime: true
  - name: tags
    type: array
    element: {type: string}
    indicators: [domain]
)";
  const std::string json = R"({
  "version": 0, "schema": "Custom.Json",
  "fields": [
    {"name": "t", "type": "timestamp", "timeFormats": ["rfc3339"], "isEventTime": true},
    {"name": "tags", "type": "array", "element": {"type": "string"}, "indicators": ["domain"]}
  ]
})";
  SchemaLoadResult from_yaml = LoadSchema(yaml);
  SchemaLoadResult from_json = LoadSchema(json, "x.json", SchemaFormat::kJson);
  ASSERT_TRUE(from_yaml.ok()) << from_yaml.ErrorText();
  ASSERT_TRUE(from_json.ok()) << from_json.ErrorText();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
      *from_yaml.schema, *from_json.schema));
  // And the JSON form prints with Panther's key names.
  const std::string printed = SchemaToJson(*from_json.schema);
  EXPECT_THAT(printed, HasSubstr("\"timeFormats\""));
  EXPECT_THAT(printed, HasSubstr("\"isEventTime\": true"));
}

TEST(SchemaErrors, MissingRequiredKeys) {
  EXPECT_THAT(Errors("description: nothing else\n"),
              ElementsAre("missing required key \"schema\"",
                          "missing required key \"version\"",
                          "missing required key \"fields\""));
  EXPECT_THAT(Errors(WithFields("  - description: anonymous\n")),
              ElementsAre("fields[0]: missing required key \"name\"",
                          "fields[0]: missing required key \"type\""));
}

TEST(SchemaErrors, UnknownTypeSuggestsTheNearest) {
  EXPECT_THAT(Errors(WithFields("  - {name: id, type: strng}\n")),
              ElementsAre("fields[0] \"id\": unknown type \"strng\" (did you mean "
                          "\"string\"?); valid types: string, int, smallint, "
                          "bigint, float, boolean, timestamp, object, array, "
                          "json, ref"));
}

TEST(SchemaErrors, UnknownKeySuggestsTheNearest) {
  EXPECT_THAT(Errors(WithFields("  - {name: id, type: string, requird: true}\n")),
              ElementsAre("fields[0] \"id\": unknown key \"requird\" (did you "
                          "mean \"required\"?)"));
  EXPECT_THAT(Errors(WithFields("  - {name: id, type: string, timeformat: unix}\n")),
              ElementsAre("fields[0] \"id\": unknown key \"timeformat\" (did you "
                          "mean \"timeFormat\"?)"));
  EXPECT_THAT(
      Errors("version: 0\nschema: Custom.A\nreferenceUrl: x\nfields:\n  - {name: "
             "a, type: string}\n"),
      ElementsAre("unknown key \"referenceUrl\" (did you mean \"referenceURL\"?)"));
  // Panther's README writes `ref:` for what its code reads as `target`.
  EXPECT_THAT(Errors("version: 0\nschema: Custom.A\ndefinitions:\n  A: {type: "
                     "object, fields: [{name: x, type: string}]}\nfields:\n  - "
                     "{name: a, type: ref, ref: A}\n"),
              // Semantic checks wait for a structurally sound document, so
              // "type ref needs target" is not repeated here.
              ElementsAre("fields[0] \"a\": unknown key \"ref\" (did you mean "
                          "\"target\"?)"));
  EXPECT_THAT(Errors(WithFields("  - {name: a, type: string, xyzzy: 1}\n")),
              ElementsAre("fields[0] \"a\": unknown key \"xyzzy\""));
}

TEST(SchemaErrors, DuplicateFieldNamesAndKeys) {
  EXPECT_THAT(Errors(WithFields("  - {name: id, type: string}\n"
                                "  - {name: other, type: int}\n"
                                "  - {name: id, type: int}\n")),
              ElementsAre("fields[2] \"id\": duplicate field name \"id\" (first "
                          "at fields[0])"));
  EXPECT_THAT(Errors(WithFields("  - name: id\n    type: string\n    type: int\n")),
              ElementsAre("fields[0] \"id\": duplicate key \"type\""));
}

TEST(SchemaErrors, NamesThatCollideWithPantherFields) {
  EXPECT_THAT(Errors(WithFields("  - {name: p_log_type, type: string}\n"
                                "  - {name: p_any_ip_addresses, type: string}\n"
                                "  - name: nested\n    type: object\n    fields:\n"
                                "      - {name: p_log_type, type: string}\n")),
              ElementsAre("fields[0] \"p_log_type\": name \"p_log_type\" is "
                          "reserved for Panther's standard p_ fields",
                          "fields[1] \"p_any_ip_addresses\": name "
                          "\"p_any_ip_addresses\" is reserved for Panther's "
                          "standard p_ fields"));
}

TEST(SchemaErrors, RefsToMissingDefinitionsAndCycles) {
  EXPECT_THAT(Errors("version: 0\nschema: Custom.A\ndefinitions:\n"
                     "  Actor: {type: object, fields: [{name: id, type: string}]}\n"
                     "fields:\n  - {name: actor, type: ref, target: Actr}\n"),
              ElementsAre("fields[0] \"actor\": ref target \"Actr\" is not in "
                          "definitions (did you mean \"Actor\"?)"));
  EXPECT_THAT(Errors("version: 0\nschema: Custom.A\ndefinitions:\n"
                     "  A: {type: object, fields: [{name: b, type: ref, target: B}]}\n"
                     "  B: {type: object, fields: [{name: a, type: ref, target: A}]}\n"
                     "fields:\n  - {name: x, type: ref, target: A}\n"),
              ElementsAre("definitions.A: ref cycle A -> B -> A"));
  EXPECT_THAT(Errors("version: 0\nschema: Custom.A\ndefinitions:\n"
                     "  Node: {type: array, element: {type: ref, target: Node}}\n"
                     "fields:\n  - {name: x, type: ref, target: Node}\n"),
              ElementsAre("definitions.Node: ref cycle Node -> Node"));
  EXPECT_THAT(Errors("version: 0\nschema: Custom.A\ndefinitions:\n"
                     "  actor: {type: string}\n"
                     "fields:\n  - {name: x, type: ref, target: actor}\n"),
              ElementsAre("definitions.actor: invalid definition name \"actor\": "
                          "use a word that starts with a capital letter, e.g. "
                          "Actor"));
}

std::string NestedObjects(int levels) {
  std::string yaml = "version: 0\nschema: Custom.Deep\nfields:\n";
  std::string indent = "  ";
  for (int i = 1; i <= levels; ++i) {
    yaml += indent + "- name: l" + std::to_string(i) + "\n";
    yaml += indent + "  type: object\n";
    yaml += indent + "  fields:\n";
    indent += "    ";
  }
  yaml += indent + "- {name: leaf, type: string}\n";
  return yaml;
}

TEST(SchemaErrors, NestingDeeperThan64) {
  EXPECT_THAT(Errors(NestedObjects(64)), ElementsAre());
  EXPECT_THAT(Errors(NestedObjects(65)),
              ElementsAre("fields[0] \"l1\": objects and arrays nested 65 levels "
                          "deep; at most 64 are allowed"));
  // Through refs too: 33 levels of definitions, each an object of an array.
  std::string yaml = "version: 0\nschema: Custom.Deep\ndefinitions:\n";
  for (int i = 0; i < 33; ++i) {
    yaml += "  D" + std::to_string(i) +
            ": {type: object, fields: [{name: x, type: array, element: " +
            (i == 32 ? std::string("{type: string}")
                     : "{type: ref, target: D" + std::to_string(i + 1) + "}") +
            "}]}\n";
  }
  yaml += "fields:\n  - {name: root, type: ref, target: D0}\n";
  EXPECT_THAT(Errors(yaml),
              ElementsAre("fields[0] \"root\": objects and arrays nested 66 "
                          "levels deep; at most 64 are allowed"));
  // A hostile document is cut off before it can exhaust the stack.
  EXPECT_THAT(Errors(NestedObjects(150)),
              ElementsAre(HasSubstr("nested more than 128 levels deep; stopped "
                                    "reading")));
  // Deeper still, the YAML parser's own guard stops it first.
  EXPECT_THAT(Errors(std::string(100000, '[') + std::string(100000, ']')),
              ElementsAre(StartsWith("invalid YAML: nested more than ")));
}

TEST(SchemaErrors, LogTypeNameAndVersion) {
  EXPECT_THAT(Errors("version: 0\nschema: custom.foo\nfields:\n  - {name: a, "
                     "type: string}\n"),
              ElementsAre("schema: invalid log type name \"custom.foo\": use "
                          "dot-separated words that start with a capital "
                          "letter, e.g. Custom.MyApp"));
  EXPECT_THAT(Errors("version: 0\nschema: Custom.\nfields:\n  - {name: a, "
                     "type: string}\n"),
              ElementsAre(StartsWith("schema: invalid log type name \"Custom.\"")));
  EXPECT_THAT(Errors("version: 1\nschema: Custom.A\nfields:\n  - {name: a, "
                     "type: string}\n"),
              ElementsAre("version: must be 0, got 1"));
  EXPECT_THAT(Errors("version: \"0\"\nschema: Custom.A\nfields:\n  - {name: a, "
                     "type: string}\n"),
              ElementsAre("version: must be the number 0, got \"0\""));
  EXPECT_THAT(Errors("version: 0\nschema: Custom.A\nfields: []\n"),
              ElementsAre("fields: a schema needs at least one field"));
}

TEST(SchemaErrors, UnknownIndicator) {
  EXPECT_THAT(
      Errors(WithFields("  - {name: a, type: string, indicators: [ipp]}\n")),
      ElementsAre("fields[0] \"a\": unknown indicator \"ipp\" (did you mean "
                  "\"ip\"?); valid: ip, domain, hostname, url, net_addr, md5, "
                  "sha1, sha256, email, username, trace_id, aws_arn, "
                  "aws_account_id, aws_instance_id, aws_tag, dns_name, "
                  "ip_in_text, aws_resources"));
  EXPECT_THAT(
      Errors(WithFields("  - {name: a, type: int, indicators: [ip]}\n")),
      ElementsAre("fields[0] \"a\": indicators are only for type string (or an "
                  "array of strings), not int"));
  // Panther's Microsoft 365 schema puts them on an array of strings.
  EXPECT_THAT(Errors(WithFields("  - {name: a, type: array, element: {type: "
                                "string}, indicators: [email]}\n")),
              ElementsAre());
}

TEST(SchemaErrors, TimestampFormats) {
  EXPECT_THAT(Errors(WithFields("  - name: eventTime\n    type: timestamp\n")),
              ElementsAre("fields[0] \"eventTime\": type timestamp needs "
                          "timeFormat or timeFormats"));
  EXPECT_THAT(
      Errors(WithFields("  - {name: t, type: timestamp, timeFormat: \"%Y-%Q\"}\n")),
      ElementsAre("fields[0] \"t\": timeFormat \"%Y-%Q\": unknown directive "
                  "\"%Q\" at offset 3"));
  EXPECT_THAT(
      Errors(WithFields("  - {name: t, type: timestamp, timeFormat: unixms}\n")),
      ElementsAre("fields[0] \"t\": timeFormat \"unixms\": not a built-in format "
                  "(rfc3339, unix, unix_ms, unix_us, unix_ns, cloudflare) and "
                  "has no strftime % directive (did you mean \"unix_ms\"?)"));
  EXPECT_THAT(Errors(WithFields("  - {name: t, type: timestamp, timeFormats: "
                                "[rfc3339, \"%d/%b/%Y %\"]}\n")),
              ElementsAre("fields[0] \"t\": timeFormats[1] \"%d/%b/%Y %\": stray "
                          "\"%\" at offset 9"));
  EXPECT_THAT(Errors(WithFields("  - {name: t, type: timestamp, timeFormat: "
                                "unix, timeFormats: [unix]}\n")),
              ElementsAre("fields[0] \"t\": use timeFormat or timeFormats, not "
                          "both"));
  EXPECT_THAT(Errors(WithFields("  - {name: t, type: timestamp, timeFormat: "
                                "\"layout=yyyy\"}\n")),
              ElementsAre(StartsWith("fields[0] \"t\": timeFormat "
                                     "\"layout=yyyy\": Go layout has no")));
}

TEST(SchemaErrors, KeysThatBelongToOtherTypes) {
  EXPECT_THAT(
      Errors(WithFields(
          "  - {name: a, type: string, fields: [{name: b, type: int}]}\n"
          "  - {name: b, type: string, element: {type: int}}\n"
          "  - {name: c, type: string, target: X}\n"
          "  - {name: d, type: string, timeFormat: unix}\n"
          "  - {name: e, type: string, isEventTime: true}\n"
          "  - {name: f, type: int, isEmbeddedJSON: true}\n"
          "  - {name: g, type: int, validate: {allow: [x]}}\n"
          "  - {name: h, type: object}\n"
          "  - {name: i, type: array}\n"
          "  - {name: j, type: ref}\n")),
      ElementsAre(
          "fields[0] \"a\": fields is only for type object, not string",
          "fields[1] \"b\": element is only for type array, not string",
          "fields[2] \"c\": target is only for type ref, not string",
          "fields[3] \"d\": timeFormat is only for type timestamp, not string",
          "fields[4] \"e\": isEventTime is only for type timestamp, not string",
          "fields[5] \"f\": isEmbeddedJSON is only for types object, array and "
          "json, not int",
          "fields[6] \"g\": validate is only for type string, not int (numbers "
          "take min and max)",
          "fields[7] \"h\": type object needs fields",
          "fields[8] \"i\": type array needs element",
          "fields[9] \"j\": type ref needs target"));
  EXPECT_THAT(Errors(WithFields("  - name: tags\n    type: array\n    element:\n"
                                "      name: tag\n      type: string\n")),
              ElementsAre("fields[0] \"tags\".element: key \"name\" is only for "
                          "fields, not for an array element or a definition"));
}

TEST(SchemaErrors, Validation) {
  EXPECT_THAT(Errors(WithFields("  - {name: a, type: string, validate: {allow: "
                                "[x], deny: [y]}}\n")),
              ElementsAre("fields[0] \"a\".validate: takes one of allow, deny, "
                          "ip, cidr or pattern, not several"));
  EXPECT_THAT(Errors(WithFields("  - {name: a, type: string, validate: {allow: "
                                "[x, \"\"]}}\n")),
              ElementsAre("fields[0] \"a\".validate.allow[1]: empty value (a "
                          "missing field is never checked; list only non-empty "
                          "values)"));
  EXPECT_THAT(Errors(WithFields("  - {name: a, type: string, validate: {ip: "
                                "ipv5}}\n")),
              ElementsAre("fields[0] \"a\".validate.ip: expected \"ipv4\", "
                          "\"ipv6\" or \"any\", got \"ipv5\" (did you mean "
                          "\"ipv4\"?)"));
  EXPECT_THAT(Errors(WithFields("  - {name: a, type: string, validate: {}}\n")),
              ElementsAre("fields[0] \"a\".validate: needs one of allow, deny, ip, "
                          "cidr or pattern (with allow/deny a non-empty list)"));
}

TEST(SchemaErrors, ValueKinds) {
  EXPECT_THAT(Errors(WithFields("  - {name: a, type: string, required: maybe}\n")),
              ElementsAre("fields[0] \"a\".required: expected true or false, got "
                          "\"maybe\""));
  EXPECT_THAT(Errors(WithFields("  - {name: a, type: string, required: \"true\"}\n")),
              ElementsAre("fields[0] \"a\".required: expected true or false, got "
                          "\"true\""));
  EXPECT_THAT(Errors(WithFields("  - {name: a, type: string, required: yes}\n")),
              ElementsAre());
  EXPECT_THAT(Errors("version: 0\nschema: Custom.A\nfields: {a: 1}\n"),
              ElementsAre("fields: expected a list of fields, got a mapping"));
  EXPECT_THAT(Errors(WithFields("  - just-a-string\n")),
              ElementsAre("fields[0]: expected a field mapping, got "
                          "\"just-a-string\""));
  EXPECT_THAT(Errors(WithFields("  - {name: [a], type: string}\n")),
              ElementsAre("fields[0].name: expected a string, got a list",
                          "fields[0]: missing required key \"name\""));
  EXPECT_THAT(Errors("- a\n- b\n"),
              ElementsAre("a schema must be a mapping, got a list"));
}

TEST(SchemaErrors, FastmatchOptions) {
  const std::string fields = "fields:\n  - {name: a, type: string}\n";
  EXPECT_THAT(Errors("version: 0\nschema: Custom.A\nparser:\n  fastmatch:\n"
                     "    match: ['just text']\n" + fields),
              ElementsAre("parser.fastmatch.match[0]: pattern \"just text\" has "
                          "no %{field} placeholder"));
  EXPECT_THAT(Errors("version: 0\nschema: Custom.A\nparser:\n  fastmatch:\n"
                     "    match: ['%{a}%{b} x']\n" + fields),
              ElementsAre("parser.fastmatch.match[0]: %{a} and %{b} need a "
                          "delimiter between them (at offset 4)"));
  EXPECT_THAT(Errors("version: 0\nschema: Custom.A\nparser:\n  fastmatch:\n"
                     "    match: []\n" + fields),
              ElementsAre("parser.fastmatch.match: needs at least one pattern"));
  EXPECT_THAT(Errors("version: 0\nschema: Custom.A\nparser:\n  fastmatch:\n"
                     "    trimSpace: true\n" + fields),
              ElementsAre("parser.fastmatch: missing required key \"match\""));
  EXPECT_THAT(Errors("version: 0\nschema: Custom.A\nparser:\n  fastmatch:\n"
                     "    match: ['%{a} %{b']\n" + fields),
              ElementsAre("parser.fastmatch.match[0]: unclosed %{ at offset 5"));
  EXPECT_THAT(Errors("version: 0\nschema: Custom.A\nparser:\n  fastmatch:\n"
                     "    match: ['%{a} %{b}']\n    expandFields: {c: '%{a'}\n" +
                     fields),
              ElementsAre("parser.fastmatch.expandFields.c: unclosed %{ at offset "
                          "0 in \"%{a\""));
  EXPECT_THAT(Errors("version: 0\nschema: Custom.A\nparser:\n  fastmatch:\n"
                     "    match: ['%{a} %{b}']\n  csv:\n    columns: [a]\n" +
                     fields),
              ElementsAre("parser: needs exactly one of fastmatch, regex, csv, "
                          "native, json, syslog; got 2"));
  EXPECT_THAT(Errors("version: 0\nschema: Custom.A\nparser:\n  fastmach:\n"
                     "    match: ['%{a} %{b}']\n" + fields),
              ElementsAre("parser: unknown key \"fastmach\" (did you mean "
                          "\"fastmatch\"?)",
                          "parser: needs exactly one of fastmatch, regex, csv, "
                          "native, json, syslog; got 0"));
}

TEST(SchemaErrors, CsvOptions) {
  const std::string fields = "fields:\n  - {name: a, type: string}\n";
  EXPECT_THAT(Errors("version: 0\nschema: Custom.A\nparser:\n  csv:\n"
                     "    delimiter: ','\n" + fields),
              ElementsAre("parser.csv: needs columns or hasHeader: true"));
  EXPECT_THAT(Errors("version: 0\nschema: Custom.A\nparser:\n  csv:\n"
                     "    delimiter: ';;'\n    columns: [a]\n" + fields),
              ElementsAre("parser.csv.delimiter: must be one character, got "
                          "\";;\""));
  EXPECT_THAT(Errors("version: 0\nschema: Custom.A\nparser:\n  csv:\n"
                     "    delimiter: '|'\n    columns: [a, b, a]\n" + fields),
              ElementsAre("parser.csv.columns[2]: duplicate column \"a\" (first "
                          "at columns[0])"));
  EXPECT_THAT(Errors("version: 0\nschema: Custom.A\nparser:\n  csv:\n"
                     "    delimiter: '§'\n    columns: [a]\n" + fields),
              ElementsAre());  // one character, two bytes
}

TEST(SchemaErrors, RegexOptions) {
  const std::string fields = "fields:\n  - {name: a, type: string}\n";
  EXPECT_THAT(Errors("version: 0\nschema: Custom.A\nparser:\n  regex:\n"
                     "    match: ['(?P<a>abc']\n" + fields),
              ElementsAre("parser.regex.match: RE2 rejected the expression: "
                          "missing ): (?P<a>abc"));
  EXPECT_THAT(Errors("version: 0\nschema: Custom.A\nparser:\n  regex:\n"
                     "    match: ['%{IPV5:a}']\n" + fields),
              ElementsAre("parser.regex.match: unknown pattern %{IPV5} (did you "
                          "mean \"IPV4\"?)"));
  EXPECT_THAT(Errors("version: 0\nschema: Custom.A\nparser:\n  regex:\n"
                     "    patternDefinitions: {ALPHA: '%{BETA}', BETA: "
                     "'x%{ALPHA}'}\n    match: ['%{ALPHA:a}']\n" +
                     fields),
              ElementsAre("parser.regex.match: pattern definitions refer to "
                          "each other in a cycle: ALPHA -> BETA -> ALPHA"));
  EXPECT_THAT(Errors("version: 0\nschema: Custom.A\nparser:\n  regex:\n"
                     "    patternDefinitions: {IP: 'x'}\n    match: ['%{IP:a}']\n" +
                     fields),
              ElementsAre("parser.regex.match: pattern %{IP} is built in and "
                          "cannot be redefined"));
  EXPECT_THAT(Errors("version: 0\nschema: Custom.A\nparser:\n  regex:\n"
                     "    patternDefinitions: {lower: 'x'}\n    match: ['%{lower:a}']\n" +
                     fields),
              ElementsAre("parser.regex.match: pattern name \"lower\" must be "
                          "upper case letters, digits and _ starting with a "
                          "letter"));
  // Every built-in pattern expands and compiles.
  EXPECT_THAT(Errors("version: 0\nschema: Custom.A\nparser:\n  regex:\n"
                     "    match: ['%{URI:a} %{HTTPDATE} %{SYSLOGTIMESTAMP} "
                     "%{TIMESTAMP_ISO8601} %{IP} %{MAC} %{UUID} %{PATH} %{QS} "
                     "%{TIMESTAMP_RFC2822} %{TIMESTAMP_OTHER} %{KITCHEN} "
                     "%{DATESTAMP} %{HOSTPORT} %{TTY} %{NUMBER} %{BASE16NUM}']\n" +
                     fields),
              ElementsAre());
}

TEST(SchemaErrors, DocumentLevelProblems) {
  EXPECT_THAT(Errors(""), ElementsAre("empty schema document"));
  EXPECT_THAT(Errors("version: 0\n---\nversion: 0\n"),
              ElementsAre("expected one schema document, found 2"));
  SchemaLoadResult bad_yaml = LoadSchema("version: 0\nfields: [a, b\n", "x.yml");
  ASSERT_EQ(bad_yaml.errors.size(), 1u);
  EXPECT_THAT(bad_yaml.errors[0].message, StartsWith("invalid YAML: "));
  EXPECT_GT(bad_yaml.errors[0].line, 0);
  SchemaLoadResult bad_json = LoadSchema("{\"version\": 0, \"fields\": [}", "x.json");
  ASSERT_EQ(bad_json.errors.size(), 1u);
  EXPECT_THAT(bad_json.errors[0].message, StartsWith("invalid JSON: "));
}

TEST(SchemaErrors, TextTheYamlParserCannotBeTrustedWith) {
  // Found by fuzzing: yaml-cpp 0.7 loops forever on a root flow collection
  // followed by more content; loghealth refuses it first.
  SchemaLoadResult r = LoadSchema("{\"version\": 0},\n{\"schema\": \"Custom.A\"}\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].line, 1);  // the "," right after the first object
  EXPECT_EQ(r.errors[0].message,
            "invalid JSON: content after the end of the top-level {...} (one document is "
            "one collection)");
  EXPECT_EQ(LoadSchema("[],\n[]").errors[0].message,
            "invalid YAML: content after the end of the top-level [...] (one document is "
            "one collection)");
  EXPECT_EQ(LoadSchema(std::string("version: 0\nschema: \"a\x02" "b\"\n")).errors[0].message,
            "invalid YAML: control character 0x02 (YAML allows only tab, LF and CR)");
  EXPECT_EQ(LoadSchema(std::string("version: 0\ndescription: \"\xff\"\n")).errors[0].message,
            "invalid YAML: the text is not valid UTF-8");
  // A quote inside a plain scalar is no quote (the second hang fuzzing found).
  EXPECT_EQ(LoadSchema("{p_udmenosi\"ue}\t,\nme\": \"x\"").errors[0].message,
            "invalid JSON: content after the end of the top-level {...} (one document is "
            "one collection)");
  EXPECT_EQ(LoadSchema("{\"version\": 0, \"fields\": [").errors[0].message,
            "invalid JSON: the top-level {...} is not closed");
  EXPECT_EQ(LoadSchema("\n\n,\n?e").errors[0].message,
            "invalid YAML: the document starts with ','");  // a third hang
  SchemaLoadResult fourth = LoadSchema("\n name: user\n\n,\n?e");
  EXPECT_EQ(fourth.errors[0].message, "invalid YAML: a line starts with ','");
  EXPECT_EQ(fourth.errors[0].line, 4);
  // Indented, or inside a block scalar, it is ordinary text.
  EXPECT_TRUE(LoadSchema("version: 0\nschema: Custom.I\ndescription: |\n  , ] }\n"
                         "fields:\n  - {name: a, type: string}\n")
                  .ok());
  // Quoted brackets, comments and a trailing comment are fine.
  EXPECT_TRUE(LoadSchema("{\"version\": 0, \"schema\": \"Custom.Q\", \"description\": "
                         "\"} ] {\", \"fields\": [{\"name\": \"a\", \"type\": \"string\"}]}"
                         " # done\n")
                  .ok());
}

TEST(SchemaErrors, MessagesNameTheFileAndLine) {
  SchemaLoadResult r = LoadSchema(
      "version: 0\n"                              // 1
      "schema: Custom.Lines\n"                    // 2
      "fields:\n"                                 // 3
      "  - name: id\n"                            // 4
      "    type: string\n"                        // 5
      "  - name: eventTime\n"                     // 6
      "    type: timestamp\n"                     // 7
      "  - name: x\n"                             // 8
      "    type: strin\n",                        // 9
      "schemas/app.yml");
  ASSERT_EQ(r.errors.size(), 2u) << r.ErrorText();
  // Sorted by line, structural and semantic problems alike.
  EXPECT_EQ(r.errors[0].ToString(),
            "schemas/app.yml:6: fields[1] \"eventTime\": type timestamp needs "
            "timeFormat or timeFormats");
  EXPECT_EQ(r.errors[1].ToString(),
            "schemas/app.yml:9: fields[2] \"x\": unknown type \"strin\" (did you "
            "mean \"string\"?); valid types: string, int, smallint, bigint, "
            "float, boolean, timestamp, object, array, json, ref");
  // Semantic errors carry the line of the field they are about.
  r = LoadSchema(
      "version: 0\nschema: Custom.Lines\nfields:\n  - name: id\n    type: string\n"
      "  - name: eventTime\n    type: timestamp\n",
      "schemas/app.yml");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].ToString(),
            "schemas/app.yml:6: fields[1] \"eventTime\": type timestamp needs "
            "timeFormat or timeFormats");
}

TEST(SchemaErrors, StructuralAndSemanticProblemsTogether) {
  // A typo in one field does not hide what is wrong elsewhere.
  EXPECT_THAT(Errors(WithFields("  - {name: a, type: strng}\n"
                                "  - {name: t, type: timestamp}\n"
                                "  - {name: r, type: ref, target: Nope}\n")),
              ElementsAre("fields[0] \"a\": unknown type \"strng\" (did you mean "
                          "\"string\"?); valid types: string, int, smallint, "
                          "bigint, float, boolean, timestamp, object, array, "
                          "json, ref",
                          "fields[1] \"t\": type timestamp needs timeFormat or "
                          "timeFormats",
                          "fields[2] \"r\": ref target \"Nope\" is not in "
                          "definitions"));
  // Missing top-level keys are not repeated as invalid values.
  EXPECT_THAT(Errors("fields:\n  - {name: a, type: string}\n"),
              ElementsAre("missing required key \"schema\"",
                          "missing required key \"version\""));
}

TEST(SchemaErrors, EveryProblemIsReportedNotJustTheFirst) {
  EXPECT_EQ(Errors(WithFields("  - {name: a, type: strng}\n"
                              "  - {name: b, type: string, requird: true}\n"
                              "  - {name: c}\n"))
                .size(),
            3u);
}

}  // namespace
}  // namespace loghealth
