// The C ABI's shared helpers (support.h).
#include "capi/support.h"

namespace loghealth {
namespace capi {

// Hands a creation failure's message to the caller (who frees it).
void ReportCreateError(int code, const std::string& message, char** error) noexcept {
  if (code == LH_OK || error == nullptr) return;
  try {
    *error = nullptr;
    char* p = static_cast<char*>(std::malloc(message.size() + 1));
    if (p == nullptr) return;
    std::memcpy(p, message.data(), message.size());
    p[message.size()] = '\0';
    *error = p;
  } catch (...) {
  }
}

int FromStatus(const absl::Status& s, std::string* error) {
  if (s.ok()) {
    if (error) error->clear();
    return LH_OK;
  }
  if (error) *error = std::string(s.message());
  return static_cast<int>(s.code());
}

char* Owned(std::string_view s) {
  char* p = static_cast<char*>(std::malloc(s.size() + 1));
  if (p == nullptr) throw std::bad_alloc();
  std::memcpy(p, s.data(), s.size());
  p[s.size()] = '\0';
  return p;
}

}  // namespace capi
}  // namespace loghealth
