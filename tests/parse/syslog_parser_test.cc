// The syslog parsers at the parser level: the fields each line becomes, and
// which lines RFC 5424's grammar refuses. Expected values from RFC 5424's
// and RFC 3164's own examples and grammar, worked out by hand.
#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/parse/text_parser.h"

namespace loghealth {
namespace parse {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

using Pairs = std::vector<std::pair<std::string, std::string>>;

std::unique_ptr<TextParser> Syslog(const char* format) {
  SchemaLoadResult r = LoadSchema(std::string("version: 0\nschema: Custom.S\nparser:\n  syslog: {format: ") +
                                  format + "}\nfields:\n  - {name: message, type: string}\n");
  EXPECT_TRUE(r.ok()) << r.ErrorText();
  auto p = TextParser::Create(*r.schema);
  EXPECT_TRUE(p.ok()) << p.status();
  return *std::move(p);
}

// The pairs, or {"<no match>", message}.
Pairs Fields(const TextParser& p, const std::string& line) {
  TextStreamState state;
  std::vector<TextField> fields;
  TextMatchError error;
  if (p.Parse(line, &state, &fields, &error) != TextParser::Outcome::kFields) {
    return {{"<no match>", error.message}};
  }
  Pairs out;
  for (const TextField& f : fields) out.emplace_back(std::string(f.name), std::string(f.value));
  return out;
}

TEST(Rfc5424, TheRfcsExamples) {
  auto p = Syslog("rfc5424");
  // RFC 5424 section 6.5, examples 1 and 3 (BOM left out).
  EXPECT_THAT(Fields(*p, "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - "
                         "'su root' failed for lonvick on /dev/pts/8"),
              ElementsAre(Pair("priority", "34"), Pair("facility", "4"), Pair("severity", "2"),
                          Pair("version", "1"), Pair("timestamp", "2003-10-11T22:14:15.003Z"),
                          Pair("hostname", "mymachine.example.com"), Pair("appname", "su"),
                          Pair("msgid", "ID47"),
                          Pair("message", "'su root' failed for lonvick on /dev/pts/8")));
  EXPECT_THAT(Fields(*p, "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - "
                         "ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"Application\" "
                         "eventID=\"1011\"] An application event log entry..."),
              ElementsAre(Pair("priority", "165"), Pair("facility", "20"), Pair("severity", "5"),
                          Pair("version", "1"), Pair("timestamp", "2003-10-11T22:14:15.003Z"),
                          Pair("hostname", "mymachine.example.com"), Pair("appname", "evntslog"),
                          Pair("msgid", "ID47"),
                          Pair("structured_data",
                               "{\"exampleSDID@32473\":{\"iut\":\"3\",\"eventSource\":"
                               "\"Application\",\"eventID\":\"1011\"}}"),
                          Pair("message", "An application event log entry...")));
}

TEST(Rfc5424, StructuredDataEscapesRepeatsAndNilValues) {
  auto p = Syslog("rfc5424");
  EXPECT_THAT(Fields(*p, "<13>1 - - - - - [a b=\"1\" c=\"x\\\"y\\]z\\\\\" b=\"2\"][d]"),
              ElementsAre(Pair("priority", "13"), Pair("facility", "1"), Pair("severity", "5"),
                          Pair("version", "1"),
                          Pair("structured_data",
                               "{\"a\":{\"b\":\"2\",\"c\":\"x\\\"y]z\\\\\"},\"d\":{}}")));
  EXPECT_THAT(Fields(*p, "<0>999 2003-08-24T05:14:15.000003-07:00 h a 123 m -"),
              ElementsAre(Pair("priority", "0"), Pair("facility", "0"), Pair("severity", "0"),
                          Pair("version", "999"),
                          Pair("timestamp", "2003-08-24T05:14:15.000003-07:00"),
                          Pair("hostname", "h"), Pair("appname", "a"), Pair("procid", "123"),
                          Pair("msgid", "m")));
}

TEST(Rfc5424, WhatTheGrammarRefuses) {
  auto p = Syslog("rfc5424");
  for (const char* bad : {
           "<192>1 - - - - - -",                           // PRI above 191
           "<013>1 - - - - - -",                           // a leading zero
           "<13>0 - - - - - -",                            // VERSION 0
           "<13>1  - - - - -",                             // two spaces
           "<13>1 2003-10-11 22:14:15Z - - - - -",         // no T
           "<13>1 2003-10-11T22:14:15.0000003Z - - - - -", // seven fraction digits
           "<13>1 - - - - - [a b=\"1\"][a c=\"2\"]",       // an SD-ID twice
           "<13>1 - - - - - [a b=\"1]\"]",                 // ] unescaped
           "<13>1 - - - - - [a b=\"\\n\"]",                // an escape RFC 5424 lacks
           "<13>1 - - - - - [a b=1]",                      // no quotes
           "Oct 11 22:14:15 mymachine su: hi",             // RFC 3164
       }) {
    EXPECT_EQ(Fields(*p, bad).front().first, "<no match>") << bad;
  }
  EXPECT_THAT(Fields(*p, "<13>1 - - - - - [a b=\"1]\"]").front().second,
              HasSubstr("syslog RFC 5424: expected \\] for a ] in a PARAM-VALUE at offset 23"));
}

TEST(Rfc3164, BsdLines) {
  auto p = Syslog("rfc3164");
  // RFC 3164 section 5.4's first example.
  EXPECT_THAT(Fields(*p, "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on "
                         "/dev/pts/8"),
              ElementsAre(Pair("priority", "34"), Pair("facility", "4"), Pair("severity", "2"),
                          Pair("timestamp", "Oct 11 22:14:15"), Pair("hostname", "mymachine"),
                          Pair("appname", "su"),
                          Pair("message", "'su root' failed for lonvick on /dev/pts/8")));
  EXPECT_THAT(Fields(*p, "<13>Dec  2 16:31:03 web-1 sshd[4321]: Accepted key"),
              ElementsAre(Pair("priority", "13"), Pair("facility", "1"), Pair("severity", "5"),
                          Pair("timestamp", "Dec  2 16:31:03"), Pair("hostname", "web-1"),
                          Pair("appname", "sshd"), Pair("procid", "4321"),
                          Pair("message", "Accepted key")));
  EXPECT_THAT(Fields(*p, "<13>2019-12-02T16:49:23+02:00 host no tag here"),
              ElementsAre(Pair("priority", "13"), Pair("facility", "1"), Pair("severity", "5"),
                          Pair("timestamp", "2019-12-02T16:49:23+02:00"), Pair("hostname", "host"),
                          Pair("message", "no tag here")));
  for (const char* bad : {"Oct 11 22:14:15 mymachine su: no PRI", "<13>Oct 11 22:14 host x",
                          "<13>Octo 11 22:14:15 host x", "<13>Oct 11 22:14:15 host"}) {
    EXPECT_EQ(Fields(*p, bad).front().first, "<no match>") << bad;
  }
}

}  // namespace
}  // namespace parse
}  // namespace loghealth
