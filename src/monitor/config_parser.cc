// The monitor's config, from YAML or JSON, with errors that name the key.
#include "absl/strings/str_cat.h"
#include "loghealth/monitor.h"
#include "absl/strings/numbers.h"
#include "src/util/text_checks.h"
#include "src/yaml/reader.h"

namespace loghealth {
namespace {

bool Convert(const yaml::Node& v, std::string* out) {
  if (!v.IsScalar()) return false;
  *out = v.scalar();
  return true;
}

template <typename Int>
bool Convert(const yaml::Node& v, Int* out) {
  return v.IsScalar() && v.plain() && absl::SimpleAtoi(v.scalar(), out);
}

bool Convert(const yaml::Node& v, bool* out) {
  if (!v.IsScalar() || !v.plain()) return false;
  const std::string& s = v.scalar();
  if (s == "true" || s == "True" || s == "TRUE") {
    *out = true;
  } else if (s == "false" || s == "False" || s == "FALSE") {
    *out = false;
  } else {
    return false;
  }
  return true;
}

bool Convert(const yaml::Node& v, std::vector<std::string>* out) {
  if (!v.IsSequence()) return false;
  out->clear();
  for (const yaml::Node& item : v.items()) {
    if (!item.IsScalar()) return false;
    out->push_back(item.scalar());
  }
  return true;
}

template <typename T>
absl::Status Read(const yaml::Node& map, const char* key, const std::string& where, T* out) {
  const yaml::Node& v = map[key];
  if (!v) return absl::OkStatus();
  if (!Convert(v, out)) {
    return absl::InvalidArgumentError(absl::StrCat(where, ".", key, ": wrong kind of value"));
  }
  return absl::OkStatus();
}

// A list under `key`, or none.
absl::Status ListOf(const yaml::Node& root, const char* key, const std::vector<yaml::Node>** out) {
  static const std::vector<yaml::Node> kNone;
  const yaml::Node& v = root[key];
  *out = &kNone;
  if (!v || v.IsNull()) return absl::OkStatus();
  if (!v.IsSequence()) return absl::InvalidArgumentError(absl::StrCat(key, ": expected a list"));
  *out = &v.items();
  return absl::OkStatus();
}

absl::Status CheckKeys(const yaml::Node& map, const std::string& where,
                       std::initializer_list<const char*> allowed) {
  if (!map.IsMap()) return absl::InvalidArgumentError(absl::StrCat(where, ": expected a mapping"));
  for (const auto& entry : map.entries()) {
    const std::string key = entry.first.scalar();
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
  std::vector<yaml::Node> docs;
  yaml::ReadError error;
  if (!yaml::ReadDocuments(text, &docs, &error)) {
    return absl::InvalidArgumentError(
        absl::StrCat("config: line ", error.mark.line + 1, ": ", error.message));
  }
  if (docs.size() > 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("config: expected one document, found ", docs.size()));
  }
  const yaml::Node root = docs.empty() ? yaml::Node() : docs[0];
  MonitorConfig config;
  if (absl::Status s = CheckKeys(root, "config", {"sources", "destinations", "delivery"}); !s.ok()) {
    return s;
  }
  const std::vector<yaml::Node>* sources = nullptr;
  const std::vector<yaml::Node>* destinations = nullptr;
  if (absl::Status s = ListOf(root, "sources", &sources); !s.ok()) return s;
  if (absl::Status s = ListOf(root, "destinations", &destinations); !s.ok()) return s;
  size_t i = 0;
  for (const yaml::Node& n : *sources) {
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
  for (const yaml::Node& n : *destinations) {
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
  if (const yaml::Node& n = root["delivery"]) {
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
