// A FailureGroup as one JSON object: what `loghealth failures --json`
// prints and lh_database_failure_groups returns.
#ifndef LOGHEALTH_SRC_DATABASE_FAILURE_GROUP_JSON_H_
#define LOGHEALTH_SRC_DATABASE_FAILURE_GROUP_JSON_H_

#include <string>

#include "loghealth/database.h"

namespace loghealth {

// {"log_type", "reason", "field", "count", "first_seen", "last_seen",
// "error", "sample_got", "sample_offset", "sample_payload"} and, when the
// payload is not UTF-8, "sample_payload_encoding": "base64" (the payload
// then in base64, so its bytes survive exactly).
void AppendFailureGroupJson(const FailureGroup& group, std::string* out);

}  // namespace loghealth

#endif  // LOGHEALTH_SRC_DATABASE_FAILURE_GROUP_JSON_H_
