#include "src/classify/record_writer.h"

#include <cstring>

#include "src/json/json_writer.h"
#include "src/util/text_checks.h"
#include "src/time/fast_format.h"

namespace loghealth {

std::string_view FailureReasonName(FailureReason reason) {
  switch (reason) {
    case FailureReason::kMissingRequired: return "missing_required";
    case FailureReason::kTypeMismatch: return "type_mismatch";
    case FailureReason::kBadTimestamp: return "bad_timestamp";
    case FailureReason::kNotAllowed: return "not_allowed";
    case FailureReason::kMalformedJson: return "malformed_json";
    case FailureReason::kInvalidUtf8: return "invalid_utf8";
    case FailureReason::kNotAnObject: return "not_an_object";
    case FailureReason::kNoSchemaMatched: return "no_schema_matched";
    case FailureReason::kNulByte: return "nul_byte";
    case FailureReason::kTooLarge: return "too_large";
    case FailureReason::kTooDeep: return "too_deep";
    case FailureReason::kNoPatternMatched: return "no_pattern_matched";
    case FailureReason::kWrongFieldCount: return "wrong_field_count";
  }
  return "unknown";
}

namespace classify {
namespace {

// The time, quoted, in UTC. `cache`, for the parse time (records come many
// to a second), writes the date and time of day once a second; others are
// formatted whole.
template <typename Out>
void AppendTime(const Timestamp& t, bool data_lake, TimeTextCache* cache, Out* out) {
  char text[kMaxFormattedTime + 2];
  char* p = text;
  *p++ = '"';
  Timestamp utc = t;
  utc.utc_offset = 0;
  if (data_lake) {
    p = cache != nullptr ? cache->DataLakeTo(utc, p) : FormatDataLakeTimeTo(utc, p);
  } else {
    p = cache != nullptr ? cache->Rfc3339NanoTo(utc, p) : FormatRfc3339NanoTo(utc, p);
  }
  *p++ = '"';
  out->append(text, static_cast<size_t>(p - text));
}

// The eight hex digits of `v`, most significant first, without a loop: each
// nibble spread into a byte of its own, then 0-9 and 10-15 mapped to
// '0'-'9' and 'a'-'f' in all bytes at once.
void PutHex32(uint32_t v, char* p) {
  uint64_t x = v;
  x = ((x & 0xFFFF0000u) << 16) | (x & 0xFFFFu);
  x = ((x & 0x0000FF000000FF00ull) << 8) | (x & 0x000000FF000000FFull);
  x = ((x & 0x00F000F000F000F0ull) << 4) | (x & 0x000F000F000F000Full);
  // Byte i holds nibble i (the lowest first); 1 in the bytes >= 10.
  const uint64_t letters = ((x + 0x0606060606060606ull) >> 4) & 0x0101010101010101ull;
  x += 0x3030303030303030ull + letters * ('a' - '0' - 10);
  x = __builtin_bswap64(x);  // the highest nibble first, as text
  std::memcpy(p, &x, 8);
}

void PutHex(uint64_t v, char* p) {
  PutHex32(static_cast<uint32_t>(v >> 32), p);
  PutHex32(static_cast<uint32_t>(v), p + 8);
}

// A unique p_row_id (32 hex digits, quoted); advances the counter.
template <typename Out>
void AppendRowId(RecordContext* ctx, Out* out) {
  char id[34];
  id[0] = '"';
  PutHex(ctx->row_id_prefix, id + 1);
  PutHex(ctx->row_counter++, id + 17);
  id[33] = '"';
  out->append(id, sizeof(id));
}

}  // namespace

void FinishEvent(std::string_view log_type_json, const Timestamp* event_time,
                 std::string_view event_time_text,
                 indicators::IndicatorCollector* indicators, RecordContext* ctx,
                 json::JsonBuffer* event) {
  event->pop_back();  // the object's '}'
  if (event->size() > 1) event->push_back(',');
  event->append("\"p_log_type\":");
  event->append(log_type_json);
  event->append(",\"p_row_id\":");
  AppendRowId(ctx, event);
  event->append(",\"p_event_time\":");
  if (event_time != nullptr && !event_time_text.empty()) {
    event->push_back('"');
    event->append(event_time_text);
    event->push_back('"');
  } else {
    if (event_time != nullptr) {
      AppendTime(*event_time, ctx->data_lake, nullptr, event);
    } else {
      AppendTime(ctx->parse_time, ctx->data_lake, &ctx->parse_time_text, event);
    }
  }
  event->append(",\"p_parse_time\":");
  AppendTime(ctx->parse_time, ctx->data_lake, &ctx->parse_time_text, event);
  event->append(ctx->source_fields);
  indicators->AppendFields(event);
  event->push_back('}');
}

std::string ErrorLine(const FailureAttempt& a) {
  if (a.field.empty() || a.reason == FailureReason::kMissingRequired) {
    return a.error;
  }
  return a.field + ": " + a.error;
}

void WriteFailure(std::string_view payload, const FailureDetail& detail,
                  RecordContext* ctx, std::string* out) {
  const FailureAttempt& best = detail.best;
  // Messages may quote a text log's bytes, which need not be UTF-8: they
  // are written with invalid bytes replaced (the payload itself is kept
  // exactly, in base64 when it is not UTF-8).
  out->append("{\"error\":");
  json::AppendJsonStringRepairingUtf8(ErrorLine(best), out);
  out->append(",\"id\":");
  json::AppendJsonStringRepairingUtf8(best.log_type, out);
  size_t bad = 0;
  if (IsValidUtf8(payload, &bad)) {
    out->append(",\"payload\":");
    json::AppendJsonString(payload, out);
  } else {
    // JSON strings cannot hold arbitrary bytes; base64 keeps them exactly.
    out->append(",\"payload\":\"");
    json::AppendBase64(payload, out);
    out->append("\",\"payload_encoding\":\"base64\"");
  }
  out->append(ctx->source_fields);
  out->append(",\"p_parse_time\":");
  AppendTime(ctx->parse_time, ctx->data_lake, &ctx->parse_time_text, out);
  out->append(",\"p_row_id\":");
  AppendRowId(ctx, out);
  out->append(",\"reason\":\"");
  out->append(FailureReasonName(best.reason));
  out->push_back('"');
  if (!best.field.empty()) {
    out->append(",\"field\":");
    json::AppendJsonStringRepairingUtf8(best.field, out);
  }
  if (!best.expected.empty()) {
    out->append(",\"expected\":");
    json::AppendJsonStringRepairingUtf8(best.expected, out);
  }
  if (!best.got.empty()) {
    size_t bad_got = 0;
    out->append(",\"got\":");
    json::AppendJsonStringRepairingUtf8(IsValidUtf8(best.got, &bad_got) ? std::string_view(best.got)
                                                     : std::string_view("(not UTF-8)"),
                     out);
  }
  if (best.offset >= 0) {
    out->append(",\"offset\":");
    json::AppendInt(best.offset, out);
  }
  if (detail.attempts.size() > 1) {
    out->append(",\"tried\":[");
    for (size_t i = 0; i < detail.attempts.size(); ++i) {
      const FailureAttempt& a = detail.attempts[i];
      if (i > 0) out->push_back(',');
      out->append("{\"id\":");
      json::AppendJsonStringRepairingUtf8(a.log_type, out);
      out->append(",\"reason\":\"");
      out->append(FailureReasonName(a.reason));
      out->append("\",\"error\":");
      json::AppendJsonStringRepairingUtf8(ErrorLine(a), out);
      out->push_back('}');
    }
    out->push_back(']');
  }
  out->push_back('}');
}

}  // namespace classify
}  // namespace loghealth
