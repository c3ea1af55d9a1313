// Text parsers (fastmatch, regex, csv) on generated access-log, syslog and
// csv lines, and timestamp codecs next to absl::ParseTime on the same
// strings.
//
//   bazel run --config=opt //bench:parsers_bench
//
// Parsers report lines/s and MB/s; timestamps report values/s (ns a value is
// 1e9 / items_per_second). tools/bench_table.py prints the codec-to-absl
// ratios (target: rfc3339 and unix >= 10x).
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "benchmark/benchmark.h"
#include "loghealth/schema.h"
#include "loghealth/timestamp.h"
#include "src/parse/text_parser.h"

namespace loghealth {
namespace {

constexpr int kLines = 20000;
constexpr int kValues = 4096;

// 32-bit draws as unsigned, for printf's %u.
struct Random {
  explicit Random(unsigned seed) : engine(seed) {}
  unsigned operator()() { return static_cast<unsigned>(engine()); }
  std::mt19937 engine;
};

const char kMonths[][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::vector<std::string> AccessLines() {
  Random rng(7);
  std::vector<std::string> lines;
  for (int i = 0; i < kLines; ++i) {
    char line[512];
    std::snprintf(line, sizeof(line),
                  "10.%u.%u.%u - %s [%02u/%s/2024:%02u:%02u:%02u +0000] \"GET /api/items/%u "
                  "HTTP/1.1\" %u %u \"https://example.com/page/%u\" \"Mozilla/5.0 (X11; Linux "
                  "x86_64) AppleWebKit/537.36 Chrome/120.0.%u\"",
                  rng() % 256, rng() % 256, rng() % 256, i % 3 ? "-" : "alice", 1 + rng() % 28,
                  kMonths[rng() % 12], rng() % 24, rng() % 60, rng() % 60, rng() % 10000,
                  200 + rng() % 4 * 100, rng() % 90000, rng() % 100, rng() % 9999);
    lines.push_back(line);
  }
  return lines;
}

std::vector<std::string> SyslogLines() {
  Random rng(8);
  std::vector<std::string> lines;
  for (int i = 0; i < kLines; ++i) {
    char line[512];
    std::snprintf(line, sizeof(line),
                  "<%u>%s %2u %02u:%02u:%02u host-%u sshd[%u]: Accepted publickey for user%u "
                  "from 192.168.%u.%u port %u ssh2",
                  rng() % 192, kMonths[rng() % 12], 1 + rng() % 28, rng() % 24, rng() % 60,
                  rng() % 60, rng() % 50, 1000 + rng() % 60000, rng() % 100, rng() % 256,
                  rng() % 256, 1024 + rng() % 60000);
    lines.push_back(line);
  }
  return lines;
}

std::vector<std::string> CsvLines() {
  Random rng(9);
  std::vector<std::string> lines;
  for (int i = 0; i < kLines; ++i) {
    char line[512];
    std::snprintf(line, sizeof(line),
                  "2024-05-01 %02u:%02u:%02u,%s,%s,192.168.1.%u,%u,10.0.0.%u,%u,\"allow web, "
                  "https\"",
                  rng() % 24, rng() % 60, rng() % 60, rng() % 2 ? "ACCEPT" : "DROP",
                  rng() % 2 ? "tcp" : "udp", rng() % 256, 1024 + rng() % 60000, rng() % 20,
                  rng() % 2 ? 443 : 22);
    lines.push_back(line);
  }
  return lines;
}

constexpr char kFastmatch[] = R"(
version: 0
schema: Bench.Access
parser:
  fastmatch:
    match:
      - '%{remote_addr} - %{remote_user} [%{time_local}] "%{request}" %{status} %{body_bytes_sent} "%{http_referer}" "%{http_user_agent}"'
    emptyValues: ["-"]
fields:
  - {name: remote_addr, type: string}
  - {name: remote_user, type: string}
  - {name: time_local, type: string}
  - {name: request, type: string}
  - {name: status, type: string}
  - {name: body_bytes_sent, type: string}
  - {name: http_referer, type: string}
  - {name: http_user_agent, type: string}
)";

constexpr char kRegex[] = R"(
version: 0
schema: Bench.Syslog
parser:
  regex:
    match:
      - '^<(?P<pri>\d+)>(?P<time>\w{3} [ \d]\d \d\d:\d\d:\d\d) (?P<host>\S+) (?P<app>[^\[:]+)\[(?P<pid>\d+)\]: (?P<msg>.*)$'
fields:
  - {name: pri, type: string}
  - {name: time, type: string}
  - {name: host, type: string}
  - {name: app, type: string}
  - {name: pid, type: string}
  - {name: msg, type: string}
)";

constexpr char kCsv[] = R"(
version: 0
schema: Bench.Csv
parser:
  csv:
    delimiter: ','
    columns: [time, action, protocol, src_ip, src_port, dst_ip, dst_port, rule]
fields:
  - {name: time, type: string}
  - {name: action, type: string}
  - {name: protocol, type: string}
  - {name: src_ip, type: string}
  - {name: src_port, type: string}
  - {name: dst_ip, type: string}
  - {name: dst_port, type: string}
  - {name: rule, type: string}
)";

