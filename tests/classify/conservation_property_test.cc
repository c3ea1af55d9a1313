// Property: over generated and mutated logs, events + failures + skipped =
// logs, every event and failure record is one line of valid JSON, and every
// failure's payload decodes to exactly the input bytes.
#include <algorithm>
#include <random>
#include <vector>
#include <string>

#include "gtest/gtest.h"
#include "simdjson.h"
#include "tests/classify/classify_testing.h"

namespace loghealth {
namespace {

const char kSchema[] = R"(
version: 0
schema: Custom.Prop
fields:
  - {name: id, type: string, required: true}
  - {name: n, type: bigint}
  - {name: f, type: float}
  - {name: ok, type: boolean}
  - {name: t, type: timestamp, timeFormats: [rfc3339, unix], isEventTime: true}
  - {name: ip, type: string, indicators: [ip]}
  - name: tags
    type: array
    element: {type: string}
  - name: obj
    type: object
    fields:
      - {name: k, type: string}
      - {name: v, type: int}
  - {name: raw, type: json}
)";

std::string RandomValue(std::mt19937& rng, int depth = 0) {
  switch (rng() % (depth > 3 ? 6 : 8)) {
    case 0: return std::to_string(static_cast<int64_t>(rng()) - (1LL << 31));
    case 1: return "\"" + std::to_string(rng() % 100000) + "\"";
    case 2: return "1.5e" + std::to_string(rng() % 400);
    case 3: return rng() % 2 ? "true" : "false";
    case 4: return "null";
    case 5: return "\"2024-05-0" + std::to_string(1 + rng() % 9) + "T10:00:00Z\"";
    case 6: {
      std::string a = "[";
      for (int i = 0, n = rng() % 4; i < n; ++i) {
        a += (i ? "," : "") + RandomValue(rng, depth + 1);
      }
      return a + "]";
    }
    default: {
      std::string o = "{";
      const char* keys[] = {"k", "v", "x"};
      for (int i = 0, n = rng() % 3; i < n; ++i) {
        o += std::string(i ? "," : "") + "\"" + keys[rng() % 3] + "\":" +
             RandomValue(rng, depth + 1);
      }
      return o + "}";
    }
  }
}

// A log that fits the schema, fields in random order and some left out.
std::string WellTypedLog(std::mt19937& rng) {
  std::vector<std::string> fields = {
      "\"id\":\"u" + std::to_string(rng() % 1000) + "\"",
      "\"n\":" + std::to_string(static_cast<int64_t>(rng()) - (1LL << 31)),
      "\"f\":\"" + std::to_string(rng() % 1000) + ".25\"",
      std::string("\"ok\":") + (rng() % 2 ? "true" : "\"F\""),
      "\"t\":" + std::to_string(1700000000 + rng() % 100000),
      "\"ip\":\"10.0." + std::to_string(rng() % 256) + ".1\"",
      "\"tags\":[\"a\",\"b\"]",
      "\"obj\":{\"k\":\"x\",\"v\":\"12\"}",
      "\"raw\":" + RandomValue(rng),
  };
  std::shuffle(fields.begin() + 1, fields.end(), rng);
  std::string log = "{" + fields[0];
  for (size_t i = 1; i < fields.size(); ++i) {
    if (rng() % 3 != 0) log += "," + fields[i];
  }
  return log + "}";
}

std::string RandomLog(std::mt19937& rng) {
  const char* keys[] = {"id", "n", "f", "ok", "t", "ip", "tags", "obj", "raw", "zz"};
  std::string log;
  if (rng() % 5 < 3) {
    log = WellTypedLog(rng);
  } else {
    log = "{";
    for (int i = 0, n = rng() % 8; i < n; ++i) {
      log += std::string(i ? "," : "") + "\"" + keys[rng() % 10] + "\":" + RandomValue(rng);
    }
    log += "}";
  }
  // Mutations: the inputs a hostile or broken pipeline produces.
  switch (rng() % 10) {
    case 0: log[rng() % log.size()] = static_cast<char>(rng() % 256); break;
    case 1: log.resize(rng() % log.size()); break;
    case 2: log.insert(rng() % (log.size() + 1), 1, '\0'); break;
    case 3: log.insert(rng() % (log.size() + 1), "\xc3("); break;  // bad UTF-8
    case 4: log = "  " + log + " \r"; break;
    case 5: log = std::string(rng() % 3, ' '); break;              // blank
    case 7: log = std::to_string(rng() % 100) + " words " + log; break;  // text
    case 6: log = std::string(rng() % 700, '[') + log; break;
    default: break;
  }
  return log;
}

std::string DecodeBase64(std::string_view in) {
  auto val = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    return c == '+' ? 62 : c == '/' ? 63 : -1;
  };
  std::string out;
  uint32_t buf = 0;
  int bits = 0;
  for (char c : in) {
    const int v = val(c);
    if (v < 0) break;
    buf = (buf << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buf >> bits) & 0xFF));
    }
  }
  return out;
}

