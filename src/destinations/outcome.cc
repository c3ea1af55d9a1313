// What an HTTP attempt means for the monitor: delivered, retry (when, per
// Retry-After), or permanent; and the message kept, with secrets redacted.
#include <algorithm>
#include <cctype>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "loghealth/destinations.h"
#include "src/destinations/notification.h"

namespace loghealth {

int64_t ParseRetryAfter(std::string_view value, int64_t now_unix_seconds) {
  while (!value.empty() && absl::ascii_isspace(static_cast<unsigned char>(value.front()))) {
    value.remove_prefix(1);
  }
  while (!value.empty() && absl::ascii_isspace(static_cast<unsigned char>(value.back()))) {
    value.remove_suffix(1);
  }
  const std::string text(value);
  if (text.empty()) return -1;
  if (std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); })) {
    int64_t seconds = 0;
    if (!absl::SimpleAtoi(text, &seconds)) return INT64_MAX;  // more digits than int64
    return seconds;
  }
  // RFC 9110: IMF-fixdate, and the obsolete RFC 850 and asctime forms.
  for (const char* format : {"%a, %d %b %Y %H:%M:%S GMT", "%A, %d-%b-%y %H:%M:%S GMT",
                             "%a %b %e %H:%M:%S %Y"}) {
    absl::Time t;
    std::string error;
    if (absl::ParseTime(format, text, absl::UTCTimeZone(), &t, &error)) {
      const int64_t at = absl::ToUnixSeconds(t);
      return at > now_unix_seconds ? at - now_unix_seconds : 0;
    }
  }
  return -1;
}

DeliveryResult ToDeliveryResult(std::string delivery_id, const HttpResponse& response,
                                const Destination& destination) {
  DeliveryResult r;
  r.delivery_id = std::move(delivery_id);
  r.status_code = response.status_code;
  r.duration_ms = response.duration_ms;
  r.retry_after_seconds = response.retry_after_seconds;
  r.response_excerpt = destination.Redact(response.body_excerpt);
  const int s = response.status_code;
  if (s == 0) {
    r.message = destination.Redact(
        response.timed_out ? absl::StrCat("timeout: ", response.error)
                           : absl::StrCat("network error: ", response.error));
  } else if (s >= 200 && s < 300) {
    r.message = absl::StrCat("delivered (", s, ")");
  } else {
    // Panther's wording: "request failed: <status>: <body>".
    r.message = absl::StrCat("request failed: ", s, ": ",
                             destinations::Truncate(r.response_excerpt, 200));
  }
  return r;
}

}  // namespace loghealth
