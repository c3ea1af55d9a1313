// Hostile input: every case gets a definite outcome -- an event or a failure
// with a specific reason -- and nothing crashes or hangs. The inputs are
// generated here (a 16 MB line does not belong in git).
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/classify/classify_testing.h"

namespace loghealth {
namespace {

using ::testing::HasSubstr;

const char kSchema[] = R"(
version: 0
schema: Custom.Hostile
fields:
  - {name: id, type: string}
  - {name: n, type: bigint}
  - {name: f, type: float}
  - {name: ints, type: array, element: {type: int}}
  - {name: nested, type: object, fields: [{name: x, type: string}]}
  - {name: raw, type: json}
)";

struct Case {
  std::string name;
  std::string log;
  ClassifyResult::Kind kind;
  const char* reason;  // for failures
};

FailureReason ReasonOf(const ClassifyResult& r) { return r.failure->best.reason; }

void Expect(ClassifierStream* s, const Case& c) {
  SCOPED_TRACE(c.name);
  const ClassifyResult& r = s->Classify(c.log);
  ASSERT_EQ(r.kind, c.kind) << r.json.substr(0, 300);
  if (c.kind == ClassifyResult::Kind::kFailure) {
    EXPECT_EQ(FailureReasonName(ReasonOf(r)), c.reason) << r.json.substr(0, 300);
  }
}

TEST(Hostile, EncodingAndFraming) {
  auto s = testing::StreamFor({kSchema});
  const Case cases[] = {
      {"invalid UTF-8 in a value", "{\"id\": \"\xc3\x28\"}", ClassifyResult::Kind::kFailure,
       "invalid_utf8"},
      {"invalid UTF-8 in a key", "{\"\xff\": 1}", ClassifyResult::Kind::kFailure, "invalid_utf8"},
      {"overlong UTF-8", "{\"id\": \"\xc0\xaf\"}", ClassifyResult::Kind::kFailure, "invalid_utf8"},
      {"NUL outside strings", std::string("{\"id\": 1}\0", 10), ClassifyResult::Kind::kFailure,
       "nul_byte"},
      {"NUL inside a string", std::string("{\"id\": \"a\0b\"}", 13), ClassifyResult::Kind::kFailure,
       "nul_byte"},
      {"a BOM first", "\xef\xbb\xbf{\"id\": \"x\"}", ClassifyResult::Kind::kEvent, ""},
      {"CRLF", "{\"id\": \"x\"}\r\n", ClassifyResult::Kind::kEvent, ""},
      {"control characters unescaped", "{\"id\": \"a\x01\x02\"}", ClassifyResult::Kind::kFailure,
       "malformed_json"},
      {"a valid surrogate pair", R"({"id": "\ud83d\ude00"})", ClassifyResult::Kind::kEvent, ""},
      {"a lone surrogate", R"({"id": "\ud83d"})", ClassifyResult::Kind::kFailure, "malformed_json"},
      {"truncated", R"({"id": "x", "nested": {"x": )", ClassifyResult::Kind::kFailure,
       "malformed_json"},
      {"truncated in a string", R"({"id": "abc)", ClassifyResult::Kind::kFailure, "malformed_json"},
      {"only whitespace", " \t \r\n", ClassifyResult::Kind::kSkipped, ""},
  };
  for (const Case& c : cases) Expect(s.get(), c);
}

TEST(Hostile, KeysAndNumbers) {
  auto s = testing::StreamFor({kSchema});
  const std::string digits(10000, '7');
  const Case cases[] = {
      {"10,000-digit integer for bigint", "{\"n\": " + digits + "}", ClassifyResult::Kind::kFailure,
       "type_mismatch"},
      {"10,000-digit integer for float", "{\"f\": " + digits + "}", ClassifyResult::Kind::kFailure,
       "type_mismatch"},
      {"10,000-digit integer kept as string", "{\"id\": " + digits + "}",
       ClassifyResult::Kind::kEvent, ""},
      {"10,000-digit integer in json", "{\"raw\": [" + digits + "]}", ClassifyResult::Kind::kEvent,
       ""},
  };
  for (const Case& c : cases) Expect(s.get(), c);
  // Duplicate keys: the last wins.
  const ClassifyResult& dup = s->Classify(R"({"id": "first", "id": "second"})");
  ASSERT_EQ(dup.kind, ClassifyResult::Kind::kEvent);
  EXPECT_THAT(std::string(dup.json), HasSubstr("\"id\":\"second\""));
  EXPECT_EQ(std::string(dup.json).find("first"), std::string::npos);
  // Keys that differ only by case are other keys (Panther is case-sensitive).
  const ClassifyResult& cased = s->Classify(R"({"ID": "upper", "Id": "mixed", "id": "x"})");
  ASSERT_EQ(cased.kind, ClassifyResult::Kind::kEvent);
  EXPECT_EQ(std::string(cased.json).find("upper"), std::string::npos);
}

TEST(Hostile, SizeAndDepth) {
  auto s = testing::StreamFor({kSchema});
  // 16 MB: over the default 8 MiB limit, kept whole in the failure.
  const std::string big = "{\"id\": \"" + std::string(16 << 20, 'x') + "\"}";
  Expect(s.get(), {"16 MB line", big, ClassifyResult::Kind::kFailure, "too_large"});
  ClassifierOptions roomy;
  roomy.max_log_bytes = 32 << 20;
  auto large = testing::StreamFor({kSchema}, roomy);
  Expect(large.get(), {"16 MB line within a larger limit", big, ClassifyResult::Kind::kEvent, ""});

  // 100,000 deep: refused, wherever the depth is.
  const std::string deep_array = std::string(100000, '[') + std::string(100000, ']');
  Expect(s.get(), {"100,000-deep array", deep_array, ClassifyResult::Kind::kFailure, "too_deep"});
  std::string deep_json = "{\"raw\": " + deep_array + "}";
  Expect(s.get(), {"100,000 deep in a json field", deep_json, ClassifyResult::Kind::kFailure,
                   "too_deep"});
  std::string deep_obj = "{\"nested\": ";
  for (int i = 0; i < 100000; ++i) deep_obj += "{\"x\": ";
  deep_obj += "1" + std::string(100000, '}') + "}";
  Expect(s.get(), {"100,000 deep in an object field", deep_obj, ClassifyResult::Kind::kFailure,
                   "type_mismatch"});  // nested.x must be a string, not an object

  // A million elements.
  std::string million = "{\"ints\": [";
  for (int i = 0; i < 1000000; ++i) million += i ? ",1" : "1";
  million += "]}";
  ClassifierOptions big_ok;
  big_ok.max_log_bytes = 16 << 20;
  auto s2 = testing::StreamFor({kSchema}, big_ok);
  const ClassifyResult& r = s2->Classify(million);
  ASSERT_EQ(r.kind, ClassifyResult::Kind::kEvent);
  EXPECT_GT(r.json.size(), 2000000u);
  std::string million_bad = million;
  million_bad.replace(million_bad.size() - 3, 1, "\"x\"");
  const ClassifyResult& bad = s2->Classify(million_bad);
  ASSERT_EQ(bad.kind, ClassifyResult::Kind::kFailure);
  EXPECT_EQ(bad.failure->best.field, "ints[999999]");
}

TEST(Hostile, Schemas) {
  // 10,000 fields load, compile and classify.
  std::string wide = "version: 0\nschema: Custom.Wide\nfields:\n";
  for (int i = 0; i < 10000; ++i) wide += "  - {name: f" + std::to_string(i) + ", type: int}\n";
  auto s = testing::StreamFor({wide});
  const ClassifyResult& r = s->Classify(R"({"f9999": "5", "f0": 1})");
  ASSERT_EQ(r.kind, ClassifyResult::Kind::kEvent);
  EXPECT_THAT(std::string(r.json), HasSubstr("{\"f0\":1,\"f9999\":5,"));
  // Ref cycles are refused when loading.
  SchemaLoadResult cyclic = LoadSchema(
      "version: 0\nschema: Custom.C\ndefinitions:\n  A: {type: array, element: {type: ref, "
      "target: A}}\nfields:\n  - {name: a, type: ref, target: A}\n");
  EXPECT_FALSE(cyclic.ok());
  // A catastrophic regex for backtracking engines stays linear in RE2.
  auto re = testing::StreamFor({R"(
version: 0
schema: Custom.Evil
parser:
  regex:
    match: ['^(?P<a>(a+)+)$']
fields:
  - {name: a, type: string}
)"});
  const ClassifyResult& evil = re->Classify(std::string(100000, 'a') + "b");
  ASSERT_EQ(evil.kind, ClassifyResult::Kind::kFailure);
  EXPECT_EQ(evil.failure->best.reason, FailureReason::kNoPatternMatched);
}

}  // namespace
}  // namespace loghealth