void BM_TextParser(benchmark::State& state, const char* schema_text,
                   std::vector<std::string> (*make)()) {
  SchemaLoadResult loaded = LoadSchema(schema_text);
  if (!loaded.ok()) {
    state.SkipWithError(loaded.ErrorText().c_str());
    return;
  }
  auto parser = parse::TextParser::Create(*loaded.schema);
  if (!parser.ok()) {
    state.SkipWithError(std::string(parser.status().message()).c_str());
    return;
  }
  const std::vector<std::string> lines = make();
  size_t bytes = 0;
  for (const std::string& l : lines) bytes += l.size() + 1;
  parse::TextStreamState stream;
  std::vector<parse::TextField> fields;
  parse::TextMatchError error;
  size_t matched = 0;
  for (auto _ : state) {
    matched = 0;
    for (const std::string& line : lines) {
      fields.clear();
      matched += (*parser)->Parse(line, &stream, &fields, &error) ==
                 parse::TextParser::Outcome::kFields;
    }
    benchmark::DoNotOptimize(matched);
  }
  if (matched != lines.size()) state.SkipWithError("a generated line did not match");
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * lines.size()));
}

BENCHMARK_CAPTURE(BM_TextParser, fastmatch_access_log, kFastmatch, AccessLines)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_TextParser, regex_syslog, kRegex, SyslogLines)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_TextParser, csv, kCsv, CsvLines)->Unit(benchmark::kMillisecond);

// ---- timestamps ------------------------------------------------------------------

struct TimeCase {
  const char* codec;        // loghealth's spec
  const char* absl_format;  // the same format for absl::ParseTime
  TimeValueKind kind;
};

const TimeCase kTimeCases[] = {
    {"rfc3339", "%Y-%m-%d%ET%H:%M:%E*S%Ez", TimeValueKind::kString},
    {"unix", "%s", TimeValueKind::kNumber},
    {"unix_ms", nullptr, TimeValueKind::kNumber},
    {"unix_ns", nullptr, TimeValueKind::kNumber},
    {"%d/%b/%Y:%H:%M:%S %z", "%d/%b/%Y:%H:%M:%S %z", TimeValueKind::kString},
    {"layout=2006-01-02 15:04:05", "%Y-%m-%d %H:%M:%S", TimeValueKind::kString},
};

// kValues distinct values in the case's format, spread over ten years.
std::vector<std::string> TimeValues(const TimeCase& c) {
  std::mt19937_64 rng(11);
  std::vector<std::string> values;
  for (int i = 0; i < kValues; ++i) {
    const int64_t seconds = 1400000000 + static_cast<int64_t>(rng() % 315360000);
    const int64_t nanos = static_cast<int64_t>(rng() % 1000000000);
    const absl::Time t = absl::FromUnixSeconds(seconds) + absl::Nanoseconds(nanos);
    const std::string codec = c.codec;
    if (codec == "rfc3339") {
      values.push_back(absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", t, absl::UTCTimeZone()));
    } else if (codec == "unix") {
      values.push_back(std::to_string(seconds));
    } else if (codec == "unix_ms") {
      values.push_back(std::to_string(seconds * 1000 + nanos / 1000000));
    } else if (codec == "unix_ns") {
      values.push_back(std::to_string(seconds * 1000000000 + nanos));
    } else if (codec[0] == '%') {
      values.push_back(absl::FormatTime("%d/%b/%Y:%H:%M:%S +0000", t, absl::UTCTimeZone()));
    } else {
      values.push_back(absl::FormatTime("%Y-%m-%d %H:%M:%S", t, absl::UTCTimeZone()));
    }
  }
  return values;
}

void BM_Timestamp(benchmark::State& state, int index) {
  const TimeCase& c = kTimeCases[index];
  auto codec = TimeCodec::Compile(c.codec);
  if (!codec.ok()) {
    state.SkipWithError(std::string(codec.status().message()).c_str());
    return;
  }
  const std::vector<std::string> values = TimeValues(c);
  int64_t sum = 0;
  size_t parsed = 0;
  for (auto _ : state) {
    parsed = 0;
    for (const std::string& v : values) {
      Timestamp t;
      TimeParseError error;
      parsed += codec->Parse(v, c.kind, &t, &error) == TimeParseStatus::kOk;
      sum += t.seconds;
    }
    benchmark::DoNotOptimize(sum);
  }
  if (parsed != values.size()) state.SkipWithError("a generated value did not parse");
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * values.size()));
  state.SetLabel(c.codec);
}

void BM_AbslParseTime(benchmark::State& state, int index) {
  const TimeCase& c = kTimeCases[index];
  const std::vector<std::string> values = TimeValues(c);
  int64_t sum = 0;
  size_t parsed = 0;
  for (auto _ : state) {
    parsed = 0;
    for (const std::string& v : values) {
      absl::Time t;
      std::string error;
      parsed += absl::ParseTime(c.absl_format, v, &t, &error);
      sum += absl::ToUnixSeconds(t);
    }
    benchmark::DoNotOptimize(sum);
  }
  if (parsed != values.size()) state.SkipWithError("a generated value did not parse");
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * values.size()));
  state.SetLabel(c.codec);
}

void RegisterTimestampBenchmarks() {
  for (int i = 0; i < static_cast<int>(sizeof(kTimeCases) / sizeof(kTimeCases[0])); ++i) {
    const std::string name = kTimeCases[i].codec[0] == '%'   ? "strftime"
                             : kTimeCases[i].codec[0] == 'l' ? "go_layout"
                                                             : kTimeCases[i].codec;
    benchmark::RegisterBenchmark(("BM_Timestamp/" + name).c_str(), BM_Timestamp, i);
    if (kTimeCases[i].absl_format != nullptr) {
      benchmark::RegisterBenchmark(("BM_AbslParseTime/" + name).c_str(), BM_AbslParseTime, i);
    }
  }
}

}  // namespace
}  // namespace loghealth

int main(int argc, char** argv) {
  loghealth::RegisterTimestampBenchmarks();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
