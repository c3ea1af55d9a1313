// How an event's JSON is written, whichever shortcut the decoder takes:
// fields come out in schema order whatever the document's order, a repeated
// key's last value wins, absent fields leave no trace, and a key or string
// read raw from the input renders exactly as the same text written with
// escapes. Expected strings are written out by hand from Panther's rules
// (schema order, Go's encoding/json with EscapeHTML).
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/classify/classify_testing.h"

namespace loghealth {
namespace {

using testing::PantherFields;
using testing::StreamFor;

const char kSchema[] = R"(
version: 0
schema: Custom.Render
fields:
  - {name: a, type: string}
  - {name: b, type: int}
  - name: c
    type: object
    fields:
      - {name: x, type: string}
      - {name: y, type: string}
  - {name: j, type: json}
)";

// The event for the n-th record of a deterministic stream, `body` being the
// fields before the p_ fields.
std::string Event(const std::string& body, int n) {
  return "{" + body + (body.empty() ? "" : ",") + PantherFields("Custom.Render", n) + "}";
}

std::string EventFor(const char* log) {
  auto stream = StreamFor({kSchema});
  const ClassifyResult& r = stream->Classify(log);
  EXPECT_EQ(r.kind, ClassifyResult::Kind::kEvent) << log << " -> " << r.json;
  return std::string(r.json);
}

TEST(Rendering, InSchemaOrderAlready) {
  EXPECT_EQ(EventFor(R"({"a":"z","b":3,"c":{"x":"1","y":"2"}})"),
            Event(R"("a":"z","b":3,"c":{"x":"1","y":"2"})", 0));
}

TEST(Rendering, OutOfOrderAtEveryLevel) {
  EXPECT_EQ(EventFor(R"({"c":{"y":"2","x":"1"},"b":3,"a":"z"})"),
            Event(R"("a":"z","b":3,"c":{"x":"1","y":"2"})", 0));
}

TEST(Rendering, EventsPutInOrderOneAfterAnother) {
  // A whole event put in order is written into a second buffer that takes
  // the first one's place: the events after it, in order or not, come out
  // whole (the records of one stream, one after another).
  auto stream = StreamFor({kSchema});
  const char* logs[] = {R"({"c":{"y":"2","x":"1"},"b":3,"a":"z"})", R"({"a":"q","b":4})",
                        R"({"b":5,"a":"long enough to outgrow the first buffer's text"})",
                        R"({"a":"r","c":{"x":"3"}})", R"({"c":{"x":"4"},"a":"s"})"};
  const std::string want[] = {R"("a":"z","b":3,"c":{"x":"1","y":"2"})", R"("a":"q","b":4)",
                              R"("a":"long enough to outgrow the first buffer's text","b":5)",
                              R"("a":"r","c":{"x":"3"})", R"("a":"s","c":{"x":"4"})"};
  for (int i = 0; i < 5; ++i) {
    const ClassifyResult& r = stream->Classify(logs[i]);
    ASSERT_EQ(r.kind, ClassifyResult::Kind::kEvent) << r.json;
    EXPECT_EQ(std::string(r.json), Event(want[i], i)) << logs[i];
  }
}

TEST(Rendering, UnknownKeysAreDroppedWherePutInOrder) {
  EXPECT_EQ(EventFor(R"({"q":1,"a":"z","r":{"s":[1,2]},"b":3,"t":"u"})"),
            Event(R"("a":"z","b":3)", 0));
}

TEST(Rendering, RepeatedKeyLastValueWins) {
  EXPECT_EQ(EventFor(R"({"a":"first","b":1,"a":"second"})"),
            Event(R"("a":"second","b":1)", 0));
  // The last one is null: the field is absent.
  EXPECT_EQ(EventFor(R"({"a":"first","b":1,"a":null})"), Event(R"("b":1)", 0));
  // Null first, then a value.
  EXPECT_EQ(EventFor(R"({"b":1,"a":null,"a":"late"})"), Event(R"("a":"late","b":1)", 0));
}

TEST(Rendering, AbsentFieldsLeaveNoCommaOrKey) {
  EXPECT_EQ(EventFor(R"({"a":null,"b":1})"), Event(R"("b":1)", 0));
  EXPECT_EQ(EventFor(R"({"a":"x","b":""})"), Event(R"("a":"x")", 0));  // "" int: absent
  EXPECT_EQ(EventFor(R"({"a":null,"b":null})"), Event("", 0));
  EXPECT_EQ(EventFor(R"({"c":{"x":null}})"), Event(R"("c":{})", 0));
}

TEST(Rendering, IntegersInCanonicalForm) {
  // A JSON integer is written as it came, except -0; numeric strings as
  // their value.
  EXPECT_EQ(EventFor(R"({"b":12})"), Event(R"("b":12)", 0));
  EXPECT_EQ(EventFor(R"({"b":-12})"), Event(R"("b":-12)", 0));
  EXPECT_EQ(EventFor(R"({"b":-0})"), Event(R"("b":0)", 0));
  EXPECT_EQ(EventFor(R"({"b":"007"})"), Event(R"("b":7)", 0));
  EXPECT_EQ(EventFor(R"({"b":"+5"})"), Event(R"("b":5)", 0));
  EXPECT_EQ(EventFor(R"({"b":"-0"})"), Event(R"("b":0)", 0));
}

TEST(Rendering, KeysLikeTheNextFieldButNotIt) {
  // The decoder tries the field after the previous key's by comparing the
  // raw key with the name and a closing quote; keys that share the name's
  // bytes without being it must go to the lookup (and be dropped here: were
  // they taken for b, their string would fail b's int type).
  EXPECT_EQ(EventFor(R"({"a":"z","bb":"x"})"), Event(R"("a":"z")", 0));
  EXPECT_EQ(EventFor(R"({"a":"z","b\"":"x"})"), Event(R"("a":"z")", 0));
  EXPECT_EQ(EventFor(R"({"a":"z","b\u0062":"x"})"), Event(R"("a":"z")", 0));
  // The name written with an escape is still the field.
  EXPECT_EQ(EventFor(R"({"a":"z","\u0062":5})"), Event(R"("a":"z","b":5)", 0));
  EXPECT_EQ(EventFor(R"({"\u0061":"z","b":5})"), Event(R"("a":"z","b":5)", 0));
  // A key at the very end of a (truncated) document: no read past it.
  auto stream = StreamFor({kSchema});
  EXPECT_EQ(stream->Classify(R"({"a":"z","b)").kind, ClassifyResult::Kind::kFailure);
}

TEST(Rendering, FieldNamesThatJsonEscapes) {
  // Names holding '<', a quote or a backslash are matched by the key's
  // unescaped value. The raw bytes a\b" in a log are the key "a", backspace:
  // not the field named a, backslash, b.
  const char schema[] = R"(
version: 0
schema: Custom.Odd
fields:
  - {name: "a<b", type: string}
  - {name: "q\"r", type: int}
  - {name: 'a\b', type: int}
)";
  auto stream = StreamFor({schema});
  const ClassifyResult& r = stream->Classify(R"({"a<b":"1","q\"r":2,"a\\b":3})");
  ASSERT_EQ(r.kind, ClassifyResult::Kind::kEvent) << r.json;
  EXPECT_EQ(std::string(r.json), "{\"a\\u003cb\":\"1\",\"q\\\"r\":2,\"a\\\\b\":3," +
                                     PantherFields("Custom.Odd", 0) + "}");
  const ClassifyResult& other = stream->Classify(R"({"a<b":"1","q\"r":2,"a\b":"x"})");
  ASSERT_EQ(other.kind, ClassifyResult::Kind::kEvent) << other.json;
  EXPECT_EQ(std::string(other.json), "{\"a\\u003cb\":\"1\",\"q\\\"r\":2," +
                                         PantherFields("Custom.Odd", 1) + "}");
}

