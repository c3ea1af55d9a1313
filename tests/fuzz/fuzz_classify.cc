// Fuzzes classification: JSON and each text parser on one source, and every
// result must be an event or a failure record keeping the payload (both
// well-formed JSON), or a skip; a validate-only stream must reach the same verdict (it reads
// values without writing them, a different path through the decoder).
#include <cstdint>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <string>

#include "loghealth/classifier.h"

namespace {

// A JSON grammar check written for this oracle (RFC 8259, numbers of any
// size: simdjson's DOM refuses integers past 64 bits), strings UTF-8 by
// their byte structure (lead byte, then its continuation bytes).
class JsonChecker {
 public:
  explicit JsonChecker(std::string_view s) : s_(s) {}
  bool Valid() {
    Space();
    if (!Value(0)) return false;
    Space();
    return i_ == s_.size();
  }

 private:
  bool Value(int depth) {
    if (depth > 200 || i_ >= s_.size()) return false;
    switch (s_[i_]) {
      case '{': return Container(depth, '}', true);
      case '[': return Container(depth, ']', false);
      case '"': return String();
      case 't': return Literal("true");
      case 'f': return Literal("false");
      case 'n': return Literal("null");
      default: return Number();
    }
  }
  bool Container(int depth, char close, bool object) {
    ++i_;
    Space();
    if (Peek(close)) return true;
    for (;;) {
      if (object) {
        if (!String()) return false;
        Space();
        if (!Peek(':')) return false;
        Space();
      }
      if (!Value(depth + 1)) return false;
      Space();
      if (Peek(close)) return true;
      if (!Peek(',')) return false;
      Space();
    }
  }
  bool String() {
    if (!Peek('"')) return false;
    while (i_ < s_.size()) {
      const unsigned char c = static_cast<unsigned char>(s_[i_++]);
      if (c == '"') return true;
      if (c < 0x20) return false;
      if (c >= 0x80) {
        const int more = c >= 0xF0 && c <= 0xF4 ? 3 : c >= 0xE0 && c <= 0xEF ? 2
                         : c >= 0xC2 && c <= 0xDF ? 1 : -1;
        if (more < 0) return false;
        for (int k = 0; k < more; ++k, ++i_) {
          if (i_ >= s_.size() || (static_cast<unsigned char>(s_[i_]) & 0xC0) != 0x80) return false;
        }
      }
      if (c == '\\') {
        if (i_ >= s_.size()) return false;
        const char e = s_[i_++];
        if (e == 'u') {
          for (int k = 0; k < 4; ++k, ++i_) {
            if (i_ >= s_.size() || !std::isxdigit(static_cast<unsigned char>(s_[i_]))) return false;
          }
        } else if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) {
          return false;
        }
      }
    }
    return false;
  }
  bool Number() {
    const size_t start = i_;
    Peek('-');
    if (Peek('0')) {
    } else if (!Digits()) {
      return false;
    }
    if (Peek('.') && !Digits()) return false;
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      if (!Peek('+')) Peek('-');
      if (!Digits()) return false;
    }
    return i_ > start;
  }
  bool Digits() {
    const size_t start = i_;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    return i_ > start;
  }
  bool Literal(std::string_view word) {
    if (s_.substr(i_, word.size()) != word) return false;
    i_ += word.size();
    return true;
  }
  bool Peek(char c) {
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  void Space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  std::string_view s_;
  size_t i_ = 0;
};

std::unique_ptr<loghealth::ClassifierStream> MakeStream(bool validate_only) {
  const char* schemas[] = {
      R"(version: 0
schema: Custom.FuzzJson
definitions:
  Inner: {type: object, fields: [{name: x, type: bigint}, {name: t, type: timestamp, timeFormats: [unix_ms, rfc3339]}]}
fields:
  - {name: s, type: string, required: true, indicators: [ip, url, aws_arn, net_addr, md5, domain]}
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
  const std::string_view log(reinterpret_cast<const char*>(data), size);
  const loghealth::ClassifyResult& r = stream->Classify(log);
  const loghealth::ClassifyResult& v = validating->Classify(log);
  if (v.kind != r.kind || v.log_type != r.log_type) abort();
  if (r.kind == loghealth::ClassifyResult::Kind::kFailure &&
      v.failure->best.reason != r.failure->best.reason) {
    abort();
  }
  switch (r.kind) {
    case loghealth::ClassifyResult::Kind::kEvent: {
      if (r.json.empty() || r.json.front() != '{' || r.json.back() != '}') abort();
      if (!JsonChecker(r.json).Valid()) abort();
      break;
    }
    case loghealth::ClassifyResult::Kind::kFailure: {
      if (r.failure == nullptr || r.failure->attempts.empty()) abort();
      if (r.json.find("\"payload\":") == std::string_view::npos) abort();
      if (!JsonChecker(r.json).Valid()) abort();
      break;
    }
    case loghealth::ClassifyResult::Kind::kSkipped:
      break;
  }
  const auto& s = stream->stats();
  if (s.events + s.failures + s.skipped != s.logs) abort();  // conservation
  return 0;
}
