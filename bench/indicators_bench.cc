// The indicator collector alone: the Scan calls classify_bench's corpus makes
// (the cloudtrail_like schema's indicator fields, values read with
// simdjson's DOM beforehand), Clear and AppendFields, per line. Indicators
// are about a sixth of BM_ClassifyEvents' time; alone they measure with a
// spread of a fraction of a percent, so a change to them shows here first.
//   bazel run --config=opt //bench:indicators_bench
#include <algorithm>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "bench/bench_corpus.h"
#include "simdjson.h"
#include "src/indicators/indicators.h"
#include "src/json/json_buffer.h"
#include "src/classify/json_tokens.h"

namespace loghealth {
namespace {

using indicators::Indicator;

// One Scan: its indicators, the value, and whether it was read raw (plain).
struct Call {
  uint32_t mask;
  std::string value;
  bool plain;
};

// Per line, the Scan calls its event makes, in the order the decoder makes them.
const std::vector<std::vector<Call>>& Calls() {
  static auto* calls = [] {
    auto* out = new std::vector<std::vector<Call>>();
    simdjson::dom::parser parser;
    auto bit = [](Indicator i) { return 1u << static_cast<int>(i); };
    for (std::string_view line : bench::MainCorpus().lines) {
      simdjson::dom::element doc;
      if (parser.parse(line.data(), line.size()).get(doc)) continue;
      std::vector<Call> c;
      auto add = [&](simdjson::dom::element e, uint32_t m) {
        std::string_view s;
        if (e.get_string().get(s)) return;
        // Plain as the decoder would find it: nothing Go's encoder escapes
        // (IsPlainJsonText), and no \u escape in the input (approximated by
        // any non-ASCII byte).
        const bool plain = json::IsPlainJsonText(s) &&
                           std::none_of(s.begin(), s.end(), [](char ch) {
                             return static_cast<unsigned char>(ch) >= 0x80;
                           });
        c.push_back({m, std::string(s), plain});
      };
      simdjson::dom::element v;
      if (!doc.at_pointer("/userIdentity/arn").get(v)) add(v, bit(Indicator::kAwsArn));
      if (!doc.at_pointer("/userIdentity/accountId").get(v)) add(v, bit(Indicator::kAwsAccountId));
      if (!doc.at_pointer("/userIdentity/userName").get(v)) add(v, bit(Indicator::kUsername));
      if (!doc.at_pointer("/sourceIPAddress").get(v)) add(v, bit(Indicator::kIp) | bit(Indicator::kDomain));
      simdjson::dom::array rs;
      if (!doc["resources"].get_array().get(rs)) {
        for (auto r : rs) {
          if (!r.at_pointer("/ARN").get(v)) add(v, bit(Indicator::kAwsArn));
        }
      }
      if (!doc.at_pointer("/recipientAccountId").get(v)) add(v, bit(Indicator::kAwsAccountId));
      out->push_back(std::move(c));
    }
    return out;
  }();
  return *calls;
}
void BM_Indicators(benchmark::State& state) {
  auto& calls = Calls();
  indicators::IndicatorCollector ic;
  json::JsonBuffer out;
  size_t total = 0;
  for (auto _ : state) {
    for (auto& line : calls) {
      ic.Clear();
      for (auto& c : line) ic.Scan(c.mask, c.value, c.plain);
      out.clear();
      ic.AppendFields(&out);
      total += out.size();
    }
  }
  benchmark::DoNotOptimize(total);
  const double lines = static_cast<double>(calls.size()) * static_cast<double>(state.iterations());
  state.counters["ns_per_line"] =
      benchmark::Counter(lines, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["bytes_per_line"] = static_cast<double>(total) / lines;  // p_any_ output
}
BENCHMARK(BM_Indicators);
}  // namespace
}  // namespace loghealth
BENCHMARK_MAIN();
