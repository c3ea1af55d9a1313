// The files of a state folder: a snapshot replaced atomically, and a log of
// records appended and synced.
#ifndef LOGHEALTH_SRC_SERVICE_STATE_FILES_H_
#define LOGHEALTH_SRC_SERVICE_STATE_FILES_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace loghealth {
namespace service {

// Creates `dir` (and its parents) when missing.
absl::Status EnsureDirectory(const std::string& dir);

// The file's bytes; NotFound when it does not exist.
absl::StatusOr<std::string> ReadWholeFile(const std::string& path);

// Replaces dir/name with `bytes` so that a crash at any moment leaves the
// old file or the new one, whole: a temporary file, fsync, rename, fsync of
// the folder.
absl::Status ReplaceFileAtomically(const std::string& dir, const std::string& name,
                                   std::string_view bytes);

// An append-only file (records.jsonl).
class AppendOnlyFile {
 public:
  AppendOnlyFile() = default;
  AppendOnlyFile(const AppendOnlyFile&) = delete;
  AppendOnlyFile& operator=(const AppendOnlyFile&) = delete;
  ~AppendOnlyFile();

  // Opens (creating) `path`; when it is longer than `keep_bytes`, cuts it
  // back to that length (what a snapshot knew of), if keep_bytes >= 0.
  absl::Status Open(const std::string& path, int64_t keep_bytes);
  absl::Status Append(std::string_view bytes);
  // fdatasync: what was appended survives a crash.
  absl::Status Sync();
  int64_t size() const { return size_; }

 private:
  int fd_ = -1;
  int64_t size_ = 0;
  std::string path_;
};

}  // namespace service
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_SERVICE_STATE_FILES_H_
