// Classifier (the compiled schemas of one source) and ClassifierStream (one
// thread's state): framing a log, trying the log types in adaptive order
// (each type's attempt in json_attempt.cc / text_attempt.cc), and turning
// the outcome into an event or a failure record.
#include "loghealth/classifier.h"

#include <algorithm>
#include <chrono>
#include <random>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "src/classify/stream_state.h"
#include "src/json/json_writer.h"

namespace loghealth {

using classify::StreamState;

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

namespace classify {

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

FailureAttempt MalformedJson(std::string_view why) {
  FailureAttempt a;
  a.reason = FailureReason::kMalformedJson;
  a.error = absl::StrCat("malformed JSON: ", std::string(why));
  return a;
}

// The attempt of a schema whose required top-level keys are not all there.
FailureAttempt MissingRequired(const CompiledSchema& schema, uint64_t missing) {
  FailureAttempt a;
  a.log_type = schema.log_type;
  a.reason = FailureReason::kMissingRequired;
  a.field = schema.required_keys[__builtin_ctzll(missing)];
  a.error = absl::StrCat("missing required field ", a.field);
  return a;
}

void Miss(StreamState* s, int index, FailureAttempt attempt) {
  attempt.log_type = s->set->schemas[index]->log_type;
  s->failure.attempts.push_back(std::move(attempt));
  s->attempt_schema.push_back(index);
  ++s->penalty[index];
  ++s->stats.per_log_type[index].misses;
}

void Take(StreamState* s, int index, size_t position) {
  s->penalty[index] = 0;
  if (position > 0) ReorderByPenalty(&s->order, s->penalty, s->precedence);
}

}  // namespace classify

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

// A failure record must not depend on the adaptive order, which differs from
// stream to stream (a batch job's blocks, threads): the schemas the prefilter
// would have rejected read as rejected whatever the order that ran them, and
// the attempts are listed in the order the schemas were given.
void MakeOrderIndependent(StreamState* s) {
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

ClassifierStream::ClassifierStream(std::shared_ptr<const Classifier> classifier)
    : state_(std::make_unique<StreamState>(
          static_cast<size_t>(classifier->options().max_depth))) {
  StreamState& s = *state_;
  s.classifier = std::move(classifier);
  s.set = s.classifier->compiled_.get();
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
  classify::ReorderByPenalty(&s.order, s.penalty, s.precedence);
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
  StreamState& s = *state_;
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
      a.reason = FailureReason::kTooLarge;
      a.error = absl::StrCat("log is ", trimmed.size(), " bytes; the limit is ",
                             options.max_log_bytes);
      s.failure.attempts.push_back(std::move(a));
      s.failure.attempts.back().log_type = s.set->schemas[index]->log_type;
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
    const classify::Verdict verdict =
        schema.parser == classify::ParserKind::kJson
            ? classify::TryJson(&s, index, position, trimmed, leading, &json_tried)
            : classify::TryText(&s, index, position, log, trimmed, leading);
    if (verdict == classify::Verdict::kMissed) continue;
    if (verdict == classify::Verdict::kFinal) return result;
    classify::Take(&s, index, position);
    json::JsonBuffer& event = s.decoder.work();
    if (options.validate_only) {
      event.clear();
    } else {
      // Read only for records: validation alone does not ask the clock.
      s.records.parse_time = options.clock ? options.clock() : classify::Now();
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
  classify::ReorderByPenalty(&s.order, s.penalty, s.precedence);
  return Fail(log);
}

const ClassifyResult& ClassifierStream::Fail(std::string_view log) {
  StreamState& s = *state_;
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
  s.records.parse_time = options.clock ? options.clock() : classify::Now();
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
