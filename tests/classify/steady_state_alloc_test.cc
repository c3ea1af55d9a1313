// Classifying valid logs allocates nothing once the stream has warmed up:
// every operator new in the process is counted.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/testing/allocation_counter.h"
#include "tests/classify/classify_testing.h"


namespace loghealth {
namespace {

TEST(SteadyState, ValidLogsAllocateNothing) {
  const char schema[] = R"(
version: 0
schema: Custom.Alloc
fields:
  - {name: time, type: timestamp, timeFormats: [rfc3339, unix_ms], isEventTime: true}
  - {name: user, type: string, indicators: [username, email]}
  - {name: ip, type: string, indicators: [ip], validate: {ip: any}}
  - {name: n, type: bigint, required: true}
  - {name: ratio, type: float}
  - {name: ok, type: boolean}
  - {name: tags, type: array, element: {type: string}, indicators: [domain]}
  - name: req
    type: object
    fields:
      - {name: method, type: string, validate: {allow: [GET, POST]}}
      - {name: status, type: smallint}
  - {name: extra, type: json}
)";
  ClassifierOptions o;
  o.source_id = "src";
  auto stream = testing::StreamFor({schema}, o);
  const std::vector<std::string> logs = {
      R"({"time":"2024-05-01T10:00:00.123Z","user":"alice@example.com","ip":"10.0.0.1","n":"42","ratio":0.5,"ok":"T","tags":["a.example.com","b.example.com"],"req":{"method":"GET","status":200},"extra":{"k":[1,2]}})",
      R"({"n":7,"time":1714557600123,"user":"bob","req":{"status":"404","method":"POST"},"unknown":{"deep":[1,2,3]}})",
      R"({"n":-1,"ip":"::1","tags":[],"extra":"s"})",
  };
  // Warm up: buffers grow to what these logs need.
  for (int round = 0; round < 3; ++round) {
    for (const std::string& log : logs) {
      ASSERT_EQ(stream->Classify(log).kind, ClassifyResult::Kind::kEvent) << log;
    }
  }
  const long before = testing::AllocationCount();
  for (int round = 0; round < 1000; ++round) {
    for (const std::string& log : logs) stream->Classify(log);
  }
  EXPECT_EQ(testing::AllocationCount() - before, 0) << "allocations in 3000 logs";
}

}  // namespace
}  // namespace loghealth
