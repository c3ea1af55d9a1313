// A text log type's attempt on a log: its parser (fastmatch, regex, csv,
// syslog) splits the line into fields, the decoder checks and coerces them.
#include <utility>

#include "src/classify/stream_state.h"

namespace loghealth {
namespace classify {

Verdict TryText(StreamState* s, int index, size_t position, std::string_view log,
                std::string_view trimmed, size_t leading) {
  const CompiledSchema& schema = *s->set->schemas[index];
  const ClassifierOptions& options = s->classifier->options();
  parse::TextMatchError text_error;
  const parse::TextParser::Outcome outcome =
      schema.text->Parse(trimmed, &s->text[index], &s->fields, &text_error);
  if (outcome == parse::TextParser::Outcome::kNoMatch) {
    FailureAttempt a;
    a.reason = text_error.reason;
    a.error = std::move(text_error.message);
    a.expected = std::move(text_error.expected);
    a.offset = text_error.offset < 0 ? -1 : text_error.offset + static_cast<int64_t>(leading);
    Miss(s, index, std::move(a));
    return Verdict::kMissed;
  }
  if (outcome == parse::TextParser::Outcome::kSkipped) {
    // skipPrefix, skipLines, a csv header: taken, and no event (Panther
    // counts this as a match).
    Take(s, index, position);
    ++s->stats.skipped;
    s->result.kind = ClassifyResult::Kind::kSkipped;
    s->result.log_type = schema.log_type;
    return Verdict::kFinal;
  }
  s->decoder.Reset(log.data(), log.data() + log.size(), options.data_lake_timestamps,
                   options.max_depth);
  s->decoder.set_scan_indicators(!options.validate_only);
  s->decoder.set_render(!options.validate_only);
  if (s->decoder.DecodeTextFields(s->fields, schema) == Slot::kError) {
    Miss(s, index, AttemptFrom(schema.log_type, s->decoder.error()));
    return Verdict::kMissed;
  }
  return Verdict::kDecoded;
}

}  // namespace classify
}  // namespace loghealth
