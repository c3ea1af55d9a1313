// Classification speed against the practical ceiling (simdjson On-Demand
// visiting every value), measured in the same binary and run.
//
//   bazel run --config=opt //bench:classify_bench
//
// Counters: allocs_per_line (operator new calls in the timed loop per line)
// and failures (lines flagged per pass).
#include <string>
#include <vector>

#include "bench/bench_corpus.h"
#include "benchmark/benchmark.h"
#include "loghealth/classifier.h"
#include "simdjson.h"
#include "tests/testing/allocation_counter.h"


#define LOGHEALTH_STRINGIFY_(x) #x
#define LOGHEALTH_STRINGIFY(x) LOGHEALTH_STRINGIFY_(x)

namespace loghealth {
namespace {

using bench::MainCorpus;

constexpr const char* kOnDemandKernel = LOGHEALTH_STRINGIFY(SIMDJSON_BUILTIN_IMPLEMENTATION);

void Visit(simdjson::ondemand::value v, size_t* n);

void VisitObject(simdjson::ondemand::object o, size_t* n) {
  for (auto field : o) {
    std::string_view key;
    if (field.unescaped_key().get(key)) return;
    *n += key.size();
    simdjson::ondemand::value v;
    if (field.value().get(v)) return;
    Visit(v, n);
  }
}

void Visit(simdjson::ondemand::value v, size_t* n) {
  simdjson::ondemand::json_type t;
  if (v.type().get(t)) return;
  switch (t) {
    case simdjson::ondemand::json_type::object: {
      simdjson::ondemand::object o;
      if (!v.get_object().get(o)) VisitObject(o, n);
      break;
    }
    case simdjson::ondemand::json_type::array: {
      simdjson::ondemand::array a;
      if (v.get_array().get(a)) break;
      for (auto e : a) {
        simdjson::ondemand::value ev;
        if (!e.get(ev)) Visit(ev, n);
      }
      break;
    }
    case simdjson::ondemand::json_type::string: {
      std::string_view s;
      if (!v.get_string().get(s)) *n += s.size();
      break;
    }
    case simdjson::ondemand::json_type::number: {
      double d;
      if (!v.get_double().get(d)) *n += d > 0;
      break;
    }
    case simdjson::ondemand::json_type::boolean: {
      bool b;
      if (!v.get_bool().get(b)) *n += b;
      break;
    }
    default:
      break;
  }
}

void Report(benchmark::State& state, const std::vector<std::string_view>& lines,
            size_t bytes, long allocations, double failures_per_pass) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * lines.size()));
  state.counters["allocs_per_line"] =
      static_cast<double>(allocations) / (state.iterations() * lines.size());
  state.counters["failures"] = failures_per_pass;
  // Which kernels ran: stage 1 (chosen at run time by libsimdjson) and
  // On-Demand's iteration (compiled into this binary: the namespace the
  // headers chose for this build's target, not libsimdjson's own).
  state.SetLabel(std::string("stage1=") + simdjson::get_active_implementation()->name() +
                 " ondemand=" + kOnDemandKernel);
}

size_t Bytes(const std::vector<std::string_view>& lines) {
  size_t b = 0;
  for (std::string_view l : lines) b += l.size() + 1;
  return b;
}

// The ceiling: parse every line and decode every key and value.
void BM_SimdjsonVisitAll(benchmark::State& state) {
  const auto& lines = MainCorpus().lines;
  simdjson::ondemand::parser parser;
  std::string padded;
  size_t sink = 0;
  for (auto _ : state) {
    for (std::string_view line : lines) {
      padded.assign(line.data(), line.size());
      padded.append(simdjson::SIMDJSON_PADDING, '\0');
      simdjson::ondemand::document doc;
      if (parser.iterate(padded.data(), line.size(), padded.size()).get(doc)) continue;
      simdjson::ondemand::object o;
      if (!doc.get_object().get(o)) VisitObject(o, &sink);
    }
  }
  benchmark::DoNotOptimize(sink);
  Report(state, lines, Bytes(lines), 0, 0);
}

void RunClassifier(benchmark::State& state, const std::vector<std::string>& schemas,
                   const std::vector<std::string_view>& lines, bool validate_only) {
  std::vector<LogSchema> loaded;
  for (const std::string& s : schemas) loaded.push_back(*LoadSchema(s).schema);
  ClassifierOptions options;
  options.source_id = "bench";
  options.validate_only = validate_only;
  auto classifier = Classifier::Create(loaded, options);
  if (!classifier.ok()) {
    state.SkipWithError(std::string(classifier.status().message()).c_str());
    return;
  }
  ClassifierStream stream(*classifier);
  for (std::string_view line : lines) stream.Classify(line);  // warm up
  const uint64_t failures_before = stream.stats().failures;
  const long allocs_before = testing::AllocationCount();
  for (auto _ : state) {
    for (std::string_view line : lines) benchmark::DoNotOptimize(stream.Classify(line).kind);
  }
  const long allocs = testing::AllocationCount() - allocs_before;
  const double failures = static_cast<double>(stream.stats().failures - failures_before) /
                          static_cast<double>(state.iterations());
  Report(state, lines, Bytes(lines), allocs, failures);
}

void BM_Validate(benchmark::State& state) {
  RunClassifier(state, {bench::MainSchemaText()}, MainCorpus().lines, true);
}

void BM_ClassifyEvents(benchmark::State& state) {
  RunClassifier(state, {bench::MainSchemaText()}, MainCorpus().lines, false);
}

// 19 log types that do not fit the corpus: each requires a key it lacks.
std::vector<std::string> TwentyTypes() {
  std::vector<std::string> schemas = {bench::MainSchemaText()};
  for (int i = 0; i < 19; ++i) {
    schemas.push_back("version: 0\nschema: Custom.Other" + std::to_string(i) +
                      "\nfields:\n  - {name: other" + std::to_string(i) +
                      ", type: string, required: true}\n  - {name: eventName, type: string}\n"
                      "  - {name: eventTime, type: timestamp, timeFormat: rfc3339}\n");
  }
  return schemas;
}

void BM_Classify20Types(benchmark::State& state) {
  RunClassifier(state, TwentyTypes(), MainCorpus().lines, false);
}

void BM_ClassifyAllFailing(benchmark::State& state) {
  std::vector<std::string_view> views(bench::AllFailingLines().begin(),
                                      bench::AllFailingLines().end());
  RunClassifier(state, {bench::MainSchemaText()}, views, false);
}

BENCHMARK(BM_SimdjsonVisitAll)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Validate)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ClassifyEvents)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Classify20Types)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ClassifyAllFailing)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace loghealth

BENCHMARK_MAIN();
