// The rfc3339 and unix paths parse without allocating: every operator new in
// the process is counted around the parse loop.

#include "gtest/gtest.h"
#include "tests/testing/allocation_counter.h"
#include "loghealth/timestamp.h"


namespace loghealth {
namespace {

long AllocationsWhileParsing(const char* spec, const char* text,
                             TimeValueKind kind) {
  auto codec = TimeCodec::Compile(spec);
  EXPECT_TRUE(codec.ok());
  Timestamp t;
  TimeParseError e;
  const long before = testing::AllocationCount();
  for (int i = 0; i < 1000; ++i) {
    EXPECT_EQ(codec->Parse(text, kind, &t, &e), TimeParseStatus::kOk);
  }
  return testing::AllocationCount() - before;
}

TEST(TimestampAllocations, BuiltinCodecsAllocateNothing) {
  EXPECT_EQ(AllocationsWhileParsing("rfc3339", "2022-04-04T18:37:28.123456789+02:00",
                                    TimeValueKind::kString), 0);
  EXPECT_EQ(AllocationsWhileParsing("unix", "1649097448.123456",
                                    TimeValueKind::kNumber), 0);
  EXPECT_EQ(AllocationsWhileParsing("unix_ms", "1649097448123",
                                    TimeValueKind::kString), 0);
  EXPECT_EQ(AllocationsWhileParsing("unix_ns", "1649097448123456789",
                                    TimeValueKind::kNumber), 0);
  EXPECT_EQ(AllocationsWhileParsing("%d/%b/%Y:%H:%M:%S %z",
                                    "10/Oct/2000:13:55:36 -0700",
                                    TimeValueKind::kString), 0);
  EXPECT_EQ(AllocationsWhileParsing("layout=2006-01-02 15:04:05.999",
                                    "2006-01-02 15:04:05.5",
                                    TimeValueKind::kString), 0);
}

TEST(TimestampAllocations, ErrorsAllocateNothingUntilDescribed) {
  auto codec = TimeCodec::Compile("rfc3339");
  Timestamp t;
  TimeParseError e;
  const long before = testing::AllocationCount();
  EXPECT_EQ(codec->Parse("2020-13-01T00:00:00Z", TimeValueKind::kString, &t, &e),
            TimeParseStatus::kError);
  EXPECT_EQ(testing::AllocationCount() - before, 0);
}

}  // namespace
}  // namespace loghealth
