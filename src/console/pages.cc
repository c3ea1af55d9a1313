#include "src/console/pages.h"

#include <algorithm>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "loghealth/failure.h"
#include "loghealth/timestamp.h"
#include "src/console/html.h"
#include "src/util/url_escape.h"

namespace loghealth {
namespace console {
namespace {

const char* const kSystemErrorTypes[] = {
    "SOURCE_CLASSIFICATION_FAILURES", "SOURCE_NO_DATA",         "SOURCE_PERMISSIONS_CHECKS",
    "SOURCE_LOG_PROCESSING_ERRORS",   "SOURCE_SCANNING_ERRORS", "ALERT_DELIVERY"};

std::string Layout(const std::string& title, const std::string& body, bool script = false) {
  std::string out =
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>";
  AppendHtml(title, &out);
  out += " - loghealth</title><link rel=\"stylesheet\" href=\"/static/console.css\">";
  if (script) out += "<script src=\"/static/console.js\" defer></script>";
  out +=
      "</head><body><header><a class=\"brand\" href=\"/\">loghealth</a><nav>"
      "<a href=\"/\">System Errors</a><a href=\"/sources\">Log sources</a>"
      "<a href=\"/metrics\">Metrics</a></nav></header><main>";
  out += body;
  out += "</main></body></html>\n";
  return out;
}

std::string AlertLink(const AlertView& a) {
  return absl::StrCat("/alerts/", UrlPathEscape(a.id));
}

std::string SourceLink(const std::string& id) {
  return absl::StrCat("/sources/", UrlPathEscape(id));
}

// A <td> holding text.
void Cell(std::string_view text, std::string* out, const char* cls = nullptr) {
  out->append(cls ? absl::StrCat("<td class=\"", cls, "\">") : "<td>");
  AppendHtml(text, out);
  out->append("</td>");
}

void Option(std::string_view value, std::string_view label, std::string_view selected,
            std::string* out) {
  out->append("<option value=\"");
  AppendHtml(value, out);
  out->append(value == selected ? "\" selected>" : "\">");
  AppendHtml(label, out);
  out->append("</option>");
}

void DeliverySummary(const AlertView& a, std::string* out) {
  out->append("<ul class=\"deliveries\">");
  for (const DeliveryStatus& d : a.delivery_status) {
    std::string state_class = d.state;
    std::replace(state_class.begin(), state_class.end(), ' ', '-');
    out->append("<li class=\"delivery ").append(state_class).append("\" data-destination=\"");
    AppendHtml(d.destination_id, out);
    out->append("\">");
    AppendHtml(d.destination_id, out);
    out->append(": ");
    AppendHtml(d.state, out);
    out->append("</li>");
  }
  out->append("</ul>");
}

// A definition list row.
void Row(std::string_view term, std::string_view value, std::string* out) {
  if (value.empty()) return;
  out->append("<dt>");
  AppendHtml(term, out);
  out->append("</dt><dd>");
  AppendHtml(value, out);
  out->append("</dd>");
}

// The payload with the failing span in <mark>: at most 200 bytes either
// side of it, cut on UTF-8 boundaries.
void MarkedPayload(const FailingLine& l, std::string* out) {
  const std::string_view p = l.payload;
  const PayloadSpan span = FailingSpan(p, l.offset, l.got);
  auto boundary = [&](size_t i) {
    while (i > 0 && i < p.size() && (static_cast<unsigned char>(p[i]) & 0xC0) == 0x80) --i;
    return i;
  };
  out->append("<pre class=\"payload\">");
  if (span.begin == span.end) {
    AppendHtml(p.substr(0, 2000), out);
    if (p.size() > 2000) out->append("<span class=\"cut\">...</span>");
  } else {
    const size_t from = span.begin > 200 ? boundary(span.begin - 200) : 0;
    const size_t to = p.size() - span.end > 200 ? boundary(span.end + 200) : p.size();
    if (from > 0) out->append("<span class=\"cut\">...</span>");
    AppendHtml(p.substr(from, span.begin - from), out);
    out->append("<mark class=\"failing\">");
    AppendHtml(p.substr(span.begin, span.end - span.begin), out);
    out->append("</mark>");
    AppendHtml(p.substr(span.end, to - span.end), out);
    if (to < p.size()) out->append("<span class=\"cut\">...</span>");
  }
  out->append("</pre>");
}

std::string TimeOf(int64_t ns) {
  std::string out;
  FormatRfc3339Nano(Timestamp::FromUnixNanos(ns), &out);
  return out;
}

// Events and failures per bucket as bars, drawn here (no script, no CDN):
// one <g class="bucket"> per bucket, its numbers in a <title>.
void Chart(const SourceView& s, std::string* out) {
  constexpr int kWidth = 960, kHeight = 220, kLeft = 48, kBottom = 24, kTop = 8;
  const size_t n = s.series.size();
  uint64_t top = 1;
  for (const SeriesPoint& p : s.series) top = std::max({top, p.events, p.failures});
  const double slot = n == 0 ? 0 : static_cast<double>(kWidth - kLeft) / static_cast<double>(n);
  const double plot = kHeight - kBottom - kTop;
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "<svg id=\"series-chart\" class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" "
                "aria-label=\"events and classification failures per bucket\" "
                "xmlns=\"http://www.w3.org/2000/svg\">",
                kWidth, kHeight);
  out->append(buf);
  std::snprintf(buf, sizeof buf,
                "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>"
                "<text class=\"label\" x=\"4\" y=\"%d\">%llu</text>"
                "<text class=\"label\" x=\"4\" y=\"%d\">0</text>",
                kLeft, kHeight - kBottom, kWidth, kHeight - kBottom, kTop + 10,
                static_cast<unsigned long long>(top), kHeight - kBottom);
  out->append(buf);
  for (size_t i = 0; i < n; ++i) {
    const SeriesPoint& p = s.series[i];
    const double x = kLeft + slot * static_cast<double>(i);
    const double he = plot * static_cast<double>(p.events) / static_cast<double>(top);
    const double hf = plot * static_cast<double>(p.failures) / static_cast<double>(top);
    std::snprintf(buf, sizeof buf,
                  "<g class=\"bucket\" data-start=\"%lld\" data-events=\"%llu\" "
                  "data-failures=\"%llu\"><title>",
                  static_cast<long long>(p.start_ns), static_cast<unsigned long long>(p.events),
                  static_cast<unsigned long long>(p.failures));
    out->append(buf);
    AppendHtml(absl::StrCat(TimeOf(p.start_ns), ": ", p.events, " events, ", p.failures,
                            " failures"),
               out);
    std::snprintf(buf, sizeof buf,
                  "</title><rect class=\"events\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
                  "height=\"%.2f\"/><rect class=\"failures\" x=\"%.2f\" y=\"%.2f\" "
                  "width=\"%.2f\" height=\"%.2f\"/></g>",
                  x, kTop + plot - he, std::max(slot * 0.8, 0.5), he, x + slot * 0.2,
                  kTop + plot - hf, std::max(slot * 0.4, 0.5), hf);
    out->append(buf);
  }
  if (n > 0) {
    out->append("<text class=\"label\" x=\"48\" y=\"216\">");
    AppendHtml(TimeOf(s.series.front().start_ns), out);
    out->append("</text><text class=\"label end\" x=\"956\" y=\"216\">");
    AppendHtml(TimeOf(s.series.back().start_ns + s.bucket_ns), out);
    out->append("</text>");
  }
  out->append("</svg>");
}

}  // namespace

std::string AlertsPage(const std::vector<AlertView>& alerts, const AlertFilter& filter,
                       const std::vector<std::string>& sources) {
  std::string b = "<h1>System Errors</h1>";
  b += "<form class=\"filters\" method=\"get\" action=\"/\"><label>Status <select name=\"status\">";
  Option("", "any", filter.status, &b);
  Option("OPEN", "open", filter.status, &b);
  Option("RESOLVED", "resolved", filter.status, &b);
  b += "</select></label><label>Type <select name=\"type\">";
  Option("", "any", filter.system_error_type, &b);
  for (const char* t : kSystemErrorTypes) Option(t, t, filter.system_error_type, &b);
  b += "</select></label><label>Source <select name=\"source\">";
  Option("", "any", filter.source_id, &b);
  for (const std::string& s : sources) Option(s, s, filter.source_id, &b);
  b += "</select></label><button type=\"submit\">Filter</button></form>";
  if (alerts.empty()) {
    b += "<p class=\"empty\" id=\"no-alerts\">No System Errors.</p>";
    return Layout("System Errors", b);
  }
  b += "<table id=\"alerts\"><thead><tr><th>Type</th><th>Severity</th><th>Source</th>"
       "<th>Title</th><th>First seen</th><th>Last seen</th><th>Occurrences</th>"
       "<th>Status</th><th>Deliveries</th></tr></thead><tbody>";
  for (const AlertView& a : alerts) {
    b += a.status == "OPEN" ? "<tr class=\"alert open\" data-alert-id=\""
                            : "<tr class=\"alert resolved\" data-alert-id=\"";
    AppendHtml(a.id, &b);
    b += "\">";
    Cell(a.system_error_type, &b, "type");
    Cell(a.severity, &b, "severity");
    b += "<td class=\"source\">";
    if (!a.source_id.empty()) {
      b += "<a href=\"" + SourceLink(a.source_id) + "\">";
      AppendHtml(a.source_label.empty() ? a.source_id : a.source_label, &b);
      b += "</a>";
    } else {
      AppendHtml(!a.destination_id.empty() ? a.destination_id : a.account, &b);
    }
    b += "</td><td class=\"title\"><a href=\"" + AlertLink(a) + "\">";
    AppendHtml(a.title, &b);
    b += "</a></td>";
    Cell(a.created_at, &b, "first-seen");
    Cell(a.updated_at, &b, "last-seen");
    Cell(std::to_string(a.occurrences), &b, "occurrences");
    Cell(a.status, &b, "status");
    b += "<td>";
    DeliverySummary(a, &b);
    b += "</td></tr>";
  }
  b += "</tbody></table>";
  return Layout("System Errors", b);
}

std::string AlertPage(const AlertView& a, bool can_resolve) {
  std::string b = "<p class=\"crumbs\"><a href=\"/\">System Errors</a></p><h1 id=\"alert-title\">";
  AppendHtml(a.title, &b);
  b += a.status == "OPEN" ? "</h1><p class=\"badges\"><span class=\"badge critical\">"
                          : "</h1><p class=\"badges\"><span class=\"badge critical\">";
  AppendHtml(a.severity, &b);
  b += "</span> <span class=\"badge status\" id=\"alert-status\">";
  AppendHtml(a.status, &b);
  b += "</span></p><p class=\"description\">";
  AppendHtml(a.description, &b);
  b += "</p><dl class=\"facts\">";
  Row("System error type", a.system_error_type, &b);
  Row("Alert id", a.id, &b);
  Row("Source", a.source_label.empty() ? a.source_id : a.source_label + " (" + a.source_id + ")",
      &b);
  Row("Destination", a.destination_id, &b);
  Row("Account", a.account, &b);
  Row("Resource", a.resource, &b);
  Row("First seen", a.created_at, &b);
  Row("Last seen", a.updated_at, &b);
  Row("Occurrences", std::to_string(a.occurrences), &b);
  Row("Resolved at", a.resolved_at, &b);
  Row("Resolved by", a.resolved_by, &b);
  Row("Resolution", a.resolution, &b);
  b += "</dl>";
  if (!a.source_id.empty()) {
    b += "<p><a href=\"" + SourceLink(a.source_id) + "\">The source's health</a></p>";
  }
  if (can_resolve && a.status == "OPEN") {
    b += "<section id=\"resolve-section\"><h2>Resolve</h2>"
         "<form id=\"resolve\" data-alert-id=\"";
    AppendHtml(a.id, &b);
    b += "\"><label>Your name <input name=\"actor\" required autocomplete=\"name\"></label>"
         "<label>Reason <input name=\"reason\" required></label>"
         "<label>Token <input name=\"token\" type=\"password\" required "
         "autocomplete=\"current-password\"></label>"
         "<button type=\"submit\">Mark as Resolved</button></form>"
         "<p id=\"resolve-result\" role=\"status\"></p>"
         "<noscript><p>Resolving needs JavaScript (it sends the token as a header), or the "
         "API: POST /api/alerts/ID/resolve.</p></noscript></section>";
  }
  if (!a.lines.empty()) {
    b += "<section id=\"failing-lines\"><h2>Failing lines</h2>";
    if (!a.log_types.empty()) {
      b += "<p>Log types: ";
      for (size_t i = 0; i < a.log_types.size(); ++i) {
        if (i > 0) b += ", ";
        AppendHtml(a.log_types[i], &b);
      }
      b += "</p>";
    }
    for (const FailingLine& l : a.lines) {
      b += "<article class=\"line\" data-offset=\"" + std::to_string(l.offset) + "\"><dl>";
      Row("Time", l.time, &b);
      Row("Log type", l.log_type, &b);
      Row("Reason", l.reason, &b);
      Row("Field", l.field, &b);
      Row("Expected", l.expected, &b);
      Row("Got", l.got, &b);
      Row("Error", l.error, &b);
      Row("Tried", l.tried_json, &b);
      b += "</dl>";
      MarkedPayload(l, &b);
      b += "</article>";
    }
    b += "</section>";
  }
  b += "<section><h2>Deliveries</h2>";
  DeliverySummary(a, &b);
  b += "<ol id=\"delivery-attempts\" class=\"timeline\">";
  for (const DeliveryAttempt& d : a.attempts) {
    b += d.success ? "<li class=\"attempt ok\">" : "<li class=\"attempt failed\">";
    AppendHtml(absl::StrCat(d.time, "  ", d.destination_id, d.resolved_notice ? " (resolved notice)" : "",
                            "  attempt ", d.attempt, "  ",
                            d.status_code == 0 ? std::string("no response")
                                               : absl::StrCat("HTTP ", d.status_code),
                            "  ", d.message),
               &b);
    if (!d.response_excerpt.empty()) {
      b += "<pre class=\"response\">";
      AppendHtml(d.response_excerpt, &b);
      b += "</pre>";
    }
    b += "</li>";
  }
  b += "</ol></section><section><h2>Audit trail</h2><ol id=\"transitions\" class=\"timeline\">";
  for (const Transition& t : a.transitions) {
    b += "<li class=\"transition\">";
    AppendHtml(absl::StrCat(t.time, "  ", t.subject, "  ", t.system_error_type, "  ", t.from,
                            " -> ", t.to, "  ", t.reason),
               &b);
    b += "</li>";
  }
  b += "</ol></section>";
  if (!a.context_json.empty()) {
    b += "<section><h2>Context</h2><pre class=\"context\">";
    AppendHtml(a.context_json, &b);
    b += "</pre></section>";
  }
  return Layout(a.title, b, /*script=*/can_resolve);
}

std::string SourcePage(const SourceView& s) {
  std::string b = "<p class=\"crumbs\"><a href=\"/sources\">Log sources</a></p><h1>";
  AppendHtml(s.label.empty() ? s.id : s.label, &b);
  b += "</h1><h2>Health</h2><dl class=\"facts\">";
  Row("Source id", s.id, &b);
  const double rate = s.events + s.failures == 0
                          ? 0
                          : 100.0 * static_cast<double>(s.failures) /
                                static_cast<double>(s.events + s.failures);
  char buf[128];
  if (s.events_known) {
    std::snprintf(buf, sizeof buf, "%.2f%% (%llu of %llu logs in the window)", rate,
                  static_cast<unsigned long long>(s.failures),
                  static_cast<unsigned long long>(s.events + s.failures));
  } else {
    std::snprintf(buf, sizeof buf, "%llu failures in the window (events are not in the database)",
                  static_cast<unsigned long long>(s.failures));
  }
  b += "<dt>Classification failure rate</dt><dd id=\"failure-rate\">";
  AppendHtml(buf, &b);
  b += "</dd>";
  Row("Drop-off alarm", s.drop_off_minutes > 0
                            ? absl::StrCat(s.no_data_state, " (no events for ",
                                           s.drop_off_minutes, " minutes)")
                            : std::string("off"),
      &b);
  Row("Last event", s.last_event_at.empty() ? "never" : s.last_event_at, &b);
  b += "</dl><h2>Events and classification failures</h2>";
  std::snprintf(buf, sizeof buf, "<p class=\"legend\"><span class=\"key events\"></span> events "
                "<span class=\"key failures\"></span> failures, per %lld minutes</p>",
                static_cast<long long>(s.bucket_ns / 60000000000LL));
  b += buf;
  Chart(s, &b);
  b += "<h2>Health checks</h2>";
  if (s.failed_checks.empty()) {
    b += "<p id=\"checks-ok\">Every health check passes.</p>";
  } else {
    b += "<table id=\"failed-checks\"><thead><tr><th>Check</th><th>Message</th><th>Since</th>"
         "</tr></thead><tbody>";
    for (const HealthCheck& c : s.failed_checks) {
      b += "<tr>";
      Cell(c.name, &b);
      Cell(c.message, &b);
      Cell(c.since, &b);
      b += "</tr>";
    }
    b += "</tbody></table>";
  }
  b += "<h2>S3 GetObject failures (24 hours)</h2>";
  if (s.get_object_failures.empty()) {
    b += "<p id=\"no-get-object-failures\">None.</p>";
  } else {
    b += "<table id=\"get-object-failures\"><thead><tr><th>Time</th><th>Bucket</th><th>Key</th>"
         "<th>Error</th></tr></thead><tbody>";
    for (const GetObjectFailure& f : s.get_object_failures) {
      b += "<tr>";
      Cell(f.time, &b);
      Cell(f.bucket, &b);
      Cell(f.key, &b);
      Cell(f.error, &b);
      b += "</tr>";
    }
    b += "</tbody></table>";
  }
  b += "<h2>Open System Errors</h2><ul id=\"source-alerts\">";
  for (const AlertView& a : s.open_alerts) {
    b += "<li><a href=\"" + AlertLink(a) + "\">";
    AppendHtml(a.title, &b);
    b += "</a></li>";
  }
  b += "</ul>";
  return Layout(s.label.empty() ? s.id : s.label, b);
}

std::string SourcesPage(const std::vector<std::string>& sources) {
  std::string b = "<h1>Log sources</h1><ul id=\"sources\">";
  for (const std::string& s : sources) {
    b += "<li><a href=\"" + SourceLink(s) + "\">";
    AppendHtml(s, &b);
    b += "</a></li>";
  }
  b += "</ul>";
  return Layout("Log sources", b);
}

std::string ErrorPage(int status, const std::string& message) {
  std::string b = absl::StrCat("<h1>", status, "</h1><p id=\"error\">");
  AppendHtml(message, &b);
  b += "</p>";
  return Layout(std::to_string(status), b);
}

}  // namespace console
}  // namespace loghealth
