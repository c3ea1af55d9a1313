// Classifier (the compiled schemas of one source) and ClassifierStream (the
// per-thread state): framing a log, trying the log types in adaptive order,
// and turning the outcome into an event or a failure record.
#include "loghealth/classifier.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <random>
#include <unordered_map>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "simdjson.h"
#include "src/classify/compiled_schema.h"
#include "src/classify/decoder.h"
#include "src/classify/json_writer.h"
#include "src/classify/record_writer.h"

namespace loghealth {

// The compiled schemas of a source plus the key table of the prefilter.
class CompiledSchemaSet {
 public:
  std::vector<std::unique_ptr<classify::CompiledSchema>> schemas;
  // Top-level key -> (schema, bit) for each schema that requires it. Only
  // the first 64 required keys of a schema take part.
  std::unordered_map<std::string, std::vector<std::pair<int, int>>> required_key_bits;
  std::vector<uint64_t> required_masks;
};

Classifier::~Classifier() = default;

absl::StatusOr<std::shared_ptr<const Classifier>> Classifier::Create(
    const std::vector<LogSchema>& schemas, ClassifierOptions options) {
  if (schemas.empty()) {
    return absl::InvalidArgumentError("a classifier needs at least one log schema");
  }
  std::shared_ptr<Classifier> c(new Classifier());
  c->options_ = std::move(options);
  c->compiled_ = std::make_unique<CompiledSchemaSet>();
  for (const LogSchema& schema : schemas) {
    std::vector<SchemaError> errors = ValidateSchema(schema);
    if (!errors.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "schema ", schema.schema(), " is invalid: ", errors[0].ToString()));
    }
    if (std::find(c->log_types_.begin(), c->log_types_.end(), schema.schema()) !=
        c->log_types_.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("log type ", schema.schema(), " is attached twice"));
    }
    auto compiled = classify::CompileSchema(schema);
    if (!compiled.ok()) return compiled.status();
    if ((*compiled)->parser != classify::ParserKind::kJson) {
      return absl::UnimplementedError(absl::StrCat(
          "log type ", schema.schema(),
          ": text parsers (fastmatch, regex, csv) are not supported yet"));
    }
    const int index = static_cast<int>(c->compiled_->schemas.size());
    uint64_t mask = 0;
    for (size_t k = 0; k < (*compiled)->required_keys.size() && k < 64; ++k) {
      c->compiled_->required_key_bits[(*compiled)->required_keys[k]].push_back(
          {index, static_cast<int>(k)});
      mask |= uint64_t{1} << k;
    }
    c->compiled_->required_masks.push_back(mask);
    c->log_types_.push_back(schema.schema());
    c->compiled_->schemas.push_back(*std::move(compiled));
  }
  return std::shared_ptr<const Classifier>(std::move(c));
}

struct ClassifierStream::State {
  std::shared_ptr<const Classifier> classifier;
  const CompiledSchemaSet* set = nullptr;
  simdjson::ondemand::parser parser;
  simdjson::dom::parser dom_parser;    // only to explain failures
  std::string padded;                  // the log, padded for simdjson
  classify::Decoder decoder;
  classify::RecordContext records;
  std::string failure_json;
  FailureDetail failure;
  ClassifyResult result;
  ClassifierStats stats;
  std::vector<int> order;              // schema indexes, adaptive
  std::vector<uint32_t> penalty;       // Panther's penalty per schema
  std::vector<uint64_t> present_masks; // prefilter, per schema
};

namespace {

// Panther trims each line (strings.TrimSpace); a UTF-8 byte order mark at
// the start is dropped too.
std::string_view TrimLog(std::string_view log, size_t* leading) {
  size_t b = 0;
  if (log.size() >= 3 && static_cast<unsigned char>(log[0]) == 0xEF &&
      static_cast<unsigned char>(log[1]) == 0xBB &&
      static_cast<unsigned char>(log[2]) == 0xBF) {
    b = 3;
  }
  auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
           c == '\f';
  };
  while (b < log.size() && space(log[b])) ++b;
  size_t e = log.size();
  while (e > b && space(log[e - 1])) --e;
  *leading = b;
  return log.substr(b, e - b);
}

