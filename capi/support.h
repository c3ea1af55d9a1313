// What every part of the C ABI shares: no exception escapes (Guard),
// absl::Status becomes a status code and a message, and memory handed to
// the caller is malloc'd (freed with lh_free).
#ifndef LOGHEALTH_CAPI_SUPPORT_H_
#define LOGHEALTH_CAPI_SUPPORT_H_

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "capi/loghealth.h"

namespace loghealth {
namespace capi {

// Runs `body`, turning any exception into LH_INTERNAL with its message.
template <typename Body>
int Guard(std::string* error, Body body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    if (error) *error = "out of memory";
    return LH_RESOURCE_EXHAUSTED;
  } catch (const std::exception& e) {
    if (error) *error = std::string("internal error: ") + e.what();
    return LH_INTERNAL;
  } catch (...) {
    if (error) *error = "internal error";
    return LH_INTERNAL;
  }
}

// Hands a creation failure's message to the caller (who frees it).
void ReportCreateError(int code, const std::string& message, char** error) noexcept;

// LH_OK, or the status's code with its message in *error.
int FromStatus(const absl::Status& s, std::string* error);

// A malloc'd, NUL-terminated copy (throws std::bad_alloc).
char* Owned(std::string_view s);

// Output handed to the caller (freed with lh_free) and built in place: a
// malloc'd buffer grown by realloc, which moves large blocks by remapping
// pages rather than copying them. A batch's output is as large as its
// input; building it in a std::string and copying that out cost a fifth of
// classify_batch's time.
class MallocBuffer {
 public:
  explicit MallocBuffer(size_t capacity) { Grow(capacity < 64 ? 64 : capacity); }
  ~MallocBuffer() { std::free(data_); }
  MallocBuffer(const MallocBuffer&) = delete;
  MallocBuffer& operator=(const MallocBuffer&) = delete;

  void append(const char* p, size_t n) {
    if (capacity_ - size_ < n) Grow(std::max(capacity_ * 2, size_ + n));
    std::memcpy(data_ + size_, p, n);
    size_ += n;
  }
  void append(std::string_view s) { append(s.data(), s.size()); }
  void push_back(char c) { append(&c, 1); }
  size_t size() const { return size_; }
  // The bytes, NUL-terminated, now the caller's.
  char* Release() {
    push_back('\0');
    char* p = data_;
    data_ = nullptr;
    return p;
  }

 private:
  void Grow(size_t capacity) {
    char* p = static_cast<char*>(std::realloc(data_, capacity));
    if (p == nullptr) throw std::bad_alloc();
    data_ = p;
    capacity_ = capacity;
  }
  char* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace capi
}  // namespace loghealth

#endif  // LOGHEALTH_CAPI_SUPPORT_H_
