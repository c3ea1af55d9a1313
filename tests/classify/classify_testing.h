// Helpers for classifier tests: a deterministic stream (fixed clock and row
// ids) and the field values of an event.
#ifndef LOGHEALTH_TESTS_CLASSIFY_CLASSIFY_TESTING_H_
#define LOGHEALTH_TESTS_CLASSIFY_CLASSIFY_TESTING_H_

#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "loghealth/classifier.h"

namespace loghealth {
namespace testing {

// 2026-01-02T03:04:05Z
inline Timestamp FixedParseTime() {
  Timestamp t;
  t.seconds = 1767323045;
  return t;
}

inline ClassifierOptions Deterministic(ClassifierOptions o = {}) {
  o.clock = [] { return FixedParseTime(); };
  o.row_id_seed = 0xabc;
  return o;
}

inline LogSchema MustLoad(const std::string& yaml) {
  SchemaLoadResult r = LoadSchema(yaml);
  EXPECT_TRUE(r.ok()) << r.ErrorText();
  return r.schema.value_or(LogSchema());
}

// A stream over the given schemas (YAML texts).
inline std::unique_ptr<ClassifierStream> StreamFor(
    const std::vector<std::string>& yamls, ClassifierOptions options = {}) {
  std::vector<LogSchema> schemas;
  for (const std::string& y : yamls) schemas.push_back(MustLoad(y));
  auto classifier = Classifier::Create(schemas, Deterministic(std::move(options)));
  EXPECT_TRUE(classifier.ok()) << classifier.status();
  return std::make_unique<ClassifierStream>(*classifier);
}

// The p_ fields a deterministic stream writes for its n-th record (0-based)
// when the event has no event time of its own.
inline std::string PantherFields(const std::string& log_type, int n) {
  char row[64];
  std::snprintf(row, sizeof(row), "0000000000000abc%016x", n);
  return "\"p_log_type\":\"" + log_type + "\",\"p_row_id\":\"" + row +
         "\",\"p_event_time\":\"2026-01-02T03:04:05Z\",\"p_parse_time\":"
         "\"2026-01-02T03:04:05Z\"";
}

}  // namespace testing
}  // namespace loghealth

#endif  // LOGHEALTH_TESTS_CLASSIFY_CLASSIFY_TESTING_H_
