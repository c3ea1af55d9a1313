// Appending JSON text to a reusable buffer: strings escaped the way Go's
// encoding/json does with EscapeHTML (as Panther's output), numbers, base64.
#ifndef LOGHEALTH_SRC_JSON_JSON_WRITER_H_
#define LOGHEALTH_SRC_JSON_JSON_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace loghealth {
namespace json {

// `Out` is std::string, or the JsonBuffer events are written into (both
// are instantiated in json_writer.cc).

// Appends `text` as a quoted JSON string. `text` must be valid UTF-8.
template <typename Out>
void AppendJsonString(std::string_view text, Out* out);

// Appends the escaped content without the quotes.
template <typename Out>
void AppendJsonStringContent(std::string_view text, Out* out);

// AppendJsonString for text that may not be UTF-8 (text logs, messages
// quoting them): each byte that does not start a valid sequence is written
// as \ufffd, as Go's encoder does.
template <typename Out>
void AppendJsonStringRepairingUtf8(std::string_view text, Out* out);

template <typename Out>
void AppendInt(int64_t value, Out* out);

// Go's encoding/json form of a float64: shortest round-trip digits, plain
// notation for 1e-6 <= |v| < 1e21, exponent notation otherwise ("1e-07" is
// written "1e-7"). `value` must be finite.
template <typename Out>
void AppendGoFloat(double value, Out* out);

// Standard base64 with padding.
void AppendBase64(std::string_view bytes, std::string* out);

}  // namespace json
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_JSON_JSON_WRITER_H_