TEST(Rendering, WhitespaceAroundTokens) {
  EXPECT_EQ(EventFor("{ \"a\" :\t\"x\"\n , \"b\" : 1 ,\"c\":{ \"y\" : \"2\" } }"),
            Event(R"("a":"x","b":1,"c":{"y":"2"})", 0));
}

TEST(Rendering, RawAndEscapedInputRenderTheSame) {
  // 'a' spelt \u0061 in a key and a value; '<' is escaped on output either way.
  const std::string escaped = EventFor(R"({"\u0061":"\u0061b<","b":1})");
  const std::string raw = EventFor(R"({"a":"ab<","b":1})");
  EXPECT_EQ(escaped, raw);
  EXPECT_EQ(raw, Event(R"("a":"ab\u003c","b":1)", 0));
  // Quotes, backslashes and U+2028 inside strings.
  EXPECT_EQ(EventFor(R"({"a":"say \"hi\" \\ \u2028"})"),
            Event(R"("a":"say \"hi\" \\ \u2028")", 0));
  // Non-ASCII text is written as UTF-8.
  EXPECT_EQ(EventFor(R"({"a":"\u00e9t\u00e9"})"), EventFor("{\"a\":\"\xC3\xA9t\xC3\xA9\"}"));
}

TEST(Rendering, EscapesFoundAtEveryPositionOfAString) {
  // '<' (escaped by Go) placed at each position of strings of 1 to 40 bytes:
  // the raw copy must never be taken, however the string falls on 16-byte
  // blocks.
  for (size_t len = 1; len <= 40; ++len) {
    for (size_t at = 0; at < len; ++at) {
      std::string value(len, 'x');
      value[at] = '<';
      std::string want = value;
      want.replace(at, 1, "\\u003c");
      EXPECT_EQ(EventFor(("{\"a\":\"" + value + "\"}").c_str()),
                Event("\"a\":\"" + want + "\"", 0))
          << len << " " << at;
    }
  }
}

