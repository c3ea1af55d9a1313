// Observations from JSON (the replay timeline, the C ABI): one object, a
// "type" and an RFC 3339 "time", and the fields of that type.
#include "absl/strings/str_cat.h"
#include "loghealth/monitor.h"
#include "loghealth/timestamp.h"
#include "simdjson.h"

namespace loghealth {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

absl::Status Missing(const std::string& type, const char* key, const char* kind) {
  return absl::InvalidArgumentError(
      absl::StrCat(type, " needs \"", key, "\" (", kind, ")"));
}

absl::Status ParseTime(std::string_view text, int64_t* unix_ns) {
  static const TimeCodec rfc3339 = *TimeCodec::Compile("rfc3339");
  Timestamp t;
  TimeParseError error;
  if (rfc3339.Parse(text, TimeValueKind::kString, &t, &error) != TimeParseStatus::kOk) {
    return absl::InvalidArgumentError(absl::StrCat("time: ", rfc3339.Describe(text, error)));
  }
  if (!t.FitsUnixNanos()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "time: ", std::string(text),
        " is outside what the monitor keeps (1677-09-22 to 2262-04-11)"));
  }
  *unix_ns = t.UnixNanos();
  return absl::OkStatus();
}

// `default_time` null: "time" is required.
absl::StatusOr<Observation> Parse(std::string_view json, const int64_t* default_time) {
  simdjson::dom::parser parser;
  element root;
  if (auto error = parser.parse(json.data(), json.size()).get(root)) {
    return absl::InvalidArgumentError(
        absl::StrCat("not JSON: ", simdjson::error_message(error)));
  }
  object o;
  if (root.get_object().get(o)) return absl::InvalidArgumentError("expected a JSON object");
  std::string_view type_text, time_text;
  if (o["type"].get_string().get(type_text)) {
    return absl::InvalidArgumentError("needs \"type\" (a string)");
  }
  const std::string type(type_text);
  Observation obs;
  auto time_field = o["time"];
  if (default_time != nullptr && time_field.error() == simdjson::NO_SUCH_FIELD) {
    obs.time = *default_time;
  } else if (time_field.get_string().get(time_text)) {
    return Missing(type, "time", "RFC 3339 text");
  } else if (absl::Status s = ParseTime(time_text, &obs.time); !s.ok()) {
    return s;
  }


  auto str = [&](const char* key, std::string* out, bool required) -> absl::Status {
    std::string_view v;
    auto r = o[key];
    if (r.error() == simdjson::NO_SUCH_FIELD) {
      return required ? Missing(type, key, "a string") : absl::OkStatus();
    }
    if (r.get_string().get(v)) return Missing(type, key, "a string");
    *out = std::string(v);
    return absl::OkStatus();
  };
  auto boolean = [&](const char* key, bool* out) -> absl::Status {
    if (o[key].get_bool().get(*out)) return Missing(type, key, "true or false");
    return absl::OkStatus();
  };
  auto integer = [&](const char* key, int64_t* out, bool required) -> absl::Status {
    auto r = o[key];
    if (r.error() == simdjson::NO_SUCH_FIELD) {
      return required ? Missing(type, key, "an integer") : absl::OkStatus();
    }
    if (r.get_int64().get(*out)) return Missing(type, key, "an integer");
    return absl::OkStatus();
  };
#define LH_TRY(expr)                        \
  if (absl::Status s = (expr); !s.ok()) { \
    return s;                               \
  }
  if (type == "events") {
    obs.kind = Observation::Kind::kEvents;
    LH_TRY(str("source", &obs.source, true));
    LH_TRY(integer("count", &obs.count, true));
    LH_TRY(str("logType", &obs.log_type, false));
    if (obs.count < 0) return absl::InvalidArgumentError("events: count must not be negative");
  } else if (type == "health_check") {
    obs.kind = Observation::Kind::kHealthCheck;
    LH_TRY(str("source", &obs.source, true));
    LH_TRY(str("check", &obs.check, true));
    LH_TRY(boolean("healthy", &obs.healthy));
    LH_TRY(str("message", &obs.message, false));
  } else if (type == "classification_failure") {
    obs.kind = Observation::Kind::kClassificationFailure;
    LH_TRY(str("source", &obs.source, true));
    LH_TRY(str("logType", &obs.log_type, false));
    LH_TRY(str("error", &obs.error, true));
    LH_TRY(str("payload", &obs.payload, true));
    LH_TRY(str("reason", &obs.reason, false));
    LH_TRY(str("field", &obs.field, false));
    LH_TRY(str("expected", &obs.expected, false));
    LH_TRY(str("got", &obs.got, false));
    LH_TRY(integer("offset", &obs.offset, false));
    if (obs.offset < -1) {
      return absl::InvalidArgumentError("classification_failure: offset must be -1 or more");
    }
    simdjson::dom::array tried;
    auto tried_field = o["tried"];
    if (tried_field.error() != simdjson::NO_SUCH_FIELD) {
      if (tried_field.get_array().get(tried)) {
        return Missing(type, "tried", "an array of {\"id\", \"reason\", \"error\"}");
      }
      obs.tried = simdjson::minify(tried);
    }
  } else if (type == "s3_get_object") {
    obs.kind = Observation::Kind::kS3GetObject;
    LH_TRY(str("source", &obs.source, true));
    LH_TRY(str("bucket", &obs.bucket, true));
    LH_TRY(str("key", &obs.key, true));
    LH_TRY(boolean("ok", &obs.ok));
    LH_TRY(str("error", &obs.error, !obs.ok));
    LH_TRY(integer("size", &obs.size, false));
    LH_TRY(str("versionId", &obs.version_id, false));
    LH_TRY(integer("recordCount", &obs.record_count, false));
    LH_TRY(str("roleArn", &obs.role_arn, false));
  } else if (type == "scan") {
    obs.kind = Observation::Kind::kScan;
    LH_TRY(str("account", &obs.account, true));
    LH_TRY(str("resource", &obs.resource, true));
    LH_TRY(boolean("ok", &obs.ok));
    LH_TRY(str("error", &obs.error, !obs.ok));
  } else if (type == "resolve") {
    obs.kind = Observation::Kind::kResolve;
    LH_TRY(str("alertId", &obs.alert_id, true));
    LH_TRY(str("actor", &obs.actor, true));
    LH_TRY(str("reason", &obs.reason, false));
  } else if (type == "tick") {
    obs.kind = Observation::Kind::kTick;
  } else {
    return absl::InvalidArgumentError(absl::StrCat(
        "unknown type \"", type, "\" (events, health_check, classification_failure, "
        "s3_get_object, scan, resolve, tick)"));
  }
#undef LH_TRY
  return obs;
}

}  // namespace

absl::StatusOr<Observation> ParseObservation(std::string_view json) {
  return Parse(json, nullptr);
}

absl::StatusOr<Observation> ParseObservation(std::string_view json, int64_t default_time) {
  return Parse(json, &default_time);
}

}  // namespace loghealth
