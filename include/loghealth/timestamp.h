// -----------------------------------------------------------------------------
// File: loghealth/timestamp.h
// -----------------------------------------------------------------------------
//
// Timestamp codecs: how a schema's `timeFormat` / `timeFormats` turns the text
// of a log value into an instant, and back into text for the normalized event.
//
// A format is one of
//
//   rfc3339         "2006-01-02T15:04:05Z" or "...05.123456789+02:00"; strings
//                   only. Fractions longer than 9 digits are truncated to ns.
//   unix            seconds as a number or numeric string, "1649097448.5";
//                   truncated to microseconds like Panther.
//   unix_ms/us/ns   integer milliseconds / microseconds / nanoseconds, from a
//                   number or a string.
//   cloudflare      rfc3339 text, or an integer: seconds below 60,000,000,000,
//                   nanoseconds above (used by Panther's Cloudflare schemas);
//                   written back as RFC 3339 in whole seconds.
//   layout=<L>      a Go reference layout, e.g. "layout=2006-01-02 15:04:05".
//   anything else   a strftime pattern with Panther's semantics (timefmt-go):
//                   variable-width numbers, %z exactly +hhmm, %Z a zone name,
//                   case-insensitive %a %A %b %B, leading spaces for %e %k %l,
//                   %f fraction, %y pivot at 69, %p with %I, composites
//                   (%c %F %T %D %R %r %x %X %v %+), missing parts default to
//                   1900-01-01 00:00:00 UTC, trailing input is an error.
//
// A TimeFormats list tries its formats in order; the first that parses wins,
// and the value is re-encoded with that format.
//
// Absent values: null and "" are never errors. Parse* return kAbsent and the
// caller omits the field (or reports `required`).
//
// Errors are values and cheap: a failed parse fills a small TimeParseError
// (kind, byte offset, what was expected) without allocating; Describe() turns
// it into the one-line message users see, e.g.
//
//   failed to parse "10/Oct/2000:13:55" with "%d/%b/%Y:%H:%M:%S":
//       expected ":" at offset 17
//
// Thread safety: a compiled TimeCodec / TimeFormats is immutable and safe to
// share between threads. Cost: rfc3339 and unix* parse without allocating;
// pattern formats allocate nothing either (the program is compiled once).
// -----------------------------------------------------------------------------
#ifndef LOGHEALTH_TIMESTAMP_H_
#define LOGHEALTH_TIMESTAMP_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace loghealth {

// An instant, plus the UTC offset its text was written in (kept so that the
// event shows the value the way the log wrote it).
struct Timestamp {
  int64_t seconds = 0;     // since 1970-01-01T00:00:00Z
  int32_t nanos = 0;       // [0, 999999999]
  int32_t utc_offset = 0;  // seconds east of UTC

  // The same instant, whatever the offset.
  bool SameInstant(const Timestamp& o) const {
    return seconds == o.seconds && nanos == o.nanos;
  }
  // Nanoseconds since the epoch. Only for instants int64 can hold
  // (1677-09-21 to 2262-04-11); check with FitsUnixNanos first otherwise.
  int64_t UnixNanos() const { return seconds * 1000000000 + nanos; }
  bool FitsUnixNanos() const {
    return seconds > -9223372036LL && seconds < 9223372036LL;
  }
  // The instant `ns` nanoseconds since the epoch (UTC), for every int64:
  // seconds round towards the past, so nanos stays in [0, 999999999].
  static constexpr Timestamp FromUnixNanos(int64_t ns) {
    Timestamp t;
    t.seconds = ns / 1000000000;
    int64_t rest = ns % 1000000000;
    if (rest < 0) {
      rest += 1000000000;
      --t.seconds;
    }
    t.nanos = static_cast<int32_t>(rest);
    return t;
  }
};

// How a JSON value arrived: the codecs differ on numbers vs strings, and
// null is always absent.
enum class TimeValueKind { kString, kNumber, kNull };

enum class TimeParseStatus { kOk, kAbsent, kError };

