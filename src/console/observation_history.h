// What the live console remembers of what `serve` saw, beyond the
// monitor's state: events and classification failures per source per time
// bucket (a bounded window, for the Health page's chart), counters for
// /metrics (events and failures per source and log type, failures per
// reason, deliveries per destination and outcome), and the S3 GetObject
// failures of the last 24 hours. In memory: a restart starts it again.
//
// Times follow the service's clock: an observation happens at its time or
// at the clock, whichever is later, and the clock never goes back.
//
// Thread safety: every method may be called from any thread.
#ifndef LOGHEALTH_SRC_CONSOLE_OBSERVATION_HISTORY_H_
#define LOGHEALTH_SRC_CONSOLE_OBSERVATION_HISTORY_H_

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "loghealth/monitor.h"
#include "src/console/console_data.h"

namespace loghealth {
namespace console {

class ObservationHistory {
 public:
  static constexpr int64_t kDefaultBucketNs = 5LL * 60 * 1000000000;
  static constexpr size_t kDefaultBuckets = 288;  // 24 hours of 5 minutes

  explicit ObservationHistory(int64_t bucket_ns = kDefaultBucketNs,
                              size_t buckets = kDefaultBuckets);

  // An observation the service applied; `wall_ns` is the wall clock now.
  void Record(const Observation& o, int64_t wall_ns);
  // A record the monitor produced (deliveries are counted).
  void RecordOutput(std::string_view record_json);

  int64_t bucket_ns() const { return bucket_ns_; }
  // The window's buckets for `source`, oldest first, ending with the one
  // that holds the clock; zeros where nothing happened.
  std::vector<SeriesPoint> Series(const std::string& source) const;
  std::vector<GetObjectFailure> GetObjectFailures(const std::string& source) const;
  // The clock: the latest time seen (unix ns), 0 before any.
  int64_t clock() const;

  // Counters in Prometheus text exposition (HELP, TYPE, samples).
  void AppendMetrics(std::string* out) const;

 private:
  struct Bucket {
    int64_t index = 0;  // start / bucket_ns
    uint64_t events = 0, failures = 0;
  };
  struct SourceHistory {
    std::deque<Bucket> buckets;  // ascending index, at most buckets_
    std::deque<std::pair<int64_t, GetObjectFailure>> get_object_failures;
  };
  Bucket& BucketAt(SourceHistory* h, int64_t t);

  const int64_t bucket_ns_;
  const size_t buckets_;
  mutable std::mutex mu_;
  int64_t clock_ = 0;
  std::map<std::string, SourceHistory> sources_;
  std::map<std::pair<std::string, std::string>, uint64_t> events_;    // source, log type
  std::map<std::pair<std::string, std::string>, uint64_t> failures_;  // source, log type
  std::map<std::string, uint64_t> reasons_;
  std::map<std::pair<std::string, std::string>, uint64_t> deliveries_;  // destination, outcome
};

}  // namespace console
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_CONSOLE_OBSERVATION_HISTORY_H_
