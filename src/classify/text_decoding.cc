// Decoding the key/value strings of a text parser against a schema: every
// value is a string, coerced like a JSON string would be ("200" -> 200).
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "src/classify/decoder.h"
#include "src/json/json_writer.h"

namespace loghealth {
namespace classify {

Slot Decoder::DecodeTextFields(const std::vector<parse::TextField>& fields,
                               const CompiledSchema& schema) {
  const CompiledObject& object = schema.root->object;
  const size_t n = object.fields.size();
  repair_utf8_ = true;  // a text log's bytes are whatever arrived
  indicators_.set_values_are_utf8(false);
  states_.assign(n, Slot::kMissing);
  spans_.resize(std::max(spans_.size(), n));
  spans_top_ = n;  // embedded JSON objects stack their fields above these
  // Which pair feeds each schema field (its span's begin); a repeated name:
  // the last wins.
  for (size_t k = 0; k < fields.size(); ++k) {
    const int index = object.Find(fields[k].name);
    if (index >= 0) {
      states_[index] = Slot::kPresent;
      spans_[index].begin = static_cast<uint32_t>(k);
    }
  }
  work_.push_back('{');
  bool first = true;
  for (size_t i = 0; i < n; ++i) {
    const CompiledField& f = object.fields[i];
    if (states_[i] == Slot::kMissing) {
      if (f.required) return MissingRequired(f, -1);
      continue;
    }
    const std::string_view value = fields[spans_[i].begin].value;
    const int64_t offset =
        value.data() >= payload_ && value.data() + value.size() <= payload_end_
            ? value.data() - payload_
            : -1;
    const size_t rollback = work_.size();
    if (!first) work_.push_back(',');
    work_.append(f.key_json);
    path_.PushName(f.name);
    const CompiledValue& cv = *f.value;
    Slot slot;
    if ((cv.type == schema::OBJECT || cv.type == schema::ARRAY ||
         cv.type == schema::JSON) && cv.embedded_json && !value.empty()) {
      slot = DecodeEmbedded(value, cv, offset, 1);
    } else if (cv.type == schema::JSON) {
      json::AppendJsonStringRepairingUtf8(value, &work_);  // a text value is a JSON string
      slot = Slot::kPresent;
    } else if (cv.type == schema::OBJECT || cv.type == schema::ARRAY) {
      slot = value.empty() ? Slot::kAbsent
                           : TypeMismatch(cv, ScalarInput{ScalarInput::kString, value, offset});
    } else {
      slot = DecodeScalar(ScalarInput{ScalarInput::kString, value, offset}, cv);
    }
    if (slot == Slot::kError) return slot;
    path_.Pop();
    if (slot != Slot::kPresent) {
      work_.resize(rollback);
      if (f.required && slot == Slot::kAbsent) return MissingRequired(f, offset);
      continue;
    }
    first = false;
  }
  work_.push_back('}');
  spans_top_ = 0;
  return Slot::kPresent;
}

}  // namespace classify
}  // namespace loghealth
