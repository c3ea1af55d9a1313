// The path of the value being decoded (field names and array indices),
// named in failure records.
#ifndef LOGHEALTH_SRC_CLASSIFY_PATH_STACK_H_
#define LOGHEALTH_SRC_CLASSIFY_PATH_STACK_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace loghealth {
namespace classify {

struct PathEntry {
  std::string_view name;  // a field or key (valid while the log is read),
                          // or empty with data() null for an array element
  int32_t index = -1;     // the element's index (set for elements only)
};

// Pushed and popped on every key: a stack that only grows, so a push is two
// stores and a compare (a vector's emplace_back is not always inlined).
class PathStack {
 public:
  void PushName(std::string_view name) {
    // Member by member: a braced temporary makes g++ copy it through the
    // stack in a way that stalls store forwarding on every key.
    Next().name = name;
  }
  void PushIndex(int32_t index) {
    PathEntry& e = Next();
    e.name = std::string_view();
    e.index = index;
  }
  void Pop() { --top_; }
  void Clear() { top_ = 0; }
  const PathEntry* begin() const { return entries_.data(); }
  const PathEntry* end() const { return entries_.data() + top_; }

 private:
  PathEntry& Next() {
    if (top_ == capacity_) Grow();
    return entries_[top_++];
  }
  // Out of line and rare; the vector's size is cached in capacity_ so the
  // push compares with a member instead of computing size().
  __attribute__((noinline, cold)) void Grow() {
    entries_.resize(entries_.empty() ? 32 : entries_.size() * 2);
    capacity_ = entries_.size();
  }
  std::vector<PathEntry> entries_;
  size_t top_ = 0;
  size_t capacity_ = 0;
};

}  // namespace classify
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_CLASSIFY_PATH_STACK_H_
