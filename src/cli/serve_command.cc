// loghealth serve: the System Health service on the wall clock, its alerts
// delivered to real destinations, its state in a folder.
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <mutex>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "loghealth/database.h"
#include "loghealth/service.h"
#include "src/cli/commands.h"
#include "src/cli/schema_args.h"
#include "src/console/console_server.h"
#include "src/console/live_data.h"
#include "src/console/observation_history.h"

namespace loghealth {
namespace cli {
namespace {

constexpr char kHelp[] =
    "usage: loghealth serve --config CONFIG.yml --state DIR [--input PATH|-] [--follow]\n"
    "                       [--db PATH] [--quiet] [--http ADDR [--http-token-file FILE]]\n\n"
    "Runs the System Health monitor on the wall clock and delivers its System\n"
    "Errors to the destinations of CONFIG (webhook, slack, pagerduty, opsgenie,\n"
    "msteams, console; secrets come from the environment or files named in the\n"
    "config, never from the config itself).\n\n"
    "  --input PATH|-  observations, one JSON object a line: the timeline lines of\n"
    "                  `loghealth replay`, \"time\" optional (default: when the\n"
    "                  line arrives). A bad line is reported and skipped.\n"
    "  --follow        at the end of the input, wait for more (like tail -F:\n"
    "                  a file replaced or truncated is read again from its start)\n"
    "  --state DIR     state.pb (the monitor's snapshot, replaced atomically after\n"
    "                  every change) and records.jsonl (every record). Started\n"
    "                  again on the same DIR, serve continues where it stopped,\n"
    "                  and an input file is read on from where it was.\n"
    "  --db PATH       also write the records into the panther_monitor database\n"
    "                  PATH (alerts, alert_lines, deliveries, alarm_states, data_audit)\n"
    "  --quiet         do not also print the records on standard output\n"
    "  --http ADDR     serve the System Errors console on ADDR (HOST:PORT; port 0:\n"
    "                  any free one; loopback unless another address is given):\n"
    "                  alerts, failing lines, source health, /metrics, /api/...\n"
    "                  Its address is printed on standard error (\"console: URL\").\n"
    "                  serve then keeps serving after the input ends, until\n"
    "                  SIGTERM or SIGINT.\n"
    "  --http-token-file FILE  the token the console's Resolve needs (sent as the\n"
    "                  X-Loghealth-Token header); without it, Resolve is refused\n\n"
    "Without --follow, serve exits 0 once the input has ended and no delivery is\n"
    "pending (each delivered or given up). SIGTERM or SIGINT: stop reading, wait\n"
    "up to 10 s for deliveries in flight, write the state, exit 0. Delivery is\n"
    "at-least-once: an attempt in flight when serve was killed is sent again\n"
    "(same X-Loghealth-Delivery header).\n";

std::atomic<bool> g_stop{false};
void OnSignal(int) { g_stop = true; }

int64_t WallNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The console's token: the file's first line, which must not be empty.
bool ReadToken(const std::string& path, std::string* token) {
  std::string text;
  if (!ReadFile(path, &text)) return false;
  *token = text.substr(0, text.find_first_of("\r\n"));
  if (token->empty()) {
    std::fprintf(stderr, "serve: --http-token-file %s: the file's first line is empty\n",
                 path.c_str());
    return false;
  }
  return true;
}

// Where the input was read up to: the file (by inode) and the byte after
// the last whole line applied.
struct InputPosition {
  std::string path;
  uint64_t inode = 0;
  int64_t offset = 0;
  int64_t line = 0;

  std::string Encode() const { return absl::StrCat(path, "\t", inode, "\t", offset, "\t", line); }
  static InputPosition Decode(const std::string& text) {
    InputPosition p;
    std::vector<std::string> parts = absl::StrSplit(text, '\t');
    if (parts.size() != 4 || !absl::SimpleAtoi(parts[1], &p.inode) ||
        !absl::SimpleAtoi(parts[2], &p.offset) || !absl::SimpleAtoi(parts[3], &p.line)) {
      return InputPosition();
    }
    p.path = parts[0];
    return p;
  }
};

class InputReader {
 public:
  // `history`, when set, is told of every observation applied.
  InputReader(std::string path, bool follow, HealthService* service, InputPosition start,
              console::ObservationHistory* history)
      : path_(std::move(path)),
        follow_(follow),
        service_(service),
        history_(history),
        position_(std::move(start)) {}

