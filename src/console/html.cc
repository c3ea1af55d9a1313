#include "src/console/html.h"

#include "src/util/text_checks.h"

namespace loghealth {
namespace console {

namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD

void AppendValidHtml(std::string_view text, std::string* out) {
  for (char c : text) {
    switch (c) {
      case '&': out->append("&amp;"); break;
      case '<': out->append("&lt;"); break;
      case '>': out->append("&gt;"); break;
      case '"': out->append("&quot;"); break;
      case '\'': out->append("&#39;"); break;
      case '\t':
      case '\n':
        out->push_back(c);
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          out->append(kReplacement);
        } else {
          out->push_back(c);
        }
    }
  }
}

}  // namespace

void AppendHtml(std::string_view text, std::string* out) {
  while (!text.empty()) {
    size_t bad = 0;
    if (IsValidUtf8(text, &bad)) {
      AppendValidHtml(text, out);
      return;
    }
    AppendValidHtml(text.substr(0, bad), out);
    out->append(kReplacement);
    text.remove_prefix(bad + 1);
  }
}

std::string Html(std::string_view text) {
  std::string out;
  AppendHtml(text, &out);
  return out;
}

}  // namespace console
}  // namespace loghealth
