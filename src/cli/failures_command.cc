// loghealth failures: why a source's logs failed to classify, from the
// panther_monitor database (the seed's "identify which schema of your
// source has failed and for what reason").
#include <cstdio>

#include "loghealth/database.h"
#include "loghealth/timestamp.h"
#include "src/cli/commands.h"
#include "src/json/object_writer.h"
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

// The payload as one printable line, and where `offset` lands in it: the
// excerpt shows up to 60 bytes before the failure and 60 after.
std::string Excerpt(const std::string& payload, int64_t offset, size_t* marker) {
  size_t begin = 0;
  if (offset > 60) begin = static_cast<size_t>(offset) - 60;
  const size_t end = std::min(payload.size(), begin + 120);
  std::string out = begin > 0 ? "..." : "";
  *marker = std::string::npos;
  for (size_t i = begin; i < end; ++i) {
    if (static_cast<int64_t>(i) == offset) *marker = out.size();
    const unsigned char c = static_cast<unsigned char>(payload[i]);
    if (c < 0x20 || c == 0x7f) {
      out += '.';  // control bytes (and NUL) would break the line
    } else {
      out += static_cast<char>(c);
    }
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
    auto value = [&](std::string* out) {
      if (i + 1 >= args.size()) return false;
      *out = args[++i];
      return true;
    };
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
      if (codec->Parse(v, TimeValueKind::kString, &t, &e) != TimeParseStatus::kOk ||
          !t.FitsUnixNanos()) {
        std::fprintf(stderr, "failures: --since: %s\n", codec->Describe(v, e).c_str());
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
      json::ObjectWriter o(&line);
      o.String("log_type", g.log_type)
          .String("reason", g.reason)
          .String("field", g.field)
          .Int("count", g.count)
          .String("first_seen", g.first_seen)
          .String("last_seen", g.last_seen)
          .String("error", g.error)
          .String("sample_payload", g.sample_payload)
          .Int("sample_offset", g.sample_offset);
      o.Close();
      std::printf("%s\n", line.c_str());
      continue;
    }
    std::printf("%s  %s  %s  %lld line%s  %s .. %s\n",
                g.log_type.empty() ? "(no log type)" : g.log_type.c_str(), g.reason.c_str(),
                g.field.empty() ? "-" : g.field.c_str(), static_cast<long long>(g.count),
                g.count == 1 ? "" : "s", g.first_seen.c_str(), g.last_seen.c_str());
    std::printf("  %s\n", g.error.c_str());
    size_t marker = std::string::npos;
    const std::string excerpt = Excerpt(g.sample_payload, g.sample_offset, &marker);
    std::printf("  %s\n", excerpt.c_str());
    if (marker != std::string::npos) {
      const size_t width = std::max<size_t>(1, std::min<size_t>(g.sample_got.size(), 40));
      std::printf("  %s%s\n", std::string(marker, ' ').c_str(), std::string(width, '^').c_str());
    }
  }
  if (!json) std::printf("%zu group%s, %lld failure%s\n", groups->size(),
                         groups->size() == 1 ? "" : "s", static_cast<long long>(total),
                         total == 1 ? "" : "s");
  return 0;
}

}  // namespace cli
}  // namespace loghealth