  // Reads until the end (or, following, until a signal); false when the
  // input could not be opened.
  bool Run() {
    if (!Open(/*resume=*/true)) return false;
    std::string buffer;
    char chunk[1 << 16];
    while (!g_stop) {
      pollfd p{fd_, POLLIN, 0};
      if (!regular_ && ::poll(&p, 1, 200) <= 0) continue;  // stdin: wait, check signals
      const ssize_t n = ::read(fd_, chunk, sizeof chunk);
      if (n < 0) {
        if (errno == EINTR || errno == EAGAIN) continue;
        std::fprintf(stderr, "serve: reading %s: %s\n", Name().c_str(), std::strerror(errno));
        break;
      }
      if (n == 0) {
        if (!follow_) break;
        if (regular_ && Replaced()) {
          buffer.clear();
          if (!Open(/*resume=*/false)) return false;
          continue;
        }
        ::usleep(200 * 1000);
        continue;
      }
      buffer.append(chunk, static_cast<size_t>(n));
      Apply(&buffer, /*at_end=*/false);
    }
    if (!g_stop) Apply(&buffer, /*at_end=*/true);  // a last line without '\n'
    if (fd_ > 0) ::close(fd_);
    return true;
  }

 private:
  std::string Name() const { return path_ == "-" ? "standard input" : path_; }

  bool Open(bool resume) {
    if (path_ == "-") {
      fd_ = 0;
      regular_ = false;
      return true;
    }
    fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) {
      std::fprintf(stderr, "serve: cannot open %s: %s\n", path_.c_str(), std::strerror(errno));
      return false;
    }
    struct stat st;
    ::fstat(fd_, &st);
    regular_ = S_ISREG(st.st_mode);
    const uint64_t inode = static_cast<uint64_t>(st.st_ino);
    if (resume && regular_ && position_.path == path_ && position_.inode == inode &&
        position_.offset <= st.st_size) {
      ::lseek(fd_, position_.offset, SEEK_SET);
    } else {
      position_ = InputPosition{path_, inode, 0, 0};
    }
    return true;
  }

  // tail -F: the name now points at another file, or the file was cut.
  bool Replaced() const {
    struct stat by_name, open;
    if (::stat(path_.c_str(), &by_name) != 0 || ::fstat(fd_, &open) != 0) return false;
    return by_name.st_ino != open.st_ino || open.st_size < position_.offset;
  }

  void Apply(std::string* buffer, bool at_end) {
    std::vector<Observation> batch;
    size_t start = 0;
    InputPosition after = position_;
    auto flush = [&] {
      const std::string checkpoint = regular_ ? after.Encode() : "";
      absl::Status s = service_->Observe(batch, regular_ ? &checkpoint : nullptr);
      if (!s.ok()) {
        std::fprintf(stderr, "serve: %s:%lld: %s\n", Name().c_str(),
                     static_cast<long long>(after.line), std::string(s.message()).c_str());
      } else if (history_ != nullptr) {
        for (const Observation& o : batch) history_->Record(o, WallNanos());
      }
      batch.clear();
      position_ = after;
    };
    for (;;) {
      size_t end = buffer->find('\n', start);
      if (end == std::string::npos) {
        if (!at_end || start == buffer->size()) break;
        end = buffer->size();
      }
      const std::string_view line(buffer->data() + start, end - start);
      after.offset += static_cast<int64_t>(std::min(end + 1, buffer->size()) - start);
      ++after.line;
      start = end + 1;
      if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
      auto o = ParseObservation(line, /*default_time=*/0);
      if (!o.ok()) {
        std::fprintf(stderr, "serve: %s:%lld: %s (line skipped)\n", Name().c_str(),
                     static_cast<long long>(after.line), std::string(o.status().message()).c_str());
        continue;
      }
      batch.push_back(*std::move(o));
      // One observation a batch keeps the checkpoint exact when one fails.
      flush();
    }
    if (regular_ && position_.offset != after.offset) flush();  // skipped lines move it too
    buffer->erase(0, std::min(start, buffer->size()));
  }

