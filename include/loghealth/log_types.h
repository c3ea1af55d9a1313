// -----------------------------------------------------------------------------
// File: loghealth/log_types.h
// -----------------------------------------------------------------------------
//
// The built-in log types: Panther's native types (AWS.CloudTrail,
// AWS.VPCFlow, Okta.SystemLog, Zeek.DNS, ...) as schemas compiled into the
// library. Attach them to a classifier like any schema:
//
//   auto cloudtrail = loghealth::BuiltinLogType("AWS.CloudTrail");
//   if (!cloudtrail.ok()) { ... }   // NotFound, with the nearest name
//   auto classifier = loghealth::Classifier::Create({*cloudtrail, my_schema});
//
// Each is a Panther log schema (docs/log-types.md lists the loghealth
// extensions some of them use: JSON envelopes, case-insensitive keys,
// precedence among siblings, indicators inside JSON values, syslog).
//
// Thread safety: the functions are safe to call from any thread; the
// schemas are loaded once, on first use.
// -----------------------------------------------------------------------------
#ifndef LOGHEALTH_LOG_TYPES_H_
#define LOGHEALTH_LOG_TYPES_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "loghealth/schema.h"

namespace loghealth {

// The names of the built-in log types, sorted.
const std::vector<std::string>& BuiltinLogTypes();

// The schema of the built-in type `name` (exact spelling). NotFound, naming
// the nearest built-in, for any other name.
absl::StatusOr<LogSchema> BuiltinLogType(std::string_view name);

// A schema that names one of Panther's native parsers (`parser: native`,
// as Panther's published AWS.CloudTrail.yml does) becomes the built-in type
// of its name. Others, and a native one with no built-in (Classifier::Create
// then says so), come back unchanged.
LogSchema WithBuiltinParser(LogSchema schema);

// The built-in types whose names start with `vendor` and a dot ("AWS" ->
// AWS.ALB, AWS.CloudTrail, ...), sorted.
std::vector<std::string> BuiltinLogTypesOf(std::string_view vendor);

}  // namespace loghealth

#endif  // LOGHEALTH_LOG_TYPES_H_
