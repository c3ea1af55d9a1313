// The console's pages, rendered on the server: readable without JavaScript
// (the one script, /static/console.js, only sends the Resolve form). Every
// value from the data goes through html.h's escaping; links are built from
// fixed paths and escaped segments.
#ifndef LOGHEALTH_SRC_CONSOLE_PAGES_H_
#define LOGHEALTH_SRC_CONSOLE_PAGES_H_

#include <string>
#include <vector>

#include "src/console/console_data.h"

namespace loghealth {
namespace console {

// Alerts & Errors > System Errors: every alert, open first, with filters.
std::string AlertsPage(const std::vector<AlertView>& alerts, const AlertFilter& filter,
                       const std::vector<std::string>& sources);
// One alert: description, context, failing lines with the failing span
// marked, delivery attempts, audit trail, and the Resolve form when
// `can_resolve` and the alert is open.
std::string AlertPage(const AlertView& alert, bool can_resolve);
// A log source's Health tab: the chart of events and failures per bucket,
// the failure rate, the drop-off alarm, health checks, GetObject failures.
std::string SourcePage(const SourceView& source);
// Every source, with a link to its Health tab.
std::string SourcesPage(const std::vector<std::string>& sources);
// 404 and other errors, as a page.
std::string ErrorPage(int status, const std::string& message);

}  // namespace console
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_CONSOLE_PAGES_H_