TEST(Rendering, EscapedQuotesAndBackslashesAtEveryPosition) {
  // A string's end is found by the first quote or backslash in it: with an
  // escaped quote (or backslash) at any position, and whatever the 16-byte
  // blocks, the string must run to its real closing quote, in both modes.
  for (bool validate_only : {false, true}) {
    ClassifierOptions o;
    o.validate_only = validate_only;
    auto stream = StreamFor({kSchema}, o);
    int n = 0;
    for (size_t len = 1; len <= 40; ++len) {
      for (size_t at = 0; at < len; ++at) {
        for (const char* escape : {"\\\"", "\\\\"}) {
          std::string value(len, 'x');
          value.replace(at, 1, escape);
          const std::string log = "{\"a\":\"" + value + "\",\"b\":7}";
          const ClassifyResult& r = stream->Classify(log);
          ASSERT_EQ(r.kind, ClassifyResult::Kind::kEvent) << log << " validate_only=" << validate_only;
          if (!validate_only) {
            EXPECT_EQ(std::string(r.json), Event("\"a\":\"" + value + "\",\"b\":7", n)) << log;
          }
          ++n;
        }
      }
    }
  }
}

TEST(Rendering, FieldNamesOfEveryLength) {
  // Names of 1 to 40 bytes: the short ones are matched on their raw bytes
  // (name and closing quote in one compare), the longest by lookup. Keys one
  // byte longer or shorter than a name are not it, and a document cut off
  // inside a key does not match the name in the padding after it.
  std::string schema = "version: 0\nschema: Custom.Long\nfields:\n";
  std::string names_in_order, reversed, longer, shorter, event;
  std::vector<std::string> names;
  for (size_t len = 1; len <= 40; ++len) {
    std::string name(len, 'k');
    name.back() = static_cast<char>('A' + len % 26);  // no name is a prefix of another
    names.push_back(name);
    schema += "  - {name: " + name + ", type: int}\n";
  }
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string sep = i == 0 ? "" : ",";
    names_in_order += sep + "\"" + names[i] + "\":" + std::to_string(i);
    reversed = "\"" + names[i] + "\":" + std::to_string(i) + (i == 0 ? "" : ",") + reversed;
    longer += sep + "\"" + names[i] + "z\":\"not an int\"";
    shorter += sep + "\"" + names[i].substr(0, names[i].size() - 1) + "\":\"not an int\"";
  }
  auto stream = StreamFor({schema});
  const std::string want = "{" + names_in_order + "," + PantherFields("Custom.Long", 0) + "}";
  const ClassifyResult& in_order = stream->Classify("{" + names_in_order + "}");
  ASSERT_EQ(in_order.kind, ClassifyResult::Kind::kEvent) << in_order.json;
  EXPECT_EQ(std::string(in_order.json), want);
  const ClassifyResult& out_of_order = stream->Classify("{" + reversed + "}");
  ASSERT_EQ(out_of_order.kind, ClassifyResult::Kind::kEvent) << out_of_order.json;
  EXPECT_EQ(std::string(out_of_order.json),
            "{" + names_in_order + "," + PantherFields("Custom.Long", 1) + "}");
  // Unknown keys are dropped (were any taken for a field, its int type fails).
  const ClassifyResult& other = stream->Classify("{" + longer + "," + shorter + "}");
  ASSERT_EQ(other.kind, ClassifyResult::Kind::kEvent) << other.json;
  EXPECT_EQ(std::string(other.json), "{" + PantherFields("Custom.Long", 2) + "}");
  for (const std::string& name : names) {
    EXPECT_EQ(stream->Classify("{\"" + name).kind, ClassifyResult::Kind::kFailure) << name;
    EXPECT_EQ(stream->Classify("{\"" + name + "\"").kind, ClassifyResult::Kind::kFailure) << name;
  }
}

