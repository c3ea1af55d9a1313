// Expected instants were computed independently with Python's datetime
// (see the comment beside each constant), not with this library.
#include "loghealth/timestamp.h"
#include "src/time/fast_format.h"

#include <cstdio>
#include <cstring>
#include <string>

#include "gtest/gtest.h"

namespace loghealth {
namespace {

struct Parsed {
  TimeParseStatus status;
  Timestamp t;
  std::string error;  // Describe() when status is kError
};

Parsed ParseWith(const std::string& spec, const std::string& text,
                 TimeValueKind kind = TimeValueKind::kString) {
  auto codec = TimeCodec::Compile(spec);
  EXPECT_TRUE(codec.ok()) << codec.status();
  Parsed p;
  TimeParseError e;
  p.status = codec->Parse(text, kind, &p.t, &e);
  if (p.status == TimeParseStatus::kError) p.error = codec->Describe(text, e);
  return p;
}

std::string Format(const std::string& spec, const Timestamp& t) {
  std::string out;
  TimeCodec::Compile(spec)->Format(t, &out);
  return out;
}

// ---- rfc3339 ---------------------------------------------------------------

TEST(Rfc3339, ParsesUtcAndOffsets) {
  Parsed p = ParseWith("rfc3339", "2000-10-10T13:55:36-07:00");
  ASSERT_EQ(p.status, TimeParseStatus::kOk) << p.error;
  EXPECT_EQ(p.t.seconds, 971211336);  // datetime(2000,10,10,13,55,36,-7h)
  EXPECT_EQ(p.t.utc_offset, -7 * 3600);
  EXPECT_EQ(Format("rfc3339", p.t), "2000-10-10T13:55:36-07:00");

  p = ParseWith("rfc3339", "2022-04-04T18:37:28Z");
  ASSERT_EQ(p.status, TimeParseStatus::kOk);
  EXPECT_EQ(p.t.seconds, 1649097448);
  EXPECT_EQ(Format("rfc3339", p.t), "2022-04-04T18:37:28Z");
}

TEST(Rfc3339, FractionsOfOneToNineDigits) {
  const struct {
    const char* text;
    int32_t nanos;
    const char* formatted;
  } cases[] = {
      {"2022-04-04T18:37:28.1Z", 100000000, "2022-04-04T18:37:28.1Z"},
      {"2022-04-04T18:37:28.12Z", 120000000, "2022-04-04T18:37:28.12Z"},
      {"2022-04-04T18:37:28.123Z", 123000000, "2022-04-04T18:37:28.123Z"},
      {"2022-04-04T18:37:28.123456Z", 123456000, "2022-04-04T18:37:28.123456Z"},
      {"2022-04-04T18:37:28.1234567Z", 123456700, "2022-04-04T18:37:28.1234567Z"},
      {"2022-04-04T18:37:28.123456789Z", 123456789, "2022-04-04T18:37:28.123456789Z"},
      {"2022-04-04T18:37:28.100Z", 100000000, "2022-04-04T18:37:28.1Z"},
      // Like Go: digits past nanoseconds are truncated.
      {"2022-04-04T18:37:28.1234567899Z", 123456789, "2022-04-04T18:37:28.123456789Z"},
  };
  for (const auto& c : cases) {
    Parsed p = ParseWith("rfc3339", c.text);
    ASSERT_EQ(p.status, TimeParseStatus::kOk) << c.text << ": " << p.error;
    EXPECT_EQ(p.t.seconds, 1649097448) << c.text;
    EXPECT_EQ(p.t.nanos, c.nanos) << c.text;
    EXPECT_EQ(Format("rfc3339", p.t), c.formatted);
  }
}

TEST(Rfc3339, LeapYears) {
  Parsed p = ParseWith("rfc3339", "2024-02-29T12:00:00Z");
  ASSERT_EQ(p.status, TimeParseStatus::kOk) << p.error;
  EXPECT_EQ(p.t.seconds, 1709208000);  // datetime(2024,2,29,12)
  EXPECT_EQ(ParseWith("rfc3339", "2000-02-29T00:00:00Z").status,
            TimeParseStatus::kOk);  // divisible by 400
  EXPECT_EQ(ParseWith("rfc3339", "2023-02-29T12:00:00Z").error,
            "failed to parse \"2023-02-29T12:00:00Z\" with \"rfc3339\": day of "
            "month out of range at offset 8");
  EXPECT_EQ(ParseWith("rfc3339", "1900-02-29T00:00:00Z").status,
            TimeParseStatus::kError);  // divisible by 100, not 400
}

TEST(Rfc3339, Errors) {
  EXPECT_EQ(ParseWith("rfc3339", "2020-13-01T00:00:00Z").error,
            "failed to parse \"2020-13-01T00:00:00Z\" with \"rfc3339\": month "
            "out of range at offset 5");
  EXPECT_EQ(ParseWith("rfc3339", "2020-01-01T24:00:00Z").error,
            "failed to parse \"2020-01-01T24:00:00Z\" with \"rfc3339\": hour out "
            "of range at offset 11");
  EXPECT_EQ(ParseWith("rfc3339", "2020-01-02 03:04:05").error,
            "failed to parse \"2020-01-02 03:04:05\" with \"rfc3339\": expected "
            "\"T\" at offset 10");
  EXPECT_EQ(ParseWith("rfc3339", "2020-01-02T03:04:05").error,
            "failed to parse \"2020-01-02T03:04:05\" with \"rfc3339\": expected "
            "\"Z or +hh:mm\" at offset 19");
  EXPECT_EQ(ParseWith("rfc3339", "2020-01-02T03:04:05Zjunk").error,
            "failed to parse \"2020-01-02T03:04:05Zjunk\" with \"rfc3339\": "
            "unconverted text \"junk\" at offset 20");
  EXPECT_EQ(ParseWith("rfc3339", "2020-01-02T03:04:05+0700").error,
            "failed to parse \"2020-01-02T03:04:05+0700\" with \"rfc3339\": "
            "expected \":\" at offset 22");
  // Numbers are not rfc3339 (Panther: "DecodeTime: invalid JSON value").
  EXPECT_EQ(ParseWith("rfc3339", "1649097491531", TimeValueKind::kNumber).error,
            "failed to parse 1649097491531 with \"rfc3339\": expected a JSON "
            "string, got a number");
}

TEST(AllCodecs, NullAndEmptyAreAbsentNeverErrors) {
  for (const char* spec : {"rfc3339", "unix", "unix_ms", "unix_us", "unix_ns",
                           "%Y-%m-%d", "layout=2006-01-02", "cloudflare"}) {
    EXPECT_EQ(ParseWith(spec, "").status, TimeParseStatus::kAbsent) << spec;
    EXPECT_EQ(ParseWith(spec, "", TimeValueKind::kNull).status,
              TimeParseStatus::kAbsent)
        << spec;
  }
}

// ---- unix -------------------------------------------------------------------

TEST(Unix, SecondsTruncatedToMicroseconds) {
  // Panther appendix B: 1649097448.123456789 -> 2022-04-04T18:37:28.123456Z.
  Parsed p = ParseWith("unix", "1649097448.123456789", TimeValueKind::kNumber);
  ASSERT_EQ(p.status, TimeParseStatus::kOk) << p.error;
  EXPECT_EQ(p.t.seconds, 1649097448);
  EXPECT_EQ(p.t.nanos, 123456000);
  EXPECT_EQ(Format("unix", p.t), "1649097448.123456");
  // A numeric string works too; exact decimal digits keep the microsecond.
  p = ParseWith("unix", "1.000001");
  ASSERT_EQ(p.status, TimeParseStatus::kOk);
  EXPECT_EQ(p.t.seconds, 1);
  EXPECT_EQ(p.t.nanos, 1000);
  p = ParseWith("unix", "1649097448", TimeValueKind::kNumber);
  EXPECT_EQ(Format("unix", p.t), "1649097448");
  p = ParseWith("unix", "1.6490974481e9", TimeValueKind::kNumber);  // ...448.1
  ASSERT_EQ(p.status, TimeParseStatus::kOk) << p.error;
  EXPECT_EQ(p.t.seconds, 1649097448);
  EXPECT_EQ(p.t.nanos, 100000000);
}

TEST(Unix, NegativeTimes) {
  Parsed p = ParseWith("unix", "-1.5", TimeValueKind::kNumber);
  ASSERT_EQ(p.status, TimeParseStatus::kOk);
  EXPECT_EQ(p.t.seconds, -2);  // -1.5 s = -2 s + 0.5 s
  EXPECT_EQ(p.t.nanos, 500000000);
  EXPECT_EQ(Format("unix", p.t), "-1.5");
  EXPECT_EQ(Format("rfc3339", p.t), "1969-12-31T23:59:58.5Z");
  p = ParseWith("unix_ms", "-1500");
  ASSERT_EQ(p.status, TimeParseStatus::kOk);
  EXPECT_EQ(p.t.seconds, -2);
  EXPECT_EQ(p.t.nanos, 500000000);
  EXPECT_EQ(Format("unix_ms", p.t), "-1500");
  p = ParseWith("unix", "-31536000");  // 1969-01-01
  EXPECT_EQ(Format("rfc3339", p.t), "1969-01-01T00:00:00Z");
}

TEST(Unix, IntegerUnits) {
  Parsed p = ParseWith("unix_ms", "1649097491531");
  ASSERT_EQ(p.status, TimeParseStatus::kOk);
  EXPECT_EQ(p.t.seconds, 1649097491);
  EXPECT_EQ(p.t.nanos, 531000000);
  EXPECT_EQ(Format("unix_ms", p.t), "1649097491531");
  p = ParseWith("unix_us", "1649097491531123", TimeValueKind::kNumber);
  EXPECT_EQ(p.t.nanos, 531123000);
  EXPECT_EQ(Format("unix_us", p.t), "1649097491531123");
  p = ParseWith("unix_ns", "1649097491531123456", TimeValueKind::kNumber);
  EXPECT_EQ(p.t.seconds, 1649097491);
  EXPECT_EQ(p.t.nanos, 531123456);
  EXPECT_EQ(Format("unix_ns", p.t), "1649097491531123456");
  EXPECT_EQ(ParseWith("unix_ms", "1649097491531.5", TimeValueKind::kNumber).error,
            "failed to parse \"1649097491531.5\" with \"unix_ms\": cannot parse "
            "integer milliseconds at offset 13");
  EXPECT_EQ(ParseWith("unix_ms", "12abc").error,
            "failed to parse \"12abc\" with \"unix_ms\": cannot parse integer "
            "milliseconds at offset 2");
}

TEST(Unix, TrailingGarbageAndOverflow) {
  EXPECT_EQ(ParseWith("unix", "12x").error,
            "failed to parse \"12x\" with \"unix\": unconverted text \"x\" at "
            "offset 2");
  EXPECT_EQ(ParseWith("unix", "abc").error,
            "failed to parse \"abc\" with \"unix\": cannot parse unix seconds at "
            "offset 0");
  EXPECT_EQ(ParseWith("unix", "99999999999999999999").error,
            "failed to parse \"99999999999999999999\" with \"unix\": outside the "
            "supported range (years 0001 to 9999)");
  EXPECT_EQ(ParseWith("unix", "1e400", TimeValueKind::kNumber).status,
            TimeParseStatus::kError);
  EXPECT_EQ(ParseWith("unix_ns", "99999999999999999999").status,
            TimeParseStatus::kError);
}

// ---- strftime ---------------------------------------------------------------

TEST(Strftime, ApacheStyleWithOffset) {
  // Panther appendix B: instant 2000-10-10T20:55:36Z, re-encoded verbatim.
  Parsed p = ParseWith("%d/%b/%Y:%H:%M:%S %z", "10/Oct/2000:13:55:36 -0700");
  ASSERT_EQ(p.status, TimeParseStatus::kOk) << p.error;
  EXPECT_EQ(p.t.seconds, 971211336);
  EXPECT_EQ(Format("%d/%b/%Y:%H:%M:%S %z", p.t), "10/Oct/2000:13:55:36 -0700");
  // %z is exactly +hhmm.
  EXPECT_EQ(ParseWith("%d/%b/%Y:%H:%M:%S %z", "10/Oct/2000:13:55:36 -07:00").error,
            "failed to parse \"10/Oct/2000:13:55:36 -07:00\" with "
            "\"%d/%b/%Y:%H:%M:%S %z\": expected \"+hhmm\" at offset 21");
}

TEST(Strftime, IssueExampleMessage) {
  EXPECT_EQ(ParseWith("%d/%b/%Y:%H:%M:%S", "10/Oct/2000:13:55").error,
            "failed to parse \"10/Oct/2000:13:55\" with \"%d/%b/%Y:%H:%M:%S\": "
            "expected \":\" at offset 17");
}

TEST(Strftime, MissingPartsDefaultTo1900) {
  Parsed p = ParseWith("%b %d %H:%M:%S", "Jan 22 16:14:23");
  ASSERT_EQ(p.status, TimeParseStatus::kOk) << p.error;
  EXPECT_EQ(p.t.seconds, -2207115937);  // datetime(1900,1,22,16,14,23)
  p = ParseWith("%H:%M", "00:00");
  EXPECT_EQ(Format("rfc3339", p.t), "1900-01-01T00:00:00Z");
}

TEST(Strftime, VariableWidthNumbersAndCaseInsensitiveNames) {
  Parsed p = ParseWith("%Y-%m-%d %H:%M:%S", "2021-3-4 5:6:7");
  ASSERT_EQ(p.status, TimeParseStatus::kOk) << p.error;
  EXPECT_EQ(p.t.seconds, 1614834367);  // datetime(2021,3,4,5,6,7)
  p = ParseWith("%A %B %d %Y", "THURSDAY MARCH 04 2021");
  ASSERT_EQ(p.status, TimeParseStatus::kOk) << p.error;
  EXPECT_EQ(Format("rfc3339", p.t), "2021-03-04T00:00:00Z");
  p = ParseWith("%b %d %Y", "mar 4 2021");
  EXPECT_EQ(Format("rfc3339", p.t), "2021-03-04T00:00:00Z");
  // %a and %b are the three-letter abbreviations.
  EXPECT_EQ(ParseWith("%a %d", "Thursday 04").error,
            "failed to parse \"Thursday 04\" with \"%a %d\": expected \" \" at "
            "offset 3");
  EXPECT_EQ(ParseWith("%b %d %Y", "Mzr 4 2021").error,
            "failed to parse \"Mzr 4 2021\" with \"%b %d %Y\": expected month "
            "name at offset 0");
}

TEST(Strftime, LeadingSpaceDirectives) {
  Parsed p = ParseWith("%b %e %k:%M", "Mar  4  5:06");
  ASSERT_EQ(p.status, TimeParseStatus::kOk) << p.error;
  EXPECT_EQ(Format("rfc3339", p.t), "1900-03-04T05:06:00Z");
  EXPECT_EQ(Format("%b %e %k:%M", p.t), "Mar  4  5:06");
  p = ParseWith("%l:%M %p", " 1:30 PM");
  ASSERT_EQ(p.status, TimeParseStatus::kOk) << p.error;
  EXPECT_EQ(Format("rfc3339", p.t), "1900-01-01T13:30:00Z");
}

TEST(Strftime, TwelveHourClock) {
  EXPECT_EQ(Format("rfc3339", ParseWith("%I:%M %p", "12:05 am").t),
            "1900-01-01T00:05:00Z");
  EXPECT_EQ(Format("rfc3339", ParseWith("%I:%M %p", "12:05 PM").t),
            "1900-01-01T12:05:00Z");
  EXPECT_EQ(Format("rfc3339", ParseWith("%r", "11:59:59 PM").t),
            "1900-01-01T23:59:59Z");
  EXPECT_EQ(ParseWith("%I:%M %p", "13:05 PM").error,
            "failed to parse \"13:05 PM\" with \"%I:%M %p\": hour (1-12) out of "
            "range at offset 0");
}

TEST(Strftime, YearPivotAt69) {
  EXPECT_EQ(Format("rfc3339", ParseWith("%y-%m-%d", "68-01-01").t),
            "2068-01-01T00:00:00Z");
  EXPECT_EQ(Format("rfc3339", ParseWith("%y-%m-%d", "69-01-01").t),
            "1969-01-01T00:00:00Z");
  EXPECT_EQ(Format("rfc3339", ParseWith("%D", "12/31/99").t),
            "1999-12-31T00:00:00Z");
}

TEST(Strftime, FractionsAndComposites) {
  // Panther's Lacework/osquery-style compact format.
  Parsed p = ParseWith("%Y%m%d%H%M%S.%f", "20220404183728.123456");
  ASSERT_EQ(p.status, TimeParseStatus::kOk) << p.error;
  EXPECT_EQ(p.t.seconds, 1649097448);
  EXPECT_EQ(p.t.nanos, 123456000);
  EXPECT_EQ(Format("%Y%m%d%H%M%S.%f", p.t), "20220404183728.123456");
  p = ParseWith("%F %T.%f", "2022-04-04 18:37:28.5");
  EXPECT_EQ(p.t.nanos, 500000000);
  p = ParseWith("%c", "Tue Oct 10 13:55:36 2000");
  ASSERT_EQ(p.status, TimeParseStatus::kOk) << p.error;
  EXPECT_EQ(p.t.seconds, 971186136);  // 971211336 - 7h
  EXPECT_EQ(Format("%c", p.t), "Tue Oct 10 13:55:36 2000");
  p = ParseWith("%+", "Tue Oct 10 13:55:36 UTC 2000");
  EXPECT_EQ(p.t.seconds, 971186136);
  p = ParseWith("%v %R", "10-Oct-2000 13:55");
  EXPECT_EQ(Format("rfc3339", p.t), "2000-10-10T13:55:00Z");
  p = ParseWith("%x %X", "10/10/00 13:55:36");
  EXPECT_EQ(p.t.seconds, 971186136);
  p = ParseWith("%s", "971186136");
  EXPECT_EQ(p.t.seconds, 971186136);
  p = ParseWith("%Y %j", "2016 366");
  EXPECT_EQ(Format("rfc3339", p.t), "2016-12-31T00:00:00Z");
}

TEST(Strftime, WeekDirectivesFormat) {
  // Python: datetime(2000,10,10).strftime('%a %U %W %V %G') == 'Tue 41 41 41 2000'
  Parsed p = ParseWith("rfc3339", "2000-10-10T00:00:00Z");
  EXPECT_EQ(Format("%a %U %W %V %G %u %w", p.t), "Tue 41 41 41 2000 2 2");
  // 2021-01-03 is ISO week 53 of 2020 (datetime.isocalendar()).
  p = ParseWith("rfc3339", "2021-01-03T00:00:00Z");
  EXPECT_EQ(Format("%G-W%V-%u", p.t), "2020-W53-7");
}

TEST(Strftime, OutOfRangeAndTrailing) {
  EXPECT_EQ(ParseWith("%Y-%m-%d", "2020-13-01").error,
            "failed to parse \"2020-13-01\" with \"%Y-%m-%d\": month out of "
            "range at offset 5");
  EXPECT_EQ(ParseWith("%H:%M", "24:00").error,
            "failed to parse \"24:00\" with \"%H:%M\": hour out of range at "
            "offset 0");
  EXPECT_EQ(ParseWith("%Y-%m-%d", "2023-02-29").error,
            "failed to parse \"2023-02-29\" with \"%Y-%m-%d\": day of month out "
            "of range at offset 8");
  EXPECT_EQ(ParseWith("%Y-%m-%d", "2024-02-29").status, TimeParseStatus::kOk);
  EXPECT_EQ(ParseWith("%Y-%m-%d", "2020-01-01 extra").error,
            "failed to parse \"2020-01-01 extra\" with \"%Y-%m-%d\": unconverted "
            "text \" extra\" at offset 10");
  EXPECT_EQ(ParseWith("%Y-%m-%d", "2020-01-01", TimeValueKind::kNumber).status,
            TimeParseStatus::kError);
}

TEST(Strftime, CompileErrors) {
  EXPECT_EQ(TimeCodec::Compile("%Y-%Q").status().message(),
            "unknown directive \"%Q\" at offset 3");
  EXPECT_EQ(TimeCodec::Compile("%Y-%").status().message(),
            "stray \"%\" at offset 3");
  EXPECT_EQ(TimeCodec::Compile("unixms").status().message(),
            "not a built-in format (rfc3339, unix, unix_ms, unix_us, unix_ns, "
            "cloudflare) and has no strftime % directive");
  EXPECT_TRUE(TimeCodec::Compile("100%% %Y").ok());
}

// ---- Go layouts ---------------------------------------------------------------

TEST(GoLayout, PantherSchemasLayouts) {
  Parsed p = ParseWith("layout=2006-01-02 15:04:05", "2006-01-02 15:04:05");
  ASSERT_EQ(p.status, TimeParseStatus::kOk) << p.error;
  EXPECT_EQ(p.t.seconds, 1136214245);  // datetime(2006,1,2,15,4,5)
  EXPECT_EQ(Format("layout=2006-01-02 15:04:05", p.t), "2006-01-02 15:04:05");

  p = ParseWith("layout=01/02/2006 15:04:05.999", "01/02/2006 15:04:05.5");
  ASSERT_EQ(p.status, TimeParseStatus::kOk) << p.error;
  EXPECT_EQ(p.t.nanos, 500000000);
  EXPECT_EQ(Format("layout=01/02/2006 15:04:05.999", p.t), "01/02/2006 15:04:05.5");
  p = ParseWith("layout=01/02/2006 15:04:05.999", "01/02/2006 15:04:05");
  ASSERT_EQ(p.status, TimeParseStatus::kOk) << p.error;
  EXPECT_EQ(Format("layout=01/02/2006 15:04:05.999", p.t), "01/02/2006 15:04:05");

  p = ParseWith("layout=Mon, 02 Jan 2006 15:04:05 MST",
                "Mon, 02 Jan 2006 15:04:05 UTC");
  ASSERT_EQ(p.status, TimeParseStatus::kOk) << p.error;
  EXPECT_EQ(p.t.seconds, 1136214245);

  p = ParseWith("layout=2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05-07:00");
  ASSERT_EQ(p.status, TimeParseStatus::kOk) << p.error;
  EXPECT_EQ(p.t.seconds, 1136239445);  // datetime(2006,1,2,15,4,5,-7h)
  EXPECT_EQ(Format("layout=2006-01-02T15:04:05Z07:00", p.t),
            "2006-01-02T15:04:05-07:00");
  // Go accepts a fraction after the seconds even when the layout has none.
  p = ParseWith("layout=2006-01-02T15:04:05", "2006-01-02T15:04:05.25");
  ASSERT_EQ(p.status, TimeParseStatus::kOk) << p.error;
  EXPECT_EQ(p.t.nanos, 250000000);
}

TEST(GoLayout, FixedWidthAndErrors) {
  EXPECT_EQ(ParseWith("layout=2006-01-02", "2006-1-02").error,
            "failed to parse \"2006-1-02\" with \"layout=2006-01-02\": cannot "
            "parse month at offset 5");
  EXPECT_EQ(Format("rfc3339", ParseWith("layout=Jan _2 3:04PM", "Feb  3 4:05PM").t),
            "0000-02-03T16:05:00Z");  // Go defaults the year to 0
  EXPECT_EQ(TimeCodec::Compile("layout=yyyy-mm-dd").status().message(),
            "Go layout has no reference-time element (2006, 01, 02, 15, 04, 05, "
            "Jan, MST, ...)");
}

// ---- lists --------------------------------------------------------------------

TEST(TimeFormats, FirstThatParsesWins) {
  auto formats = TimeFormats::Compile({"rfc3339", "unix", "%d/%b/%Y"});
  ASSERT_TRUE(formats.ok());
  Timestamp t;
  size_t which = 99;
  TimeParseError e;
  EXPECT_EQ(formats->Parse("1649097448", TimeValueKind::kNumber, &t, &which, &e),
            TimeParseStatus::kOk);
  EXPECT_EQ(which, 1u);
  EXPECT_EQ(formats->Parse("10/Oct/2000", TimeValueKind::kString, &t, &which, &e),
            TimeParseStatus::kOk);
  EXPECT_EQ(which, 2u);
  EXPECT_EQ(formats->Parse("2022-04-04T18:37:28Z", TimeValueKind::kString, &t,
                           &which, &e),
            TimeParseStatus::kOk);
  EXPECT_EQ(which, 0u);
  EXPECT_EQ(formats->Parse("", TimeValueKind::kString, &t, &which, &e),
            TimeParseStatus::kAbsent);
  EXPECT_EQ(formats->Parse("nope", TimeValueKind::kString, &t, &which, &e),
            TimeParseStatus::kError);
  EXPECT_EQ(formats->Describe("nope", TimeValueKind::kString),
            "failed to parse \"nope\" with \"rfc3339\": cannot parse year at "
            "offset 0; failed to parse \"nope\" with \"unix\": cannot parse unix "
            "seconds at offset 0; failed to parse \"nope\" with \"%d/%b/%Y\": "
            "cannot parse day at offset 0");
  EXPECT_EQ(TimeFormats::Compile({"rfc3339", "%Q"}).status().message(),
            "\"%Q\": unknown directive \"%Q\" at offset 0");
}

TEST(DataLake, GlueLayoutInUtc) {
  Parsed p = ParseWith("rfc3339", "2000-10-10T13:55:36.5-07:00");
  std::string out;
  FormatDataLakeTime(p.t, &out);
  EXPECT_EQ(out, "2000-10-10 20:55:36.500000000");
}

TEST(Formatting, IntoABufferStopsAtTheReturnedEnd) {
  // The buffer writers give the texts worked out by hand, end where they
  // say, and leave the bytes after that end alone except for the nine-digit
  // fraction copy (within kMaxFormattedTime).
  struct Case {
    const char* in;
    const char* rfc3339;
    const char* data_lake;
  };
  for (const Case& c : {
           Case{"2000-10-10T13:55:36.5-07:00", "2000-10-10T13:55:36.5-07:00",
                "2000-10-10 20:55:36.500000000"},
           Case{"1999-12-31T23:59:59Z", "1999-12-31T23:59:59Z", "1999-12-31 23:59:59.000000000"},
           Case{"2024-02-29T00:00:00.000000001+05:30", "2024-02-29T00:00:00.000000001+05:30",
                "2024-02-28 18:30:00.000000001"},
           Case{"2024-02-29T00:00:00.123456789Z", "2024-02-29T00:00:00.123456789Z",
                "2024-02-29 00:00:00.123456789"}}) {
    Parsed p = ParseWith("rfc3339", c.in);
    char buffer[kMaxFormattedTime + 8];
    std::memset(buffer, '#', sizeof(buffer));
    char* end = FormatRfc3339NanoTo(p.t, buffer);
    EXPECT_EQ(std::string(buffer, end), c.rfc3339);
    EXPECT_EQ(buffer[kMaxFormattedTime], '#');
    std::string appended = "x";
    FormatRfc3339Nano(p.t, &appended);
    EXPECT_EQ(appended, std::string("x") + c.rfc3339);
    end = FormatDataLakeTimeTo(p.t, buffer);
    EXPECT_EQ(std::string(buffer, end), c.data_lake);
  }
}

TEST(Formatting, TextsThatAreTheirOwnOutput) {
  // Kept as they are (hand-picked): no fraction or one without trailing
  // zeros; "Z" or an offset that is not zero.
  auto rfc3339 = TimeCodec::Compile("rfc3339");
  auto cloudflare = TimeCodec::Compile("cloudflare");
  auto unix_ms = TimeCodec::Compile("unix_ms");
  auto pattern = TimeCodec::Compile("%Y-%m-%dT%H:%M:%SZ");
  ASSERT_TRUE(rfc3339.ok() && cloudflare.ok() && unix_ms.ok() && pattern.ok());
  for (const char* own : {"2023-11-01T00:00:01Z", "2023-11-01T00:00:01.948Z",
                          "2023-11-01T00:00:01.1Z", "0001-01-01T00:00:00.123456789Z",
                          "2000-10-10T13:55:36.5-07:00", "2024-02-29T00:00:00+05:30"}) {
    EXPECT_TRUE(TimeCodecInternals::IsOwnOutput(*rfc3339, own)) << own;
    // cloudflare writes whole seconds: never the RFC3339Nano text kept.
    EXPECT_FALSE(TimeCodecInternals::IsOwnOutput(*cloudflare, own)) << own;
    // Another format's text is its own, whatever it looks like.
    EXPECT_FALSE(TimeCodecInternals::IsOwnOutput(*pattern, own)) << own;
    EXPECT_FALSE(TimeCodecInternals::IsOwnOutput(*unix_ms, own)) << own;
  }
  for (const char* other : {"2023-11-01T00:00:01.940Z", "2023-11-01T00:00:01.000Z",
                            "2023-11-01T00:00:01.1234567890Z", "2023-11-01T00:00:01+00:00",
                            "2023-11-01T00:00:01.50-07:00", "2023-11-01T00:00:01-00:00"}) {
    EXPECT_FALSE(TimeCodecInternals::IsOwnOutput(*rfc3339, other)) << other;
  }
}

TEST(Formatting, ZoneAbbreviationsAreWrittenBackAsRead) {
  // Go keeps the name of the zone it read (time.Parse with MST): written
  // back as it was. Go (Local = UTC) moves no instant for a name, GMT+3 and
  // +03 included: the wall clock is read as UTC.
  auto codec = TimeCodec::Compile("layout=Mon, 02 Jan 2006 15:04:05 MST");
  ASSERT_TRUE(codec.ok());
  EXPECT_TRUE(codec->KeepsZoneName());
  struct Case {
    const char* text;
    int64_t seconds;
    int32_t offset;
  };
  // 1477034880 = 2016-10-21T07:28:00Z.
  for (const Case& c : {Case{"Fri, 21 Oct 2016 07:28:00 GMT", 1477034880, 0},
                        Case{"Fri, 21 Oct 2016 07:28:00 UTC", 1477034880, 0},
                        Case{"Fri, 21 Oct 2016 07:28:00 PST", 1477034880, 0},
                        Case{"Fri, 21 Oct 2016 07:28:00 AEST", 1477034880, 0},
                        Case{"Fri, 21 Oct 2016 07:28:00 GMT+3", 1477034880, 0},
                        Case{"Fri, 21 Oct 2016 07:28:00 +03", 1477034880, 0}}) {
    Timestamp t;
    TimeParseError e;
    ASSERT_EQ(codec->Parse(c.text, TimeValueKind::kString, &t, &e), TimeParseStatus::kOk)
        << c.text;
    EXPECT_EQ(t.seconds, c.seconds) << c.text;
    EXPECT_EQ(t.utc_offset, c.offset) << c.text;
    std::string out;
    codec->FormatLike(t, c.text, &out);
    EXPECT_EQ(out, c.text);
  }
  // Go's rules: three capitals, or four or five ending in T.
  for (const char* bad : {"Fri, 21 Oct 2016 07:28:00 AB", "Fri, 21 Oct 2016 07:28:00 ABCD",
                          "Fri, 21 Oct 2016 07:28:00 ABCDEF", "Fri, 21 Oct 2016 07:28:00 gmt"}) {
    Timestamp t;
    TimeParseError e;
    EXPECT_EQ(codec->Parse(bad, TimeValueKind::kString, &t, &e), TimeParseStatus::kError) << bad;
  }
  // Without a text (a value another format read), the name is UTC's.
  Timestamp t = Timestamp::FromUnixNanos(1477034880LL * 1000000000);
  std::string out;
  codec->Format(t, &out);
  EXPECT_EQ(out, "Fri, 21 Oct 2016 07:28:00 UTC");
}

TEST(Formatting, OwnOutputAgreesWithTheFormatter) {
  // For RFC 3339 texts of every shape (zone, fraction length, trailing
  // zeros), IsOwnOutput says exactly whether formatting what was parsed
  // gives the text back.
  auto codec = TimeCodec::Compile("rfc3339");
  ASSERT_TRUE(codec.ok());
  uint32_t state = 12345;
  auto next = [&state] {
    state = state * 1103515245u + 12345u;
    return state >> 8;
  };
  const char* zones[] = {"Z", "Z", "Z", "+00:00", "-00:00", "+05:30", "-07:00"};
  int own = 0;
  for (int i = 0; i < 20000; ++i) {
    char text[64];
    int n = std::snprintf(text, sizeof(text), "%04u-%02u-%02uT%02u:%02u:%02u",
                          next() % 10000, 1 + next() % 12, 1 + next() % 28, next() % 24,
                          next() % 60, next() % 60);
    const unsigned digits = next() % 12;  // 0: none; 10, 11: more than nine
    if (digits > 0) {
      text[n++] = '.';
      for (unsigned d = 0; d < digits; ++d) {
        // Zeros often, so that trailing zeros come up.
        text[n++] = static_cast<char>('0' + (next() % 3 == 0 ? 0 : next() % 10));
      }
    }
    n += std::snprintf(text + n, sizeof(text) - n, "%s", zones[next() % 7]);
    const std::string s(text, n);
    Timestamp t;
    TimeParseError e;
    ASSERT_EQ(codec->Parse(s, TimeValueKind::kString, &t, &e), TimeParseStatus::kOk) << s;
    std::string formatted;
    FormatRfc3339Nano(t, &formatted);
    ASSERT_EQ(TimeCodecInternals::IsOwnOutput(*codec, s), formatted == s)
        << s << " formats as " << formatted;
    own += formatted == s;
  }
  EXPECT_GT(own, 2000);  // both answers were tried often
  EXPECT_LT(own, 18000);
}

// ---- Timestamp::FromUnixNanos ----------------------------------------------

TEST(Timestamp, FromUnixNanosRoundsSecondsTowardsThePast) {
  struct Case {
    int64_t ns;
    int64_t seconds;
    int32_t nanos;
  };
  // Worked by hand: INT64_MIN = -9223372036854775808 ns is 9223372037 s
  // before the epoch plus 145224192 ns (1e9 - 854775808).
  const Case cases[] = {
      {0, 0, 0},
      {1, 0, 1},
      {-1, -1, 999999999},
      {-1000000000, -1, 0},
      {-1000000001, -2, 999999999},
      {1714557600123456789, 1714557600, 123456789},
      {INT64_MAX, 9223372036, 854775807},
      {INT64_MIN, -9223372037, 145224192},
  };
  for (const Case& c : cases) {
    const Timestamp t = Timestamp::FromUnixNanos(c.ns);
    EXPECT_EQ(t.seconds, c.seconds) << c.ns;
    EXPECT_EQ(t.nanos, c.nanos) << c.ns;
    EXPECT_EQ(t.utc_offset, 0);
    // UnixNanos is defined where FitsUnixNanos says so (INT64_MIN's second
    // is outside).
    if (t.FitsUnixNanos()) EXPECT_EQ(t.UnixNanos(), c.ns) << c.ns;
  }
  EXPECT_EQ(Format("rfc3339", Timestamp::FromUnixNanos(-1)), "1969-12-31T23:59:59.999999999Z");
}

}  // namespace
}  // namespace loghealth
