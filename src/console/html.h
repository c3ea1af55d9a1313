// Writing HTML from attacker-controlled text. Every log line, field name,
// title, source label and error reaching a page goes through one of these;
// nothing else builds markup from data.
#ifndef LOGHEALTH_SRC_CONSOLE_HTML_H_
#define LOGHEALTH_SRC_CONSOLE_HTML_H_

#include <string>
#include <string_view>

namespace loghealth {
namespace console {

// Text for an element's content or a quoted attribute value: & < > " '
// become entities; bytes that are not UTF-8 become U+FFFD; control
// characters other than tab and newline become U+FFFD too (a NUL or an
// escape sequence must not reach a terminal that views the source).
void AppendHtml(std::string_view text, std::string* out);
std::string Html(std::string_view text);

// Links are built as "/alerts/" + UrlPathEscape(id) (src/util/url_escape.h):
// a value can never change the scheme or the path it lands in.

}  // namespace console
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_CONSOLE_HTML_H_
