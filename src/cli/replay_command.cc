// loghealth replay: feeds a timeline to a HealthMonitor, with simulated
// destinations, and prints every record it produces -- an offline harness
// in the spirit of `promtool test rules`.
#include <cstdio>
#include <map>

#include "loghealth/database.h"
#include "loghealth/monitor.h"
#include "simdjson.h"
#include "src/cli/commands.h"
#include "src/cli/schema_args.h"

namespace loghealth {
namespace cli {
namespace {

constexpr char kHelp[] =
    "usage: loghealth replay --config CONFIG.yml [--db PATH] TIMELINE.jsonl\n\n"
    "Replays a timeline (one JSON object a line, in time order, each with \"time\"\n"
    "and \"type\") through the health monitor and prints its records as JSON lines:\n"
    "alarm_state, alert, alert_update, alert_resolved, delivery, data_audit.\n\n"
    "Types: events {source, count}; health_check {source, check, healthy, message?};\n"
    "classification_failure {source, logType?, error, payload}; s3_get_object\n"
    "{source, bucket, key, ok, error?, size?, versionId?, recordCount?, roleArn?};\n"
    "scan {account, resource, ok, error?}; destination {destination, up};\n"
    "resolve {alertId, actor, reason?}; tick {}.\n\n"
    "Destinations are simulated: each succeeds (200) while up and fails every\n"
    "attempt with 503 while down; all are up at the start. Before each line the\n"
    "clock advances to its time, firing timers and due deliveries on the way.\n"
    "A bad line stops the run with its line number and the reason (exit 2).\n\n"
    "  --db PATH  also write the records into the panther_monitor database PATH\n"
    "             (alerts, alert_lines, deliveries, alarm_states, data_audit)\n";

class Replay {
 public:
  Replay(HealthMonitor* monitor, MonitorDatabase* db) : monitor_(monitor), db_(db) {}

  void SetUp(const std::string& destination, bool up) { down_[destination] = !up; }

  // Moves the clock up to `time` (exclusive: what falls due at `time` itself
  // comes after the line), delivering whatever falls due on the way.
  void RunBefore(int64_t time) {
    for (int64_t next = monitor_->NextDueTime(); next != 0 && next < time;
         next = monitor_->NextDueTime()) {
      if (next < monitor_->clock()) next = monitor_->clock();
      monitor_->Advance(next);
      const bool delivered = Deliver();
      Print();
      // Reporting can make more due at `next` (a new alert's deliveries):
      // go round again while something happens.
      if (!delivered && monitor_->NextDueTime() == next) break;
    }
  }

  // Moves the clock to `time`, inclusive.
  void RunUntil(int64_t time) {
    RunBefore(time);
    monitor_->Advance(time);
    while (Deliver()) {
    }
    Print();
  }

  bool Deliver() {
    std::vector<DeliveryRequest> due = monitor_->TakeDueDeliveries();
    for (const DeliveryRequest& r : due) {
      DeliveryResult result;
      result.delivery_id = r.delivery_id;
      if (down_[r.destination_id]) {
        result.status_code = 503;
        result.message = "request failed: 503: destination down (simulated)";
      } else {
        result.status_code = 200;
        result.message = "ok";
      }
      (void)monitor_->ReportDelivery(result);
    }
    return !due.empty();
  }

  void Print() {
    for (const std::string& line : monitor_->TakeOutputs()) {
      std::fwrite(line.data(), 1, line.size(), stdout);
      std::fputc('\n', stdout);
      if (db_ != nullptr && db_status_.ok()) db_status_ = db_->AddMonitorRecord(line);
    }
  }
  const absl::Status& db_status() const { return db_status_; }

