// The C ABI of the health service (loghealth/service.h).
#include <memory>
#include <string>

#include "capi/loghealth.h"
#include "capi/support.h"
#include "loghealth/monitor.h"
#include "loghealth/service.h"

struct lh_service {
  std::unique_ptr<loghealth::HealthService> service;
};

namespace {

using loghealth::capi::FromStatus;
using loghealth::capi::Guard;
using loghealth::capi::Owned;
using loghealth::capi::ReportCreateError;

// lh_service is thread-safe, so its errors are kept per calling thread.
thread_local std::string service_error;

}  // namespace

extern "C" {

int lh_service_start(const char* config, size_t len, const char* state_dir, lh_service** out,
                     char** error) {
  if (error != nullptr) *error = nullptr;
  if (out == nullptr || state_dir == nullptr || (config == nullptr && len > 0)) {
    return LH_INVALID_ARGUMENT;
  }
  *out = nullptr;
  std::string message;
  const int code = Guard(&message, [&]() -> int {
    auto parsed = loghealth::ParseMonitorConfig(std::string_view(config ? config : "", len));
    if (!parsed.ok()) return FromStatus(parsed.status(), &message);
    loghealth::ServiceOptions options;
    options.state_dir = state_dir;
    options.keep_records = true;
    auto service = loghealth::HealthService::Start(*std::move(parsed), std::move(options));
    if (!service.ok()) return FromStatus(service.status(), &message);
    *out = new lh_service{*std::move(service)};
    return LH_OK;
  });
  ReportCreateError(code, message, error);
  return code;
}

void lh_service_free(lh_service* service) {
  if (service == nullptr) return;
  Guard(nullptr, [&]() -> int {
    delete service;
    return LH_OK;
  });
}

const char* lh_service_last_error(void) { return service_error.c_str(); }

int lh_service_observe(lh_service* service, const char* json, size_t len) {
  if (service == nullptr || (json == nullptr && len > 0)) return LH_INVALID_ARGUMENT;
  return Guard(&service_error, [&]() -> int {
    auto o = loghealth::ParseObservation(std::string_view(json ? json : "", len),
                                         /*default_time=*/0);
    if (!o.ok()) return FromStatus(o.status(), &service_error);
    return FromStatus(service->service->Observe({*o}), &service_error);
  });
}

int lh_service_resolve(lh_service* service, const char* alert_id, const char* actor,
                       const char* reason) {
  if (service == nullptr || alert_id == nullptr || actor == nullptr) return LH_INVALID_ARGUMENT;
  return Guard(&service_error, [&]() -> int {
    return FromStatus(service->service->Resolve(alert_id, actor, reason ? reason : ""),
                      &service_error);
  });
}

int lh_service_wait_idle(lh_service* service, int64_t timeout_ms) {
  if (service == nullptr) return LH_INVALID_ARGUMENT;
  return Guard(&service_error, [&]() -> int {
    if (service->service->WaitIdle(timeout_ms)) return LH_OK;
    service_error = "deliveries are still pending";
    return LH_DEADLINE_EXCEEDED;
  });
}

int lh_service_take_records(lh_service* service, char** out) {
  if (service == nullptr || out == nullptr) return LH_INVALID_ARGUMENT;
  *out = nullptr;
  return Guard(&service_error, [&]() -> int {
    std::string all;
    for (const std::string& line : service->service->TakeRecords()) {
      all += line;
      all.push_back('\n');
    }
    *out = Owned(all);
    return LH_OK;
  });
}

int lh_service_stop(lh_service* service) {
  if (service == nullptr) return LH_INVALID_ARGUMENT;
  return Guard(&service_error, [&]() -> int {
    return FromStatus(service->service->Stop(), &service_error);
  });
}

}  // extern "C"
