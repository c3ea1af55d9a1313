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
#include "absl/strings/str_join.h"
#include "simdjson.h"
#include "src/classify/compiled_schema.h"
#include "src/classify/decoder.h"
#include "src/classify/json_document.h"
#include "src/json/json_writer.h"
#include "src/util/strings.h"
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

namespace {

// A csv header or skipLines makes a line's meaning depend on the lines
// before it in the same input.
bool ReadsInputStart(const schema::Parser& parser) {
  switch (parser.kind_case()) {
    case schema::Parser::kCsv:
      return parser.csv().has_header() || parser.csv().options().skip_lines() > 0;
    case schema::Parser::kFastmatch:
      return parser.fastmatch().options().skip_lines() > 0;
    case schema::Parser::kRegex:
      return parser.regex().options().skip_lines() > 0;
    default:
      return false;
  }
}

}  // namespace

absl::StatusOr<std::shared_ptr<const Classifier>> Classifier::Create(
    const std::vector<LogSchema>& schemas, ClassifierOptions options) {
  if (schemas.empty()) {
    return absl::InvalidArgumentError("a classifier needs at least one log schema");
  }
  std::shared_ptr<Classifier> c(new Classifier());
  c->options_ = std::move(options);
  c->compiled_ = std::make_unique<CompiledSchemaSet>();
  // Every problem of every schema, one line each: a user fixing schemas
  // should not learn of them one run at a time. The code is the problems'
  // code when they share one (NotFound, FailedPrecondition), else
  // InvalidArgument.
  std::vector<std::string> problems;
  absl::StatusCode code = absl::StatusCode::kOk;
  auto problem = [&](absl::StatusCode c, std::string text) {
    code = code == absl::StatusCode::kOk || code == c ? c : absl::StatusCode::kInvalidArgument;
    problems.push_back(std::move(text));
  };
  for (const LogSchema& schema : schemas) {
    std::vector<SchemaError> errors = ValidateSchema(schema);
    if (!errors.empty()) {
      for (const SchemaError& e : errors) {
        problem(absl::StatusCode::kInvalidArgument,
                absl::StrCat("schema ", schema.schema(), " is invalid: ", e.ToString()));
      }
      continue;
    }
    if (std::find(c->log_types_.begin(), c->log_types_.end(), schema.schema()) !=
        c->log_types_.end()) {
      problem(absl::StatusCode::kInvalidArgument,
              absl::StrCat("log type ", schema.schema(), " is attached twice"));
      continue;
    }
    auto compiled = classify::CompileSchema(schema);
    if (!compiled.ok()) {
      problem(compiled.status().code(), std::string(compiled.status().message()));
      continue;
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
    c->reads_input_start_ |= ReadsInputStart(schema.parser());
    c->compiled_->schemas.push_back(*std::move(compiled));
  }
  if (!problems.empty()) return absl::Status(code, absl::StrJoin(problems, "\n"));
  return std::shared_ptr<const Classifier>(std::move(c));
}

struct ClassifierStream::State {
  explicit State(size_t max_depth) : json(max_depth) {}
  std::shared_ptr<const Classifier> classifier;
  const CompiledSchemaSet* set = nullptr;
  classify::JsonDocument json;
  classify::Decoder decoder;
  classify::RecordContext records;
  std::vector<parse::TextStreamState> text;  // per schema
  std::vector<parse::TextField> fields;
  std::string failure_json;
  FailureDetail failure;
  ClassifyResult result;
  ClassifierStats stats;
  std::vector<int> order;              // schema indexes, adaptive
  std::vector<uint32_t> penalty;       // Panther's penalty per schema
  std::vector<uint64_t> present_masks; // prefilter, per schema
  bool prefiltered = false;
  bool prefilter_read_keys = false;    // the log is an object: masks are real
  bool diagnosed = false;              // document_error holds this log's
  FailureAttempt document_error;
  std::vector<int> attempt_schema;     // the schema of each failure attempt
  std::vector<int> precedence;         // per schema (docs/log-types.md)
  json::JsonBuffer envelope_events;    // an envelope's events, one a line
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
  return Timestamp::FromUnixNanos(ns);
}

// Stable, in place and allocation-free (std::stable_sort takes a buffer);
// the list is a handful of log types, mostly in order already. A higher
// precedence comes first whatever the penalties.
void ReorderByPenalty(std::vector<int>* order, const std::vector<uint32_t>& penalty,
                      const std::vector<int>& precedence) {
  std::vector<int>& o = *order;
  auto after = [&](int a, int b) {  // a goes after b
    if (precedence[a] != precedence[b]) return precedence[a] < precedence[b];
    return penalty[a] > penalty[b];
  };
  for (size_t i = 1; i < o.size(); ++i) {
    const int v = o[i];
    size_t j = i;
    while (j > 0 && after(o[j - 1], v)) {
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

// Which JSON log types can match at all, from the top-level keys, so that
// the others are not decoded. Run once per log, after the favourite missed.
void Prefilter(ClassifierStream::State* s) {
  s->prefiltered = false;
  s->prefilter_read_keys = false;
  // A document a type already found broken is broken for every type: no
  // prefilter, so that each meets the error (DocumentError) rather than a
  // "missing" key the broken read never reached.
  if (s->diagnosed) return;
  std::fill(s->present_masks.begin(), s->present_masks.end(), 0);
  simdjson::ondemand::object object;
  if (s->json.Object(&object)) return;
  s->prefiltered = true;
  s->prefilter_read_keys = true;
  for (auto field : object) {
    std::string_view key;
    if (field.error() || field.unescaped_key().get(key)) {
      // A broken document: the keys read so far say nothing about the rest.
      // No prefilter; each type meets the error itself (DocumentError).
      s->prefiltered = false;
      s->prefilter_read_keys = false;
      s->json.MarkDamaged();
      return;
    }
    auto it = s->set->required_key_bits.find(std::string(key));
    if (it == s->set->required_key_bits.end()) continue;
    for (const auto& [schema_index, bit] : it->second) {
      s->present_masks[schema_index] |= uint64_t{1} << bit;
    }
  }
}

// The attempt of a schema whose required top-level keys are not all there.
FailureAttempt MissingRequired(const classify::CompiledSchema& schema, uint64_t missing) {
  FailureAttempt a;
  a.log_type = schema.log_type;
  a.reason = FailureReason::kMissingRequired;
  a.field = schema.required_keys[__builtin_ctzll(missing)];
  a.error = absl::StrCat("missing required field ", a.field);
  return a;
}

// A log type found the document itself broken (On-Demand finds some errors
// only while reading). Which log type, and how far it read, must not shape
// the record: the error is the first one of a schema-free walk of the whole
// document, worked out once per log. Later log types read it again.
FailureAttempt DocumentError(ClassifierStream::State* s, const ClassifierOptions& options,
                             FailureAttempt found) {
  if (!s->diagnosed) {
    s->diagnosed = true;
    s->document_error = std::move(found);
    s->json.MarkDamaged();
    simdjson::ondemand::value root;
    s->decoder.Reset(s->json.payload(), s->json.payload_end(), options.data_lake_timestamps,
                     options.max_depth);
    s->decoder.set_scan_indicators(false);
    if (!s->json.Root(&root) &&
        s->decoder.CheckWholeDocument(root) == classify::Slot::kError) {
      s->document_error = AttemptFrom("", s->decoder.error());
    }
    s->json.MarkDamaged();
  }
  return s->document_error;
}

FailureAttempt MalformedJson(std::string_view why) {
  FailureAttempt a;
  a.reason = FailureReason::kMalformedJson;
  a.error = absl::StrCat("malformed JSON: ", std::string(why));
  return a;
}

bool SameKey(std::string_view a, std::string_view b, bool ignore_case) {
  return ignore_case ? EqualsIgnoringAsciiCase(a, b) : a == b;
}

// parser.json.envelope: each element of the envelope array is one event,
// decoded with the schema and finished with its p_ fields into
// s->envelope_events (one a line). kMissing when the object has no envelope
// key (or it is null); kError (decoder.error() says why) when an element
// fails: one bad element fails the log.
classify::Slot DecodeEnvelope(ClassifierStream::State* s, simdjson::ondemand::object object,
                              const classify::CompiledSchema& schema,
                              const ClassifierOptions& options, int64_t* events) {
  classify::Decoder& d = s->decoder;
  s->envelope_events.clear();
  bool found = false;
  for (auto result : object) {
    simdjson::ondemand::field field;
    if (auto error = std::move(result).get(field)) {
      d.mutable_error() = classify::DecodeError{FailureReason::kMalformedJson, "",
                                                absl::StrCat("malformed JSON: ",
                                                             simdjson::error_message(error)),
                                                "well-formed JSON", "", -1};
      return classify::Slot::kError;
    }
    std::string_view key;
    if (field.unescaped_key().get(key) != simdjson::SUCCESS) return classify::Slot::kError;
    if (found || !SameKey(key, schema.envelope, schema.root->object.case_insensitive)) {
      continue;  // other top-level keys are not the events
    }
    simdjson::ondemand::value value = field.value();
    bool is_null = false;
    if (value.is_null().get(is_null) == simdjson::SUCCESS && is_null) continue;
    simdjson::ondemand::array array;
    if (value.get_array().get(array) != simdjson::SUCCESS) {
      d.mutable_error() = classify::DecodeError{
          FailureReason::kTypeMismatch, schema.envelope,
          absl::StrCat(schema.envelope, ": expected an array of events"), "array", "", -1};
      return classify::Slot::kError;
    }
    found = true;
    int64_t index = 0;
    for (auto element : array) {
      simdjson::ondemand::object record;
      if (std::move(element).get_object().get(record) != simdjson::SUCCESS) {
        d.mutable_error() = classify::DecodeError{
            FailureReason::kTypeMismatch, absl::StrCat(schema.envelope, "[", index, "]"),
            absl::StrCat(schema.envelope, "[", index, "]: expected an object"), "object", "",
            -1};
        return classify::Slot::kError;
      }
      d.Reset(s->json.payload(), s->json.payload_end(), options.data_lake_timestamps,
              options.max_depth);
      d.PushIndex(schema.envelope, index);
      const classify::Slot slot = d.DecodeJsonRoot(record, schema);
      if (slot == classify::Slot::kError) return slot;
      if (!options.validate_only) {
        json::JsonBuffer& event = d.work();
        s->records.parse_time = options.clock ? options.clock() : Now();
        classify::FinishEvent(schema.log_type_json, d.has_event_time() ? &d.event_time() : nullptr,
                              d.event_time_text(), &d.indicators(), &s->records, &event);
        if (!s->envelope_events.empty()) s->envelope_events.push_back('\n');
        s->envelope_events.append(event.view());
      }
      ++index;
    }
    *events = index;
  }
  return found ? classify::Slot::kPresent : classify::Slot::kMissing;
}

}  // namespace

ClassifierStream::ClassifierStream(std::shared_ptr<const Classifier> classifier)
    : state_(std::make_unique<State>(
          static_cast<size_t>(classifier->options().max_depth))) {
  State& s = *state_;
  s.classifier = std::move(classifier);
  s.set = &s.classifier->compiled();
  const ClassifierOptions& o = s.classifier->options();
  s.records.data_lake = o.data_lake_timestamps;
  s.decoder.set_clock(&o.clock);
  if (!o.source_id.empty()) {
    s.records.source_fields += ",\"p_source_id\":";
    json::AppendJsonString(o.source_id, &s.records.source_fields);
  }
  if (!o.source_label.empty()) {
    s.records.source_fields += ",\"p_source_label\":";
    json::AppendJsonString(o.source_label, &s.records.source_fields);
  }
  s.records.row_id_prefix =
      o.row_id_seed != 0 ? o.row_id_seed
                         : (static_cast<uint64_t>(std::random_device{}()) << 32) ^
                               std::random_device{}();
  const size_t n = s.set->schemas.size();
  for (size_t i = 0; i < n; ++i) {
    s.order.push_back(static_cast<int>(i));
    s.precedence.push_back(s.set->schemas[i]->precedence);
  }
  s.penalty.assign(n, 1);
  ReorderByPenalty(&s.order, s.penalty, s.precedence);
  s.present_masks.assign(n, 0);
  s.text.resize(n);
  for (const std::string& t : s.classifier->log_types()) {
    s.stats.per_log_type.push_back({t, 0, 0});
  }
}

ClassifierStream::~ClassifierStream() = default;

const ClassifierStats& ClassifierStream::stats() const { return state_->stats; }

void ClassifierStream::NewInput() {
  for (parse::TextStreamState& t : state_->text) t = parse::TextStreamState();
}

void ClassifierStream::RestartRowIds(uint64_t seed) {
  state_->records.row_id_prefix = seed;
  state_->records.row_counter = 0;
}

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
    result.kind = ClassifyResult::Kind::kSkipped;
    return result;
  }
  s.failure.attempts.clear();
  s.attempt_schema.clear();
  s.diagnosed = false;
  s.json.Reset();
  s.prefiltered = false;

  if (trimmed.size() > options.max_log_bytes) {
    for (int index : s.order) {
      FailureAttempt a;
      a.log_type = s.set->schemas[index]->log_type;
      a.reason = FailureReason::kTooLarge;
      a.error = absl::StrCat("log is ", trimmed.size(), " bytes; the limit is ",
                             options.max_log_bytes);
      s.failure.attempts.push_back(std::move(a));
      s.attempt_schema.push_back(index);
    }
    return Fail(log);
  }

  // Panther's adaptive order: the lowest penalty first; the first log type
  // that takes the log wins.
  const size_t n = s.set->schemas.size();
  int json_tried = 0;
  for (size_t position = 0; position < n; ++position) {
    const int index = s.order[position];
    const classify::CompiledSchema& schema = *s.set->schemas[index];
    auto miss = [&](FailureAttempt attempt) {
      attempt.log_type = schema.log_type;
      s.failure.attempts.push_back(std::move(attempt));
      s.attempt_schema.push_back(index);
      ++s.penalty[index];
      ++s.stats.per_log_type[index].misses;
    };
    classify::Slot slot;
    if (schema.parser == classify::ParserKind::kJson) {
      if (!s.json.read()) s.json.Read(trimmed, leading);
      if (!s.json.ok()) {
        miss(s.json.error());  // broken JSON is broken for every JSON type
        continue;
      }
      if (json_tried++ == 1 && !s.prefiltered && s.set->schemas.size() > 2) {
        Prefilter(&s);
      }
      if (s.prefiltered && s.present_masks[index] != s.set->required_masks[index]) {
        // A required top-level key is absent: no need to decode.
        miss(MissingRequired(
            schema, s.set->required_masks[index] & ~s.present_masks[index]));
        continue;
      }
      simdjson::ondemand::object object;
      if (auto error = s.json.Object(&object)) {
        miss(MalformedJson(simdjson::error_message(error)));
        continue;
      }
      s.decoder.Reset(s.json.payload(), s.json.payload_end(),
                      options.data_lake_timestamps, options.max_depth);
      s.decoder.set_scan_indicators(!options.validate_only);
      s.decoder.set_render(!options.validate_only);
      s.decoder.set_raw_event(s.json.text());
      if (!schema.envelope.empty()) {
        int64_t events = 0;
        slot = DecodeEnvelope(&s, object, schema, options, &events);
        if (slot == classify::Slot::kMissing && schema.envelope_optional) {
          // No envelope: the object itself is the one event.
          if (auto error = s.json.Object(&object)) {
            miss(MalformedJson(simdjson::error_message(error)));
            continue;
          }
          s.decoder.Reset(s.json.payload(), s.json.payload_end(),
                          options.data_lake_timestamps, options.max_depth);
          slot = s.decoder.DecodeJsonRoot(object, schema);
        } else if (slot == classify::Slot::kMissing) {
          FailureAttempt a;
          a.reason = FailureReason::kMissingRequired;
          a.field = schema.envelope;
          a.expected = "array";
          a.error = absl::StrCat("missing required field ", schema.envelope,
                                 " (the array of events)");
          miss(std::move(a));
          continue;
        } else if (slot != classify::Slot::kError) {
          if (classify::HasTrailingContent(s.json.document())) {
            miss(MalformedJson("content after the end of the object"));
            continue;
          }
          s.penalty[index] = 0;
          if (position > 0) ReorderByPenalty(&s.order, s.penalty, s.precedence);
          ++s.stats.per_log_type[index].events;
          result.log_type = schema.log_type;
          if (events == 0) {  // {"Records": []}: taken, no event
            ++s.stats.skipped;
            result.kind = ClassifyResult::Kind::kSkipped;
            return result;
          }
          ++s.stats.events;
          s.stats.event_records += static_cast<uint64_t>(events);
          result.kind = ClassifyResult::Kind::kEvent;
          result.event_count = static_cast<size_t>(events);
          result.json = s.envelope_events.view();
          return result;
        }
      } else {
        slot = s.decoder.DecodeJsonRoot(object, schema);
      }
      if (slot != classify::Slot::kError &&
          classify::HasTrailingContent(s.json.document())) {
        miss(MalformedJson("content after the end of the object"));
        continue;
      }
    } else {
      parse::TextMatchError text_error;
      const parse::TextParser::Outcome outcome =
          schema.text->Parse(trimmed, &s.text[index], &s.fields, &text_error);
      if (outcome == parse::TextParser::Outcome::kNoMatch) {
        FailureAttempt a;
        a.reason = text_error.reason;
        a.error = std::move(text_error.message);
        a.expected = std::move(text_error.expected);
        a.offset = text_error.offset < 0 ? -1
                                         : text_error.offset + static_cast<int64_t>(leading);
        miss(std::move(a));
        continue;
      }
      if (outcome == parse::TextParser::Outcome::kSkipped) {
        // skipPrefix, skipLines, a csv header: taken, and no event (Panther
        // counts this as a match).
        s.penalty[index] = 0;
        if (position > 0) ReorderByPenalty(&s.order, s.penalty, s.precedence);
        ++s.stats.skipped;
        result.kind = ClassifyResult::Kind::kSkipped;
        result.log_type = schema.log_type;
        return result;
      }
      s.decoder.Reset(log.data(), log.data() + log.size(),
                      options.data_lake_timestamps, options.max_depth);
      s.decoder.set_scan_indicators(!options.validate_only);
      s.decoder.set_render(!options.validate_only);
      slot = s.decoder.DecodeTextFields(s.fields, schema);
    }
    if (slot == classify::Slot::kError) {
      FailureAttempt attempt = AttemptFrom(schema.log_type, s.decoder.error());
      const FailureReason r = attempt.reason;
      if (schema.parser == classify::ParserKind::kJson &&
          (r == FailureReason::kMalformedJson || r == FailureReason::kInvalidUtf8 ||
           !s.json.document().is_alive())) {
        attempt = DocumentError(&s, options, std::move(attempt));
      }
      miss(std::move(attempt));
      continue;
    }
    // Matched: this type goes to the front (penalty 0), as in Panther.
    s.penalty[index] = 0;
    if (position > 0) ReorderByPenalty(&s.order, s.penalty, s.precedence);
    json::JsonBuffer& event = s.decoder.work();
    if (options.validate_only) {
      event.clear();
    } else {
      // Read only for records: validation alone does not ask the clock.
      s.records.parse_time = options.clock ? options.clock() : Now();
      classify::FinishEvent(schema.log_type_json,
                            s.decoder.has_event_time() ? &s.decoder.event_time() : nullptr,
                            s.decoder.event_time_text(), &s.decoder.indicators(),
                            &s.records, &event);
    }
    ++s.stats.events;
    ++s.stats.event_records;
    ++s.stats.per_log_type[index].events;
    result.kind = ClassifyResult::Kind::kEvent;
    result.log_type = schema.log_type;
    result.json = event.view();
    result.event_count = 1;
    return result;
  }
  ReorderByPenalty(&s.order, s.penalty, s.precedence);
  return Fail(log);
}

namespace {

// A failure record must not depend on the adaptive order, which differs from
// stream to stream (a batch job's blocks, threads): the schemas the prefilter
// would have rejected read as rejected whatever the order that ran them, and
// the attempts are listed in the order the schemas were given.
void MakeOrderIndependent(ClassifierStream::State* s) {
  std::vector<FailureAttempt>& attempts = s->failure.attempts;
  if (s->prefiltered && s->prefilter_read_keys) {
    for (size_t i = 0; i < attempts.size(); ++i) {
      const int index = s->attempt_schema[i];
      const uint64_t missing = s->set->required_masks[index] & ~s->present_masks[index];
      if (missing != 0) {
        attempts[i] = MissingRequired(*s->set->schemas[index], missing);
      }
    }
  }
  // Insertion sort: a handful of attempts, mostly in order already.
  for (size_t i = 1; i < attempts.size(); ++i) {
    for (size_t j = i; j > 0 && s->attempt_schema[j - 1] > s->attempt_schema[j]; --j) {
      std::swap(attempts[j - 1], attempts[j]);
      std::swap(s->attempt_schema[j - 1], s->attempt_schema[j]);
    }
  }
}

}  // namespace

const ClassifyResult& ClassifierStream::Fail(std::string_view log) {
  State& s = *state_;
  MakeOrderIndependent(&s);
  // The attempt that got furthest speaks for all (the first given, on a tie).
  FailureDetail& detail = s.failure;
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
  const ClassifierOptions& options = s.classifier->options();
  s.records.parse_time = options.clock ? options.clock() : Now();
  s.failure_json.clear();
  classify::WriteFailure(log, detail, &s.records, &s.failure_json);
  ClassifyResult& result = s.result;
  result.kind = ClassifyResult::Kind::kFailure;
  result.log_type = detail.best.log_type;
  result.json = s.failure_json;
  result.failure = &detail;
  return result;
}

}  // namespace loghealth
