// The console's HTTP server (cpp-httplib): the pages, the JSON API,
// /metrics and two static files, with the protections a page of
// attacker-controlled text needs:
//
//   - bound to the address given (127.0.0.1 unless told otherwise); a Host
//     header naming anything else is refused (DNS rebinding);
//   - Content-Security-Policy without inline script or style, nosniff, no
//     framing, no referrer, no caching of pages with data;
//   - GET never changes state; POST /api/alerts/{id}/resolve needs the
//     token (X-Loghealth-Token), a JSON body, and a same-origin request;
//   - limits: request size, worker threads and queued connections (more
//     are answered 503 at once), read/write timeouts for slow clients.
#ifndef LOGHEALTH_SRC_CONSOLE_CONSOLE_SERVER_H_
#define LOGHEALTH_SRC_CONSOLE_CONSOLE_SERVER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "src/console/console_data.h"

namespace loghealth {
namespace console {

struct ConsoleOptions {
  // HOST:PORT; port 0 picks a free one. "[::1]:8080" for IPv6.
  std::string address = "127.0.0.1:0";
  // What Resolve requests must carry; empty: Resolve is refused.
  std::string token;
  size_t max_request_bytes = 64 << 10;
  int threads = 4;
  size_t max_queued_connections = 64;
  int timeout_seconds = 5;
};

class ConsoleServer {
 public:
  // Binds and starts serving on threads of its own. `data` must outlive
  // the server.
  static absl::StatusOr<std::unique_ptr<ConsoleServer>> Start(ConsoleData* data,
                                                              ConsoleOptions options);
  ~ConsoleServer();  // Stop()
  // Stops listening and waits for requests in progress.
  void Stop();

  int port() const;
  // http://HOST:PORT
  std::string url() const;

  struct Impl;

 private:
  explicit ConsoleServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// "127.0.0.1:8080" -> host and port; errors for anything else.
absl::Status ParseAddress(const std::string& address, std::string* host, int* port);

}  // namespace console
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_CONSOLE_CONSOLE_SERVER_H_
