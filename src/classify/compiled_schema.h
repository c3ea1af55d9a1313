// A schema compiled for decoding: per object a key -> field table, per field
// everything its decoder needs, resolved once (refs, time formats,
// indicators, validation).
#ifndef LOGHEALTH_SRC_CLASSIFY_COMPILED_SCHEMA_H_
#define LOGHEALTH_SRC_CLASSIFY_COMPILED_SCHEMA_H_

#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"
#include "loghealth/schema.h"
#include "loghealth/timestamp.h"
#include "src/parse/text_parser.h"

namespace re2 {
class RE2;
}  // namespace re2

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace loghealth {
namespace classify {

struct CompiledValue;

struct CompiledField {
  // The input key it is read from: the field's name, or its rename.from.
  std::string name;
  std::string key_json;  // `"name":` of the field's own name, escaped, ready to append
  bool required = false;
  const CompiledValue* value = nullptr;
};

// indicatorsBy: a field's indicators chosen by a sibling's value.
struct IndicatorsByRule {
  uint32_t field = 0;    // the field scanned
  uint32_t sibling = 0;  // the field whose value picks the case
  std::vector<std::pair<std::string, uint32_t>> cases;  // value -> Indicator bits
};

class CompiledObject {
 public:
  std::vector<CompiledField> fields;
  // loghealth's extensions (docs/log-types.md); empty or off for most.
  bool case_insensitive = false;          // caseInsensitiveKeys
  int raw_event_field = -1;               // rawEvent (the root only)
  std::vector<uint32_t> require_any;      // requireAny (the root only)
  std::vector<IndicatorsByRule> indicators_by;

  // caseInsensitiveKeys: the field whose name equals `key` ignoring ASCII
  // case, or -1 (after Find found no exact match).
  int FindIgnoringCase(std::string_view key) const;

  // The index of the field named `key`, or -1. `expected` is a guess (the
  // field after the previous key's): logs mostly list their keys in one
  // order, usually the schema's, so the guess saves the lookup.
  int Find(std::string_view key, size_t expected = 0) const {
    if (expected < fields.size() && Same(fields[expected].name, key)) {
      return static_cast<int>(expected);
    }
    if (slots_.empty()) {
      // A short scan beats hashing for a few fields.
      for (size_t i = 0; i < fields.size(); ++i) {
        if (Same(fields[i].name, key)) return static_cast<int>(i);
      }
      return -1;
    }
    // Open addressing over a power-of-two table, with a hash of the length
    // and the first and last bytes: cheap, and distinct enough for keys.
    for (size_t h = Hash(key) & mask_;; h = (h + 1) & mask_) {
      const int slot = slots_[h];
      if (slot < 0) return -1;
      if (Same(fields[slot].name, key)) return slot;
    }
  }
  // Whether the raw key starting at `raw` (after its opening quote) is
  // field `i`'s name, read without scanning the key for its end: the name's
  // bytes then a quote, compared 32 bytes at once. `i` may run up to two
  // past the last field (false there), so callers guess without a bounds
  // check. Never true for names JSON escapes or of more than 31 bytes (the
  // caller then scans the key and looks it up). The key lies in an input
  // followed by simdjson's zero padding: the 32 bytes read are inside it,
  // and a key cut off by the input's end cannot meet its '"' in the padding.
  // The quote found is the key's closing one: the name before it holds no
  // backslash.
  bool MatchesRawKey(size_t i, const char* raw) const {
    const RawKey& want = raw_keys_[i];
#if defined(__SSE2__)
    const __m128i lo = _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(raw)),
                                      _mm_load_si128(reinterpret_cast<const __m128i*>(want.bytes)));
    const __m128i hi = _mm_cmpeq_epi8(
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(raw + 16)),
        _mm_load_si128(reinterpret_cast<const __m128i*>(want.bytes + 16)));
    const uint64_t equal = static_cast<uint32_t>(_mm_movemask_epi8(lo)) |
                           (static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(hi))) << 16);
    return (equal & want.mask) == want.mask;
#else
    return want.mask != kNeverMatches && std::memcmp(raw, want.bytes, want.size + 1) == 0;
