#include "src/json/json_buffer.h"

#include <algorithm>

namespace loghealth {
namespace json {

void JsonBuffer::CopyLarge(char* dst, const char* src, size_t n) { std::memcpy(dst, src, n); }

void JsonBuffer::Grow(size_t needed) {
  const size_t capacity = std::max({needed, capacity_ * 2, size_t{256}});
  std::unique_ptr<char[]> bytes(new char[capacity]);
  if (size_ > 0) std::memcpy(bytes.get(), bytes_.get(), size_);
  bytes_ = std::move(bytes);
  capacity_ = capacity;
}

void JsonBuffer::AppendGrowing(const char* p, size_t n) {
  // A copy of part of this buffer: find it again after the move.
  const char* begin = bytes_.get();
  const bool inside = begin != nullptr && p >= begin && p < begin + size_;
  const size_t offset = inside ? static_cast<size_t>(p - begin) : 0;
  Grow(size_ + n);
  if (inside) p = bytes_.get() + offset;
  std::memcpy(bytes_.get() + size_, p, n);
  size_ += n;
}

}  // namespace json
}  // namespace loghealth
