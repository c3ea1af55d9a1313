// SOURCE_SCANNING_ERRORS: a cloud scan denied access. One open alert per
// (account, resource) until a scan of it succeeds; other scan errors are
// recorded in the audit log, not alerted.
#include <algorithm>
#include <cctype>

#include "absl/strings/str_cat.h"
#include "src/monitor/monitor_impl.h"

namespace loghealth {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool IsAccessDenied(const std::string& lower) {
  for (const char* marker : {"accessdenied", "access denied", "not authorized",
                             "unauthorizedoperation", "no resource-based policy allows",
                             "explicit deny", "forbidden"}) {
    if (lower.find(marker) != std::string::npos) return true;
  }
  return false;
}

// The three causes Panther's docs name, from the words of AWS's error.
std::string Hint(const std::string& lower) {
  if (lower.find("service control policy") != std::string::npos) {
    return "An AWS Organizations service control policy (SCP) denies the scanning "
           "role: add an exception for the role to the SCP, or exclude these regions "
           "or resource types from the Cloud Security integration.";
  }
  if (lower.find("resource-based policy") != std::string::npos) {
    return "The resource's own policy does not grant the scanning role access: add "
           "an exception for the role to the resource-based policy, or exclude the "
           "resource from scanning.";
  }
  return "The scanning role (PantherAuditRole) lacks the permission: update the role "
         "to the latest version of its template.";
}

}  // namespace

void HealthMonitor::Impl::OnScan(const Observation& o) {
  const std::string key = o.account + '\x1f' + o.resource;
  monitor::ScanState* scan = nullptr;
  auto it = scans.find(key);
  if (it != scans.end()) scan = it->second;
  const std::string subject = o.account + "/" + o.resource;
  if (o.ok) {
    if (scan == nullptr || scan->alert_id().empty()) return;
    const std::string alert_id = scan->alert_id();
    Transition("account", o.account, monitor::SOURCE_SCANNING_ERRORS, monitor::ALARM,
               monitor::OK, absl::StrCat("a scan of ", o.resource, " succeeded"), alert_id);
    ResolveAlert(alert_id, "loghealth", "a scan of the resource succeeded");
    return;
  }
  const std::string lower = Lower(o.error);
  if (!IsAccessDenied(lower)) {
    Audit(subject, monitor::SOURCE_SCANNING_ERRORS, monitor::OK, monitor::OK,
          absl::StrCat("scan error (not access denied, not alerted): ", o.error), "");
    return;
  }
  if (scan == nullptr) {
    // Only resources with an access-denied alarm are kept: other scan
    // errors leave no state behind, however many resources fail.
    scan = state.add_scans();
    scan->set_account(o.account);
    scan->set_resource(o.resource);
    scans[key] = scan;
  }
  if (!scan->alert_id().empty()) {
    Join(open_alerts[scan->alert_id()]);
    return;
  }
  scan->set_sequence(scan->sequence() + 1);
  const std::string hint = Hint(lower);
  Alert* alert = Raise(
      monitor::SOURCE_SCANNING_ERRORS, monitor::CLOUD_ACCOUNT, subject, scan->sequence(),
      absl::StrCat("Source [", o.account, "] has scanning errors"),
      absl::StrCat("Scanning ", o.resource, " failed: ", o.error, ". ", hint),
      [&](Alert* a) {
        a->set_account(o.account);
        a->set_resource(o.resource);
        a->mutable_context()->set_aws_error(o.error);
        a->mutable_context()->set_hint(hint);
      });
  scan->set_alert_id(alert->alert_id());
  Transition("account", o.account, monitor::SOURCE_SCANNING_ERRORS, monitor::OK,
             monitor::ALARM, absl::StrCat("access denied scanning ", o.resource, ": ", o.error),
             alert->alert_id());
}

}  // namespace loghealth
