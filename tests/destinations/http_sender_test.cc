// HttpSender against a real HTTP server on loopback (cpp-httplib, port 0):
// statuses, bodies, Retry-After, timeouts, refused connections and the
// per-destination concurrency bound.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <thread>

#include "gtest/gtest.h"
#include "httplib.h"
#include "loghealth/destinations.h"

namespace loghealth {
namespace {

class LoopbackServer {
 public:
  LoopbackServer() {
    server_.Post("/ok", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content("got " + req.body, "text/plain");
    });
    server_.Post("/big", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(2000, 'b'), "text/plain");
    });
    server_.Post("/limited", [](const httplib::Request&, httplib::Response& res) {
      res.status = 429;
      res.set_header("Retry-After", "7");
      res.set_content("slow down", "text/plain");
    });
    server_.Post("/missing", [](const httplib::Request&, httplib::Response& res) {
      res.status = 404;
    });
    server_.Post("/slow", [](const httplib::Request&, httplib::Response& res) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2500));
      res.set_content("late", "text/plain");
    });
    server_.Post("/busy", [this](const httplib::Request& req, httplib::Response& res) {
      const std::string group = req.get_header_value("X-Group");
      {
        std::lock_guard<std::mutex> lock(mu_);
        const int now = ++active_[group];
        peak_[group] = std::max(peak_[group], now);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(150));
      {
        std::lock_guard<std::mutex> lock(mu_);
        --active_[group];
      }
      res.set_content("ok", "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~LoopbackServer() {
    server_.stop();
    thread_.join();
  }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  int Peak(const std::string& group) {
    std::lock_guard<std::mutex> lock(mu_);
    return peak_[group];
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::map<std::string, int> active_, peak_;
};

HttpRequest Post(const std::string& url, const std::string& body = "x") {
  HttpRequest r;
  r.url = url;
  r.body = body;
  r.headers = {{"Content-Type", "text/plain"}};
  return r;
}

// Polls until every tag in `count` has come back.
std::map<uint64_t, HttpResponse> RunAll(HttpSender* sender, size_t count) {
  std::map<uint64_t, HttpResponse> out;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (out.size() < count && std::chrono::steady_clock::now() < deadline) {
    for (auto& [tag, response] : sender->Poll(100)) out[tag] = response;
  }
  return out;
}

TEST(HttpSender, StatusesBodiesAndRetryAfter) {
  LoopbackServer server;
  auto sender = HttpSender::Create({});
  ASSERT_TRUE(sender.ok());
  (*sender)->Submit(1, "a", Post(server.Url("/ok"), "hello"));
  (*sender)->Submit(2, "a", Post(server.Url("/big")));
  (*sender)->Submit(3, "a", Post(server.Url("/limited")));
  (*sender)->Submit(4, "a", Post(server.Url("/missing")));
  auto done = RunAll(sender->get(), 4);
  ASSERT_EQ(done.size(), 4u);
  EXPECT_EQ(done[1].status_code, 200);
  EXPECT_EQ(done[1].body_excerpt, "got hello");
  EXPECT_EQ(done[1].error, "");
  EXPECT_GE(done[1].duration_ms, 0);
  EXPECT_EQ(done[2].body_excerpt, std::string(512, 'b'));
  EXPECT_EQ(done[3].status_code, 429);
  EXPECT_EQ(done[3].retry_after_seconds, 7);
  EXPECT_EQ(done[3].body_excerpt, "slow down");
  EXPECT_EQ(done[4].status_code, 404);
  EXPECT_EQ(done[4].retry_after_seconds, -1);
  EXPECT_EQ((*sender)->pending(), 0u);
}

TEST(HttpSender, TimeoutAndRefusedConnection) {
  LoopbackServer server;
  HttpSender::Options options;
  options.timeout_seconds = 1;
  auto sender = HttpSender::Create(options);
  ASSERT_TRUE(sender.ok());
  // A port nobody listens on: bind one, then let it go.
  int closed_port = 0;
  {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    closed_port = ntohs(addr.sin_port);
    ::close(fd);  // never listened: connecting is refused
  }
  (*sender)->Submit(1, "a", Post(server.Url("/slow")));
  (*sender)->Submit(2, "a", Post("http://127.0.0.1:" + std::to_string(closed_port) + "/x"));
  auto done = RunAll(sender->get(), 2);
  ASSERT_EQ(done.size(), 2u);
  EXPECT_EQ(done[1].status_code, 0);
  EXPECT_TRUE(done[1].timed_out);
  EXPECT_NE(done[1].error.find("no answer within 1 s"), std::string::npos) << done[1].error;
  EXPECT_LT(done[1].duration_ms, 2400);
  EXPECT_EQ(done[2].status_code, 0);
  EXPECT_FALSE(done[2].timed_out);
  EXPECT_FALSE(done[2].error.empty());
}

TEST(HttpSender, BoundsConcurrencyPerGroup) {
  LoopbackServer server;
  HttpSender::Options options;
  options.max_per_group = 2;
  auto sender = HttpSender::Create(options);
  ASSERT_TRUE(sender.ok());
  uint64_t tag = 0;
  for (const char* group : {"g", "h"}) {
    for (int i = 0; i < 6; ++i) {
      HttpRequest r = Post(server.Url("/busy"));
      r.headers.emplace_back("X-Group", group);
      (*sender)->Submit(++tag, group, r);
    }
  }
  auto done = RunAll(sender->get(), 12);
  ASSERT_EQ(done.size(), 12u);
  for (auto& [t, r] : done) EXPECT_EQ(r.status_code, 200) << t;
  EXPECT_EQ(server.Peak("g"), 2);
  EXPECT_EQ(server.Peak("h"), 2);
}

TEST(HttpSender, OnlyHttpAndHttps) {
  auto sender = HttpSender::Create({});
  ASSERT_TRUE(sender.ok());
  (*sender)->Submit(1, "a", Post("file:///etc/passwd"));
  auto done = RunAll(sender->get(), 1);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[1].status_code, 0);
  EXPECT_EQ(done[1].body_excerpt, "");
}

TEST(HttpSender, WakeupEndsAPollEarly) {
  auto sender = HttpSender::Create({});
  ASSERT_TRUE(sender.ok());
  std::thread waker([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    (*sender)->Wakeup();
  });
  const auto start = std::chrono::steady_clock::now();
  (*sender)->Poll(5000);
  const auto waited = std::chrono::steady_clock::now() - start;
  waker.join();
  EXPECT_LT(waited, std::chrono::milliseconds(3000));
}

}  // namespace
}  // namespace loghealth