TEST(Rendering, JsonValuesAreCompactAndEscapedLikeGo) {
  EXPECT_EQ(EventFor(R"({"j": { "k<" : "v\"" , "n" : [ 1 , "\u00e9", true, null ] }})"),
            Event("\"j\":{\"k\\u003c\":\"v\\\"\",\"n\":[1,\"\xC3\xA9\",true,null]}", 0));
  // Keys copied from the input with their comma and colon where those touch
  // them, written around the spaces otherwise.
  EXPECT_EQ(EventFor(R"({"j":{"a":1, "b":2,"c" :3,"d": 4 ,"e":[{"f":5,"g" : "h"}]}})"),
            Event(R"("j":{"a":1,"b":2,"c":3,"d":4,"e":[{"f":5,"g":"h"}]})", 0));
  // Key order inside a json value is the document's.
  EXPECT_EQ(EventFor(R"({"j":{"z":1,"a":{"y":"2","b":"3"}}})"),
            Event(R"("j":{"z":1,"a":{"y":"2","b":"3"}})", 0));
}

TEST(Rendering, BadEscapesFailWhereverTheyAre) {
  for (bool validate_only : {false, true}) {
    ClassifierOptions o;
    o.validate_only = validate_only;
    auto stream = StreamFor({kSchema}, o);
    for (const char* log : {R"({"a":"bad \q escape"})", R"({"j":{"k":"bad \q"}})",
                            R"({"unknown":"bad \q"})", R"({"a\q":"x"})"}) {
      const ClassifyResult& r = stream->Classify(log);
      ASSERT_EQ(r.kind, ClassifyResult::Kind::kFailure)
          << log << " validate_only=" << validate_only << " -> " << r.json;
      EXPECT_EQ(r.failure->best.reason, FailureReason::kMalformedJson) << log;
    }
    // The same logs with good escapes pass.
    for (const char* log : {R"({"a":"good \n escape"})", R"({"j":{"k":"good \t"}})",
                            R"({"unknown":"good \\"})", R"({"a\n":"x"})"}) {
      EXPECT_EQ(stream->Classify(log).kind, ClassifyResult::Kind::kEvent)
          << log << " validate_only=" << validate_only;
    }
  }
}

TEST(Rendering, AColonAfterAValueIsMalformedWhereverItIs) {
  // A string read raw must still be consumed, or simdjson's skip takes the
  // ':' after it for a key's (found by fuzz_classify).
  for (bool validate_only : {false, true}) {
    ClassifierOptions o;
    o.validate_only = validate_only;
    auto stream = StreamFor({kSchema}, o);
    for (const char* log : {R"({"a":"b":"c"})", R"({"a":"&b":"c"})", R"({"a":"x":"y","b":1})",
                            R"({"j":{"k":"v":"w"}})", R"({"u":"v":"w"})", R"({"b":1:2})",
                            R"({"c":{"x":"1":"2"}})", R"({"a":"&rn:":"&r{"t":1.76002n:6"""}})",
                            R"({"a":"rn:":"r{"t":1.76002n:6"""}})", R"({"a":"b":"c","b":"d"})",
                            R"({"a":"b":"c":"d"})", R"({"a":"b":{"c":1}})"}) {
      const ClassifyResult& r = stream->Classify(log);
      ASSERT_EQ(r.kind, ClassifyResult::Kind::kFailure)
          << log << " validate_only=" << validate_only << " -> " << r.json;
      EXPECT_EQ(r.failure->best.reason, FailureReason::kMalformedJson) << log;
    }
  }
}

}  // namespace
}  // namespace loghealth
