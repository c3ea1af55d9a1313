#include "tests/testing/paths.h"

#include <cstdlib>
#include <filesystem>

namespace loghealth {
namespace testing {
namespace fs = std::filesystem;

std::string SourceRoot() {
  // Runfiles are links into the source tree; WORKSPACE is one of them.
  const char* srcdir = std::getenv("TEST_SRCDIR");
  const char* workspace = std::getenv("TEST_WORKSPACE");
  if (srcdir == nullptr || workspace == nullptr) return ".";
  std::error_code ec;
  const fs::path link = fs::path(srcdir) / workspace / "WORKSPACE";
  const fs::path real = fs::canonical(link, ec);
  if (ec) return ".";
  return real.parent_path().string();
}

std::string ConformanceDir() {
  if (const char* env = std::getenv("LOGHEALTH_CONFORMANCE_DIR")) {
    return fs::is_directory(env) ? env : "";
  }
  const fs::path dir = fs::path(SourceRoot()) / ".." / "shared" /
                       "conformance" / "panther-analysis-v1.33.0";
  std::error_code ec;
  return fs::is_directory(dir, ec) ? fs::canonical(dir, ec).string() : "";
}

}  // namespace testing
}  // namespace loghealth
