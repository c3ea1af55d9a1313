#include "src/console/console_server.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "httplib.h"
#include "simdjson.h"
#include "src/console/api.h"
#include "src/console/pages.h"
#include "src/util/embedded_file.h"

namespace loghealth {
namespace console {

extern const EmbeddedFile kStaticFiles[];
extern const size_t kStaticFiles_count;

namespace {

// Set on the thread that answers a connection the pool had no room for:
// its requests get 503 at once.
thread_local bool t_shed = false;

// httplib's pool queues without bound. This one runs `threads` workers
// over a queue of at most `max_queued` connections; a connection beyond
// that is answered (503) by one shedding thread, and beyond its own queue
// on the accepting thread itself, so no connection is ever dropped
// unanswered (its socket would leak) and none waits unbounded.
class BoundedPool : public httplib::TaskQueue {
 public:
  BoundedPool(int threads, size_t max_queued) : max_queued_(max_queued) {
    for (int i = 0; i < std::max(threads, 1); ++i) {
      workers_.emplace_back([this] { Work(&jobs_, &jobs_cv_, false); });
    }
    shedder_ = std::thread([this] { Work(&shed_, &shed_cv_, true); });
  }
  void enqueue(std::function<void()> fn) override {
    {
      std::unique_lock<std::mutex> lock(mu_);
      if (jobs_.size() < max_queued_) {
        jobs_.push_back(std::move(fn));
        jobs_cv_.notify_one();
        return;
      }
      if (shed_.size() < max_queued_) {
        shed_.push_back(std::move(fn));
        shed_cv_.notify_one();
        return;
      }
    }
    t_shed = true;
    fn();
    t_shed = false;
  }
  void shutdown() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    jobs_cv_.notify_all();
    shed_cv_.notify_all();
    for (std::thread& t : workers_) t.join();
    shedder_.join();
  }

 private:
  // Each queue has its own condition variable: a job's wake-up must reach a
  // thread that takes from its queue.
  void Work(std::deque<std::function<void()>>* queue, std::condition_variable* cv, bool shed) {
    t_shed = shed;
    for (;;) {
      std::function<void()> fn;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv->wait(lock, [&] { return stopping_ || !queue->empty(); });
        if (queue->empty()) return;  // stopping, and nothing left
        fn = std::move(queue->front());
        queue->pop_front();
      }
      fn();
    }
  }

