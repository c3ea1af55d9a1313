// loghealth failures: why a source's logs failed to classify, from the
// panther_monitor database (the seed's "identify which schema of your
// source has failed and for what reason").
#include <cstdio>

#include "loghealth/database.h"
#include "loghealth/failure.h"
#include "loghealth/timestamp.h"
#include "src/cli/commands.h"
#include "src/database/failure_group_json.h"
#include "src/util/text_checks.h"

namespace loghealth {
namespace cli {
namespace {

constexpr char kHelp[] =
    "usage: loghealth failures --db PATH [--source ID] [--since TIME] [--log-type T]\n"
    "                          [--limit N] [--json]\n\n"
    "Groups the classification failures of the panther_monitor database by log\n"
    "type, reason and field, most frequent first: how many, first and last seen,\n"
    "the error, and the latest payload with the failing spot marked under it.\n\n"
    "  --source ID     one source (p_source_id)\n"
    "  --since TIME    failures parsed at or after TIME (RFC 3339)\n"
    "  --log-type T    one log type (the one that got furthest)\n"
    "  --limit N       at most N groups (100)\n"
    "  --json          one JSON object a group instead of text\n";

// Text from the database for a terminal: log bytes are attacker-chosen,
// so control bytes (escape sequences, NUL, newlines) become '.' and bytes
// that are not UTF-8 become '?'. Returns the number of columns written
// (one per code point).
size_t AppendPrintable(std::string_view text, std::string* out) {
  size_t columns = 0;
  while (!text.empty()) {
    size_t bad = 0;
    const bool valid = IsValidUtf8(text, &bad);
    const std::string_view good = valid ? text : text.substr(0, bad);
    for (unsigned char c : good) {
      if ((c & 0xC0) == 0x80) {
        out->push_back(static_cast<char>(c));  // a continuation: same column
        continue;
      }
      out->push_back(c < 0x20 || c == 0x7f ? '.' : static_cast<char>(c));
      ++columns;
    }
    if (valid) break;
    out->push_back('?');
    ++columns;
    text.remove_prefix(bad + 1);
  }
  return columns;
}

std::string Printable(std::string_view text) {
  std::string out;
  AppendPrintable(text, &out);
  return out;
}

// The payload as one printable line, and the column where `offset` lands
// in it: up to 60 bytes before the failure and 60 after, cut on UTF-8
// boundaries.
std::string Excerpt(std::string_view payload, int64_t offset, size_t* marker_column) {
  auto boundary = [&](size_t i) {
    while (i < payload.size() && i > 0 && (static_cast<unsigned char>(payload[i]) & 0xC0) == 0x80) {
      --i;
    }
    return i;
  };
  const size_t at = offset < 0 ? std::string_view::npos
                               : std::min(payload.size(), static_cast<size_t>(offset));
  const size_t begin = at != std::string_view::npos && at > 60 ? boundary(at - 60) : 0;
  const size_t end = payload.size() - begin > 120 ? boundary(begin + 120) : payload.size();
  std::string out = begin > 0 ? "..." : "";
  size_t columns = begin > 0 ? 3 : 0;
  *marker_column = std::string::npos;
  if (at != std::string_view::npos && at >= begin && at <= end) {
    columns += AppendPrintable(payload.substr(begin, at - begin), &out);
    *marker_column = columns;
    AppendPrintable(payload.substr(at, end - at), &out);
  } else {
    AppendPrintable(payload.substr(begin, end - begin), &out);
  }
  if (end < payload.size()) out += "...";
  return out;
}

}  // namespace

int FailuresCommand(const std::vector<std::string>& args) {
  std::string db_path;
  FailureQuery query;
  bool json = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string* out) { return TakeValue(args, &i, out); };
    std::string v;
    if (IsHelpFlag(a)) {
      std::fputs(kHelp, stdout);
      return 0;
    } else if (a == "--db" && value(&v)) {
      db_path = v;
    } else if (a == "--source" && value(&v)) {
      query.source_id = v;
    } else if (a == "--log-type" && value(&v)) {
      query.log_type = v;
    } else if (a == "--limit" && value(&v)) {
      query.limit = static_cast<size_t>(std::max(1, std::atoi(v.c_str())));
    } else if (a == "--since" && value(&v)) {
      auto codec = TimeCodec::Compile("rfc3339");
      Timestamp t;
      TimeParseError e;
      if (codec->Parse(v, TimeValueKind::kString, &t, &e) != TimeParseStatus::kOk) {
        std::fprintf(stderr, "failures: --since: %s\n", codec->Describe(v, e).c_str());
        return 2;
      }
      if (!t.FitsUnixNanos()) {  // the database keeps unix nanoseconds
        std::fprintf(stderr, "failures: --since: %s is outside 1677-09-21 .. 2262-04-11\n",
                     v.c_str());
        return 2;
      }
      query.since_ns = t.UnixNanos();
    } else if (a == "--json") {
      json = true;
    } else {
      std::fprintf(stderr, "failures: unknown option or missing value: %s\n\n%s", a.c_str(),
                   kHelp);
      return 2;
    }
  }
  if (db_path.empty()) {
    std::fprintf(stderr, "failures: --db is needed\n\n%s", kHelp);
    return 2;
  }
  // Reading only: a path that is not there is a mistake, not a new database.
  if (FILE* f = std::fopen(db_path.c_str(), "rb")) {
    std::fclose(f);
  } else {
    std::fprintf(stderr, "failures: %s: no such database (loghealth classify --db creates it)\n",
                 db_path.c_str());
    return 2;
  }
  auto db = MonitorDatabase::Open(db_path);
  if (!db.ok()) {
    std::fprintf(stderr, "failures: %s\n", std::string(db.status().message()).c_str());
    return 2;
  }
  auto groups = (*db)->FailureGroups(query);
  if (!groups.ok()) {
    std::fprintf(stderr, "failures: %s\n", std::string(groups.status().message()).c_str());
    return 1;
  }
  int64_t total = 0;
  for (const FailureGroup& g : *groups) {
    total += g.count;
    if (json) {
      std::string line;
      AppendFailureGroupJson(g, &line);
      std::printf("%s\n", line.c_str());
      continue;
    }
    std::printf("%s  %s  %s  %lld line%s  %s .. %s\n",
                g.log_type.empty() ? "(no log type)" : Printable(g.log_type).c_str(),
                Printable(g.reason).c_str(), g.field.empty() ? "-" : Printable(g.field).c_str(),
                static_cast<long long>(g.count), g.count == 1 ? "" : "s",
                Printable(g.first_seen).c_str(), Printable(g.last_seen).c_str());
    std::printf("  %s\n", Printable(g.error).c_str());
    // The marker covers the value that failed (a JSON string with its
    // quotes), at most 40 columns of it.
    const PayloadSpan span = FailingSpan(g.sample_payload, g.sample_offset, g.sample_got);
    const bool marked = span.begin < span.end;
    size_t marker = std::string::npos;
    const std::string excerpt =
        Excerpt(g.sample_payload, marked ? static_cast<int64_t>(span.begin) : -1, &marker);
    std::printf("  %s\n", excerpt.c_str());
    if (marked && marker != std::string::npos) {
      std::string value;
      const size_t columns = AppendPrintable(
          std::string_view(g.sample_payload).substr(span.begin, span.end - span.begin), &value);
      const size_t width = std::max<size_t>(1, std::min<size_t>(columns, 40));
      std::printf("  %s%s\n", std::string(marker, ' ').c_str(), std::string(width, '^').c_str());
    }
  }
  if (!json) {
    std::printf("%zu group%s, %lld failure%s%s\n", groups->size(), groups->size() == 1 ? "" : "s",
                static_cast<long long>(total), total == 1 ? "" : "s",
                groups->size() == query.limit ? " (--limit reached: there may be more)" : "");
  }
  return 0;
}

}  // namespace cli
}  // namespace loghealth