// A second JSON type and a text type on the same source: failures then go
// through several attempts, the adaptive order and the shared JSON document.
const char kOtherJson[] = R"(
version: 0
schema: Custom.Other
fields:
  - {name: n, type: bigint, required: true}
  - {name: obj, type: json}
)";
const char kText[] = R"(
version: 0
schema: Custom.Text
parser:
  fastmatch:
    match: ['%{a} %{b}']
    skipPrefix: '#'
fields:
  - {name: a, type: int, required: true}
  - {name: b, type: string}
)";

class Conservation : public ::testing::TestWithParam<std::vector<std::string>> {};

INSTANTIATE_TEST_SUITE_P(Sources, Conservation,
                         ::testing::Values(std::vector<std::string>{kSchema},
                                           std::vector<std::string>{kSchema, kOtherJson,
                                                                    kText}));

TEST_P(Conservation, EveryLogIsAccountedForAndPayloadsAreExact) {
  auto stream = testing::StreamFor(GetParam());
  std::mt19937 rng(20261126);
  simdjson::dom::parser parser;
  uint64_t events = 0, failures = 0, skipped = 0;
  constexpr int kLogs = 20000;
  for (int i = 0; i < kLogs; ++i) {
    const std::string log = RandomLog(rng);
    const ClassifyResult& r = stream->Classify(log);
    if (r.kind == ClassifyResult::Kind::kSkipped) {
      ++skipped;
      continue;
    }
    ASSERT_EQ(r.json.find('\n'), std::string_view::npos) << log;
    simdjson::dom::element record;
    const simdjson::error_code parsed = parser.parse(std::string(r.json)).get(record);
    if (r.kind == ClassifyResult::Kind::kEvent && parsed == simdjson::NUMBER_ERROR) {
      // `json` values keep numbers as written; JSON's grammar has no range,
      // simdjson's DOM stops at double's. Only that may differ.
      ASSERT_NE(r.json.find("e3"), std::string_view::npos) << r.json;
      ++events;
      continue;
    }
    ASSERT_EQ(parsed, simdjson::SUCCESS) << "not JSON: " << r.json;
    if (r.kind == ClassifyResult::Kind::kEvent) {
      ++events;
      continue;
    }
    ++failures;
    std::string_view payload, encoding;
    ASSERT_EQ(record["payload"].get_string().get(payload), simdjson::SUCCESS);
    const bool base64 = !record["payload_encoding"].get_string().get(encoding) &&
                        encoding == "base64";
    ASSERT_EQ(base64 ? DecodeBase64(payload) : std::string(payload), log)
        << "payload differs for " << r.json;
    std::string_view reason;
    ASSERT_EQ(record["reason"].get_string().get(reason), simdjson::SUCCESS);
  }
  const ClassifierStats& s = stream->stats();
  EXPECT_EQ(s.logs, static_cast<uint64_t>(kLogs));
  EXPECT_EQ(s.events + s.failures + s.skipped, s.logs);
  EXPECT_EQ(s.events, events);
  EXPECT_EQ(s.failures, failures);
  EXPECT_EQ(s.skipped, skipped);
  // The generator must exercise all three outcomes to mean anything.
  EXPECT_GT(events, 1000u);
  EXPECT_GT(failures, 1000u);
  EXPECT_GT(skipped, 100u);
}

}  // namespace
}  // namespace loghealth
