// The JSON behind the pages: /api/alerts, /api/alerts/{id},
// /api/sources/{id}/health. Strings are escaped as Go's encoder does with
// EscapeHTML (<, >, &, U+2028 and U+2029 as \u escapes), so a response is
// safe wherever it is pasted.
#ifndef LOGHEALTH_SRC_CONSOLE_API_H_
#define LOGHEALTH_SRC_CONSOLE_API_H_

#include <string>
#include <vector>

#include "src/console/console_data.h"

namespace loghealth {
namespace console {

// {"alerts": [...]} (alerts without their lines and attempts).
std::string AlertsJson(const std::vector<AlertView>& alerts);
// One alert with everything the details page shows.
std::string AlertJson(const AlertView& alert);
std::string SourceJson(const SourceView& source);
// {"error": message}
std::string ErrorJson(const std::string& message);

}  // namespace console
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_CONSOLE_API_H_