#endif
  }
  // Field `i`'s key_json, preceded by a comma and followed by
  // json::JsonBuffer::kPadding readable bytes (for json::JsonBuffer::AppendPadded).
  const char* padded_key_json(size_t i) const { return key_texts_.data() + key_offsets_[i]; }
  // The required fields' indices, in schema order.
  const std::vector<uint32_t>& required() const { return required_; }
  // Builds the lookup tables once `fields` is complete.
  void BuildIndex();

 private:
  // Keys are short: compared inline, eight bytes at a time, rather than
  // through a call to memcmp.
  static bool Same(const std::string& name, std::string_view key) {
    size_t n = name.size();
    if (n != key.size()) return false;
    const char* a = name.data();
    const char* b = key.data();
    for (; n >= 8; n -= 8, a += 8, b += 8) {
      uint64_t x, y;
      std::memcpy(&x, a, 8);
      std::memcpy(&y, b, 8);
      if (x != y) return false;
    }
    for (; n > 0; --n, ++a, ++b) {
      if (*a != *b) return false;
    }
    return true;
  }
  static size_t Hash(std::string_view k) {
    size_t h = k.size() * 0x9E3779B1u;
    if (!k.empty()) {
      h ^= static_cast<unsigned char>(k.front()) * 0x85EBCA6Bu;
      h ^= static_cast<unsigned char>(k.back()) * 0xC2B2AE35u;
      if (k.size() > 2) h ^= static_cast<unsigned char>(k[k.size() / 2]) * 0x27D4EB2Fu;
    }
    return h ^ (h >> 15);
  }
  // A field's name and closing quote, zero-padded, and a mask of those
  // bytes: MatchesRawKey's one compare.
  struct alignas(16) RawKey {
    char bytes[32] = {};
    uint64_t mask = kNeverMatches;
    size_t size = 0;
  };
  // A bit no 32-byte compare sets: the mask of names matched otherwise.
  static constexpr uint64_t kNeverMatches = uint64_t{1} << 32;
  std::vector<RawKey> raw_keys_;  // one per field, then two never matching
  std::vector<uint32_t> required_;
  std::string key_texts_;  // every key_json back to back, then padding
  std::vector<uint32_t> key_offsets_;
  std::vector<int> slots_;  // field index or -1; empty for small objects
  size_t mask_ = 0;
};

constexpr uint32_t kNoEventTime = UINT32_MAX;

struct CompiledValue {
  schema::ValueType type = schema::STRING;
  std::string type_name;                // "bigint", "array", ... for messages
  CompiledObject object;                // OBJECT
  const CompiledValue* element = nullptr;  // ARRAY
  std::optional<TimeFormats> time;      // TIMESTAMP
  uint32_t event_time_rank = kNoEventTime;  // depth-first schema order
  bool infer_year = false;              // TIMESTAMP: inferYear
  uint32_t indicators = 0;              // bits of indicators::Indicator
  bool embedded_json = false;
  // validate
  std::vector<std::string> allow, deny;
  schema::IpVersion ip = schema::IP_VERSION_UNSPECIFIED;
  schema::IpVersion cidr = schema::IP_VERSION_UNSPECIFIED;
  // loghealth's: bounds for numbers, an RE2 pattern for strings.
  std::optional<double> min, max;
  std::shared_ptr<const re2::RE2> pattern;
  bool validates = false;  // any rule above: most strings have none
  // A string field with no rules and not embedded JSON: a plain JSON string
  // is then taken as it is (the decoder's shortcut for most values).
  bool plain_string = false;
  // A scalar type (string, numbers, boolean, timestamp) not embedded JSON: a
  // JSON string for it goes straight to the scalar decoders.
  bool scalar = false;
};

enum class ParserKind { kJson, kFastmatch, kRegex, kCsv, kSyslog };

struct CompiledSchema {
  std::string log_type;
  std::string log_type_json;  // log_type as a JSON string, quoted and escaped
  ParserKind parser = ParserKind::kJson;
  int precedence = 0;
  // parser.json.envelope: the events are this top-level array's elements.
  std::string envelope;
  bool envelope_optional = false;
  const CompiledValue* root = nullptr;  // an OBJECT
  // Required top-level keys, for skipping this type cheaply when a log
  // lacks one.
  std::vector<std::string> required_keys;
  std::unique_ptr<parse::TextParser> text;  // fastmatch, regex or csv
  std::vector<std::unique_ptr<CompiledValue>> storage;  // owns every value
};

// Compiles a valid schema (LoadSchema / ValidateSchema found no errors).
absl::StatusOr<std::unique_ptr<CompiledSchema>> CompileSchema(
    const LogSchema& schema);

}  // namespace classify
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_CLASSIFY_COMPILED_SCHEMA_H_
