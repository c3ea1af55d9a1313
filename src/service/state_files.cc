#include "src/service/state_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace loghealth {
namespace service {
namespace {

absl::Status OsError(const std::string& what, const std::string& path) {
  return absl::UnavailableError(absl::StrCat(what, " ", path, ": ", std::strerror(errno)));
}

absl::Status WriteAll(int fd, std::string_view bytes, const std::string& path) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return OsError("cannot write", path);
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status EnsureDirectory(const std::string& dir) {
  if (dir.empty()) return absl::InvalidArgumentError("no state folder given");
  std::string partial;
  for (size_t i = 0; i <= dir.size(); ++i) {
    if (i == dir.size() || (dir[i] == '/' && i > 0)) {
      partial = dir.substr(0, i);
      if (::mkdir(partial.c_str(), 0700) != 0 && errno != EEXIST) {
        return OsError("cannot create", partial);
      }
    }
  }
  struct stat st;
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return absl::FailedPreconditionError(absl::StrCat(dir, " is not a folder"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadWholeFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return absl::NotFoundError(absl::StrCat(path, " does not exist"));
    return OsError("cannot open", path);
  }
  std::string out;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      const absl::Status s = OsError("cannot read", path);
      ::close(fd);
      return s;
    }
    if (n == 0) break;
    out.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

absl::Status ReplaceFileAtomically(const std::string& dir, const std::string& name,
                                   std::string_view bytes) {
  const std::string path = absl::StrCat(dir, "/", name);
  const std::string temporary = absl::StrCat(path, ".tmp");
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return OsError("cannot create", temporary);
  absl::Status s = WriteAll(fd, bytes, temporary);
  if (s.ok() && ::fsync(fd) != 0) s = OsError("cannot sync", temporary);
  if (::close(fd) != 0 && s.ok()) s = OsError("cannot close", temporary);
  if (!s.ok()) {
    ::unlink(temporary.c_str());
    return s;
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) return OsError("cannot rename to", path);
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) return OsError("cannot open", dir);
  const bool synced = ::fsync(dir_fd) == 0;
  ::close(dir_fd);
  if (!synced) return OsError("cannot sync", dir);
  return absl::OkStatus();
}

AppendOnlyFile::~AppendOnlyFile() {
  if (fd_ >= 0) ::close(fd_);
}

absl::Status AppendOnlyFile::Open(const std::string& path, int64_t keep_bytes) {
  path_ = path;
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd_ < 0) return OsError("cannot open", path);
  struct stat st;
  if (::fstat(fd_, &st) != 0) return OsError("cannot stat", path);
  size_ = st.st_size;
  if (keep_bytes >= 0 && size_ > keep_bytes) {
    if (::ftruncate(fd_, keep_bytes) != 0) return OsError("cannot truncate", path);
    size_ = keep_bytes;
  }
  return absl::OkStatus();
}

absl::Status AppendOnlyFile::Append(std::string_view bytes) {
  if (fd_ < 0) return absl::FailedPreconditionError("records file is not open");
  absl::Status s = WriteAll(fd_, bytes, path_);
  if (s.ok()) size_ += static_cast<int64_t>(bytes.size());
  return s;
}

absl::Status AppendOnlyFile::Sync() {
  if (fd_ >= 0 && ::fdatasync(fd_) != 0) return OsError("cannot sync", path_);
  return absl::OkStatus();
}

}  // namespace service
}  // namespace loghealth
