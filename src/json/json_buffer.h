// The buffer an event is written into: a growable byte array whose appends
// are inline. Writing an event is a hundred or more small appends (a comma,
// a key, a short value); std::string's append is an out-of-line call that
// then calls memcpy, which cost more than the copying. Grown, it is reused
// from log to log and allocates nothing more.
#ifndef LOGHEALTH_SRC_JSON_JSON_BUFFER_H_
#define LOGHEALTH_SRC_JSON_JSON_BUFFER_H_

#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <memory>
#include <string_view>
#include <utility>

namespace loghealth {
namespace json {

class JsonBuffer {
 public:
  JsonBuffer() = default;
  JsonBuffer(const JsonBuffer&) = delete;
  JsonBuffer& operator=(const JsonBuffer&) = delete;

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  char* data() { return bytes_.get(); }
  const char* data() const { return bytes_.get(); }
  char& operator[](size_t i) { return bytes_[i]; }
  char back() const { return bytes_[size_ - 1]; }
  std::string_view view() const { return std::string_view(bytes_.get(), size_); }

  void clear() { size_ = 0; }
  void swap(JsonBuffer& other) noexcept {
    bytes_.swap(other.bytes_);
    std::swap(size_, other.size_);
    std::swap(capacity_, other.capacity_);
  }
  void pop_back() { --size_; }
  // Shrinks, or grows with zero bytes.
  void resize(size_t n) {
    if (n > size_) {
      reserve(n);
      std::memset(bytes_.get() + size_, 0, n - size_);
    }
    size_ = n;
  }
  void reserve(size_t n) {
    if (n > capacity_) Grow(n);
  }

  void push_back(char c) {
    if (size_ == capacity_) Grow(size_ + 1);
    bytes_[size_++] = c;
  }
  // `p` may point into this buffer. Always inline: it is a few
  // instructions at each call, and out of line it costs a call per append.
  __attribute__((always_inline)) void append(const char* p, size_t n) {
    if (capacity_ - size_ < n) {
      AppendGrowing(p, n);
      return;
    }
    CopySmall(bytes_.get() + size_, p, n);
    size_ += n;
  }
  __attribute__((always_inline)) void append(std::string_view s) { append(s.data(), s.size()); }
  // Room for `n` bytes written straight into the buffer: returns where they
  // go; set_end() then says where the writing stopped (at most n on).
  char* WriteSpace(size_t n) {
    reserve(size_ + n);
    return bytes_.get() + size_;
  }
  void set_end(char* end) { size_ = static_cast<size_t>(end - bytes_.get()); }
  // append() for a source followed by at least kPadding readable bytes (the
  // padded input, a compiled schema's key texts): up to kPadding bytes are
  // copied with two fixed 16-byte moves, whatever their length, so values
  // of varying lengths take no branch on it and no call. The buffer keeps
  // kPadding spare bytes for the copy's overrun.
  static constexpr size_t kPadding = 32;
  void AppendPadded(const char* p, size_t n) {
    if (capacity_ - size_ < n + kPadding) {
      AppendGrowing(p, n);
      return;
    }
    char* d = bytes_.get() + size_;
    if (n <= kPadding) {
#if defined(__SSE2__)
      // Straight from register to buffer: staged through a local array,
      // g++ stored and reloaded the block on the stack, and the reload of
      // the second half was DecodeObject's hottest instruction.
      const __m128i low = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      const __m128i high = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(d), low);
      _mm_storeu_si128(reinterpret_cast<__m128i*>(d + 16), high);
#else
      char block[kPadding];
      std::memcpy(block, p, kPadding);
      std::memcpy(d, block, kPadding);
#endif
    } else {
      CopyLarge(d, p, n);
    }
    size_ += n;
  }

 private:
  // Short copies inline, in at most two overlapping loads and stores that
  // stay inside [src, src + n); longer ones through memcpy. Up to 32 bytes:
  // keys, openings, ARNs and most values, whose calls into libc's memcpy
  // showed in profiles.
  __attribute__((always_inline)) static void CopySmall(char* dst, const char* src, size_t n) {
    if (n >= 8) {
      if (n > 16) {
#if defined(__SSE2__)
        if (n <= 32) {
          const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src));
          const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + n - 16));
          _mm_storeu_si128(reinterpret_cast<__m128i*>(dst), a);
          _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + n - 16), b);
          return;
        }
#endif
        CopyLarge(dst, src, n);
        return;
      }
      uint64_t a, b;
      std::memcpy(&a, src, 8);
      std::memcpy(&b, src + n - 8, 8);
      std::memcpy(dst, &a, 8);
      std::memcpy(dst + n - 8, &b, 8);
    } else if (n >= 4) {
      uint32_t a, b;
      std::memcpy(&a, src, 4);
      std::memcpy(&b, src + n - 4, 4);
      std::memcpy(dst, &a, 4);
      std::memcpy(dst + n - 4, &b, 4);
    } else if (n > 0) {
      dst[0] = src[0];
      dst[n / 2] = src[n / 2];
      dst[n - 1] = src[n - 1];
    }
  }

  // memcpy, out of line: long copies are the rare case, and g++ (inlining
  // an append of a short local buffer) warned about the memcpy it could not
  // rule out.
  static void CopyLarge(char* dst, const char* src, size_t n);
  // Out of line: growing is rare.
  void Grow(size_t needed);
  void AppendGrowing(const char* p, size_t n);

  std::unique_ptr<char[]> bytes_;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace json
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_JSON_JSON_BUFFER_H_
