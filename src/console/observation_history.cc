#include "src/console/observation_history.h"

#include <algorithm>

#include "loghealth/timestamp.h"
#include "simdjson.h"
#include "src/console/metrics_text.h"

namespace loghealth {
namespace console {
namespace {

constexpr int64_t kDayNs = 24LL * 3600 * 1000000000;

std::string TimeText(int64_t ns) {
  std::string out;
  FormatRfc3339Nano(Timestamp::FromUnixNanos(ns), &out);
  return out;
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

ObservationHistory::ObservationHistory(int64_t bucket_ns, size_t buckets)
    : bucket_ns_(bucket_ns > 0 ? bucket_ns : kDefaultBucketNs),
      buckets_(buckets > 0 ? buckets : kDefaultBuckets) {}

ObservationHistory::Bucket& ObservationHistory::BucketAt(SourceHistory* h, int64_t t) {
  const int64_t index = FloorDiv(t, bucket_ns_);
  // Times never go back: the bucket is the last one or a new one after it.
  if (h->buckets.empty() || h->buckets.back().index < index) {
    h->buckets.push_back(Bucket{index, 0, 0});
    while (!h->buckets.empty() &&
           h->buckets.front().index <= index - static_cast<int64_t>(buckets_)) {
      h->buckets.pop_front();
    }
  }
  return h->buckets.back();
}

void ObservationHistory::Record(const Observation& o, int64_t wall_ns) {
  std::lock_guard<std::mutex> lock(mu_);
  clock_ = std::max({clock_, wall_ns, o.time});
  const int64_t t = clock_;
  switch (o.kind) {
    case Observation::Kind::kEvents: {
      const uint64_t n = o.count > 0 ? static_cast<uint64_t>(o.count) : 0;
      BucketAt(&sources_[o.source], t).events += n;
      events_[{o.source, o.log_type}] += n;
      break;
    }
    case Observation::Kind::kClassificationFailure:
      ++BucketAt(&sources_[o.source], t).failures;
      ++failures_[{o.source, o.log_type}];
      ++reasons_[o.reason.empty() ? "unknown" : o.reason];
      break;
    case Observation::Kind::kS3GetObject:
      if (!o.ok) {
        auto& list = sources_[o.source].get_object_failures;
        list.push_back({t, GetObjectFailure{TimeText(t), o.bucket, o.key, o.error}});
        while (!list.empty() && list.front().first < t - kDayNs) list.pop_front();
        if (list.size() > 1000) list.pop_front();  // bounded even in a storm
      }
      break;
    default:
      break;
  }
}

void ObservationHistory::RecordOutput(std::string_view record_json) {
  simdjson::dom::parser parser;
  simdjson::dom::element r;
  if (parser.parse(record_json.data(), record_json.size()).get(r)) return;
  std::string_view kind, destination;
  if (r["record"].get_string().get(kind) || kind != "delivery") return;
  if (r["destinationId"].get_string().get(destination)) return;
  bool success = false;
  if (r["success"].get_bool().get(success) != simdjson::SUCCESS) success = false;
  std::lock_guard<std::mutex> lock(mu_);
  ++deliveries_[{std::string(destination), success ? "delivered" : "failed"}];
}

std::vector<SeriesPoint> ObservationHistory::Series(const std::string& source) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<SeriesPoint> out;
  const int64_t last = FloorDiv(clock_, bucket_ns_);
  const int64_t first = last - static_cast<int64_t>(buckets_) + 1;
  auto it = sources_.find(source);
  size_t next = 0;
  for (int64_t index = first; index <= last; ++index) {
    SeriesPoint p;
    p.start_ns = index * bucket_ns_;
    if (it != sources_.end()) {
      const auto& buckets = it->second.buckets;
      while (next < buckets.size() && buckets[next].index < index) ++next;
      if (next < buckets.size() && buckets[next].index == index) {
        p.events = buckets[next].events;
        p.failures = buckets[next].failures;
      }
    }
    out.push_back(p);
  }
  return out;
}

std::vector<GetObjectFailure> ObservationHistory::GetObjectFailures(
    const std::string& source) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<GetObjectFailure> out;
  auto it = sources_.find(source);
  if (it == sources_.end()) return out;
  for (const auto& [t, f] : it->second.get_object_failures) {
    if (t >= clock_ - kDayNs) out.push_back(f);
  }
  return out;
}

int64_t ObservationHistory::clock() const {
  std::lock_guard<std::mutex> lock(mu_);
  return clock_;
}

void ObservationHistory::AppendMetrics(std::string* out) const {
  std::lock_guard<std::mutex> lock(mu_);
  MetricFamily(out, "loghealth_events_total", "counter",
               "Events received, per source and log type (since this process started).");
  for (const auto& [key, n] : events_) {
    Sample(out, "loghealth_events_total", {{"source", key.first}, {"log_type", key.second}},
           static_cast<double>(n));
  }
  MetricFamily(out, "loghealth_classification_failures_total", "counter",
               "Logs that failed to classify, per source and log type.");
  for (const auto& [key, n] : failures_) {
    Sample(out, "loghealth_classification_failures_total",
           {{"source", key.first}, {"log_type", key.second}}, static_cast<double>(n));
  }
  MetricFamily(out, "loghealth_classification_failure_reasons_total", "counter",
               "Logs that failed to classify, per reason (type_mismatch, ...).");
  for (const auto& [reason, n] : reasons_) {
    Sample(out, "loghealth_classification_failure_reasons_total", {{"reason", reason}},
           static_cast<double>(n));
  }
  MetricFamily(out, "loghealth_deliveries_total", "counter",
               "Alert delivery attempts, per destination and outcome (delivered, failed).");
  for (const auto& [key, n] : deliveries_) {
    Sample(out, "loghealth_deliveries_total",
           {{"destination", key.first}, {"outcome", key.second}}, static_cast<double>(n));
  }
}

}  // namespace console
}  // namespace loghealth
