// The monitor's config, from YAML or JSON, with errors that name the key.
#include "absl/strings/str_cat.h"
#include "loghealth/monitor.h"
#include "src/util/text_checks.h"
#include "yaml-cpp/yaml.h"

namespace loghealth {
namespace {

template <typename T>
absl::Status Read(const YAML::Node& map, const char* key, const std::string& where, T* out) {
  const YAML::Node v = map[key];
  if (!v) return absl::OkStatus();
  try {
    *out = v.as<T>();
  } catch (const YAML::Exception&) {
    return absl::InvalidArgumentError(absl::StrCat(where, ".", key, ": wrong kind of value"));
  }
  return absl::OkStatus();
}

absl::Status CheckKeys(const YAML::Node& map, const std::string& where,
                       std::initializer_list<const char*> allowed) {
  if (!map.IsMap()) return absl::InvalidArgumentError(absl::StrCat(where, ": expected a mapping"));
  for (const auto& entry : map) {
    const std::string key = entry.first.Scalar();
    bool ok = false;
    for (const char* a : allowed) ok = ok || key == a;
    if (!ok) return absl::InvalidArgumentError(absl::StrCat(where, ": unknown key \"", key, "\""));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<MonitorConfig> ParseMonitorConfig(std::string_view text) {
  int bad_line = 0;
  const std::string unsafe = CheckYamlText(text, &bad_line);
  if (!unsafe.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("config: line ", bad_line, ": ", unsafe));
  }
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrCat("config: line ", e.mark.line + 1, ": ", e.msg));
  }
  MonitorConfig config;
  if (absl::Status s = CheckKeys(root, "config", {"sources", "destinations", "delivery"}); !s.ok()) {
    return s;
  }
  size_t i = 0;
  for (const YAML::Node& n : root["sources"]) {
    const std::string where = absl::StrCat("sources[", i++, "]");
    if (absl::Status s = CheckKeys(n, where, {"id", "label", "dropOffMinutes"}); !s.ok()) return s;
    SourceConfig c;
    if (absl::Status s = Read(n, "id", where, &c.id); !s.ok()) return s;
    if (absl::Status s = Read(n, "label", where, &c.label); !s.ok()) return s;
    if (absl::Status s = Read(n, "dropOffMinutes", where, &c.drop_off_minutes); !s.ok()) return s;
    if (c.id.empty()) return absl::InvalidArgumentError(absl::StrCat(where, ": id is required"));
    config.sources.push_back(std::move(c));
  }
  i = 0;
  for (const YAML::Node& n : root["destinations"]) {
    const std::string where = absl::StrCat("destinations[", i++, "]");
    if (absl::Status s = CheckKeys(n, where, {"id", "displayName", "alertTypes",
                                              "defaultForSeverity", "sendResolved"});
        !s.ok()) {
      return s;
    }
    DestinationConfig d;
    if (absl::Status s = Read(n, "id", where, &d.id); !s.ok()) return s;
    if (absl::Status s = Read(n, "displayName", where, &d.display_name); !s.ok()) return s;
    if (absl::Status s = Read(n, "alertTypes", where, &d.alert_types); !s.ok()) return s;
    if (absl::Status s = Read(n, "defaultForSeverity", where, &d.default_for_severity); !s.ok()) {
      return s;
    }
    if (absl::Status s = Read(n, "sendResolved", where, &d.send_resolved); !s.ok()) return s;
    if (d.id.empty()) return absl::InvalidArgumentError(absl::StrCat(where, ": id is required"));
    if (d.id == "console") {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": \"console\" is the built-in alerts page; pick another id"));
    }
    for (const std::string& t : d.alert_types) {
      if (t != "RULE" && t != "RULE_ERROR" && t != "POLICY" && t != "SYSTEM_ERROR" &&
          t != "SCHEDULED_RULE" && t != "SCHEDULED_RULE_ERROR") {
        return absl::InvalidArgumentError(
            absl::StrCat(where, ".alertTypes: unknown alert type \"", t, "\""));
      }
    }
    config.destinations.push_back(std::move(d));
  }
  if (const YAML::Node n = root["delivery"]) {
    if (absl::Status s = CheckKeys(n, "delivery", {"maxRetries", "minRetryDelaySeconds",
                                                   "maxRetryDelaySeconds", "maxAgeSeconds"});
        !s.ok()) {
      return s;
    }
    DeliveryPolicy& p = config.delivery;
    if (absl::Status s = Read(n, "maxRetries", "delivery", &p.max_retries); !s.ok()) return s;
    if (absl::Status s = Read(n, "minRetryDelaySeconds", "delivery", &p.min_retry_delay_seconds);
        !s.ok()) {
      return s;
    }
    if (absl::Status s = Read(n, "maxRetryDelaySeconds", "delivery", &p.max_retry_delay_seconds);
        !s.ok()) {
      return s;
    }
    if (absl::Status s = Read(n, "maxAgeSeconds", "delivery", &p.max_age_seconds); !s.ok()) {
      return s;
    }
    if (p.max_retries < 0 || p.min_retry_delay_seconds < 0 ||
        p.max_retry_delay_seconds < p.min_retry_delay_seconds || p.max_age_seconds <= 0) {
      return absl::InvalidArgumentError(
          "delivery: need maxRetries >= 0 and 0 <= minRetryDelaySeconds <= "
          "maxRetryDelaySeconds, maxAgeSeconds > 0");
    }
  }
  return config;
}

}  // namespace loghealth
