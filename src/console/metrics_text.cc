#include "src/console/metrics_text.h"

#include <cmath>
#include <cstdio>

#include "src/util/text_checks.h"

namespace loghealth {
namespace console {
namespace {

void AppendLabelValue(std::string_view v, std::string* out) {
  while (!v.empty()) {
    size_t bad = 0;
    const bool valid = IsValidUtf8(v, &bad);
    const std::string_view good = valid ? v : v.substr(0, bad);
    for (char c : good) {
      if (c == '\\') {
        out->append("\\\\");
      } else if (c == '"') {
        out->append("\\\"");
      } else if (c == '\n') {
        out->append("\\n");
      } else {
        out->push_back(c);
      }
    }
    if (valid) return;
    out->append("\xEF\xBF\xBD");
    v.remove_prefix(bad + 1);
  }
}

}  // namespace

void MetricFamily(std::string* out, std::string_view name, std::string_view type,
                  std::string_view help) {
  out->append("# HELP ").append(name).append(" ").append(help).append("\n");
  out->append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void Sample(std::string* out, std::string_view name, std::initializer_list<Label> labels,
            double value) {
  out->append(name);
  if (labels.size() > 0) {
    out->push_back('{');
    bool first = true;
    for (const Label& l : labels) {
      if (!first) out->push_back(',');
      first = false;
      out->append(l.first).append("=\"");
      AppendLabelValue(l.second, out);
      out->push_back('"');
    }
    out->push_back('}');
  }
  char number[64];
  if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15) {
    std::snprintf(number, sizeof number, " %.0f\n", value);
  } else {
    std::snprintf(number, sizeof number, " %.17g\n", value);
  }
  out->append(number);
}

}  // namespace console
}  // namespace loghealth
