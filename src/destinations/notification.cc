#include "src/destinations/notification.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"

namespace loghealth {
namespace destinations {

std::string TypeName(const monitor::Alert& alert) {
  return monitor::SystemErrorType_Name(alert.system_error_type());
}

std::string ComponentName(const monitor::Alert& alert) {
  return monitor::RelatedComponent_Name(alert.related_component());
}

std::string StatusName(const monitor::Alert& alert) {
  return monitor::AlertStatus_Name(alert.status());
}

std::string SubjectText(const monitor::Alert& alert) {
  if (!alert.source_id().empty()) {
    if (alert.source_label().empty() || alert.source_label() == alert.source_id()) {
      return alert.source_id();
    }
    return absl::StrCat(alert.source_label(), " (", alert.source_id(), ")");
  }
  if (!alert.destination_id().empty()) return absl::StrCat("destination ", alert.destination_id());
  if (!alert.account().empty()) {
    return absl::StrCat("account ", alert.account(), ", ", alert.resource());
  }
  return "";
}

std::string Headline(const monitor::Alert& alert, bool resolved_notice) {
  return resolved_notice ? absl::StrCat("Resolved: ", alert.title()) : alert.title();
}

std::string ResolutionText(const monitor::Alert& alert) {
  std::string text = absl::StrCat("Resolved by ", alert.resolved_by().empty() ? "loghealth"
                                                                                : alert.resolved_by());
  if (!alert.resolved_at().empty()) absl::StrAppend(&text, " at ", alert.resolved_at());
  if (!alert.resolution().empty()) absl::StrAppend(&text, ": ", alert.resolution());
  return text;
}

std::vector<const monitor::FailingLine*> FailingLines(const monitor::Alert& alert,
                                                      size_t limit) {
  std::vector<const monitor::FailingLine*> lines;
  auto same = [](const monitor::FailingLine& a, const monitor::FailingLine& b) {
    return a.time() == b.time() && a.payload() == b.payload() && a.error() == b.error();
  };
  for (const monitor::FailingLine& l : alert.context().first_lines()) {
    if (lines.size() == limit) return lines;
    lines.push_back(&l);
  }
  for (const monitor::FailingLine& l : alert.context().latest_lines()) {
    if (lines.size() == limit) return lines;
    if (std::none_of(lines.begin(), lines.end(),
                     [&](const monitor::FailingLine* k) { return same(*k, l); })) {
      lines.push_back(&l);
    }
  }
  return lines;
}

std::string ContextJson(const monitor::Alert& alert) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  if (!google::protobuf::util::MessageToJsonString(alert.context(), &json, options).ok() ||
      json.empty()) {
    return "{}";
  }
  return json;
}

std::string Truncate(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t n = max_bytes >= 3 ? max_bytes - 3 : 0;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  std::string out(text.substr(0, n));
  out += "...";
  return out;
}

}  // namespace destinations
}  // namespace loghealth
