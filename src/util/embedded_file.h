// A file compiled into the library (tools/embed_files.py writes the arrays).
#ifndef LOGHEALTH_SRC_UTIL_EMBEDDED_FILE_H_
#define LOGHEALTH_SRC_UTIL_EMBEDDED_FILE_H_

#include <cstddef>

namespace loghealth {

struct EmbeddedFile {
  const char* path;  // relative to the folder it was embedded from
  const char* text;  // the bytes, NUL-terminated after `size`
  size_t size;
};

}  // namespace loghealth

#endif  // LOGHEALTH_SRC_UTIL_EMBEDDED_FILE_H_