Timestamp Now() {
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  Timestamp t;
  t.seconds = ns / 1000000000;
  t.nanos = static_cast<int32_t>(ns % 1000000000);
  return t;
}

// Stable, in place and allocation-free (std::stable_sort takes a buffer);
// the list is a handful of log types, mostly in order already.
void ReorderByPenalty(std::vector<int>* order, const std::vector<uint32_t>& penalty) {
  std::vector<int>& o = *order;
  for (size_t i = 1; i < o.size(); ++i) {
    const int v = o[i];
    size_t j = i;
    while (j > 0 && penalty[o[j - 1]] > penalty[v]) {
      o[j] = o[j - 1];
      --j;
    }
    o[j] = v;
  }
}

FailureAttempt AttemptFrom(const std::string& log_type,
                           const classify::DecodeError& e) {
  FailureAttempt a;
  a.log_type = log_type;
  a.reason = e.reason;
  a.error = e.message;
  a.field = e.field;
  a.expected = e.expected;
  a.got = e.got;
  a.offset = e.offset;
  return a;
}

}  // namespace

ClassifierStream::ClassifierStream(std::shared_ptr<const Classifier> classifier)
    : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.classifier = std::move(classifier);
  s.set = &s.classifier->compiled();
  const ClassifierOptions& o = s.classifier->options();
  // Sized for typical logs; it grows (once) for larger ones.
  // An allocation failure here resurfaces, and is reported, at the first log.
  const simdjson::error_code reserved =
      s.parser.allocate(64 * 1024, static_cast<size_t>(o.max_depth));
  (void)reserved;
  const simdjson::error_code dom_reserved =
      s.dom_parser.allocate(64 * 1024, static_cast<size_t>(o.max_depth));
  (void)dom_reserved;
  s.records.data_lake = o.data_lake_timestamps;
  if (!o.source_id.empty()) {
    s.records.source_fields += ",\"p_source_id\":";
    classify::AppendJsonString(o.source_id, &s.records.source_fields);
  }
  if (!o.source_label.empty()) {
    s.records.source_fields += ",\"p_source_label\":";
    classify::AppendJsonString(o.source_label, &s.records.source_fields);
  }
  s.records.row_id_prefix =
      o.row_id_seed != 0 ? o.row_id_seed
                         : (static_cast<uint64_t>(std::random_device{}()) << 32) ^
                               std::random_device{}();
  const size_t n = s.set->schemas.size();
  for (size_t i = 0; i < n; ++i) s.order.push_back(static_cast<int>(i));
  s.penalty.assign(n, 1);
  s.present_masks.assign(n, 0);
  for (const std::string& t : s.classifier->log_types()) {
    s.stats.per_log_type.push_back({t, 0, 0});
  }
}

ClassifierStream::~ClassifierStream() = default;

const ClassifierStats& ClassifierStream::stats() const { return state_->stats; }

