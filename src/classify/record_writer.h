// The two records a log can become: the event's Panther fields, and the
// classification_failures row.
#ifndef LOGHEALTH_SRC_CLASSIFY_RECORD_WRITER_H_
#define LOGHEALTH_SRC_CLASSIFY_RECORD_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "loghealth/classifier.h"
#include "loghealth/failure.h"
#include "loghealth/timestamp.h"
#include "src/indicators/indicators.h"
#include "src/json/json_buffer.h"
#include "src/time/time_text_cache.h"

namespace loghealth {
namespace classify {

// What every record of a stream carries besides its own content.
struct RecordContext {
  std::string source_fields;  // `,"p_source_id":"..","p_source_label":".."`
  bool data_lake = false;
  uint64_t row_id_prefix = 0;
  uint64_t row_counter = 0;
  Timestamp parse_time;
  TimeTextCache parse_time_text;  // parse_time's text, a second at a time
};

// `event` holds the rendered object "{...}"; this appends p_log_type,
// p_row_id, p_event_time, p_parse_time, the source fields and the p_any_*
// arrays before its closing brace. `log_type_json`: the log type as a JSON
// string (quoted and escaped once, when the schema was compiled).
// `event_time_text`: p_event_time's text when it was formatted already
// (Decoder::event_time_text), or empty.
void FinishEvent(std::string_view log_type_json, const Timestamp* event_time,
                 std::string_view event_time_text,
                 indicators::IndicatorCollector* indicators, RecordContext* ctx,
                 json::JsonBuffer* event);

// The failure row for `payload` (see loghealth/failure.h).
void WriteFailure(std::string_view payload, const FailureDetail& detail,
                  RecordContext* ctx, std::string* out);

// "field: message", or the message alone when it names the field already.
std::string ErrorLine(const FailureAttempt& attempt);

}  // namespace classify
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_CLASSIFY_RECORD_WRITER_H_