  std::string path_;
  bool follow_;
  HealthService* service_;
  console::ObservationHistory* history_;
  InputPosition position_;
  int fd_ = -1;
  bool regular_ = false;
};

}  // namespace

int ServeCommand(const std::vector<std::string>& args) {
  std::string config_path, state_dir, input, db_path, http_address, token_file;
  bool follow = false, quiet = false;
  for (size_t i = 0; i < args.size(); ++i) {
    if (IsHelpFlag(args[i])) {
      std::fputs(kHelp, stdout);
      return 0;
    }
    const std::string& a = args[i];
    if ((a == "--config" && TakeValue(args, &i, &config_path)) ||
        (a == "--state" && TakeValue(args, &i, &state_dir)) ||
        (a == "--input" && TakeValue(args, &i, &input)) ||
        (a == "--db" && TakeValue(args, &i, &db_path)) ||
        (a == "--http" && TakeValue(args, &i, &http_address)) ||
        (a == "--http-token-file" && TakeValue(args, &i, &token_file))) {
      continue;  // an option and its value
    }
    if (args[i] == "--follow") {
      follow = true;
    } else if (args[i] == "--quiet") {
      quiet = true;
    } else {
      std::fprintf(stderr, "serve: unknown option or missing value: %s\n\n%s", args[i].c_str(),
                   kHelp);
      return 2;
    }
  }
  if (config_path.empty() || state_dir.empty()) {
    std::fprintf(stderr, "serve: --config and --state are needed\n\n%s", kHelp);
    return 2;
  }
  if (follow && input.empty()) {
    std::fprintf(stderr, "serve: --follow needs --input\n");
    return 2;
  }
  if (!token_file.empty() && http_address.empty()) {
    std::fprintf(stderr, "serve: --http-token-file needs --http\n");
    return 2;
  }
  std::string token;
  if (!token_file.empty() && !ReadToken(token_file, &token)) return 2;
  std::string config_text;
  if (!ReadFile(config_path, &config_text)) return 2;
  auto config = ParseMonitorConfig(config_text);
  if (!config.ok()) {
    std::fprintf(stderr, "%s: %s\n", config_path.c_str(),
                 std::string(config.status().message()).c_str());
    return 2;
  }
  std::signal(SIGTERM, OnSignal);
  std::signal(SIGINT, OnSignal);
  std::signal(SIGPIPE, SIG_IGN);

  std::unique_ptr<MonitorDatabase> db;
  if (!db_path.empty()) {
    // Records come a few at a time: each committed as it comes.
    MonitorDatabaseOptions db_options;
    db_options.batch_millis = 0;
    auto opened = MonitorDatabase::Open(db_path, db_options);
    if (!opened.ok()) {
      std::fprintf(stderr, "serve: %s\n", std::string(opened.status().message()).c_str());
      return 2;
    }
    db = *std::move(opened);
  }
  ServiceOptions options;
  options.state_dir = state_dir;
  static std::mutex print_mu;
  MonitorDatabase* database = db.get();
  std::unique_ptr<console::ObservationHistory> history;
  if (!http_address.empty()) history = std::make_unique<console::ObservationHistory>();
  console::ObservationHistory* seen = history.get();
  options.on_record = [quiet, database, seen](std::string_view line) {
    if (seen != nullptr) seen->RecordOutput(line);
    if (database != nullptr) {
      // Records are also in records.jsonl: a database error is reported,
      // not fatal.
      if (absl::Status s = database->AddMonitorRecord(line); !s.ok()) {
        std::fprintf(stderr, "serve: database: %s\n", std::string(s.message()).c_str());
      }
    }
    if (quiet) return;
    std::lock_guard<std::mutex> lock(print_mu);
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
  };
  auto service = HealthService::Start(*std::move(config), options);
  if (!service.ok()) {
    std::fprintf(stderr, "serve: %s\n", std::string(service.status().message()).c_str());
    return 2;
  }
  std::unique_ptr<console::LiveData> live;
  std::unique_ptr<console::ConsoleServer> server;
  if (!http_address.empty()) {
    live = std::make_unique<console::LiveData>(service->get(), history.get());
    console::ConsoleOptions console_options;
    console_options.address = http_address;
    console_options.token = token;
    auto started = console::ConsoleServer::Start(live.get(), console_options);
    if (!started.ok()) {
      std::fprintf(stderr, "serve: %s\n", std::string(started.status().message()).c_str());
      (void)(*service)->Stop();
      return 2;
    }
    server = *std::move(started);
    std::fprintf(stderr, "console: %s\n", server->url().c_str());
  }
  int code = 0;
  if (!input.empty()) {
    InputReader reader(input, follow, service->get(),
                       InputPosition::Decode((*service)->host_checkpoint()), history.get());
    if (!reader.Run()) code = 2;
  }
  // The input ended: deliver what is pending, then stop (with the console,
  // keep serving until a signal).
  while (!g_stop && code == 0 && (!(*service)->WaitIdle(200) || server != nullptr)) {
  }
  if (server != nullptr) server->Stop();
  const absl::Status stopped = (*service)->Stop();
  if (db != nullptr) (void)db->Flush();
  if (!stopped.ok()) {
    std::fprintf(stderr, "serve: %s\n", std::string(stopped.message()).c_str());
    return 1;
  }
  return code;
}

}  // namespace cli
}  // namespace loghealth
