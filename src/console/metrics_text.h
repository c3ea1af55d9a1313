// The Prometheus text exposition format (version 0.0.4): a family's HELP
// and TYPE lines, then samples with escaped label values.
#ifndef LOGHEALTH_SRC_CONSOLE_METRICS_TEXT_H_
#define LOGHEALTH_SRC_CONSOLE_METRICS_TEXT_H_

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace loghealth {
namespace console {

using Label = std::pair<std::string_view, std::string_view>;

void MetricFamily(std::string* out, std::string_view name, std::string_view type,
                  std::string_view help);
// name{label="value",...} value. Label values are escaped (\\, \", \n);
// bytes that are not UTF-8 become U+FFFD.
void Sample(std::string* out, std::string_view name, std::initializer_list<Label> labels,
            double value);

}  // namespace console
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_CONSOLE_METRICS_TEXT_H_
