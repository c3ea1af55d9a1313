// Fuzzes every timestamp codec: the first byte picks a format, the rest is
// the value (and, for the pattern compilers, a format of its own).
#include <cstdint>
#include <string>

#include "loghealth/timestamp.h"
#include "src/time/fast_format.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const char* kSpecs[] = {
      "rfc3339", "unix", "unix_ms", "unix_us", "unix_ns", "cloudflare",
      "%d/%b/%Y:%H:%M:%S %z", "%c", "%Y%m%d%H%M%S.%f", "%s", "%y-%j %I:%M %p %Z",
      "%G-W%V-%u %e %k %l", "layout=2006-01-02T15:04:05.999Z07:00",
      "layout=Mon Jan _2 15:04:05 MST 2006", "layout=01/02/06 3:04PM -0700"};
  if (size == 0) return 0;
  const std::string_view value(reinterpret_cast<const char*>(data + 1), size - 1);
  const size_t n = sizeof(kSpecs) / sizeof(kSpecs[0]);
  std::string spec = data[0] < n ? kSpecs[data[0]] : std::string(value.substr(0, data[0] % 16));
  auto codec = loghealth::TimeCodec::Compile(spec);
  if (!codec.ok()) return 0;
  for (auto kind : {loghealth::TimeValueKind::kString, loghealth::TimeValueKind::kNumber}) {
    loghealth::Timestamp t;
    loghealth::TimeParseError e;
    switch (codec->Parse(value, kind, &t, &e)) {
      case loghealth::TimeParseStatus::kOk: {
        std::string out;
        codec->Format(t, &out);
        // A text the codec calls its own output is what Format writes.
        if (kind == loghealth::TimeValueKind::kString &&
            loghealth::TimeCodecInternals::IsOwnOutput(*codec, value) &&
            out != value) {
          __builtin_trap();
        }
        loghealth::FormatRfc3339Nano(t, &out);
        loghealth::FormatDataLakeTime(t, &out);
        break;
      }
      case loghealth::TimeParseStatus::kError:
        (void)codec->Describe(value, e);
        break;
      default:
        break;
    }
  }
  return 0;
}
