// Fuzzes classification: JSON and each text parser on one source, and every
// result must be an event or a failure record keeping the payload (both
// well-formed JSON), or a skip; a validate-only stream must reach the same verdict (it reads
// values without writing them, a different path through the decoder).
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "loghealth/classifier.h"
#include "simdjson.h"

namespace {

std::unique_ptr<loghealth::ClassifierStream> MakeStream(bool validate_only) {
  const char* schemas[] = {
      R"(version: 0
schema: Custom.FuzzJson
definitions:
  Inner: {type: object, fields: [{name: x, type: bigint}, {name: t, type: timestamp, timeFormats: [unix_ms, rfc3339]}]}
fields:
  - {name: s, type: string, required: true, indicators: [ip, url, aws_arn, net_addr, md5]}
  - {name: i, type: smallint}
  - {name: f, type: float}
  - {name: b, type: boolean}
  - {name: t, type: timestamp, timeFormats: [rfc3339, unix, "%d/%b/%Y:%H:%M:%S %z"], isEventTime: true}
  - {name: a, type: array, element: {type: ref, target: Inner}}
  - {name: j, type: json}
  - {name: e, type: object, isEmbeddedJSON: true, fields: [{name: k, type: string, validate: {ip: any}}]}
)",
      R"(version: 0
schema: Custom.FuzzFast
parser:
  fastmatch:
    match: ['%{a} "%{b}" [%{c}] %{d}', '<%{p}>%{} %{rest}']
    emptyValues: ['-']
    trimSpace: true
    expandFields: {ab: '%{a}/%{b}'}
fields:
  - {name: a, type: string}
  - {name: b, type: string}
  - {name: c, type: timestamp, timeFormat: "%d/%b/%Y:%H:%M:%S %z"}
  - {name: d, type: int}
  - {name: p, type: int}
  - {name: rest, type: string}
  - {name: ab, type: string}
)",
      R"(version: 0
schema: Custom.FuzzRegex
parser:
  regex:
    match: ['^%{SYSLOGTIMESTAMP:ts} %{HOSTNAME:host} %{DATA:prog}(?:\[%{POSINT:pid}\])?: %{GREEDYDATA:msg}']
fields:
  - {name: ts, type: timestamp, timeFormat: "%b %e %H:%M:%S"}
  - {name: host, type: string}
  - {name: prog, type: string}
  - {name: pid, type: int}
  - {name: msg, type: string}
)",
      R"(version: 0
schema: Custom.FuzzCsv
parser:
  csv:
    delimiter: ";"
    columns: [c1, c2, c3]
fields:
  - {name: c1, type: string}
  - {name: c2, type: float}
  - {name: c3, type: timestamp, timeFormat: "layout=2006-01-02 15:04:05.999"}
)"};
  std::vector<loghealth::LogSchema> loaded;
  for (const char* s : schemas) {
    auto r = loghealth::LoadSchema(s);
    if (!r.ok()) {
      fprintf(stderr, "%s", r.ErrorText().c_str());
      abort();
    }
    loaded.push_back(*r.schema);
  }
  loghealth::ClassifierOptions o;
  o.max_log_bytes = 1 << 20;
  o.max_depth = 64;
  o.validate_only = validate_only;
  auto c = loghealth::Classifier::Create(loaded, o);
  if (!c.ok()) abort();
  return std::make_unique<loghealth::ClassifierStream>(*c);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static auto* stream = MakeStream(false).release();
  static auto* validating = MakeStream(true).release();
  static auto* json = new simdjson::dom::parser();
  const std::string_view log(reinterpret_cast<const char*>(data), size);
  const loghealth::ClassifyResult& r = stream->Classify(log);
  const loghealth::ClassifyResult& v = validating->Classify(log);
  if (v.kind != r.kind || v.log_type != r.log_type) abort();
  if (r.kind == loghealth::ClassifyResult::kFailure &&
      v.failure->best.reason != r.failure->best.reason) {
    abort();
  }
  switch (r.kind) {
    case loghealth::ClassifyResult::kEvent: {
      if (r.json.empty() || r.json.front() != '{' || r.json.back() != '}') abort();
      simdjson::dom::element event;
      if (json->parse(r.json.data(), r.json.size()).get(event) != simdjson::SUCCESS) abort();
      break;
    }
    case loghealth::ClassifyResult::kFailure: {
      if (r.failure == nullptr || r.failure->attempts.empty()) abort();
      if (r.json.find("\"payload\":") == std::string_view::npos) abort();
      simdjson::dom::element record;
      if (json->parse(r.json.data(), r.json.size()).get(record) != simdjson::SUCCESS) abort();
      break;
    }
    case loghealth::ClassifyResult::kSkipped:
      break;
  }
  const auto& s = stream->stats();
  if (s.events + s.failures + s.skipped != s.logs) abort();  // conservation
  return 0;
}
