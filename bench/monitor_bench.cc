// The health monitor: observations per second with 100,000 sources, and the
// cost of Advance when 100 sources fall due, with 100,000 sources against
// 1,000 (it must not grow with the source count).
//
//   bazel run --config=opt //bench:monitor_bench
#include <memory>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "loghealth/monitor.h"

namespace loghealth {
namespace {

constexpr int64_t kSecond = 1000000000LL;
constexpr int64_t kStart = 1714521600LL * kSecond;

constexpr int kDropOffMinutes = 60;

std::unique_ptr<HealthMonitor> MonitorWith(int sources) {
  MonitorConfig config;
  for (int i = 0; i < sources; ++i) {
    config.sources.push_back({"src-" + std::to_string(i), "", kDropOffMinutes});
  }
  return *HealthMonitor::Create(config);
}

// What a pipeline reports: event counts per source per batch, now and then a
// classification failure; the clock moves a millisecond an observation.
void BM_Observe(benchmark::State& state) {
  const int sources = static_cast<int>(state.range(0));
  std::unique_ptr<HealthMonitor> monitor = MonitorWith(sources);
  std::vector<Observation> observations(100000);
  for (size_t n = 0; n < observations.size(); ++n) {
    Observation& o = observations[n];
    o.source = "src-" + std::to_string(n * 7919 % sources);
    if (n % 50 == 7) {
      o.kind = Observation::Kind::kClassificationFailure;
      o.log_type = "Custom.App";
      o.error = "n: expected int, got \"x\"";
      o.payload = "{\"n\": \"x\"}";
    } else {
      o.kind = Observation::Kind::kEvents;
      o.count = 1 + static_cast<int64_t>(n % 100);
    }
  }
  int64_t clock = kStart;
  // Every source has reported once (its first-events transition is behind
  // it): the timed loop measures the steady state.
  for (Observation& o : observations) {
    clock += kSecond / 1000;
    o.time = clock;
    (void)monitor->Observe(o);
  }
  monitor->TakeOutputs();
  for (auto _ : state) {
    for (Observation& o : observations) {
      clock += kSecond / 1000;
      o.time = clock;
      benchmark::DoNotOptimize(monitor->Observe(o).ok());
    }
    state.PauseTiming();
    monitor->TakeOutputs();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * observations.size()));
}
BENCHMARK(BM_Observe)->Arg(100000)->Unit(benchmark::kMillisecond);

// Source i last sent events at second i / 100, so an hour on, each second of
// Advance finds exactly 100 sources due (drop-off alerts raised). The first
// second (every source's first timer comes up) is spent outside the timing.
void BM_AdvanceHundredDue(benchmark::State& state) {
  const int sources = static_cast<int>(state.range(0));
  std::unique_ptr<HealthMonitor> monitor;
  int64_t step = 0;
  const int64_t steps = sources / 100;
  auto rebuild = [&] {
    monitor = MonitorWith(sources);
    for (int i = 0; i < sources; ++i) {
      Observation o;
      o.kind = Observation::Kind::kEvents;
      o.source = "src-" + std::to_string(i);
      o.count = 1;
      o.time = kStart + (i / 100) * kSecond;
      (void)monitor->Observe(o);
    }
    monitor->Advance(kStart + kDropOffMinutes * 60 * kSecond);
    monitor->TakeOutputs();
    step = 1;
  };
  rebuild();
  size_t raised = 0;
  for (auto _ : state) {
    if (step == steps) {
      state.PauseTiming();
      rebuild();
      state.ResumeTiming();
    }
    monitor->Advance(kStart + kDropOffMinutes * 60 * kSecond + step * kSecond);
    ++step;
    state.PauseTiming();
    raised += monitor->TakeOutputs().size();
    state.ResumeTiming();
  }
  // Each due source: an alert and an alarm_state record.
  state.counters["records_per_advance"] =
      static_cast<double>(raised) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_AdvanceHundredDue)->Arg(1000)->Arg(100000)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace loghealth

BENCHMARK_MAIN();