// Why a parse failed. Holds no allocated memory: `expected` points into the
// codec's compiled program (or a static string), valid while the codec lives.
struct TimeParseError {
  enum class Kind : uint8_t {
    kNone,
    kExpected,        // expected `expected` at `offset`
    kBadNumber,       // could not read the number `what` at `offset`
    kOutOfRange,      // `what` is out of range at `offset`
    kBadName,         // not a month / weekday / AM-PM name at `offset`
    kTrailing,        // unconverted input from `offset`
    kWrongJsonType,   // e.g. a number for rfc3339
    kTooLarge,        // outside the supported range (years 0001..9999)
  };
  Kind kind = Kind::kNone;
  uint32_t offset = 0;
  std::string_view expected;  // for kExpected
  const char* what = "";      // for kBadNumber / kOutOfRange / kBadName
};

struct TimeCodecInternals;

// One compiled format.
class TimeCodec {
 public:
  // Compiles a format spec ("rfc3339", "unix_ms", "%d/%b/%Y", "layout=...").
  // Errors name the problem and where, e.g.
  //   unknown directive "%Q" at offset 3
  static absl::StatusOr<TimeCodec> Compile(std::string_view spec);

  // Parses `text`. For kNumber, `text` is the number's literal JSON text.
  TimeParseStatus Parse(std::string_view text, TimeValueKind kind,
                        Timestamp* out, TimeParseError* error) const;

  // Appends the value as this format writes it. When FormatsAsNumber(), the
  // text is a JSON number; otherwise it is a string's content (unquoted).
  void Format(const Timestamp& t, std::string* out) const;
  bool FormatsAsNumber() const;
  // Formats with a zone abbreviation (%Z, Go's MST) write back the one the
  // text they parsed held, as Go keeps the name it read ("GMT" stays GMT;
  // Format, with no text, writes UTC): FormatLike(t, parsed_text).
  bool KeepsZoneName() const;
  // False for a format that reads no year (strftime or Go layouts without
  // one: such times land in Go's year 0, or strftime's 1900).
  bool ReadsYear() const;
  void FormatLike(const Timestamp& t, std::string_view parsed_text, std::string* out) const;

  // "failed to parse "<text>" with "<spec>": <why>".
  std::string Describe(std::string_view text, const TimeParseError& e) const;

  const std::string& spec() const;

  TimeCodec(const TimeCodec&);
  TimeCodec& operator=(const TimeCodec&);
  TimeCodec(TimeCodec&&) noexcept;
  TimeCodec& operator=(TimeCodec&&) noexcept;
  ~TimeCodec();

 private:
  friend struct TimeCodecInternals;  // the writers' fast paths, src/time
  struct Impl;
  explicit TimeCodec(std::shared_ptr<const Impl> impl);
  std::shared_ptr<const Impl> impl_;
};

// An ordered list of codecs: the first one that parses wins.
class TimeFormats {
 public:
  static absl::StatusOr<TimeFormats> Compile(
      const std::vector<std::string>& specs);

  // On success `*which` is the index of the codec that parsed (use it to
  // Format the value back). On error `first_error` is the first codec's
  // reason; Describe() gives every codec's.
  TimeParseStatus Parse(std::string_view text, TimeValueKind kind,
                        Timestamp* out, size_t* which,
                        TimeParseError* first_error) const;

  // The message for a value that no codec parsed: every format's reason.
  std::string Describe(std::string_view text, TimeValueKind kind) const;

  const std::vector<TimeCodec>& codecs() const { return codecs_; }

 private:
  std::vector<TimeCodec> codecs_;
};

// Panther's data-lake layout: "2006-01-02 15:04:05.000000000", always UTC.
void FormatDataLakeTime(const Timestamp& t, std::string* out);

// RFC 3339 with nanoseconds, trailing zeros trimmed, in the value's offset
// ("Z" for UTC). Used for p_event_time / p_parse_time.
void FormatRfc3339Nano(const Timestamp& t, std::string* out);

// A time read without its year (a BSD syslog "Dec 31 23:59:59"), put in the
// year that makes it nearest to `now` without being more than 31 days after
// it: a December line read in January belongs to the year before. February
// 29 in a year that has none is March 1.
Timestamp InferYear(const Timestamp& yearless, const Timestamp& now);

}  // namespace loghealth

#endif  // LOGHEALTH_TIMESTAMP_H_
