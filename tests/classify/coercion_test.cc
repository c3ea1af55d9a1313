// Every type's coercions (panther-semantics.md 1.3). Each row: a value as it
// appears in the log, and what the event holds (or which reason fails it).
// Expected outputs follow Panther's rules, worked out by hand.
#include <string>

#include "gtest/gtest.h"
#include "tests/classify/classify_testing.h"

namespace loghealth {
namespace {

struct Row {
  const char* type;    // the field's schema (after "type: ")
  const char* input;   // the JSON value of field v
  const char* output;  // the value in the event; "" = omitted; nullptr = fails
  const char* reason = "";  // the failure reason when output is nullptr
  // The failure's field: v, or where inside v the JSON itself is broken.
  const char* field = "v";
};

std::string SchemaFor(const std::string& type) {
  return "version: 0\nschema: Custom.T\nfields:\n  - name: v\n    type: " + type +
         "\n";
}

void Check(const Row& row) {
  SCOPED_TRACE(std::string("type ") + row.type + ", input " + row.input);
  auto stream = testing::StreamFor({SchemaFor(row.type)});
  const std::string log = std::string("{\"v\":") + row.input + "}";
  const ClassifyResult& r = stream->Classify(log);
  // Validating only (nothing written, some conversions skipped) must give
  // the same verdict, reason and field.
  ClassifierOptions validate;
  validate.validate_only = true;
  auto validating = testing::StreamFor({SchemaFor(row.type)}, validate);
  const ClassifyResult& v = validating->Classify(log);
  EXPECT_EQ(v.kind, row.output == nullptr ? ClassifyResult::Kind::kFailure : ClassifyResult::Kind::kEvent)
      << "validating";
  if (row.output == nullptr && v.kind == ClassifyResult::Kind::kFailure) {
    EXPECT_EQ(FailureReasonName(v.failure->best.reason), row.reason) << "validating";
    EXPECT_EQ(v.failure->best.field, row.field) << "validating";
  }
  if (row.output == nullptr) {
    ASSERT_EQ(r.kind, ClassifyResult::Kind::kFailure) << r.json;
    EXPECT_EQ(FailureReasonName(r.failure->best.reason), row.reason) << r.json;
    EXPECT_EQ(r.failure->best.field, row.field);
    return;
  }
  ASSERT_EQ(r.kind, ClassifyResult::Kind::kEvent) << r.json;
  const std::string fields = testing::PantherFields("Custom.T", 0);
  const std::string want = std::string(row.output).empty()
                               ? "{" + fields + "}"
                               : std::string("{\"v\":") + row.output + "," + fields + "}";
  EXPECT_EQ(r.json, want);
}

TEST(Coercion, Int) {
  const Row rows[] = {
      {"int", "42", "42"},
      {"int", "\"42\"", "42"},          // numeric strings become numbers
      {"int", "\"+42\"", "42"},
      {"int", "\"007\"", "7"},          // strconv.ParseInt takes leading zeros
      {"int", "-2147483648", "-2147483648"},
      {"int", "2147483647", "2147483647"},
      {"int", "\"\"", ""},              // "" is absent for non-strings
      {"int", "null", ""},
      {"int", "2147483648", nullptr, "type_mismatch"},  // 32 bit
      {"int", "1.5", nullptr, "type_mismatch"},
      {"int", "1.0", nullptr, "type_mismatch"},          // no fractions at all
      {"int", "1e3", nullptr, "type_mismatch"},          // no exponents
      {"int", "\"1.0\"", nullptr, "type_mismatch"},
      {"int", "\" 5\"", nullptr, "type_mismatch"},
      {"int", "\"0x10\"", nullptr, "type_mismatch"},
      {"int", "true", nullptr, "type_mismatch"},
      {"int", "{}", nullptr, "type_mismatch"},
      {"int", "[1]", nullptr, "type_mismatch"},
      {"smallint", "32767", "32767"},
      {"smallint", "-32768", "-32768"},
      {"smallint", "32768", nullptr, "type_mismatch"},
      {"smallint", "\"-32769\"", nullptr, "type_mismatch"},
      {"bigint", "9223372036854775807", "9223372036854775807"},
      {"bigint", "\"-9223372036854775808\"", "-9223372036854775808"},
      {"bigint", "9223372036854775808", nullptr, "type_mismatch"},
      // 19 digits (read without a test per digit) and more (with one).
      {"bigint", "9999999999999999999", nullptr, "type_mismatch"},
      {"bigint", "18446744073709551616", nullptr, "type_mismatch"},
      {"bigint", "\"0000000000000000000000042\"", "42"},  // ParseInt allows leading zeros
      {"bigint", "\"-00000009223372036854775808\"", "-9223372036854775808"},
      {"bigint", "99999999999999999999999", nullptr, "type_mismatch"},
  };
  for (const Row& row : rows) Check(row);
}

TEST(Coercion, LongFloatLiterals) {
  // Near the length under which validation skips converting a literal
  // without an exponent: 299 digits are 1e298; 309 nines overflow a
  // double; 1e-321 is a subnormal double, 1e-331 below the smallest one
  // (it fails, as 1e400 does).
  const std::string e298 = "1" + std::string(298, '0');
  const std::string e308 = "9" + std::string(308, '9');
  const std::string subnormal = "0." + std::string(320, '0') + "1";
  const std::string tiny = "0." + std::string(330, '0') + "1";
  Check({"float", e298.c_str(), "1e+298"});
  Check({"float", e308.c_str(), nullptr, "type_mismatch"});
  Check({"float", subnormal.c_str(), "1e-321"});
  Check({"float", tiny.c_str(), nullptr, "type_mismatch"});
}

TEST(Coercion, FloatLiteralsCopiedOrReformatted) {
  // Go's encoder writes a float64 in its shortest form, plain from 1e-6 up
  // to 1e21. Literals already in that form are kept; the others change.
  const Row rows[] = {
      {"float", "337.21", "337.21"},
      {"float", "-0.5", "-0.5"},
      {"float", "100", "100"},
      {"float", "0.000001", "0.000001"},           // 1e-6: still plain
      {"float", "0.0000012", "0.0000012"},
      {"float", "0.00000012", "1.2e-7"},           // below 1e-6
      {"float", "2.50", "2.5"},                     // trailing zero
      {"float", "0.0000010", "0.000001"},
      {"float", "123456789012345", "123456789012345"},      // 15 digits
      {"float", "1234567890123456", "1234567890123456"},    // 16: exact anyway
      {"float", "0.30000000000000004", "0.30000000000000004"},
      {"float", "0.1000000000000000055511151231257827", "0.1"},  // the same double
      {"float", "0", "0"},
      {"float", "-0", "-0"},
      {"float", "-0.0", "-0"},
      {"float", "1.5E3", "1500"},
  };
  for (const Row& row : rows) Check(row);
}

TEST(Coercion, Float) {
  const Row rows[] = {
      {"float", "1.50", "1.5"},
      {"float", "3", "3"},
      {"float", "-0.25", "-0.25"},
      {"float", "\"1e3\"", "1000"},
      {"float", "\"+2.5\"", "2.5"},
      {"float", "\"0x1p-2\"", "0.25"},  // ParseFloat reads hex floats
      {"float", "1e21", "1e+21"},       // Go's encoding/json switches to e
      {"float", "0.0000001", "1e-7"},
      {"float", "123456789.125", "123456789.125"},
      {"float", "\"\"", ""},
      {"float", "null", ""},
      {"float", "\"NaN\"", nullptr, "type_mismatch"},   // JSON has no NaN
      {"float", "\"-Inf\"", nullptr, "type_mismatch"},
      {"float", "1e400", nullptr, "type_mismatch"},
      {"float", "\"1,5\"", nullptr, "type_mismatch"},
      {"float", "true", nullptr, "type_mismatch"},
  };
  for (const Row& row : rows) Check(row);
}

TEST(Coercion, Boolean) {
  const Row rows[] = {
      {"boolean", "true", "true"},
      {"boolean", "false", "false"},
      {"boolean", "\"T\"", "true"},
      {"boolean", "\"True\"", "true"},
      {"boolean", "\"TRUE\"", "true"},
      {"boolean", "\"1\"", "true"},
      {"boolean", "\"f\"", "false"},
      {"boolean", "\"False\"", "false"},
      {"boolean", "1", "true"},
      {"boolean", "0", "false"},
      {"boolean", "\"\"", ""},
      {"boolean", "null", ""},
      {"boolean", "\"yes\"", nullptr, "type_mismatch"},
      {"boolean", "\"tRuE\"", nullptr, "type_mismatch"},
      {"boolean", "2", nullptr, "type_mismatch"},
      {"boolean", "1.0", nullptr, "type_mismatch"},
      {"boolean", "[]", nullptr, "type_mismatch"},
  };
  for (const Row& row : rows) Check(row);
}

TEST(Coercion, String) {
  const Row rows[] = {
      {"string", "\"x\"", "\"x\""},
      {"string", "\"\"", "\"\""},            // "" stays a present string
      {"string", "12.50", "\"12.50\""},      // numbers keep their literal text
      {"string", "1e3", "\"1e3\""},
      {"string", "-0", "\"-0\""},
      {"string", "true", "\"true\""},
      {"string", "false", "\"false\""},
      {"string", "null", ""},
      {"string", "\"a\\\"b\\\\c\\n\"", "\"a\\\"b\\\\c\\n\""},
      {"string", "\"\\u00e9\\u4e2d\"", "\"\xc3\xa9\xe4\xb8\xad\""},  // unescaped
      {"string", "\"<b>&\"", "\"\\u003cb\\u003e\\u0026\""},          // EscapeHTML
      {"string", "\"\\ud83d\\ude00\"", "\"\xf0\x9f\x98\x80\""},      // surrogate pair
      {"string", "{\"a\":1}", nullptr, "type_mismatch"},
      {"string", "[\"a\"]", nullptr, "type_mismatch"},
  };
  for (const Row& row : rows) Check(row);
}

TEST(Coercion, Timestamp) {
  const Row rows[] = {
      {"timestamp\n    timeFormat: rfc3339", "\"2022-04-04T18:37:28.5+02:00\"",
       "\"2022-04-04T18:37:28.5+02:00\""},
      // Written as Go's RFC3339Nano: trailing zeros trimmed, UTC as "Z"
      // (the texts already in that form are kept as they are).
      {"timestamp\n    timeFormat: rfc3339", "\"2022-04-04T18:37:28.500+00:00\"",
       "\"2022-04-04T18:37:28.5Z\""},
      {"timestamp\n    timeFormat: rfc3339", "\"2022-04-04T18:37:28.000Z\"",
       "\"2022-04-04T18:37:28Z\""},
      {"timestamp\n    timeFormat: rfc3339", "\"2022-04-04T18:37:28.0123456789Z\"",
       "\"2022-04-04T18:37:28.012345678Z\""},
      {"timestamp\n    timeFormat: rfc3339", "\"2022-04-04T18:37:28.948Z\"",
       "\"2022-04-04T18:37:28.948Z\""},
      // Panther's Cloudflare codec writes RFC 3339 in whole seconds (the PA33
      // Cloudflare.Spectrum test: "...18:49:46.194526741Z" -> "...18:49:46Z").
      {"timestamp\n    timeFormat: cloudflare", "\"2022-04-04T18:37:28.940-00:00\"",
       "\"2022-04-04T18:37:28Z\""},
      {"timestamp\n    timeFormat: cloudflare", "\"2022-04-04T18:37:28.940+02:00\"",
       "\"2022-04-04T18:37:28+02:00\""},
      {"timestamp\n    timeFormat: cloudflare", "1649097448", "\"2022-04-04T18:37:28Z\""},
      {"timestamp\n    timeFormat: cloudflare", "1649097448123456789",
       "\"2022-04-04T18:37:28Z\""},
      {"timestamp\n    timeFormat: unix", "1649097448.123456789", "1649097448.123456"},
      {"timestamp\n    timeFormat: unix", "\"1649097448\"", "1649097448"},
      {"timestamp\n    timeFormat: unix_ms", "\"1649097491531\"", "1649097491531"},
      {"timestamp\n    timeFormat: \"%d/%b/%Y:%H:%M:%S %z\"",
       "\"10/Oct/2000:13:55:36 -0700\"", "\"10/Oct/2000:13:55:36 -0700\""},
      {"timestamp\n    timeFormats: [rfc3339, unix]", "1649097448", "1649097448"},
      {"timestamp\n    timeFormat: rfc3339", "\"\"", ""},
      {"timestamp\n    timeFormat: rfc3339", "null", ""},
      {"timestamp\n    timeFormat: rfc3339", "1649097491531", nullptr, "bad_timestamp"},
      {"timestamp\n    timeFormat: rfc3339", "\"2020-01-02 03:04:05\"", nullptr,
       "bad_timestamp"},
      {"timestamp\n    timeFormat: unix_ms", "1.5", nullptr, "bad_timestamp"},
      {"timestamp\n    timeFormat: rfc3339", "true", nullptr, "type_mismatch"},
      {"timestamp\n    timeFormat: rfc3339", "{}", nullptr, "type_mismatch"},
  };
  for (const Row& row : rows) Check(row);
}

TEST(Coercion, MalformedNumberLiteralsFailForEveryScalarType) {
  // simdjson's stage 1 does not check a number's grammar; whichever type
  // reads the literal must (a leading zero, a bare '-', a point with no
  // digit after it, two points). Read as the strings they are not, "01"
  // would pass as an int, a string or a unix time.
  for (const char* type : {"int", "bigint", "float", "string", "boolean",
                           "timestamp\n    timeFormat: unix"}) {
    for (const char* literal : {"01", "-", "1.", "1.2.3", "-01"}) {
      Check({type, literal, nullptr, "type_mismatch", "v"});
    }
  }
}

TEST(Coercion, IntegerLiteralMessagesSayWhatIsWrong) {
  // A JSON number that is not an integer, and a literal that is no JSON
  // number at all, are told apart (one pass reads the integers; the
  // message must not depend on which literal took which path).
  struct Case {
    const char* literal;
    const char* message;  // the failure's error, after "v: "
  };
  const Case cases[] = {
      {"1.5", "expected bigint, got 1.5 (not an integer)"},
      {"-1e3", "expected bigint, got -1e3 (not an integer)"},
      {"0.0", "expected bigint, got 0.0 (not an integer)"},
      {"00", "expected bigint, got 00 (not a JSON number)"},
      {"-01", "expected bigint, got -01 (not a JSON number)"},
      {"1.", "expected bigint, got 1. (not a JSON number)"},
      {"-", "expected bigint, got - (not a JSON number)"},
      {"9223372036854775808",
       "9223372036854775808 is out of range for bigint (-9223372036854775808 to "
       "9223372036854775807)"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.literal);
    auto stream = testing::StreamFor({SchemaFor("bigint")});
    const ClassifyResult& r = stream->Classify(std::string("{\"v\":") + c.literal + "}");
    ASSERT_EQ(r.kind, ClassifyResult::Kind::kFailure) << r.json;
    EXPECT_EQ(r.failure->best.field, "v");
    EXPECT_EQ(r.failure->best.error, c.message);
  }
  // And the integers themselves, at the edges of the one-pass reading.
  for (const char* good : {"0", "-0", "7", "-9223372036854775808", "9223372036854775807"}) {
    SCOPED_TRACE(good);
    auto stream = testing::StreamFor({SchemaFor("bigint")});
    const ClassifyResult& r = stream->Classify(std::string("{\"v\":") + good + "}");
    ASSERT_EQ(r.kind, ClassifyResult::Kind::kEvent) << r.json;
    const std::string want = std::string(good) == "-0" ? "0" : good;
    EXPECT_EQ(r.json.substr(0, 6 + want.size()), "{\"v\":" + want + ",") << r.json;
  }
}

TEST(Coercion, JsonObjectArray) {
  const Row rows[] = {
      {"json", "{ \"a\" : [1, 2.50, \"x\"], \"b\": null }", "{\"a\":[1,2.50,\"x\"],\"b\":null}"},
      {"json", "\"text\"", "\"text\""},
      // Keys and strings inside are written as Go writes them: <, > and &
      // escaped, escapes undone where Go would not write them.
      {"json", R"({"a<b":{"x&y":"1>0"},"c\u0064":"\/"})",
       R"({"a\u003cb":{"x\u0026y":"1\u003e0"},"cd":"/"})"},
      {"json", "7", "7"},
      // A json value keeps an explicit null: Panther's RawMessage holds the
      // bytes "null", which omitempty keeps (PA33 CloudTrail:
      // "responseElements":null).
      {"json", "null", "null"},
      {"json", "{\"a\": 01}", nullptr, "malformed_json", "v.a"},
      {"object\n    fields:\n      - {name: a, type: int}", "{\"a\": \"1\", \"z\": 2}",
       "{\"a\":1}"},                                       // unknown keys dropped
      {"object\n    fields:\n      - {name: a, type: int}", "{\"a\": null}", "{}"},
      {"object\n    fields:\n      - {name: a, type: int}", "{}", "{}"},
      {"object\n    fields:\n      - {name: a, type: int}", "null", ""},
      {"object\n    fields:\n      - {name: a, type: int}", "\"\"", ""},
      {"object\n    fields:\n      - {name: a, type: int}", "[]", nullptr, "type_mismatch"},
      {"object\n    fields:\n      - {name: a, type: int}", "5", nullptr, "type_mismatch"},
      {"array\n    element: {type: int}", "[1, \"2\"]", "[1,2]"},
      {"array\n    element: {type: int}", "[]", ""},       // empty arrays omitted
      {"array\n    element: {type: int}", "[1, null]", "[1,null]"},
      {"array\n    element: {type: int}", "\"1\"", nullptr, "type_mismatch"},
      {"array\n    element: {type: int}", "{}", nullptr, "type_mismatch"},
      {"array\n    element: {type: timestamp, timeFormat: unix_ms}", "[\"1000\", 2000]",
       "[1000,2000]"},                                     // elements use their format
      {"array\n    element:\n      type: array\n      element: {type: string}",
       "[[\"a\"], []]", "[[\"a\"],[]]"},
  };
  for (const Row& row : rows) Check(row);
}

TEST(Coercion, EmbeddedJson) {
  const Row rows[] = {
      {"object\n    isEmbeddedJSON: true\n    fields:\n      - {name: a, type: int}",
       "\"{\\\"a\\\": \\\"5\\\", \\\"b\\\": 1}\"", "{\"a\":5}"},
      {"array\n    isEmbeddedJSON: true\n    element: {type: string}",
       "\"[\\\"x\\\", 2]\"", "[\"x\",\"2\"]"},
      {"json\n    isEmbeddedJSON: true", "\"{\\\"k\\\": [true]}\"", "{\"k\":[true]}"},
      {"json\n    isEmbeddedJSON: true", "\"42\"", "42"},
      // Already JSON, not a string: taken as it is.
      {"object\n    isEmbeddedJSON: true\n    fields:\n      - {name: a, type: int}",
       "{\"a\": 6}", "{\"a\":6}"},
      {"object\n    isEmbeddedJSON: true\n    fields:\n      - {name: a, type: int}",
       "\"not json\"", nullptr, "type_mismatch"},
      {"object\n    isEmbeddedJSON: true\n    fields:\n      - {name: a, type: int}",
       "\"{\\\"a\\\": 1} {}\"", nullptr, "type_mismatch"},
  };
  for (const Row& row : rows) Check(row);
}

}  // namespace
}  // namespace loghealth
