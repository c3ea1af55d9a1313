// loghealth console: the System Errors console from the panther_monitor
// database alone (read-only; `serve --http` is the live one).
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>

#include "src/cli/commands.h"
#include "src/console/console_server.h"
#include "src/console/database_data.h"
#include "src/console/observation_history.h"

namespace loghealth {
namespace cli {
namespace {

constexpr char kHelp[] =
    "usage: loghealth console --db PATH [--http ADDR]\n\n"
    "Serves the System Errors console (alerts, failing lines, source health,\n"
    "/metrics, the JSON API) from the panther_monitor database PATH, read-only:\n"
    "no monitor runs and alerts cannot be resolved here (serve --http can).\n\n"
    "  --http ADDR   HOST:PORT to listen on (127.0.0.1:8080 by default; port 0:\n"
    "                any free one). Another address than loopback only when asked.\n\n"
    "Prints the console's address, then serves until SIGTERM or SIGINT.\n";

std::atomic<bool> g_stop{false};
void OnSignal(int) { g_stop = true; }

}  // namespace

int ConsoleCommand(const std::vector<std::string>& args) {
  std::string db_path, address = "127.0.0.1:8080";
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (IsHelpFlag(a)) {
      std::fputs(kHelp, stdout);
      return 0;
    }
    if ((a == "--db" && TakeValue(args, &i, &db_path)) ||
        (a == "--http" && TakeValue(args, &i, &address))) {
      continue;
    }
    std::fprintf(stderr, "console: unknown option or missing value: %s\n\n%s", a.c_str(), kHelp);
    return 2;
  }
  if (db_path.empty()) {
    std::fprintf(stderr, "console: --db is needed\n\n%s", kHelp);
    return 2;
  }
  if (::access(db_path.c_str(), R_OK) != 0) {
    std::fprintf(stderr, "console: %s: no such database\n", db_path.c_str());
    return 2;
  }
  auto data = console::DatabaseData::Open(db_path, console::ObservationHistory::kDefaultBucketNs);
  if (!data.ok()) {
    std::fprintf(stderr, "console: %s\n", std::string(data.status().message()).c_str());
    return 2;
  }
  console::ConsoleOptions options;
  options.address = address;
  auto server = console::ConsoleServer::Start(data->get(), options);
  if (!server.ok()) {
    std::fprintf(stderr, "console: %s\n", std::string(server.status().message()).c_str());
    return 2;
  }
  std::signal(SIGTERM, OnSignal);
  std::signal(SIGINT, OnSignal);
  std::printf("console: %s (read-only, from %s)\n", (*server)->url().c_str(), db_path.c_str());
  std::fflush(stdout);
  while (!g_stop) ::usleep(100 * 1000);
  (*server)->Stop();
  return 0;
}

}  // namespace cli
}  // namespace loghealth
