// What every destination type says about an alert, in plain text: the
// pieces each payload format then escapes and arranges its own way.
#ifndef LOGHEALTH_SRC_DESTINATIONS_NOTIFICATION_H_
#define LOGHEALTH_SRC_DESTINATIONS_NOTIFICATION_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "loghealth/alert.pb.h"

namespace loghealth {
namespace destinations {

// "SOURCE_CLASSIFICATION_FAILURES", "LOG_SOURCE", "OPEN", ...
std::string TypeName(const monitor::Alert& alert);
std::string ComponentName(const monitor::Alert& alert);
std::string StatusName(const monitor::Alert& alert);

// What the alert is about, for people: `web-app (S3) (src-web)`, the
// destination, or the account and resource; "" when none.
std::string SubjectText(const monitor::Alert& alert);

// The title, prefixed "Resolved: " for a resolve notice.
std::string Headline(const monitor::Alert& alert, bool resolved_notice);

// "Resolved by alice at 2024-05-01T10:00:00Z: schema fixed".
std::string ResolutionText(const monitor::Alert& alert);

// The failing lines the alert holds (first ones, then the latest that are
// not among them), at most `limit`.
std::vector<const monitor::FailingLine*> FailingLines(const monitor::Alert& alert, size_t limit);

// The alert's context (AlertContext) as JSON, protobuf's mapping; "{}" when
// empty.
std::string ContextJson(const monitor::Alert& alert);

// The alert model as JSON: what a webhook receives (its fields are in
// loghealth/destinations.h).
std::string AlertModelJson(const monitor::Alert& alert, bool resolved_notice);

// `text` cut to at most `max_bytes` bytes (at a UTF-8 boundary), with "..."
// when cut.
std::string Truncate(std::string_view text, size_t max_bytes);

}  // namespace destinations
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_DESTINATIONS_NOTIFICATION_H_
