// Checks on text before it reaches a parser that cannot be trusted with it.
#ifndef LOGHEALTH_SRC_UTIL_TEXT_CHECKS_H_
#define LOGHEALTH_SRC_UTIL_TEXT_CHECKS_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace loghealth {

// True when `text` is valid UTF-8; otherwise `*bad_offset` is where it stops
// being so (overlong forms, surrogates and values past U+10FFFF are invalid).
bool IsValidUtf8(std::string_view text, size_t* bad_offset);

// Text for a YAML reader: "" when it may be parsed, else why not, with the
// line. YAML allows no control characters but tab, LF and CR, and must be
// UTF-8. Written when yaml-cpp 0.7 read schemas (it loops forever on a root
// flow collection followed by more content, "{},\n{}"); loghealth's own
// reader needs none of it, but these messages say more than a parse error, and
// the YAML reader's differential test uses it to keep inputs from yaml-cpp.
std::string CheckYamlText(std::string_view text, int* line);

}  // namespace loghealth

#endif  // LOGHEALTH_SRC_UTIL_TEXT_CHECKS_H_
