// The panther_monitor database against a failures file: classifying the
// corpus (4% of lines failing) with failures written to a file, and with
// them written to SQLite; and how many failure rows a second the database
// takes when every line fails.
#include <cstdio>
#include <filesystem>
#include <string>

#include "bench/bench_corpus.h"
#include "absl/strings/str_format.h"
#include "benchmark/benchmark.h"
#include "loghealth/classifier.h"
#include "loghealth/database.h"

namespace loghealth {
namespace {

namespace fs = std::filesystem;

std::shared_ptr<const Classifier> MainClassifier() {
  static const auto classifier = [] {
    SchemaLoadResult r = LoadSchema(bench::MainSchemaText());
    return *Classifier::Create({*r.schema});
  }();
  return classifier;
}

std::string TempPath(const char* name) {
  const fs::path dir = fs::temp_directory_path() / "loghealth-bench";
  fs::create_directories(dir);
  const fs::path p = dir / name;
  fs::remove(p);
  fs::remove(p.string() + "-wal");
  fs::remove(p.string() + "-shm");
  return p.string();
}

// Events go to a buffer (what `classify` writes to standard output, without
// the pipe); failures to `sink`; `end` finishes each pass inside the timing
// (a database written on its own thread must have caught up).
template <typename Sink, typename End>
void Classify(benchmark::State& state, const std::vector<std::string_view>& lines, Sink sink,
              End end) {
  size_t bytes = 0, failures = 0;
  std::string events;
  for (auto _ : state) {
    ClassifierStream stream(MainClassifier());
    events.clear();
    for (std::string_view line : lines) {
      const ClassifyResult& r = stream.Classify(line);
      if (r.kind == ClassifyResult::Kind::kEvent) {
        events.append(r.json);
        events.push_back('\n');
      } else if (r.kind == ClassifyResult::Kind::kFailure) {
        sink(r, line);
        ++failures;
      }
      bytes += line.size();
    }
    end();
    benchmark::DoNotOptimize(events.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetItemsProcessed(static_cast<int64_t>(failures));
  state.counters["failures"] = static_cast<double>(failures) / state.iterations();
}

void BM_ClassifyFailuresToFile(benchmark::State& state) {
  FILE* out = std::fopen(TempPath("failures.jsonl").c_str(), "wb");
  Classify(state, bench::MainCorpus().lines, [&](const ClassifyResult& r, std::string_view) {
    std::fwrite(r.json.data(), 1, r.json.size(), out);
    std::fputc('\n', out);
  }, [&] { std::fflush(out); });
  std::fclose(out);
}

// What `classify --db` does: the database written on a thread of its own.
MonitorDatabaseOptions ClassifyOptions() {
  MonitorDatabaseOptions options;
  options.background_writer = true;
  return options;
}

void BM_ClassifyFailuresToDatabase(benchmark::State& state) {
  auto db = MonitorDatabase::Open(TempPath("failures.db"), ClassifyOptions());
  if (!db.ok()) {
    state.SkipWithError(std::string(db.status().message()).c_str());
    return;
  }
  Classify(
      state, bench::MainCorpus().lines,
      [&](const ClassifyResult& r, std::string_view line) { (void)(*db)->AddFailure(r.json, line); },
      [&] { (void)(*db)->Flush(); });
}

// Every line failing: items/s is failure rows a second into SQLite.
void BM_AllFailingToDatabase(benchmark::State& state) {
  auto db = MonitorDatabase::Open(TempPath("all_failing.db"), ClassifyOptions());
  if (!db.ok()) {
    state.SkipWithError(std::string(db.status().message()).c_str());
    return;
  }
  const std::vector<std::string_view> lines(bench::AllFailingLines().begin(),
                                            bench::AllFailingLines().end());
  Classify(
      state, lines,
      [&](const ClassifyResult& r, std::string_view line) { (void)(*db)->AddFailure(r.json, line); },
      [&] { (void)(*db)->Flush(); });
}

// The database alone: failure records made beforehand, so items/s is rows
// a second SQLite takes (parsing the record, binding, inserting into the
// table and its three indexes, committing in batches).
void BM_FailureRowsIntoDatabase(benchmark::State& state) {
  auto db = MonitorDatabase::Open(TempPath("rows_only.db"));
  if (!db.ok()) {
    state.SkipWithError(std::string(db.status().message()).c_str());
    return;
  }
  struct Row {
    std::string record;
    std::string_view line;
  };
  std::vector<Row> rows;
  ClassifierStream stream(MainClassifier());
  for (const std::string& line : bench::AllFailingLines()) {
    const ClassifyResult& r = stream.Classify(line);
    if (r.kind == ClassifyResult::Kind::kFailure) rows.push_back(Row{std::string(r.json), line});
  }
  // Each pass adds new rows (a new row id prefix), as a new input would.
  uint64_t pass = 0;
  size_t bytes = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const std::string prefix = absl::StrFormat("\"p_row_id\":\"%016x", ++pass);
    for (Row& row : rows) {
      const size_t at = row.record.find("\"p_row_id\":\"");
      row.record.replace(at, prefix.size(), prefix);
    }
    state.ResumeTiming();
    for (const Row& row : rows) {
      (void)(*db)->AddFailure(row.record, row.line);
      bytes += row.line.size();
    }
    (void)(*db)->Flush();
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetItemsProcessed(static_cast<int64_t>(rows.size() * state.iterations()));
}

// Real time: the database's cost is partly waiting for the kernel.
BENCHMARK(BM_ClassifyFailuresToFile)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ClassifyFailuresToDatabase)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_AllFailingToDatabase)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_FailureRowsIntoDatabase)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace loghealth

BENCHMARK_MAIN();
