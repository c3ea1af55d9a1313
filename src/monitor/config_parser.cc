// The monitor's config, from YAML or JSON, with errors that name the line
// and the key.
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "loghealth/monitor.h"
#include "src/util/suggest.h"
#include "src/util/text_checks.h"
#include "src/yaml/reader.h"

namespace loghealth {
namespace {

// "config: line 12: destinations[0].type: ..." (the line when known).
absl::Status Error(const yaml::Node& at, const std::string& where, const std::string& what) {
  const std::string line =
      at.mark().is_null() ? "" : absl::StrCat("line ", at.mark().line + 1, ": ");
  return absl::InvalidArgumentError(absl::StrCat("config: ", line, where, ": ", what));
}

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

// A mapping of names to strings (headers).
bool Convert(const yaml::Node& v, std::vector<std::pair<std::string, std::string>>* out) {
  if (!v.IsMap()) return false;
  out->clear();
  for (const auto& [key, value] : v.entries()) {
    if (!key.IsScalar() || !value.IsScalar()) return false;
    out->emplace_back(key.scalar(), value.scalar());
  }
  return true;
}

const char* KindOf(const std::string*) { return "a string"; }
const char* KindOf(const int*) { return "an integer"; }
const char* KindOf(const int64_t*) { return "an integer"; }
const char* KindOf(const bool*) { return "true or false"; }
const char* KindOf(const std::vector<std::string>*) { return "a list of strings"; }
const char* KindOf(const std::vector<std::pair<std::string, std::string>>*) {
  return "a mapping of names to strings";
}

template <typename T>
absl::Status Read(const yaml::Node& map, const char* key, const std::string& where, T* out) {
  const yaml::Node& v = map[key];
  if (!v) return absl::OkStatus();
  if (!Convert(v, out)) {
    return Error(v, absl::StrCat(where, ".", key), absl::StrCat("expected ", KindOf(out)));
  }
  return absl::OkStatus();
}

// A list under `key`, or none.
absl::Status ListOf(const yaml::Node& root, const char* key, const std::vector<yaml::Node>** out) {
  static const std::vector<yaml::Node> kNone;
  const yaml::Node& v = root[key];
  *out = &kNone;
  if (!v || v.IsNull()) return absl::OkStatus();
  if (!v.IsSequence()) return Error(v, key, "expected a list");
  *out = &v.items();
  return absl::OkStatus();
}

absl::Status CheckKeys(const yaml::Node& map, const std::string& where,
                       const std::vector<std::string>& allowed) {
  if (!map.IsMap()) return Error(map, where, "expected a mapping");
  for (const auto& entry : map.entries()) {
    const std::string& key = entry.first.scalar();
    bool ok = false;
    for (const std::string& a : allowed) ok = ok || key == a;
    if (!ok) {
      const std::vector<std::string_view> candidates(allowed.begin(), allowed.end());
      return Error(entry.first, where,
                   absl::StrCat("unknown key \"", key, "\"", DidYouMean(key, candidates)));
    }
  }
  return absl::OkStatus();
}

#define LH_TRY(expr)                      \
  if (absl::Status s = (expr); !s.ok()) { \
    return s;                             \
  }

// `<name>Env` / `<name>File`: where a secret is. Never a value: a secret
// written into the config would end up wherever the config is copied.
absl::Status ReadSecret(const yaml::Node& n, const std::string& where, const std::string& name,
                        SecretRef* out) {
  const std::string env_key = name + "Env", file_key = name + "File";
  LH_TRY(Read(n, env_key.c_str(), where, &out->env));
  LH_TRY(Read(n, file_key.c_str(), where, &out->file));
  if (!out->env.empty() && !out->file.empty()) {
    return Error(n[file_key], where, absl::StrCat("give ", env_key, " or ", file_key, ", not both"));
  }
  return absl::OkStatus();
}

struct DestinationType {
  const char* name;
  bool needs_url;              // url, urlEnv or urlFile
  const char* secret;          // the secret it needs ("" for none)
  std::vector<std::string> extra_keys;
};

const std::vector<DestinationType>& DestinationTypes() {
  static const auto* types = new std::vector<DestinationType>{
      {"webhook", true, "",
       {"headers", "headersEnv", "hmacSecretEnv", "hmacSecretFile"}},
      {"slack", true, "", {}},
      {"msteams", true, "", {}},
      {"pagerduty", false, "routingKey", {"routingKeyEnv", "routingKeyFile"}},
      {"opsgenie", false, "apiKey", {"apiKeyEnv", "apiKeyFile"}},
      {"console", false, "", {}},
  };
  return *types;
}

absl::Status ParseDestination(const yaml::Node& n, const std::string& where,
                              DestinationConfig* d) {
  static const std::vector<std::string> kCommon = {
      "id", "displayName", "alertTypes", "defaultForSeverity", "sendResolved", "type",
      "url", "urlEnv", "urlFile"};
  if (!n.IsMap()) return Error(n, where, "expected a mapping");
  LH_TRY(Read(n, "type", where, &d->type));
  const DestinationType* type = nullptr;
  std::vector<std::string_view> names;
  std::string list;
  for (const DestinationType& t : DestinationTypes()) {
    names.push_back(t.name);
    absl::StrAppend(&list, list.empty() ? "" : ", ", t.name);
    if (d->type == t.name) type = &t;
  }
  if (!d->type.empty() && type == nullptr) {
    return Error(n["type"], where + ".type",
                 absl::StrCat("unknown destination type \"", d->type, "\"",
                              DidYouMean(d->type, names), "; the types are ", list));
  }
  std::vector<std::string> allowed = kCommon;
  if (type != nullptr) allowed.insert(allowed.end(), type->extra_keys.begin(), type->extra_keys.end());
  LH_TRY(CheckKeys(n, where, allowed));
  LH_TRY(Read(n, "id", where, &d->id));
  LH_TRY(Read(n, "displayName", where, &d->display_name));
  LH_TRY(Read(n, "alertTypes", where, &d->alert_types));
  LH_TRY(Read(n, "defaultForSeverity", where, &d->default_for_severity));
  LH_TRY(Read(n, "sendResolved", where, &d->send_resolved));
  LH_TRY(Read(n, "url", where, &d->url));
  LH_TRY(ReadSecret(n, where, "url", &d->url_secret));
  if (d->id.empty()) return Error(n, where, "id is required");
  if (d->id == "console") {
    return Error(n["id"], where,
                 "\"console\" is the built-in alerts page; pick another id");
  }
  for (const std::string& t : d->alert_types) {
    if (t != "RULE" && t != "RULE_ERROR" && t != "POLICY" && t != "SYSTEM_ERROR" &&
        t != "SCHEDULED_RULE" && t != "SCHEDULED_RULE_ERROR") {
      return Error(n["alertTypes"], where + ".alertTypes",
                   absl::StrCat("unknown alert type \"", t, "\""));
    }
  }
  if (type == nullptr) {
    if (!d->url.empty() || !d->url_secret.empty()) {
      return Error(n, where, "a url needs a type (webhook, slack, pagerduty, opsgenie, msteams)");
    }
    return absl::OkStatus();
  }
  const bool has_url = !d->url.empty() || !d->url_secret.empty();
  if (!d->url.empty() && !d->url_secret.empty()) {
    return Error(n, where, "give url, urlEnv or urlFile, only one");
  }
  if (type->needs_url && !has_url) {
    return Error(n, where, absl::StrCat("type ", type->name, " needs url, urlEnv or urlFile"));
  }
  if (std::string(type->name) == "console" && has_url) {
    return Error(n, where, "type console takes no url: it is the alerts page");
  }
  if (!d->url.empty() && d->url.rfind("http://", 0) != 0 && d->url.rfind("https://", 0) != 0) {
    return Error(n["url"], where + ".url", "expected an http:// or https:// URL");
  }
  if (d->type == "webhook") {
    LH_TRY(Read(n, "headers", where, &d->headers));
    std::vector<std::pair<std::string, std::string>> env_headers;
    LH_TRY(Read(n, "headersEnv", where, &env_headers));
    for (auto& [name, env] : env_headers) {
      SecretRef ref;
      ref.env = env;
      d->secret_headers.emplace_back(name, ref);
    }
    LH_TRY(ReadSecret(n, where, "hmacSecret", &d->hmac_secret));
  } else if (d->type == "pagerduty") {
    LH_TRY(ReadSecret(n, where, "routingKey", &d->routing_key));
    if (d->routing_key.empty()) {
      return Error(n, where, "type pagerduty needs routingKeyEnv or routingKeyFile");
    }
  } else if (d->type == "opsgenie") {
    LH_TRY(ReadSecret(n, where, "apiKey", &d->api_key));
    if (d->api_key.empty()) {
      return Error(n, where, "type opsgenie needs apiKeyEnv or apiKeyFile");
    }
  }
  return absl::OkStatus();
}

absl::Status ParseDelivery(const yaml::Node& n, DeliveryPolicy* p) {
  LH_TRY(CheckKeys(n, "delivery",
                   {"maxRetries", "minRetryDelaySeconds", "maxRetryDelaySeconds",
                    "maxAgeSeconds", "timeoutSeconds", "maxConcurrency"}));
  LH_TRY(Read(n, "maxRetries", "delivery", &p->max_retries));
  LH_TRY(Read(n, "minRetryDelaySeconds", "delivery", &p->min_retry_delay_seconds));
  LH_TRY(Read(n, "maxRetryDelaySeconds", "delivery", &p->max_retry_delay_seconds));
  LH_TRY(Read(n, "maxAgeSeconds", "delivery", &p->max_age_seconds));
  LH_TRY(Read(n, "timeoutSeconds", "delivery", &p->timeout_seconds));
  LH_TRY(Read(n, "maxConcurrency", "delivery", &p->max_concurrency));
  if (p->max_retries < 0 || p->min_retry_delay_seconds < 0 ||
      p->max_retry_delay_seconds < p->min_retry_delay_seconds || p->max_age_seconds <= 0) {
    return Error(n, "delivery",
                 "need maxRetries >= 0 and 0 <= minRetryDelaySeconds <= "
                 "maxRetryDelaySeconds, maxAgeSeconds > 0");
  }
  if (p->timeout_seconds <= 0 || p->timeout_seconds > 600) {
    return Error(n["timeoutSeconds"], "delivery.timeoutSeconds", "must be from 1 to 600");
  }
  if (p->max_concurrency <= 0 || p->max_concurrency > 64) {
    return Error(n["maxConcurrency"], "delivery.maxConcurrency", "must be from 1 to 64");
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
  LH_TRY(CheckKeys(root, "config", {"sources", "destinations", "delivery"}));
  const std::vector<yaml::Node>* sources = nullptr;
  const std::vector<yaml::Node>* destinations = nullptr;
  LH_TRY(ListOf(root, "sources", &sources));
  LH_TRY(ListOf(root, "destinations", &destinations));
  size_t i = 0;
  for (const yaml::Node& n : *sources) {
    const std::string where = absl::StrCat("sources[", i++, "]");
    LH_TRY(CheckKeys(n, where, {"id", "label", "dropOffMinutes"}));
    SourceConfig c;
    LH_TRY(Read(n, "id", where, &c.id));
    LH_TRY(Read(n, "label", where, &c.label));
    LH_TRY(Read(n, "dropOffMinutes", where, &c.drop_off_minutes));
    if (c.id.empty()) return Error(n, where, "id is required");
    config.sources.push_back(std::move(c));
  }
  i = 0;
  for (const yaml::Node& n : *destinations) {
    DestinationConfig d;
    LH_TRY(ParseDestination(n, absl::StrCat("destinations[", i++, "]"), &d));
    for (const DestinationConfig& other : config.destinations) {
      if (other.id == d.id) return Error(n["id"], "destinations", absl::StrCat("id \"", d.id, "\" is listed twice"));
    }
    config.destinations.push_back(std::move(d));
  }
  if (const yaml::Node& n = root["delivery"]) LH_TRY(ParseDelivery(n, &config.delivery));
  return config;
}

#undef LH_TRY

}  // namespace loghealth