  const size_t max_queued_;
  std::mutex mu_;
  std::condition_variable jobs_cv_, shed_cv_;
  std::deque<std::function<void()>> jobs_, shed_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
  std::thread shedder_;
};

constexpr char kCsp[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

bool ConstantTimeEquals(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

const EmbeddedFile* StaticFile(const std::string& name) {
  for (size_t i = 0; i < kStaticFiles_count; ++i) {
    if (name == kStaticFiles[i].path) return &kStaticFiles[i];
  }
  return nullptr;
}

}  // namespace

absl::Status ParseAddress(const std::string& address, std::string* host, int* port) {
  std::string h, p;
  if (!address.empty() && address[0] == '[') {
    const size_t close = address.find(']');
    if (close == std::string::npos || close + 1 >= address.size() || address[close + 1] != ':') {
      return absl::InvalidArgumentError(
          absl::StrCat("--http ", address, ": expected [IPV6]:PORT"));
    }
    h = address.substr(1, close - 1);
    p = address.substr(close + 2);
  } else {
    const size_t colon = address.rfind(':');
    if (colon == std::string::npos || colon == 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--http ", address, ": expected HOST:PORT, e.g. 127.0.0.1:8080 (port 0: any free)"));
    }
    h = address.substr(0, colon);
    p = address.substr(colon + 1);
  }
  if (p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(p) > 65535) {
    return absl::InvalidArgumentError(absl::StrCat("--http ", address, ": bad port \"", p, "\""));
  }
  *host = h;
  *port = std::stoi(p);
  return absl::OkStatus();
}

struct ConsoleServer::Impl {
  ConsoleData* data = nullptr;
  ConsoleOptions options;
  httplib::Server server;
  std::thread thread;
  std::string host;
  int port = 0;
  std::vector<std::string> allowed_hosts;  // what the Host header may say
  std::atomic<bool> stopped{false};

  void Routes();
  bool HostAllowed(const httplib::Request& req) const;
  bool SameOrigin(const httplib::Request& req) const;
  std::string Origin() const {
    return host.find(':') != std::string::npos ? absl::StrCat("http://[", host, "]:", port)
                                               : absl::StrCat("http://", host, ":", port);
  }
};

bool ConsoleServer::Impl::HostAllowed(const httplib::Request& req) const {
  if (allowed_hosts.empty()) return true;  // bound to every address: asked for
  const std::string h = req.get_header_value("Host");
  for (const std::string& a : allowed_hosts) {
    if (h == a) return true;
  }
  return false;
}

bool ConsoleServer::Impl::SameOrigin(const httplib::Request& req) const {
  const std::string site = req.get_header_value("Sec-Fetch-Site");
  if (!site.empty() && site != "same-origin") return false;
  if (req.has_header("Origin")) {
    const std::string origin = req.get_header_value("Origin");
    // Bound to every address, the request's own Host is the origin to match.
    bool ok = allowed_hosts.empty() && origin == "http://" + req.get_header_value("Host");
    for (const std::string& a : allowed_hosts) ok = ok || origin == "http://" + a;
    if (!ok) return false;
  }
  return true;
}

void ConsoleServer::Impl::Routes() {
  httplib::Server& s = server;
  auto html = [](httplib::Response& res, int status, const std::string& body) {
    res.status = status;
    res.set_content(body, "text/html; charset=utf-8");
  };
  auto json = [](httplib::Response& res, int status, const std::string& body) {
    res.status = status;
    res.set_content(body, "application/json");
  };
  s.set_pre_routing_handler([this, html](const httplib::Request& req, httplib::Response& res) {
    res.set_header("Content-Security-Policy", kCsp);
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("X-Frame-Options", "DENY");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("Cross-Origin-Resource-Policy", "same-origin");
    res.set_header("Cache-Control", "no-store");
    if (t_shed) {
      res.set_header("Retry-After", "1");
      html(res, 503, ErrorPage(503, "the console is busy; try again"));
      return httplib::Server::HandlerResponse::Handled;
    }
    if (!HostAllowed(req)) {
      // A name that resolves here but is not this server's (DNS rebinding).
      html(res, 421, ErrorPage(421, "this server answers to its own address only"));
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.method != "GET" && req.method != "HEAD" && req.method != "POST") {
      res.set_header("Allow", "GET, HEAD, POST");
      html(res, 405, ErrorPage(405, "method not allowed"));
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  s.Get("/", [this, html](const httplib::Request& req, httplib::Response& res) {
    AlertFilter f;
    f.status = req.get_param_value("status");
    f.system_error_type = req.get_param_value("type");
    f.source_id = req.get_param_value("source");
    html(res, 200, AlertsPage(data->Alerts(f), f, data->SourceIds()));
  });
  s.Get(R"(/alerts/([^/]+))", [this, html](const httplib::Request& req, httplib::Response& res) {
    auto a = data->Alert(req.matches[1]);
    if (!a) return html(res, 404, ErrorPage(404, "no such alert"));
    html(res, 200, AlertPage(*a, data->CanResolve() && !options.token.empty()));
  });
  s.Get("/sources", [this, html](const httplib::Request&, httplib::Response& res) {
    html(res, 200, SourcesPage(data->SourceIds()));
  });
  s.Get(R"(/sources/([^/]+))", [this, html](const httplib::Request& req, httplib::Response& res) {
    auto src = data->Source(req.matches[1]);
    if (!src) return html(res, 404, ErrorPage(404, "no such source"));
    html(res, 200, SourcePage(*src));
  });
  s.Get("/api/alerts", [this, json](const httplib::Request& req, httplib::Response& res) {
    AlertFilter f;
    f.status = req.get_param_value("status");
    f.system_error_type = req.get_param_value("type");
    f.source_id = req.get_param_value("source");
    json(res, 200, AlertsJson(data->Alerts(f)));
  });
  s.Get(R"(/api/alerts/([^/]+))", [this, json](const httplib::Request& req,
                                               httplib::Response& res) {
    auto a = data->Alert(req.matches[1]);
    if (!a) return json(res, 404, ErrorJson("no such alert"));
    json(res, 200, AlertJson(*a));
  });
  s.Get(R"(/api/sources/([^/]+)/health)", [this, json](const httplib::Request& req,
                                                      httplib::Response& res) {
    auto src = data->Source(req.matches[1]);
    if (!src) return json(res, 404, ErrorJson("no such source"));
    json(res, 200, SourceJson(*src));
  });
  s.Post(R"(/api/alerts/([^/]+)/resolve)", [this, json](const httplib::Request& req,
                                                        httplib::Response& res) {
    if (!SameOrigin(req)) return json(res, 403, ErrorJson("cross-origin requests are refused"));
    if (!data->CanResolve()) return json(res, 403, ErrorJson("this console is read-only"));
    if (options.token.empty()) {
      return json(res, 403, ErrorJson("resolving needs serve --http-token-file"));
    }
    if (!ConstantTimeEquals(req.get_header_value("X-Loghealth-Token"), options.token)) {
      return json(res, 401, ErrorJson("a valid X-Loghealth-Token header is needed"));
    }
    const std::string type = req.get_header_value("Content-Type");
    if (type.rfind("application/json", 0) != 0) {
      return json(res, 415, ErrorJson("the body must be application/json"));
    }
    simdjson::dom::parser parser;
    simdjson::dom::element body;
    std::string_view actor, reason;
    if (parser.parse(req.body).get(body) || body["actor"].get_string().get(actor) ||
        actor.empty() || actor.size() > 200) {
      return json(res, 400, ErrorJson("the body must be {\"actor\": NAME, \"reason\": TEXT}"));
    }
    if (body["reason"].get_string().get(reason) == simdjson::SUCCESS && reason.size() > 2000) {
      return json(res, 400, ErrorJson("the reason is longer than 2000 bytes"));
    }
    const std::string id = req.matches[1];
    absl::Status st = data->Resolve(id, std::string(actor), std::string(reason));
    if (absl::IsNotFound(st)) return json(res, 404, ErrorJson(std::string(st.message())));
    if (!st.ok()) return json(res, 400, ErrorJson(std::string(st.message())));
    auto a = data->Alert(id);
    json(res, 200, a ? AlertJson(*a) : ErrorJson("resolved"));
  });
  s.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    std::string out;
    data->AppendMetrics(&out);
    res.set_content(out, "text/plain; version=0.0.4; charset=utf-8");
  });
  s.Get(R"(/static/([a-z_]+\.(css|js)))", [](const httplib::Request& req,
                                             httplib::Response& res) {
    const EmbeddedFile* f = StaticFile(req.matches[1]);
    if (f == nullptr) {
      res.status = 404;
      return;
    }
    res.set_header("Cache-Control", "max-age=300");
    res.set_content(std::string(f->text, f->size),
                    req.matches[2] == "css" ? "text/css; charset=utf-8"
                                            : "text/javascript; charset=utf-8");
  });
  s.set_error_handler([html](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty()) {
      html(res, res.status, ErrorPage(res.status, res.status == 404 ? "not found" : "error"));
    }
  });
}

absl::StatusOr<std::unique_ptr<ConsoleServer>> ConsoleServer::Start(ConsoleData* data,
                                                                    ConsoleOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->data = data;
  impl->options = options;
  int wanted = 0;
  if (absl::Status s = ParseAddress(options.address, &impl->host, &wanted); !s.ok()) return s;
  httplib::Server& s = impl->server;
  const int threads = options.threads;
  const size_t queued = options.max_queued_connections;
  s.new_task_queue = [threads, queued] { return new BoundedPool(threads, queued); };
  s.set_payload_max_length(options.max_request_bytes);
  s.set_read_timeout(options.timeout_seconds, 0);
  s.set_write_timeout(options.timeout_seconds, 0);
  s.set_keep_alive_timeout(2);
  s.set_keep_alive_max_count(20);
  impl->Routes();
  if (wanted == 0) {
    impl->port = s.bind_to_any_port(impl->host);
  } else {
    impl->port = s.bind_to_port(impl->host, wanted) ? wanted : -1;
  }
  if (impl->port <= 0) {
    return absl::UnavailableError(
        absl::StrCat("--http ", options.address, ": cannot listen there (in use, or not an "
                                                 "address of this machine)"));
  }
  const std::string port = std::to_string(impl->port);
  const bool v6 = impl->host.find(':') != std::string::npos;
  const bool wildcard = impl->host == "0.0.0.0" || impl->host == "::";
  if (!wildcard) {
    impl->allowed_hosts.push_back(v6 ? absl::StrCat("[", impl->host, "]:", port)
                                     : absl::StrCat(impl->host, ":", port));
  }
  if (impl->host == "127.0.0.1" || impl->host == "::1") {
    impl->allowed_hosts.push_back(absl::StrCat("localhost:", port));
  }
  Impl* raw = impl.get();
  impl->thread = std::thread([raw] { raw->server.listen_after_bind(); });
  return std::unique_ptr<ConsoleServer>(new ConsoleServer(std::move(impl)));
}

ConsoleServer::ConsoleServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ConsoleServer::~ConsoleServer() { Stop(); }

void ConsoleServer::Stop() {
  if (impl_->stopped.exchange(true)) return;
  impl_->server.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

int ConsoleServer::port() const { return impl_->port; }

std::string ConsoleServer::url() const { return impl_->Origin(); }

}  // namespace console
}  // namespace loghealth