const ClassifyResult& ClassifierStream::Classify(std::string_view log) {
  State& s = *state_;
  const ClassifierOptions& options = s.classifier->options();
  ClassifyResult& result = s.result;
  result = ClassifyResult();
  ++s.stats.logs;
  s.stats.bytes += log.size();

  size_t leading = 0;
  const std::string_view trimmed = TrimLog(log, &leading);
  if (trimmed.empty()) {
    ++s.stats.skipped;
    result.kind = ClassifyResult::kSkipped;
    return result;
  }
  s.records.parse_time = options.clock ? options.clock() : Now();
  s.failure.attempts.clear();

  auto fail_all = [&](FailureReason reason, std::string message, int64_t offset) {
    for (int index : s.order) {
      FailureAttempt a;
      a.log_type = s.set->schemas[index]->log_type;
      a.reason = reason;
      a.error = message;
      a.offset = offset;
      s.failure.attempts.push_back(std::move(a));
    }
  };

  if (trimmed.size() > options.max_log_bytes) {
    fail_all(FailureReason::kTooLarge,
             absl::StrCat("log is ", trimmed.size(), " bytes; the limit is ",
                          options.max_log_bytes),
             -1);
  } else {
    // simdjson reads up to SIMDJSON_PADDING bytes past the end.
    s.padded.assign(trimmed.data(), trimmed.size());
    s.padded.append(simdjson::SIMDJSON_PADDING, '\0');
    // Offsets count from the start of the log as given.
    const char* payload_base = s.padded.data() - leading;
    simdjson::ondemand::document doc;
    simdjson::ondemand::json_type type = simdjson::ondemand::json_type::null;
    simdjson::error_code error =
        s.parser.iterate(s.padded.data(), trimmed.size(), s.padded.size()).get(doc);
    if (!error) error = doc.type().get(type);
    if (error) {
      // Say precisely what is wrong: a NUL byte, bad UTF-8, or JSON syntax.
      size_t bad = 0;
      const void* nul = std::memchr(trimmed.data(), '\0', trimmed.size());
      if (nul != nullptr) {
        const int64_t at = static_cast<const char*>(nul) - trimmed.data() + leading;
        fail_all(FailureReason::kNulByte, absl::StrCat("NUL byte at offset ", at), at);
      } else if (!classify::IsValidUtf8(trimmed, &bad)) {
        const int64_t at = static_cast<int64_t>(bad + leading);
        fail_all(FailureReason::kInvalidUtf8,
                 absl::StrCat("invalid UTF-8 at offset ", at), at);
      } else if (std::strchr("{[\"-0123456789tfn", trimmed[0]) == nullptr) {
        // A text line sent to a JSON log type: say so plainly.
        const unsigned char c = static_cast<unsigned char>(trimmed[0]);
        fail_all(FailureReason::kMalformedJson,
                 c >= 0x20 && c < 0x7f
                     ? absl::StrCat("not JSON: the log starts with '",
                                    std::string(1, static_cast<char>(c)), "'")
                     : absl::StrCat("not JSON: the log starts with byte 0x",
                                    absl::Hex(c, absl::kZeroPad2)),
                 static_cast<int64_t>(leading));
      } else if (error == simdjson::DEPTH_ERROR) {
        fail_all(FailureReason::kTooDeep,
                 absl::StrCat("JSON nested deeper than ", options.max_depth,
                              " levels"),
                 -1);
      } else {
        fail_all(FailureReason::kMalformedJson,
                 absl::StrCat("malformed JSON: ", simdjson::error_message(error)),
                 -1);
      }
    } else if (type != simdjson::ondemand::json_type::object) {
      // On-Demand only peeked at the first byte; read the whole log to tell
      // "not JSON" from "JSON, but not an object" (failures only).
      simdjson::dom::element element;
      const simdjson::error_code dom_error =
          s.dom_parser.parse(s.padded.data(), trimmed.size(), false).get(element);
      if (dom_error == simdjson::DEPTH_ERROR) {
        fail_all(FailureReason::kTooDeep,
                 absl::StrCat("JSON nested deeper than ", options.max_depth,
                              " levels"),
                 -1);
      } else if (dom_error) {
        fail_all(FailureReason::kMalformedJson,
                 absl::StrCat("malformed JSON: ", simdjson::error_message(dom_error)),
                 -1);
      } else {
        const char* kind = type == simdjson::ondemand::json_type::array ? "an array"
                           : type == simdjson::ondemand::json_type::string ? "a string"
                           : type == simdjson::ondemand::json_type::number ? "a number"
                           : type == simdjson::ondemand::json_type::boolean ? "a boolean"
                                                                            : "null";
        fail_all(FailureReason::kNotAnObject,
                 absl::StrCat("expected a JSON object, got ", kind),
                 static_cast<int64_t>(leading));
      }
    } else {
      const size_t n = s.set->schemas.size();
      bool prefiltered = false;
      for (size_t position = 0; position < n; ++position) {
        const int index = s.order[position];
        const classify::CompiledSchema& schema = *s.set->schemas[index];
        if (position == 1 && !prefiltered) {
          // The favourite missed: find which types can match at all, from
          // the top-level keys, before decoding any more.
          prefiltered = true;
          std::fill(s.present_masks.begin(), s.present_masks.end(), 0);
          doc.rewind();
          simdjson::ondemand::object object;
          if (!doc.get_object().get(object)) {
            for (auto field : object) {
              std::string_view key;
              if (field.unescaped_key().get(key)) break;
              auto it = s.set->required_key_bits.find(std::string(key));
              if (it == s.set->required_key_bits.end()) continue;
              for (const auto& [schema_index, bit] : it->second) {
                s.present_masks[schema_index] |= uint64_t{1} << bit;
              }
            }
          }
        }
        if (prefiltered &&
            s.present_masks[index] != s.set->required_masks[index]) {
          // A required top-level key is absent: no need to decode.
          const uint64_t missing = s.set->required_masks[index] & ~s.present_masks[index];
          FailureAttempt a;
          a.log_type = schema.log_type;
          a.reason = FailureReason::kMissingRequired;
          a.field = schema.required_keys[__builtin_ctzll(missing)];
          a.error = absl::StrCat("missing required field ", a.field);
          s.failure.attempts.push_back(std::move(a));
          ++s.penalty[index];
          ++s.stats.per_log_type[index].misses;
          continue;
        }
        doc.rewind();
        simdjson::ondemand::object object;
        if (auto object_error = doc.get_object().get(object)) {
          fail_all(FailureReason::kMalformedJson,
                   absl::StrCat("malformed JSON: ",
                                simdjson::error_message(object_error)),
                   -1);
          break;
        }
        s.decoder.Reset(payload_base, options.data_lake_timestamps, options.max_depth);
        const classify::Slot slot = s.decoder.DecodeJsonRoot(object, schema);
        // Trailing content after the object is not one JSON document.
        if (slot != classify::Slot::kError && classify::HasTrailingContent(doc)) {
          FailureAttempt a;
          a.log_type = schema.log_type;
          a.reason = FailureReason::kMalformedJson;
          a.error = "malformed JSON: content after the end of the object";
          s.failure.attempts.push_back(std::move(a));
          break;
        }
        if (slot == classify::Slot::kError) {
          s.failure.attempts.push_back(AttemptFrom(schema.log_type, s.decoder.error()));
          ++s.penalty[index];
          ++s.stats.per_log_type[index].misses;
          const FailureReason r = s.decoder.error().reason;
          // Broken JSON is broken for every JSON log type.
          if (r == FailureReason::kMalformedJson || r == FailureReason::kInvalidUtf8) {
            break;
          }
          continue;
        }
        // Matched: this type goes to the front (penalty 0), as in Panther.
        s.penalty[index] = 0;
        if (position > 0) ReorderByPenalty(&s.order, s.penalty);
        std::string& event = s.decoder.work();
        classify::FinishEvent(schema.log_type,
                              s.decoder.has_event_time() ? &s.decoder.event_time()
                                                         : nullptr,
                              &s.decoder.indicators(), &s.records, &event);
        ++s.stats.events;
        ++s.stats.per_log_type[index].events;
        result.kind = ClassifyResult::kEvent;
        result.log_type = schema.log_type;
        result.json = event;
        return result;
      }
      ReorderByPenalty(&s.order, s.penalty);
    }
  }

  // A failure: the attempt that got furthest speaks for all.
  FailureDetail& detail = s.failure;
  if (detail.attempts.empty()) {  // defensive: every path above records one
    fail_all(FailureReason::kMalformedJson, "malformed JSON", -1);
  }
  const FailureAttempt* best = &detail.attempts.front();
  bool any_decoded = false;
  for (const FailureAttempt& a : detail.attempts) {
    if (a.offset > best->offset) best = &a;
    any_decoded = any_decoded || a.offset >= 0;
  }
  detail.best = *best;
  if (detail.attempts.size() > 1 && !any_decoded &&
      best->reason == FailureReason::kMissingRequired) {
    detail.best.reason = FailureReason::kNoSchemaMatched;
    detail.best.error = "no attached log type matched: each misses a required field";
  }
  ++s.stats.failures;
  s.failure_json.clear();
  classify::WriteFailure(log, detail, &s.records, &s.failure_json);
  result.kind = ClassifyResult::kFailure;
  result.log_type = detail.best.log_type;
  result.json = s.failure_json;
  result.failure = &detail;
  return result;
}

}  // namespace loghealth