 private:
  HealthMonitor* monitor_;
  MonitorDatabase* db_;
  absl::Status db_status_;
  std::map<std::string, bool> down_;
};

}  // namespace

int ReplayCommand(const std::vector<std::string>& args) {
  std::string config_path, timeline_path, db_path;
  for (size_t i = 0; i < args.size(); ++i) {
    if (IsHelpFlag(args[i])) {
      std::fputs(kHelp, stdout);
      return 0;
    }
    const std::string& a = args[i];
    if ((a == "--config" && TakeValue(args, &i, &config_path)) ||
        (a == "--db" && TakeValue(args, &i, &db_path))) {
      continue;  // an option and its value
    }
    if (!args[i].empty() && args[i][0] == '-') {
      std::fprintf(stderr, "replay: unknown option or missing value: %s\n\n%s",
                   args[i].c_str(), kHelp);
      return 2;
    } else if (timeline_path.empty()) {
      timeline_path = args[i];
    } else {
      std::fprintf(stderr, "replay: one timeline only\n\n%s", kHelp);
      return 2;
    }
  }
  if (config_path.empty() || timeline_path.empty()) {
    std::fprintf(stderr, "replay: --config and a TIMELINE are needed\n\n%s", kHelp);
    return 2;
  }
  std::string config_text, timeline;
  if (!ReadFile(config_path, &config_text) || !ReadFile(timeline_path, &timeline)) return 2;
  auto config = ParseMonitorConfig(config_text);
  if (!config.ok()) {
    std::fprintf(stderr, "%s: %s\n", config_path.c_str(),
                 std::string(config.status().message()).c_str());
    return 2;
  }
  auto monitor = HealthMonitor::Create(*config);
  if (!monitor.ok()) {
    std::fprintf(stderr, "%s: %s\n", config_path.c_str(),
                 std::string(monitor.status().message()).c_str());
    return 2;
  }
  std::unique_ptr<MonitorDatabase> db;
  if (!db_path.empty()) {
    auto opened = MonitorDatabase::Open(db_path);
    if (!opened.ok()) {
      std::fprintf(stderr, "replay: %s\n", std::string(opened.status().message()).c_str());
      return 2;
    }
    db = *std::move(opened);
  }
  Replay replay(monitor->get(), db.get());
  simdjson::dom::parser parser;
  size_t line_number = 0, start = 0;
  auto fail = [&](const std::string& why) {
    std::fflush(stdout);
    std::fprintf(stderr, "%s:%zu: %s\n", timeline_path.c_str(), line_number, why.c_str());
    return 2;
  };
  while (start < timeline.size()) {
    size_t end = timeline.find('\n', start);
    if (end == std::string::npos) end = timeline.size();
    const std::string_view line(timeline.data() + start, end - start);
    start = end + 1;
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    // "destination" lines drive the simulation, not the monitor.
    simdjson::dom::element e;
    std::string_view type;
    if (!parser.parse(line.data(), line.size()).get(e) &&
        !e["type"].get_string().get(type) && type == "destination") {
      std::string tick_line(line);
      const size_t at = tick_line.find("\"destination\"");
      tick_line.replace(at, 13, "\"tick\"");  // the first is the type's value
      auto parsed = ParseObservation(tick_line);
      std::string_view destination;
      bool up = true;
      if (!parsed.ok()) return fail(std::string(parsed.status().message()));
      if (e["destination"].get_string().get(destination) || e["up"].get_bool().get(up)) {
        return fail("destination needs \"destination\" (a string) and \"up\" (true or false)");
      }
      replay.RunUntil(parsed->time);
      replay.SetUp(std::string(destination), up);
      continue;
    }
    auto observation = ParseObservation(line);
    if (!observation.ok()) return fail(std::string(observation.status().message()));
    if (observation->time < (*monitor)->clock()) {
      return fail("the timeline goes back in time");
    }
    replay.RunBefore(observation->time);
    if (absl::Status s = (*monitor)->Observe(*observation); !s.ok()) {
      return fail(std::string(s.message()));
    }
    while (replay.Deliver()) {
    }
    replay.Print();
  }
  std::fflush(stdout);
  if (db != nullptr) {
    absl::Status s = replay.db_status();
    if (s.ok()) s = db->Flush();
    if (!s.ok()) {
      std::fprintf(stderr, "replay: %s\n", std::string(s.message()).c_str());
      return 1;
    }
  }
  return 0;
}

}  // namespace cli
}  // namespace loghealth
