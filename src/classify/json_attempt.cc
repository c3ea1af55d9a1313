// A JSON log type's attempt on a log: the prefilter on top-level keys,
// envelopes of several events, decoding, and one diagnosis of a broken
// document whichever type met it first.
#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "simdjson.h"
#include "src/classify/stream_state.h"
#include "src/util/strings.h"

namespace loghealth {
namespace classify {
namespace {

// Which JSON log types can match at all, from the top-level keys, so that
// the others are not decoded. Run once per log, after the favourite missed.
void Prefilter(StreamState* s) {
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

// A log type found the document itself broken (On-Demand finds some errors
// only while reading). Which log type, and how far it read, must not shape
// the record: the error is the first one of a schema-free walk of the whole
// document, worked out once per log. Later log types read it again.
FailureAttempt DocumentError(StreamState* s, const ClassifierOptions& options,
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
        s->decoder.CheckWholeDocument(root) == Slot::kError) {
      s->document_error = AttemptFrom("", s->decoder.error());
    }
    s->json.MarkDamaged();
  }
  return s->document_error;
}

bool SameKey(std::string_view a, std::string_view b, bool ignore_case) {
  return ignore_case ? EqualsIgnoringAsciiCase(a, b) : a == b;
}

// parser.json.envelope: each element of the envelope array is one event,
// decoded with the schema and finished with its p_ fields into
// s->envelope_events (one a line). kMissing when the object has no envelope
// key (or it is null); kError (decoder.error() says why) when an element
// fails: one bad element fails the log.
Slot DecodeEnvelope(StreamState* s, simdjson::ondemand::object object,
                              const CompiledSchema& schema,
                              const ClassifierOptions& options, int64_t* events) {
  Decoder& d = s->decoder;
  s->envelope_events.clear();
  bool found = false;
  for (auto result : object) {
    simdjson::ondemand::field field;
    if (auto error = std::move(result).get(field)) {
      d.mutable_error() = DecodeError{FailureReason::kMalformedJson, "",
                                                absl::StrCat("malformed JSON: ",
                                                             simdjson::error_message(error)),
                                                "well-formed JSON", "", -1};
      return Slot::kError;
    }
    std::string_view key;
    if (field.unescaped_key().get(key) != simdjson::SUCCESS) return Slot::kError;
    if (found || !SameKey(key, schema.envelope, schema.root->object.case_insensitive)) {
      continue;  // other top-level keys are not the events
    }
    simdjson::ondemand::value value = field.value();
    bool is_null = false;
    if (value.is_null().get(is_null) == simdjson::SUCCESS && is_null) continue;
    simdjson::ondemand::array array;
    if (value.get_array().get(array) != simdjson::SUCCESS) {
      d.mutable_error() = DecodeError{
          FailureReason::kTypeMismatch, schema.envelope,
          absl::StrCat(schema.envelope, ": expected an array of events"), "array", "", -1};
      return Slot::kError;
    }
    found = true;
    int64_t index = 0;
    for (auto element : array) {
      simdjson::ondemand::object record;
      if (std::move(element).get_object().get(record) != simdjson::SUCCESS) {
        d.mutable_error() = DecodeError{
            FailureReason::kTypeMismatch, absl::StrCat(schema.envelope, "[", index, "]"),
            absl::StrCat(schema.envelope, "[", index, "]: expected an object"), "object", "",
            -1};
        return Slot::kError;
      }
      d.Reset(s->json.payload(), s->json.payload_end(), options.data_lake_timestamps,
              options.max_depth);
      d.PushIndex(schema.envelope, index);
      const Slot slot = d.DecodeJsonRoot(record, schema);
      if (slot == Slot::kError) return slot;
      if (!options.validate_only) {
        json::JsonBuffer& event = d.work();
        s->records.parse_time = options.clock ? options.clock() : Now();
        FinishEvent(schema.log_type_json, d.has_event_time() ? &d.event_time() : nullptr,
                              d.event_time_text(), &d.indicators(), &s->records, &event);
        if (!s->envelope_events.empty()) s->envelope_events.push_back('\n');
        s->envelope_events.append(event.view());
      }
      ++index;
    }
    *events = index;
  }
  return found ? Slot::kPresent : Slot::kMissing;
}

}  // namespace

Verdict TryJson(StreamState* s, int index, size_t position, std::string_view trimmed,
                size_t leading, int* json_tried) {
  const CompiledSchema& schema = *s->set->schemas[index];
  const ClassifierOptions& options = s->classifier->options();
  if (!s->json.read()) s->json.Read(trimmed, leading);
  if (!s->json.ok()) {
    Miss(s, index, s->json.error());  // broken JSON is broken for every JSON type
    return Verdict::kMissed;
  }
  if ((*json_tried)++ == 1 && !s->prefiltered && s->set->schemas.size() > 2) Prefilter(s);
  if (s->prefiltered && s->present_masks[index] != s->set->required_masks[index]) {
    // A required top-level key is absent: no need to decode.
    Miss(s, index,
         MissingRequired(schema, s->set->required_masks[index] & ~s->present_masks[index]));
    return Verdict::kMissed;
  }
  simdjson::ondemand::object object;
  if (auto error = s->json.Object(&object)) {
    Miss(s, index, MalformedJson(simdjson::error_message(error)));
    return Verdict::kMissed;
  }
  auto reset_decoder = [&] {
    s->decoder.Reset(s->json.payload(), s->json.payload_end(), options.data_lake_timestamps,
                     options.max_depth);
  };
  reset_decoder();
  s->decoder.set_scan_indicators(!options.validate_only);
  s->decoder.set_render(!options.validate_only);
  s->decoder.set_raw_event(s->json.text());
  Slot slot;
  if (!schema.envelope.empty()) {
    int64_t events = 0;
    slot = DecodeEnvelope(s, object, schema, options, &events);
    if (slot == Slot::kMissing && schema.envelope_optional) {
      // No envelope: the object itself is the one event.
      if (auto error = s->json.Object(&object)) {
        Miss(s, index, MalformedJson(simdjson::error_message(error)));
        return Verdict::kMissed;
      }
      reset_decoder();
      slot = s->decoder.DecodeJsonRoot(object, schema);
    } else if (slot == Slot::kMissing) {
      FailureAttempt a;
      a.reason = FailureReason::kMissingRequired;
      a.field = schema.envelope;
      a.expected = "array";
      a.error = absl::StrCat("missing required field ", schema.envelope, " (the array of events)");
      Miss(s, index, std::move(a));
      return Verdict::kMissed;
    } else if (slot != Slot::kError) {
      if (HasTrailingContent(s->json.document())) {
        Miss(s, index, MalformedJson("content after the end of the object"));
        return Verdict::kMissed;
      }
      Take(s, index, position);
      ++s->stats.per_log_type[index].events;
      ClassifyResult& result = s->result;
      result.log_type = schema.log_type;
      if (events == 0) {  // {"Records": []}: taken, no event
        ++s->stats.skipped;
        result.kind = ClassifyResult::Kind::kSkipped;
        return Verdict::kFinal;
      }
      ++s->stats.events;
      s->stats.event_records += static_cast<uint64_t>(events);
      result.kind = ClassifyResult::Kind::kEvent;
      result.event_count = static_cast<size_t>(events);
      result.json = s->envelope_events.view();
      return Verdict::kFinal;
    }
  } else {
    slot = s->decoder.DecodeJsonRoot(object, schema);
  }
  if (slot != Slot::kError && HasTrailingContent(s->json.document())) {
    Miss(s, index, MalformedJson("content after the end of the object"));
    return Verdict::kMissed;
  }
  if (slot == Slot::kError) {
    FailureAttempt attempt = AttemptFrom(schema.log_type, s->decoder.error());
    const FailureReason r = attempt.reason;
    if (r == FailureReason::kMalformedJson || r == FailureReason::kInvalidUtf8 ||
        !s->json.document().is_alive()) {
      attempt = DocumentError(s, options, std::move(attempt));
    }
    Miss(s, index, std::move(attempt));
    return Verdict::kMissed;
  }
  return Verdict::kDecoded;
}

}  // namespace classify
}  // namespace loghealth
