// Writing a JSON object member by member into a std::string, for records,
// alert payloads and API answers: keys are the caller's constants, string
// values may be any bytes (text that is not UTF-8 is repaired, as Go's
// encoder does), so a log line can never break the document.
#ifndef LOGHEALTH_SRC_JSON_OBJECT_WRITER_H_
#define LOGHEALTH_SRC_JSON_OBJECT_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "src/json/json_writer.h"

namespace loghealth {
namespace json {

class ObjectWriter {
 public:
  // Appends '{' to `out`; Close() appends the '}'.
  explicit ObjectWriter(std::string* out) : out_(out) { out_->push_back('{'); }

  ObjectWriter& String(std::string_view key, std::string_view value) {
    Key(key);
    AppendJsonStringRepairingUtf8(value, out_);
    return *this;
  }
  ObjectWriter& StringIfSet(std::string_view key, std::string_view value) {
    return value.empty() ? *this : String(key, value);
  }
  ObjectWriter& Int(std::string_view key, int64_t value) {
    Key(key);
    AppendInt(value, out_);
    return *this;
  }
  ObjectWriter& Bool(std::string_view key, bool value) {
    Key(key);
    out_->append(value ? "true" : "false");
    return *this;
  }
  // `json` must be a complete JSON value.
  ObjectWriter& Raw(std::string_view key, std::string_view json) {
    Key(key);
    out_->append(json);
    return *this;
  }
  // Writes the key; the caller then appends exactly one value to out().
  std::string* Member(std::string_view key) {
    Key(key);
    return out_;
  }
  std::string* out() { return out_; }
  void Close() { out_->push_back('}'); }

 private:
  void Key(std::string_view key) {
    if (!first_) out_->push_back(',');
    first_ = false;
    AppendJsonString(key, out_);
    out_->push_back(':');
  }

  std::string* out_;
  bool first_ = true;
};

}  // namespace json
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_JSON_OBJECT_WRITER_H_
