// HttpSender: requests over libcurl's multi interface, bounded per group.
#include <curl/curl.h>

#include <chrono>
#include <deque>
#include <mutex>
#include <unordered_map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "loghealth/destinations.h"

namespace loghealth {
namespace {

constexpr size_t kExcerptBytes = 512;

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

int64_t NowUnixSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

struct HttpSender::Impl {
  struct Transfer {
    uint64_t tag = 0;
    std::string group;
    HttpRequest request;
    CURL* easy = nullptr;
    curl_slist* headers = nullptr;
    HttpResponse response;
    std::string retry_after;
    std::chrono::steady_clock::time_point start;
    char error[CURL_ERROR_SIZE] = {};

    ~Transfer() {
      if (headers != nullptr) curl_slist_free_all(headers);
      if (easy != nullptr) curl_easy_cleanup(easy);
    }
  };

  Options options;
  CURLM* multi = nullptr;
  std::deque<std::unique_ptr<Transfer>> waiting;
  std::unordered_map<CURL*, std::unique_ptr<Transfer>> running;
  std::unordered_map<std::string, int> running_per_group;
  // Transfers that could not start (curl refused the handle): reported by
  // the next Poll.
  std::vector<std::pair<uint64_t, HttpResponse>> failed_to_start;

  ~Impl() {
    for (auto& [easy, transfer] : running) curl_multi_remove_handle(multi, easy);
    running.clear();
    if (multi != nullptr) curl_multi_cleanup(multi);
  }

  static size_t OnBody(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const size_t n = size * count;
    std::string& excerpt = t->response.body_excerpt;
    if (excerpt.size() < kExcerptBytes) {
      excerpt.append(data, std::min(n, kExcerptBytes - excerpt.size()));
    }
    return n;  // the rest is read and dropped
  }

  static size_t OnHeader(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const size_t n = size * count;
    const std::string line(data, n);
    constexpr char kName[] = "retry-after:";
    if (line.size() > sizeof(kName) - 1 && absl::StartsWithIgnoreCase(line, kName)) {
      t->retry_after = std::string(absl::StripAsciiWhitespace(line.substr(sizeof(kName) - 1)));
    }
    return n;
  }

  bool Start(std::unique_ptr<Transfer> t) {
    CURL* easy = curl_easy_init();
    if (easy == nullptr) return false;
    t->easy = easy;
    for (const auto& [name, value] : t->request.headers) {
      t->headers = curl_slist_append(t->headers, absl::StrCat(name, ": ", value).c_str());
    }
    // No "Expect: 100-continue" round trip before larger bodies.
    t->headers = curl_slist_append(t->headers, "Expect:");
    const long timeout_ms = static_cast<long>(options.timeout_seconds * 1000);
    curl_easy_setopt(easy, CURLOPT_URL, t->request.url.c_str());
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, t->headers);
    if (t->request.method == "POST") {
      curl_easy_setopt(easy, CURLOPT_POST, 1L);
      curl_easy_setopt(easy, CURLOPT_POSTFIELDS, t->request.body.data());
      curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(t->request.body.size()));
    } else {
      curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, t->request.method.c_str());
    }
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Impl::OnBody);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, t.get());
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &Impl::OnHeader);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, t.get());
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, t->error);
    if (curl_multi_add_handle(multi, easy) != CURLM_OK) return false;
    t->start = std::chrono::steady_clock::now();
    ++running_per_group[t->group];
    running.emplace(easy, std::move(t));
    return true;
  }

  // Starts waiting transfers in order, skipping groups at their bound.
  void StartWaiting() {
    for (auto it = waiting.begin(); it != waiting.end() &&
                                    running.size() < static_cast<size_t>(options.max_total);) {
      if (running_per_group[(*it)->group] >= options.max_per_group) {
        ++it;
        continue;
      }
      std::unique_ptr<Transfer> t = std::move(*it);
      it = waiting.erase(it);
      const uint64_t tag = t->tag;
      if (!Start(std::move(t))) {
        HttpResponse r;
        r.error = "could not start the request (libcurl)";
        failed_to_start.emplace_back(tag, r);
      }
    }
  }

  void Finish(CURL* easy, CURLcode code, std::vector<std::pair<uint64_t, HttpResponse>>* done) {
    auto it = running.find(easy);
    if (it == running.end()) return;
    std::unique_ptr<Transfer> t = std::move(it->second);
    running.erase(it);
    curl_multi_remove_handle(multi, easy);
    --running_per_group[t->group];
    HttpResponse& r = t->response;
    r.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - t->start)
                        .count();
    if (code == CURLE_OK) {
      long status = 0;
      curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
      r.status_code = static_cast<int>(status);
      if (!t->retry_after.empty()) {
        r.retry_after_seconds = ParseRetryAfter(t->retry_after, NowUnixSeconds());
      }
    } else {
      r.status_code = 0;
      r.timed_out = code == CURLE_OPERATION_TIMEDOUT;
      r.error = t->error[0] != '\0' ? std::string(t->error) : curl_easy_strerror(code);
      if (r.timed_out) {
        r.error = absl::StrCat("no answer within ", options.timeout_seconds, " s (", r.error, ")");
      }
      r.body_excerpt.clear();
    }
    done->emplace_back(t->tag, std::move(r));
  }
};

absl::StatusOr<std::unique_ptr<HttpSender>> HttpSender::Create(Options options) {
  if (options.timeout_seconds <= 0 || options.max_per_group <= 0 || options.max_total <= 0) {
    return absl::InvalidArgumentError("HttpSender: timeout and bounds must be positive");
  }
  GlobalInit();
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->multi = curl_multi_init();
  if (impl->multi == nullptr) return absl::InternalError("curl_multi_init failed");
  return std::unique_ptr<HttpSender>(new HttpSender(std::move(impl)));
}

HttpSender::HttpSender(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpSender::~HttpSender() = default;

void HttpSender::Submit(uint64_t tag, std::string group, HttpRequest request) {
  auto t = std::make_unique<Impl::Transfer>();
  t->tag = tag;
  t->group = std::move(group);
  t->request = std::move(request);
  impl_->waiting.push_back(std::move(t));
}

std::vector<std::pair<uint64_t, HttpResponse>> HttpSender::Poll(int wait_ms) {
  Impl& m = *impl_;
  std::vector<std::pair<uint64_t, HttpResponse>> done;
  done.swap(m.failed_to_start);
  m.StartWaiting();
  auto collect = [&] {
    int still_running = 0, left = 0;
    curl_multi_perform(m.multi, &still_running);
    while (CURLMsg* msg = curl_multi_info_read(m.multi, &left)) {
      if (msg->msg == CURLMSG_DONE) m.Finish(msg->easy_handle, msg->data.result, &done);
    }
  };
  collect();
  if (done.empty()) {
    curl_multi_poll(m.multi, nullptr, 0, wait_ms, nullptr);
    collect();
  }
  m.StartWaiting();  // slots freed by what ended
  return done;
}

void HttpSender::Wakeup() { curl_multi_wakeup(impl_->multi); }

size_t HttpSender::pending() const {
  return impl_->waiting.size() + impl_->running.size() + impl_->failed_to_start.size();
}

}  // namespace loghealth
