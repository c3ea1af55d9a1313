// Walking a JSON document with simdjson On-Demand: objects by their keys,
// arrays element by element, `json` values copied compactly, embedded JSON
// documents parsed from their strings.
#include <algorithm>
#include <chrono>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "src/classify/decoder.h"
#include "src/classify/json_document.h"
#include "src/classify/json_tokens.h"
#include "src/json/json_writer.h"

namespace loghealth {
namespace classify {
namespace {

using simdjson::ondemand::json_type;

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' ||
                        s.back() == '\n' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

const char* KindName(json_type t) {
  switch (t) {
    case json_type::array: return "an array";
    case json_type::object: return "an object";
    case json_type::number: return "a number";
    case json_type::string: return "a string";
    case json_type::boolean: return "a boolean";
    case json_type::null: return "null";
  }
  return "a value";
}

}  // namespace

bool HasTrailingContent(simdjson::ondemand::document& doc) {
  // After the top value is read, a location inside the input means more
  // tokens follow.
  const char* location = nullptr;
  return doc.current_location().get(location) == simdjson::SUCCESS;
}

void Decoder::Reset(const char* payload, const char* payload_end,
                    bool data_lake_timestamps, int max_depth) {
  payload_ = payload;
  payload_end_ = payload_end;
  last_location_ = nullptr;
  data_lake_ = data_lake_timestamps;
  max_depth_ = max_depth;
  repair_utf8_ = false;
  work_.clear();
  spans_top_ = 0;
  path_.Clear();
  indicators_.Clear();
  event_time_rank_ = kNoEventTime;
  event_time_text_size_ = 0;
  embedded_depth_ = 0;
  have_now_ = false;
}

const Timestamp& Decoder::Now() {
  if (!have_now_) {
    if (clock_ != nullptr && *clock_) {
      now_ = (*clock_)();
    } else {
      now_ = Timestamp::FromUnixNanos(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count());
    }
    have_now_ = true;
  }
  return now_;
}

std::string Decoder::PathString() const {
  std::string out;
  for (const PathEntry& e : path_) {
    if (e.name.data() != nullptr) {
      if (!out.empty()) out.push_back('.');
      out.append(e.name.data(), e.name.size());
    } else {
      absl::StrAppend(&out, "[", e.index, "]");
    }
  }
  return out;
}

Slot Decoder::JsonError(simdjson::error_code code, int64_t offset) {
  FailureReason reason = FailureReason::kMalformedJson;
  if (code == simdjson::UTF8_ERROR) reason = FailureReason::kInvalidUtf8;
  if (code == simdjson::DEPTH_ERROR) reason = FailureReason::kTooDeep;
  std::string message = absl::StrCat("malformed JSON: ",
                                     simdjson::error_message(code));
  if (offset >= 0) absl::StrAppend(&message, " (near offset ", offset, ")");
  return Fail(reason, std::move(message), "well-formed JSON", "", offset);
}

Slot Decoder::MissingRequired(const CompiledField& field, int64_t offset) {
  path_.PushName(field.name);
  Fail(FailureReason::kMissingRequired,
       absl::StrCat("missing required field ", PathString()),
       field.value->type_name, "", offset);
  path_.Pop();
  return Slot::kError;
}

Slot Decoder::CheckWholeDocument(simdjson::ondemand::value root) {
  track_path_ = true;
  const Slot slot = CheckRawJson(root, 1);
  track_path_ = false;
  return slot;
}

Slot Decoder::CheckRawJson(simdjson::ondemand::value& value, int depth) {
  const bool render = render_;
  render_ = false;
  const Slot slot = WriteRawJson(value, depth);
  render_ = render;
  return slot;
}

void Decoder::AppendString(std::string_view text) {
  if (repair_utf8_) {
    json::AppendJsonStringRepairingUtf8(text, &work_);
  } else {
    json::AppendJsonString(text, &work_);
  }
}

Slot Decoder::DecodeJsonRoot(simdjson::ondemand::object object,
                             const CompiledSchema& schema) {
  return render_ ? DecodeObject<true>(object, schema.root->object, 1)
                 : DecodeObject<false>(object, schema.root->object, 1);
}

Slot Decoder::CheckRequired(const CompiledObject& schema, size_t base) {
  // `required`: missing or null fails; "", 0, false and [] pass.
  for (const uint32_t i : schema.required()) {
    const Slot s = states_[base + i];
    if (s == Slot::kMissing || s == Slot::kAbsent) {
      // Reported where the object's reading stopped (its last value).
      return MissingRequired(schema.fields[i], OffsetOf(last_location_));
    }
  }
  if (!schema.require_any.empty()) {
    bool found = false;
    std::string names;
    for (const uint32_t i : schema.require_any) {
      const Slot s = states_[base + i];
      found = found || s == Slot::kPresent || s == Slot::kEmpty;
      absl::StrAppend(&names, names.empty() ? "" : ", ", schema.fields[i].name);
    }
    if (!found) {
      return Fail(FailureReason::kMissingRequired,
                  absl::StrCat("missing required field: one of ", names),
                  absl::StrCat("one of ", names), "", OffsetOf(last_location_));
    }
  }
  return Slot::kPresent;
}

void Decoder::WriteInSchemaOrder(size_t start, size_t base, size_t n) {
  // The whole event (the top object) goes into a second buffer that then
  // takes work_'s place; a nested object goes after its parts and is moved
  // back to where they began, so the value ends up contiguous at `start`.
  const bool whole = start == 0;
  json::JsonBuffer& out = whole ? reordered_ : work_;
  if (whole) reordered_.clear();
  size_t needed = 2;
  for (size_t i = 0; i < n; ++i) {
    const Span& s = spans_[base + i];
    if (states_[base + i] == Slot::kPresent) needed += (s.end - s.begin) + 1;
  }
  out.reserve(out.size() + needed);  // no reallocation while copying
  const size_t assembled = out.size();
  out.push_back('{');
  bool first = true;
  for (size_t i = 0; i < n; ++i) {
    if (states_[base + i] != Slot::kPresent) continue;
    const Span& s = spans_[base + i];
    if (!first) out.push_back(',');
    first = false;
    out.append(work_.data() + s.begin, s.end - s.begin);
  }
  if (whole) {
    work_.swap(reordered_);
  } else {
    const size_t length = work_.size() - assembled;
    std::memmove(&work_[start], &work_[assembled], length);
    work_.resize(start + length);
  }
}

template <bool kRender>
Slot Decoder::DecodeObject(simdjson::ondemand::object object,
                           const CompiledObject& schema, int depth) {
  if (depth > max_depth_) {
    return Fail(FailureReason::kTooDeep,
                absl::StrCat("nested deeper than ", max_depth_, " levels"),
                "", "", -1);
  }
  const size_t n = schema.fields.size();
  // spans_ only grows; spans_top_ is the stack's top (no resize call, and
  // no zero-filling beyond this object's fields).
  const size_t base = spans_top_;
  if (states_.size() < base + n) {
    states_.resize(base + n);
    spans_.resize(base + n);
  }
  std::memset(states_.data() + base, static_cast<int>(Slot::kMissing), n);
  spans_top_ = base + n;
  // Fields are written as they come, `"key":value` with commas; when they
  // came in schema order (the usual case) that is the event's object
  // already, otherwise it is put in order at the end.
  const size_t start = work_.size();
  if (kRender) work_.push_back('{');
  bool any = false;        // a field was written
  bool in_order = true;    // the written fields are in schema order
  int last_written = -1;
  size_t expected = 0;  // the field the next key probably is
  for (auto result : object) {
    if (result.error()) return JsonError(result.error(), OffsetOf(last_location_));
    simdjson::ondemand::field& field = result.value_unsafe();
    // Taken first: unescaping consumes the key, and simdjson assumes a
    // consumed key is never asked for again (the compiler then drops the
    // error check).
    const char* raw = field.key().raw();
    std::string_view key;
    int index;
    if (schema.MatchesRawKey(expected, raw)) {
      // The usual case, keys in schema order: no scan for the key's end.
      index = static_cast<int>(expected);
    } else if (schema.MatchesRawKey(expected + 1, raw)) {
      index = static_cast<int>(expected + 1);  // one optional field left out
    } else {
      if (!PlainKey(field, payload_end_, /*for_output=*/false, &key)) {
        if (auto error = field.unescaped_key().get(key)) {
          return JsonError(error, OffsetOf(raw));
        }
      }
      index = schema.Find(key, expected);
      if (index < 0 && schema.case_insensitive) index = schema.FindIgnoringCase(key);
    }
    if (index < 0) {
      // Dropped from the event, but read: a log that is not well-formed
      // JSON fails whichever keys its schema knows (On-Demand's skip would
      // not look inside).
      path_.PushName(key);
      const Slot checked = CheckRawJson(field.value(), depth + 1);
      if (checked == Slot::kError) return checked;
      path_.Pop();
      continue;
    }
    expected = static_cast<size_t>(index) + 1;
    const CompiledField& f = schema.fields[index];
    path_.PushName(f.name);
    const size_t before = work_.size();
    if (kRender) {
      // `,"key":` after the first field, `"key":` for it: no branch.
      const size_t comma = any ? 1 : 0;
      work_.AppendPadded(schema.padded_key_json(index) - comma, f.key_json.size() + comma);
    }
    // Kept inline (measured: a helper of its own cost BM_Validate 4%).
    simdjson::ondemand::value& value = field.value();
    Slot state;
    std::string_view text;
    std::string_view token;
    if (f.value->scalar) token = value.raw_json_token();
    if (f.value->scalar && ReadPlainString(value, token, kRender, &text)) {
      // Most values: a string without escapes into a scalar field, taken
      // here without DecodeValue's type dispatch (the same result). Into a
      // string field with no rules, nothing more is needed.
      state = DecodePlainScalar(text, *f.value);
    } else if (f.value->scalar && !token.empty() &&
               (token[0] == '-' || (token[0] >= '0' && token[0] <= '9'))) {
      // A number into a scalar field: DecodeValue's number case, directly
      // (the token is peeked at, as there; On-Demand skips it).
      last_location_ = token.data();
      state = DecodeScalar(
          ScalarInput{ScalarInput::kNumber, TrimRight(token), OffsetOf(token.data())},
          *f.value);
    } else {
      state = DecodeValue(value, *f.value, depth);
    }
    if (state == Slot::kError) return state;  // the path names the field
    path_.Pop();
    Slot& field_state = states_[base + index];
    if (!kRender) {
      field_state = state;  // for `required` only: nothing was written
      continue;
    }
    // A repeated key: the last one wins, as in Panther (put right below).
    if (field_state != Slot::kMissing) in_order = false;
    field_state = state;
    if (state == Slot::kPresent) {
      Span& span = spans_[base + index];
      span.begin = static_cast<uint32_t>(before + (any ? 1 : 0));  // after the comma
      span.end = static_cast<uint32_t>(work_.size());
      in_order = in_order && index > last_written;
      last_written = index;
      any = true;
    } else {
      work_.resize(before);  // neither key nor value
    }
  }
  if (schema.raw_event_field >= 0) {
    // rawEvent: the whole document, compact, as the field's value.
    const size_t i = static_cast<size_t>(schema.raw_event_field);
    if (kRender) {
      const size_t before = work_.size();
      const CompiledField& f = schema.fields[i];
      if (any) work_.push_back(',');
      work_.append(f.key_json);
      char* dst = work_.WriteSpace(raw_event_.size() + 1);
      size_t written = 0;
      if (simdjson::minify(raw_event_.data(), raw_event_.size(), dst, written) !=
          simdjson::SUCCESS) {
        written = raw_event_.size();
        std::memcpy(dst, raw_event_.data(), written);
      }
      work_.set_end(dst + written);
      Span& span = spans_[base + i];
      span.begin = static_cast<uint32_t>(before + (any ? 1 : 0));
      span.end = static_cast<uint32_t>(work_.size());
      in_order = in_order && static_cast<int>(i) > last_written;
      last_written = static_cast<int>(i);
      any = true;
    }
    states_[base + i] = Slot::kPresent;
  }
  if (kRender && scan_indicators_ && !schema.indicators_by.empty()) ScanIndicatorsBy(schema, base);
  if (const Slot checked = CheckRequired(schema, base); checked == Slot::kError) return checked;
  if (!kRender) {
    work_.resize(start);
    spans_top_ = base;
    return Slot::kPresent;
  }
  if (!in_order) WriteInSchemaOrder(start, base, n);  // the fields came out of order
  work_.push_back('}');
  spans_top_ = base;
  return Slot::kPresent;
}

namespace {

// The value of a rendered `"key":value`, unquoted when it is a string
// without escapes; false for anything else (an escaped string).
bool RenderedValue(std::string_view member, size_t key_size, std::string_view* out) {
  if (member.size() <= key_size) return false;
  std::string_view v = member.substr(key_size);
  if (!v.empty() && v.front() == '"') {
    if (v.size() < 2 || v.back() != '"') return false;
    v = v.substr(1, v.size() - 2);
    if (v.find('\\') != std::string_view::npos) return false;
  }
  *out = v;
  return true;
}

}  // namespace

void Decoder::ScanIndicatorsBy(const CompiledObject& schema, size_t base) {
  for (const IndicatorsByRule& rule : schema.indicators_by) {
    if (states_[base + rule.field] != Slot::kPresent ||
        states_[base + rule.sibling] != Slot::kPresent) {
      continue;
    }
    const Span& fs = spans_[base + rule.field];
    const Span& ss = spans_[base + rule.sibling];
    std::string_view value, selector;
    if (!RenderedValue(std::string_view(work_.data() + fs.begin, fs.end - fs.begin),
                       schema.fields[rule.field].key_json.size(), &value) ||
        !RenderedValue(std::string_view(work_.data() + ss.begin, ss.end - ss.begin),
                       schema.fields[rule.sibling].key_json.size(), &selector)) {
      continue;
    }
    for (const auto& [case_value, bits] : rule.cases) {
      if (case_value == selector) {
        // Copied: Scan keeps views only into its own buffer, but work_ may
        // grow while it runs.
        scratch_value_.assign(value.data(), value.size());
        indicators_.Scan(bits, scratch_value_, /*plain=*/true);
        break;
      }
    }
  }
}

Slot Decoder::DecodeArray(simdjson::ondemand::array array,
                          const CompiledValue& cv, int depth) {
  if (depth > max_depth_) {
    return Fail(FailureReason::kTooDeep,
                absl::StrCat("nested deeper than ", max_depth_, " levels"),
                "", "", -1);
  }
  const size_t start = work_.size();
  work_.push_back('[');
  int32_t index = 0;
  bool any = false;
  for (auto result : array) {
    if (result.error()) return JsonError(result.error(), OffsetOf(last_location_));
    simdjson::ondemand::value& element = result.value_unsafe();
    path_.PushIndex(index);
    if (any) work_.push_back(',');
    const size_t value_start = work_.size();
    const Slot state = DecodeValue(element, *cv.element, depth);
    if (state == Slot::kError) return state;
    path_.Pop();
    if (state == Slot::kPresent) {
      any = true;
    } else if (state == Slot::kEmpty) {
      work_.append("[]");  // an empty array inside an array is kept
      any = true;
    } else {
      // Panther keeps null elements of arrays as null.
      work_.resize(value_start);
      work_.append("null");
      any = true;
    }
    ++index;
  }
  if (!any) {
    work_.resize(start);
    return Slot::kEmpty;
  }
  work_.push_back(']');
  return Slot::kPresent;
}

Slot Decoder::DecodeValue(simdjson::ondemand::value& value,
                          const CompiledValue& cv, int depth, bool embedded) {
  const bool embedded_json = cv.embedded_json && embedded;
  json_type type;
  const char* location = value.current_location().value_unsafe();
  if (location != nullptr) last_location_ = location;
  if (auto error = value.type().get(type)) {
    return JsonError(error, OffsetOf(location));
  }
  if (cv.type == schema::JSON && !(embedded_json && type == json_type::string)) {
    // Any value, null too: Panther keeps a json field's null as null.
    const size_t begin = work_.size();
    const Slot written = WriteRawJson(value, depth + 1);
    if (written == Slot::kPresent && cv.indicators != 0 && render_ && scan_indicators_) {
      indicators_.ScanAwsResources(std::string_view(work_.data() + begin, work_.size() - begin));
    }
    return written;
  }
  switch (type) {
    case json_type::object: {
      if (cv.type != schema::OBJECT) break;
      simdjson::ondemand::object object;
      if (auto error = value.get_object().get(object)) {
        return JsonError(error, OffsetOf(location));
      }
      return render_ ? DecodeObject<true>(object, cv.object, depth + 1)
                     : DecodeObject<false>(object, cv.object, depth + 1);
    }
    case json_type::array: {
      if (cv.type != schema::ARRAY) break;
      simdjson::ondemand::array array;
      if (auto error = value.get_array().get(array)) {
        return JsonError(error, OffsetOf(location));
      }
      return DecodeArray(array, cv, depth + 1);
    }
    case json_type::string: {
      // Read raw when that is the value (and, rendering, its output too).
      std::string_view text;
      const bool plain = ReadPlainString(value, render_, &text);
      if (!plain) {
        if (auto error = value.get_string().get(text)) {
          return JsonError(error, OffsetOf(location));
        }
      }
      if (embedded_json && (cv.type == schema::OBJECT ||
                               cv.type == schema::ARRAY || cv.type == schema::JSON)) {
        if (text.empty()) return Slot::kAbsent;
        return DecodeEmbedded(text, cv, OffsetOf(location) + 1, depth);
      }
      ScalarInput in{ScalarInput::kString, text, OffsetOf(location) + 1, plain};
      if (cv.type == schema::OBJECT || cv.type == schema::ARRAY) {
        if (text.empty()) return Slot::kAbsent;  // "" means absent
        return TypeMismatch(cv, in);
      }
      if (plain) return DecodePlainScalar(text, cv);
      return DecodeScalar(in, cv);
    }
    case json_type::number: {
      const std::string_view token = TrimRight(value.raw_json_token());
      ScalarInput in{ScalarInput::kNumber, token, OffsetOf(location)};
      if (cv.type == schema::OBJECT || cv.type == schema::ARRAY) {
        return TypeMismatch(cv, in);
      }
      return DecodeScalar(in, cv);
    }
    case json_type::boolean: {
      bool b = false;
      if (auto error = value.get_bool().get(b)) {
        return JsonError(error, OffsetOf(location));
      }
      ScalarInput in{b ? ScalarInput::kTrue : ScalarInput::kFalse,
                     b ? "true" : "false", OffsetOf(location)};
      if (cv.type == schema::OBJECT || cv.type == schema::ARRAY) {
        return TypeMismatch(cv, in);
      }
      return DecodeScalar(in, cv);
    }
    case json_type::null: {
      bool is_null = false;
      if (auto error = value.is_null().get(is_null)) {
        return JsonError(error, OffsetOf(location));
      }
      if (!is_null) return JsonError(simdjson::N_ATOM_ERROR, OffsetOf(location));
      return Slot::kAbsent;
    }
  }
  // An object or array where the schema wants something else.
  return Fail(FailureReason::kTypeMismatch,
              absl::StrCat("expected ", cv.type_name, ", got ", KindName(type)),
              cv.type_name, KindName(type), OffsetOf(location));
}

Slot Decoder::DecodeEmbedded(std::string_view json, const CompiledValue& cv,
                             int64_t offset, int depth) {
  // Each level of embedding needs a parser of its own: the outer document
  // is still being read.
  const size_t level = embedded_depth_;
  if (level >= 4) {
    return Fail(FailureReason::kTooDeep, "JSON embedded in strings more than 4 deep",
                "", "", offset);
  }
  while (embedded_parsers_.size() <= level) {
    embedded_parsers_.push_back(std::make_unique<simdjson::ondemand::parser>());
    // Headroom above loghealth's own limit (see JsonDocument).
    const simdjson::error_code e = embedded_parsers_.back()->allocate(
        4096, static_cast<size_t>(max_depth_) + kDepthHeadroom);
    (void)e;
    embedded_buffers_.emplace_back();
  }
  std::string& buffer = embedded_buffers_[level];
  buffer.assign(json.data(), json.size());
  buffer.append(simdjson::SIMDJSON_PADDING, '\0');
  simdjson::ondemand::document doc;
  const char* saved_payload = payload_;
  const char* saved_end = payload_end_;
  ++embedded_depth_;
  struct Restore {
    Decoder* d;
    const char* payload;
    const char* end;
    ~Restore() {
      --d->embedded_depth_;
      d->payload_ = payload;
      d->payload_end_ = end;
    }
  } restore{this, saved_payload, saved_end};
  auto fail_embedded = [&](simdjson::error_code error) {
    payload_ = saved_payload;
    payload_end_ = saved_end;
    return Fail(FailureReason::kTypeMismatch,
                absl::StrCat("expected a string holding JSON (", cv.type_name,
                             "): ", simdjson::error_message(error)),
                absl::StrCat("embedded JSON ", cv.type_name),
                "", offset);
  };
  if (auto error = embedded_parsers_[level]
                       ->iterate(buffer.data(), json.size(), buffer.size())
                       .get(doc)) {
    return fail_embedded(error);
  }
  // Offsets inside the embedded document count from the string's start.
  payload_ = buffer.data() - offset;
  payload_end_ = buffer.data() + json.size();
  simdjson::ondemand::value value;
  if (cv.type == schema::JSON) {
    // A scalar document is its own value: write it as the raw token.
    json_type t;
    if (auto error = doc.type().get(t)) return fail_embedded(error);
    if (t != json_type::object && t != json_type::array) {
      std::string_view token;
      if (auto error = doc.raw_json_token().get(token)) return fail_embedded(error);
      token = TrimRight(token);
      if (t == json_type::number && !IsJsonNumber(token)) {
        return fail_embedded(simdjson::NUMBER_ERROR);
      }
      if (render_) work_.append(token);
      return Slot::kPresent;
    }
  }
  if (auto error = doc.get_value().get(value)) return fail_embedded(error);
  // The inner value is not embedded again (a json value is written as is).
  const Slot s = DecodeValue(value, cv, depth, /*embedded=*/cv.type == schema::JSON);
  if (s != Slot::kError && HasTrailingContent(doc)) {
    return fail_embedded(simdjson::TRAILING_CONTENT);
  }
  return s;
}

inline bool Decoder::WriteRawPlainString(simdjson::ondemand::value& value) {
  std::string_view raw;
  if (!ReadPlainString(value, render_, &raw)) return false;
  if (render_) work_.AppendPadded(raw.data() - 1, raw.size() + 2);  // with its quotes
  return true;
}

Slot Decoder::WriteRawJson(simdjson::ondemand::value& value, int depth) {
  if (depth > max_depth_) {
    return Fail(FailureReason::kTooDeep,
                absl::StrCat("nested deeper than ", max_depth_, " levels"),
                "", "", OffsetOf(value.current_location().value_unsafe()));
  }
  const char* location = value.current_location().value_unsafe();
  json_type type;
  if (auto error = value.type().get(type)) return JsonError(error, OffsetOf(location));
  switch (type) {
    case json_type::object: {
      simdjson::ondemand::object object;
      if (auto error = value.get_object().get(object)) {
        return JsonError(error, OffsetOf(location));
      }
      if (render_) work_.push_back('{');
      bool first = true;
      for (auto result : object) {
        if (result.error()) return JsonError(result.error(), OffsetOf(location));
        simdjson::ondemand::field& field = result.value_unsafe();
        std::string_view key;
        const bool plain = PlainKey(field, payload_end_, /*for_output=*/render_, &key);
        if (!plain) {
          if (auto error = field.unescaped_key().get(key)) {
            return JsonError(error, OffsetOf(location));
          }
        }
        if (render_) {
          const char* open = key.data() - 1;  // a plain key's quote, in the input
          if (plain && open[key.size() + 2] == ':') {
            // `"key":` as it stands in the (padded) input, and the comma
            // before it too when it is there.
            const size_t comma = !first && open[-1] == ',' ? 1 : 0;
            if (!first && comma == 0) work_.push_back(',');
            work_.AppendPadded(open - comma, key.size() + 3 + comma);
          } else {
            if (!first) work_.push_back(',');
            if (plain) {
              work_.AppendPadded(open, key.size() + 2);
            } else {
              json::AppendJsonString(key, &work_);
            }
            work_.push_back(':');
          }
        }
        first = false;
        if (WriteRawPlainString(field.value())) continue;
        if (track_path_) path_.PushName(key);
        if (WriteRawJson(field.value(), depth + 1) == Slot::kError) return Slot::kError;
        if (track_path_) path_.Pop();
      }
      if (render_) work_.push_back('}');
      return Slot::kPresent;
    }
    case json_type::array: {
      simdjson::ondemand::array array;
      if (auto error = value.get_array().get(array)) {
        return JsonError(error, OffsetOf(location));
      }
      if (render_) work_.push_back('[');
      bool first = true;
      int32_t index = 0;
      for (auto result : array) {
        if (result.error()) return JsonError(result.error(), OffsetOf(location));
        simdjson::ondemand::value& element = result.value_unsafe();
        if (render_ && !first) work_.push_back(',');
        first = false;
        if (!WriteRawPlainString(element)) {
          if (track_path_) path_.PushIndex(index);
          if (WriteRawJson(element, depth + 1) == Slot::kError) return Slot::kError;
          if (track_path_) path_.Pop();
        }
        ++index;
      }
      if (render_) work_.push_back(']');
      return Slot::kPresent;
    }
    case json_type::string: {
      if (WriteRawPlainString(value)) return Slot::kPresent;
      std::string_view text;
      if (auto error = value.get_string().get(text)) return JsonError(error, OffsetOf(location));
      if (render_) json::AppendJsonString(text, &work_);
      return Slot::kPresent;
    }
    case json_type::number: {
      const std::string_view token = TrimRight(value.raw_json_token());
      if (!IsJsonNumber(token)) {
        return JsonError(simdjson::NUMBER_ERROR, OffsetOf(location));
      }
      if (render_) work_.AppendPadded(token.data(), token.size());  // in the input
      return Slot::kPresent;
    }
    case json_type::boolean: {
      bool b;
      if (auto error = value.get_bool().get(b)) return JsonError(error, OffsetOf(location));
      if (render_) work_.append(b ? "true" : "false");
      return Slot::kPresent;
    }
    case json_type::null: {
      bool is_null = false;
      if (auto error = value.is_null().get(is_null)) return JsonError(error, OffsetOf(location));
      if (!is_null) return JsonError(simdjson::N_ATOM_ERROR, OffsetOf(location));
      if (render_) work_.append("null");
      return Slot::kPresent;
    }
  }
  return JsonError(simdjson::TAPE_ERROR, OffsetOf(location));
}

}  // namespace classify
}  // namespace loghealth
