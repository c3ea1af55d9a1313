// Destination::Create (reading secrets), redaction and the headers every
// request carries.
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "loghealth/destinations.h"
#include "loghealth/version.h"
#include "src/destinations/destination_types.h"

namespace loghealth {
namespace {

constexpr char kUserAgent[] = "loghealth/" LOGHEALTH_VERSION_STRING;

// Reads one secret. Messages name where it was looked for, never what it is.
absl::StatusOr<std::string> ReadSecret(const SecretRef& ref, const std::string& destination,
                                       const char* setting) {
  std::string value;
  if (!ref.env.empty()) {
    const char* v = std::getenv(ref.env.c_str());
    if (v == nullptr || *v == '\0') {
      return absl::FailedPreconditionError(absl::StrCat(
          "destination ", destination, ": ", setting, "Env: environment variable ", ref.env,
          " is not set (or empty)"));
    }
    value = v;
  } else if (!ref.file.empty()) {
    std::ifstream in(ref.file, std::ios::binary);
    if (!in) {
      return absl::FailedPreconditionError(absl::StrCat(
          "destination ", destination, ": ", setting, "File: cannot read ", ref.file));
    }
    std::ostringstream text;
    text << in.rdbuf();
    value = text.str();
    while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
    if (value.empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "destination ", destination, ": ", setting, "File: ", ref.file, " is empty"));
    }
  }
  // Bytes that would let a secret split a header or a URL are refused.
  for (unsigned char c : value) {
    if (c < 0x20 || c == 0x7f) {
      return absl::InvalidArgumentError(absl::StrCat(
          "destination ", destination, ": the ", setting,
          " secret holds a control character (not shown)"));
    }
  }
  return value;
}

}  // namespace

Destination::~Destination() = default;

absl::StatusOr<std::unique_ptr<Destination>> Destination::Create(
    const DestinationConfig& config) {
  const std::string& id = config.id;
  if (config.type.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "destination ", id, " has no type: say how to reach it (webhook, slack, pagerduty, "
        "opsgenie, msteams or console)"));
  }
  std::string url = config.url;
  std::vector<std::string> secrets;
  if (!config.url_secret.empty()) {
    auto v = ReadSecret(config.url_secret, id, "url");
    if (!v.ok()) return v.status();
    url = *v;
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "destination ", id, ": the url secret is not an http:// or https:// URL (not shown)"));
    }
    secrets.push_back(url);
  }
  auto secret = [&](const SecretRef& ref, const char* setting) -> absl::StatusOr<std::string> {
    if (ref.empty()) return std::string();
    auto v = ReadSecret(ref, id, setting);
    if (v.ok()) secrets.push_back(*v);
    return v;
  };
  std::unique_ptr<Destination> d;
  if (config.type == "webhook") {
    auto key = secret(config.hmac_secret, "hmacSecret");
    if (!key.ok()) return key.status();
    DestinationConfig resolved = config;
    for (const auto& [name, ref] : config.secret_headers) {
      auto v = secret(ref, "headers");
      if (!v.ok()) return v.status();
      resolved.headers.emplace_back(name, *v);
    }
    // Header values may be credentials too: keep them out of messages.
    for (const auto& header : config.headers) secrets.push_back(header.second);
    d = destinations::NewWebhook(resolved, *std::move(key));
  } else if (config.type == "slack") {
    d = destinations::NewSlack(config);
  } else if (config.type == "msteams") {
    d = destinations::NewMsTeams(config);
  } else if (config.type == "pagerduty") {
    auto key = secret(config.routing_key, "routingKey");
    if (!key.ok()) return key.status();
    if (url.empty()) url = "https://events.pagerduty.com/v2/enqueue";
    d = destinations::NewPagerDuty(config, *std::move(key));
  } else if (config.type == "opsgenie") {
    auto key = secret(config.api_key, "apiKey");
    if (!key.ok()) return key.status();
    if (url.empty()) url = "https://api.opsgenie.com";
    while (!url.empty() && url.back() == '/') url.pop_back();
    d = destinations::NewOpsgenie(config, *std::move(key));
  } else if (config.type == "console") {
    d = destinations::NewConsole(config);
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("destination ", id, ": unknown type \"", config.type, "\""));
  }
  if (d->sends_http() && url.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("destination ", id, ": type ", config.type, " needs url, urlEnv or urlFile"));
  }
  d->url_ = std::move(url);
  // Empty values would redact every gap between characters; short ones
  // (a header like "1") would mangle messages without protecting anything.
  for (std::string& s : secrets) {
    if (s.size() >= 4) d->secrets_.push_back(std::move(s));
  }
  return d;
}

std::string Destination::Redact(std::string_view text) const {
  std::string out(text);
  for (const std::string& secret : secrets_) {
    out = absl::StrReplaceAll(out, {{secret, "[redacted]"}});
  }
  return out;
}

void Destination::AddCommonHeaders(std::string_view delivery_id, int attempt,
                                   HttpRequest* request) const {
  request->headers.emplace_back("Content-Type", "application/json");
  request->headers.emplace_back("User-Agent", kUserAgent);
  request->headers.emplace_back("X-Loghealth-Delivery", std::string(delivery_id));
  request->headers.emplace_back("X-Loghealth-Attempt", absl::StrCat(attempt));
}

}  // namespace loghealth
