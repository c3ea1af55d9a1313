// The text parsers' options and edge cases, at the parser level: what pairs
// a line becomes, and how a non-matching line is explained. Expected values
// follow panther-semantics.md section 3 (and its appendix B examples).
#include "src/parse/text_parser.h"

#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace loghealth {
namespace parse {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

using Pairs = std::vector<std::pair<std::string, std::string>>;

std::unique_ptr<TextParser> Make(const std::string& parser_yaml) {
  SchemaLoadResult r = LoadSchema("version: 0\nschema: Custom.T\nparser:\n" + parser_yaml +
                                  "fields:\n  - {name: unused, type: string}\n");
  EXPECT_TRUE(r.ok()) << r.ErrorText();
  auto p = TextParser::Create(*r.schema);
  EXPECT_TRUE(p.ok()) << p.status();
  return *std::move(p);
}

struct ParseRun {
  TextParser::Outcome outcome;
  Pairs pairs;
  TextMatchError error;
};

ParseRun Parse(const TextParser& p, TextStreamState* state, const std::string& line) {
  ParseRun run;
  std::vector<TextField> fields;
  run.outcome = p.Parse(line, state, &fields, &run.error);
  for (const TextField& f : fields) run.pairs.emplace_back(f.name, f.value);
  return run;
}

ParseRun Parse(const TextParser& p, const std::string& line) {
  TextStreamState state;
  return Parse(p, &state, line);
}

// ---- fastmatch ----------------------------------------------------------------

TEST(Fastmatch, AppendixBExamples) {
  auto two = Make("  fastmatch:\n    match: ['%{x} %{y}']\n");
  EXPECT_THAT(Parse(*two, "a b").pairs, ElementsAre(Pair("x", "a"), Pair("y", "b")));
  // The last field takes the rest of the line.
  EXPECT_THAT(Parse(*two, "a b c").pairs, ElementsAre(Pair("x", "a"), Pair("y", "b c")));
  // A trailing delimiter: the text after it is ignored.
  auto trailing = Make("  fastmatch:\n    match: ['%{x} %{y} ']\n");
  EXPECT_THAT(Parse(*trailing, "a b c").pairs,
              ElementsAre(Pair("x", "a"), Pair("y", "b")));
  // Quoted with escapes: unescaped.
  auto quoted = Make("  fastmatch:\n    match: ['\"%{m}\" %{n}']\n");
  EXPECT_THAT(Parse(*quoted, R"("a \"q\" b" z)").pairs,
              ElementsAre(Pair("m", "a \"q\" b"), Pair("n", "z")));
  // emptyValues drop a field.
  auto empty = Make("  fastmatch:\n    match: ['%{a} %{b} %{c}']\n    emptyValues: ['-']\n");
  EXPECT_THAT(Parse(*empty, "x - y").pairs, ElementsAre(Pair("a", "x"), Pair("c", "y")));
}

TEST(Fastmatch, PrefixAnonymousEmptyUnicodeAndLongLines) {
  auto p = Make("  fastmatch:\n    match: ['<%{pri}>%{} %{msg}']\n");
  EXPECT_THAT(Parse(*p, "<13>host-1 héllo wörld ✓").pairs,
              ElementsAre(Pair("pri", "13"), Pair("msg", "héllo wörld ✓")));
  // The anonymous field ends at the first space, so msg keeps the second.
  EXPECT_THAT(Parse(*p, "<>  x").pairs, ElementsAre(Pair("pri", ""), Pair("msg", " x")));
  const std::string long_msg(1 << 20, 'z');
  EXPECT_EQ(Parse(*p, "<1>h " + long_msg).pairs.back().second.size(), long_msg.size());
  // The prefix must start the line.
  const ParseRun miss = Parse(*p, " <13>h x");
  EXPECT_EQ(miss.outcome, TextParser::Outcome::kNoMatch);
  EXPECT_EQ(miss.error.message,
            "no pattern matched: pattern 1 stopped at offset 0: expected \"<\"");
}

TEST(Fastmatch, PatternsInOrderAndTheFurthestExplains) {
  auto p = Make(
      "  fastmatch:\n    match:\n"
      "      - '%{ip} - %{user} [%{time}] \"%{request}\" %{status}'\n"
      "      - '%{ip} %{rest}'\n");
  // The first pattern that matches wins.
  EXPECT_THAT(Parse(*p, "1.2.3.4 - bob [t] \"GET /\" 200").pairs,
              ElementsAre(Pair("ip", "1.2.3.4"), Pair("user", "bob"), Pair("time", "t"),
                          Pair("request", "GET /"), Pair("status", "200")));
  EXPECT_THAT(Parse(*p, "1.2.3.4 something else").pairs,
              ElementsAre(Pair("ip", "1.2.3.4"), Pair("rest", "something else")));
  auto strict = Make(
      "  fastmatch:\n    match:\n"
      "      - '%{ip} - %{user} [%{time}]'\n"
      "      - '%{ip} | %{rest}'\n");
  const ParseRun miss = Parse(*strict, "1.2.3.4");
  ASSERT_EQ(miss.outcome, TextParser::Outcome::kNoMatch);
  EXPECT_EQ(miss.error.reason, FailureReason::kNoPatternMatched);
  EXPECT_EQ(miss.error.message,
            "no pattern matched: pattern 1 stopped at offset 0: expected \" - \" "
            "(2 patterns tried)");
  // The one that got furthest speaks: pattern 1 read ip, then wanted " ["
  // after user; pattern 2 stopped at once.
  const ParseRun far = Parse(*strict, "1.2.3.4 - bob t]");
  EXPECT_EQ(far.error.message,
            "no pattern matched: pattern 1 stopped at offset 10: expected \" [\" "
            "(2 patterns tried)");
  EXPECT_EQ(far.error.offset, 10);
}

TEST(Fastmatch, DelimiterInsideQuotesWithEscapes) {
  auto p = Make("  fastmatch:\n    match: ['%{a} \"%{ua}\" %{b}']\n");
  // Without a backslash the field ends at the first `" `.
  EXPECT_THAT(Parse(*p, R"(1 "Mozilla 5" 2)").pairs,
              ElementsAre(Pair("a", "1"), Pair("ua", "Mozilla 5"), Pair("b", "2")));
  // With escapes, an escaped quote does not end it; \t and \u are decoded.
  EXPECT_THAT(Parse(*p, R"(1 "say \"hi\" \t\u00e9" 2)").pairs,
              ElementsAre(Pair("a", "1"), Pair("ua", "say \"hi\" \t\xc3\xa9"), Pair("b", "2")));
}

TEST(Pipeline, SkipPrefixSkipLinesTrimSpaceExpandFields) {
  auto p = Make(
      "  fastmatch:\n    match: ['%{d}|%{t}|%{v}']\n    skipPrefix: '#'\n"
      "    skipLines: 1\n    trimSpace: true\n    emptyValues: ['', 'n/a']\n"
      "    expandFields:\n      when: '%{ d }T%{t}Z'\n      nothing: '%{missing}'\n");
  TextStreamState state;
  EXPECT_EQ(Parse(*p, &state, "first line is skipped").outcome, TextParser::Outcome::kSkipped);
  EXPECT_EQ(Parse(*p, &state, "#Version: 1.0").outcome, TextParser::Outcome::kSkipped);
  EXPECT_THAT(Parse(*p, &state, " 2020-09-01 | 10:35:23 |  n/a ").pairs,
              ElementsAre(Pair("d", "2020-09-01"), Pair("t", "10:35:23"),
                          Pair("when", "2020-09-01T10:35:23Z")));
}

// ---- regex --------------------------------------------------------------------

TEST(Regex, GrokNamedGroupsAndDefinitions) {
  auto p = Make(
      "  regex:\n    patternDefinitions:\n      LEVEL: (?:INFO|WARN|ERROR)\n"
      "      ENTRY: '%{LEVEL:level} %{GREEDYDATA:message}'\n"
      "    match:\n      - '^%{TIMESTAMP_ISO8601:time} '\n      - '%{ENTRY}$'\n");
  EXPECT_THAT(Parse(*p, "2024-05-01T10:00:00Z WARN disk 91% full").pairs,
              ElementsAre(Pair("time", "2024-05-01T10:00:00Z"), Pair("level", "WARN"),
                          Pair("message", "disk 91% full")));
  const ParseRun miss = Parse(*p, "2024-05-01T10:00:00Z DEBUG nope");
  ASSERT_EQ(miss.outcome, TextParser::Outcome::kNoMatch);
  EXPECT_EQ(miss.error.message,
            "no pattern matched: the regex stopped matching at match[1] "
            "\"%{ENTRY}$\" (offset 21)");
  const ParseRun early = Parse(*p, "yesterday WARN x");
  EXPECT_EQ(early.error.message,
            "no pattern matched: the regex stopped matching at match[0] "
            "\"^%{TIMESTAMP_ISO8601:time} \" (offset 0)");
}

TEST(Regex, UnanchoredOptionalGroupsAndBuiltins) {
  auto p = Make(
      "  regex:\n    match:\n      - '%{IP:src}(?: port %{INT:port})?'\n");
  // Unanchored: leading text is fine; a group that took no part is "".
  EXPECT_THAT(Parse(*p, "from 10.0.0.1 closed").pairs,
              ElementsAre(Pair("src", "10.0.0.1"), Pair("port", "")));
  EXPECT_THAT(Parse(*p, "from 10.0.0.1 port 22").pairs,
              ElementsAre(Pair("src", "10.0.0.1"), Pair("port", "22")));
  auto syslog = Make(
      "  regex:\n    match:\n      - '^%{SYSLOGTIMESTAMP:ts} %{HOSTNAME:host} "
      "%{DATA:prog}(?:\\[%{POSINT:pid}\\])?: %{GREEDYDATA:msg}'\n");
  EXPECT_THAT(Parse(*syslog, "Mar  5 17:41:11 ip-1-1-4-1 sudo[123]: ssm-user : TTY=pts/2").pairs,
              ElementsAre(Pair("ts", "Mar  5 17:41:11"), Pair("host", "ip-1-1-4-1"),
                          Pair("prog", "sudo"), Pair("pid", "123"),
                          Pair("msg", "ssm-user : TTY=pts/2")));
  auto web = Make(
      "  regex:\n    match:\n      - '%{IPORHOST:client} \\[%{HTTPDATE:time}\\] "
      "%{QS:request} %{URI:ref} %{UUID:id} %{MAC:mac}'\n");
  EXPECT_THAT(Parse(*web, "h.example.com [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" "
                          "https://a.b/c?d=1 123e4567-e89b-12d3-a456-426614174000 "
                          "00:1a:2b:3c:4d:5e").pairs,
              ElementsAre(Pair("client", "h.example.com"),
                          Pair("time", "10/Oct/2000:13:55:36 -0700"),
                          Pair("request", "\"GET / HTTP/1.0\""), Pair("ref", "https://a.b/c?d=1"),
                          Pair("id", "123e4567-e89b-12d3-a456-426614174000"),
                          Pair("mac", "00:1a:2b:3c:4d:5e")));
}

// ---- csv ------------------------------------------------------------------------

TEST(Csv, ColumnsQuotesAndLazyQuotes) {
  auto p = Make("  csv:\n    columns: [a, b, c]\n");
  EXPECT_THAT(Parse(*p, "1,two,3").pairs,
              ElementsAre(Pair("a", "1"), Pair("b", "two"), Pair("c", "3")));
  EXPECT_THAT(Parse(*p, R"("x,y","say ""hi""",)").pairs,
              ElementsAre(Pair("a", "x,y"), Pair("b", "say \"hi\""), Pair("c", "")));
  // Lazy quotes: a bare quote in a field, a stray quote inside quotes.
  EXPECT_THAT(Parse(*p, R"(5"6,"a"b",c)").pairs,
              ElementsAre(Pair("a", "5\"6"), Pair("b", "a\"b"), Pair("c", "c")));
  EXPECT_THAT(Parse(*p, "é,中,✓").pairs,
              ElementsAre(Pair("a", "é"), Pair("b", "中"), Pair("c", "✓")));
  const ParseRun short_row = Parse(*p, "1,2");
  ASSERT_EQ(short_row.outcome, TextParser::Outcome::kNoMatch);
  EXPECT_EQ(short_row.error.reason, FailureReason::kWrongFieldCount);
  EXPECT_EQ(short_row.error.message, "wrong number of fields: expected 3, got 2");
}

TEST(Csv, HeaderSetsColumnsPerStream) {
  auto p = Make("  csv:\n    delimiter: \"\\t\"\n    hasHeader: true\n");
  TextStreamState file1;
  EXPECT_EQ(Parse(*p, &file1, "time\tuser\t").outcome, TextParser::Outcome::kSkipped);
  // A column named "" is dropped.
  EXPECT_THAT(Parse(*p, &file1, "t1\tbob\tignored").pairs,
              ElementsAre(Pair("time", "t1"), Pair("user", "bob")));
  EXPECT_EQ(Parse(*p, &file1, "t1\tbob").error.message,
            "wrong number of fields: expected 3, got 2");
  // Another stream has its own header.
  TextStreamState file2;
  EXPECT_EQ(Parse(*p, &file2, "user\ttime").outcome, TextParser::Outcome::kSkipped);
  EXPECT_THAT(Parse(*p, &file2, "carol\tt2").pairs,
              ElementsAre(Pair("user", "carol"), Pair("time", "t2")));
  // A header-only stream yields nothing but the skipped header.
  TextStreamState only_header;
  EXPECT_EQ(Parse(*p, &only_header, "a\tb").outcome, TextParser::Outcome::kSkipped);
}

TEST(Csv, HeaderWithColumnsIsSkippedAndColumnsRule) {
  auto p = Make("  csv:\n    hasHeader: true\n    columns: [x, y]\n");
  TextStreamState state;
  EXPECT_EQ(Parse(*p, &state, "whatever,the,header,says").outcome,
            TextParser::Outcome::kSkipped);
  EXPECT_THAT(Parse(*p, &state, "1,2").pairs, ElementsAre(Pair("x", "1"), Pair("y", "2")));
}

}  // namespace
}  // namespace parse
}  // namespace loghealth
