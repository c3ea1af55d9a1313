// Several threads sharing one Classifier (each with its own stream, as
// documented: C++ streams and C ABI streams alike) and one HealthMonitor
// behind the caller's mutex (the monitor is documented as not thread-safe).
// Run under ThreadSanitizer by `make test` (--config=tsan); it also checks
// that the shared use gives exactly the single-threaded counts.
#include <atomic>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "capi/loghealth.h"
#include "gtest/gtest.h"
#include "loghealth/classifier.h"
#include "loghealth/monitor.h"
#include "loghealth/schema.h"

namespace loghealth {
namespace {

constexpr char kSchema[] =
    "version: 0\nschema: Custom.T\nfields:\n"
    "  - {name: t, type: timestamp, timeFormat: unix, isEventTime: true, required: true}\n"
    "  - {name: user, type: string, indicators: [username]}\n"
    "  - {name: ip, type: string, indicators: [ip]}\n"
    "  - {name: n, type: int}\n";
constexpr char kRegex[] =
    "version: 0\nschema: Custom.R\nparser:\n  regex:\n"
    "    match: ['^(?P<user>[a-z]+) from (?P<ip>[0-9.]+)$']\n"
    "fields:\n  - {name: user, type: string, required: true}\n"
    "  - {name: ip, type: string, indicators: [ip]}\n";
constexpr int kThreads = 4;
constexpr int kLinesPerThread = 3000;

// Line i of thread k: every 7th fails (n is not an int), every 5th is text.
std::string Line(int k, int i) {
  if (i % 7 == 3) return "{\"t\": 1714557600, \"n\": \"x" + std::to_string(i) + "\"}";
  if (i % 5 == 1) return "user" + std::string(1, static_cast<char>('a' + k)) + " from 10.0.0." +
                         std::to_string(i % 250);
  return "{\"t\": " + std::to_string(1714557600 + i) + ", \"user\": \"u" + std::to_string(k) +
         "\", \"ip\": \"10.1.0." + std::to_string(i % 250) + "\", \"n\": " + std::to_string(i) + "}";
}

int ExpectedFailures() {
  int f = 0;
  for (int i = 0; i < kLinesPerThread; ++i) f += i % 7 == 3;
  return f;
}

TEST(SharedUse, ClassifierStreamsAndAMonitorBehindAMutex) {
  std::vector<LogSchema> schemas;
  for (const char* text : {kSchema, kRegex}) {
    SchemaLoadResult r = LoadSchema(text);
    ASSERT_TRUE(r.ok()) << r.ErrorText();
    schemas.push_back(*r.schema);
  }
  ClassifierOptions options;
  options.source_id = "s1";
  auto classifier = Classifier::Create(schemas, options);
  ASSERT_TRUE(classifier.ok()) << classifier.status();

  // The same schemas through the C ABI.
  const char* texts[] = {kSchema, kRegex};
  const size_t lengths[] = {sizeof(kSchema) - 1, sizeof(kRegex) - 1};
  lh_classifier* c_classifier = nullptr;
  ASSERT_EQ(lh_classifier_create(texts, lengths, 2, nullptr, &c_classifier, nullptr), LH_OK);

  auto config = ParseMonitorConfig("sources: [{id: s1, dropOffMinutes: 15}]\n");
  ASSERT_TRUE(config.ok()) << config.status();
  auto monitor = HealthMonitor::Create(*config);
  ASSERT_TRUE(monitor.ok()) << monitor.status();
  std::mutex monitor_mutex;
  std::atomic<int> events{0}, failures{0};

  auto work = [&](int k) {
    const bool use_c = k % 2 == 1;
    ClassifierStream stream(*classifier);
    lh_stream* c_stream = nullptr;
    if (use_c && lh_stream_create(c_classifier, &c_stream, NULL) != LH_OK) return;
    for (int i = 0; i < kLinesPerThread; ++i) {
      const std::string line = Line(k, i);
      bool failed = false;
      std::string error;
      if (use_c) {
        lh_result r;
        if (lh_classify(c_stream, line.data(), line.size(), &r) != LH_OK) continue;
        failed = r.kind == LH_FAILURE;
        if (failed) error = std::string(r.reason);
      } else {
        const ClassifyResult& r = stream.Classify(line);
        failed = r.kind == ClassifyResult::Kind::kFailure;
        if (failed) error = r.failure->best.error;
      }
      (failed ? failures : events)++;
      Observation o;
      o.time = (1714557600LL + i) * 1000000000LL;
      o.source = "s1";
      if (failed) {
        o.kind = Observation::Kind::kClassificationFailure;
        o.log_type = "Custom.T";
        o.error = error;
        o.payload = line;
      } else {
        o.kind = Observation::Kind::kEvents;
        o.count = 1;
      }
      std::lock_guard<std::mutex> lock(monitor_mutex);
      EXPECT_TRUE((*monitor)->Observe(o).ok());
    }
    lh_stream_free(c_stream);
  };
  std::vector<std::thread> threads;
  for (int k = 0; k < kThreads; ++k) threads.emplace_back(work, k);
  for (std::thread& t : threads) t.join();

  EXPECT_EQ(failures.load(), kThreads * ExpectedFailures());
  EXPECT_EQ(events.load(), kThreads * (kLinesPerThread - ExpectedFailures()));
  // One classification alert for the source, joined by every later failure.
  int alerts = 0, updates = 0;
  for (const std::string& record : (*monitor)->TakeOutputs()) {
    if (record.find("\"record\":\"alert\"") != std::string::npos &&
        record.find("SOURCE_CLASSIFICATION_FAILURES") != std::string::npos) {
      ++alerts;
    }
    updates += record.find("\"record\":\"alert_update\"") != std::string::npos;
  }
  EXPECT_EQ(alerts, 1);
  EXPECT_EQ(updates, kThreads * ExpectedFailures() - 1);
  lh_classifier_free(c_classifier);
}

}  // namespace
}  // namespace loghealth
