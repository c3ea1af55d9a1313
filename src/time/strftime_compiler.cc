// strftime formats with the semantics of timefmt-go v0.1.1, which Panther
// uses: variable-width numbers, case-insensitive names, composites.
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "src/time/pattern.h"

namespace loghealth {
namespace time_internal {
namespace {

Op Number(Field field, int min_width, int max_width, bool space_pad = false) {
  Op op;
  op.kind = OpKind::kNumber;
  op.field = field;
  op.min_width = static_cast<uint8_t>(min_width);
  op.max_width = static_cast<uint8_t>(max_width);
  op.space_pad = space_pad;
  op.zero_pad = !space_pad;
  return op;
}

Op Kind(OpKind kind, bool full = false) {
  Op op;
  op.kind = kind;
  op.full = full;
  return op;
}

void AddLiteral(std::string_view text, PatternProgram* program) {
  if (!program->ops.empty() && program->ops.back().kind == OpKind::kLiteral) {
    program->ops.back().literal.append(text);
    return;
  }
  Op op;
  op.kind = OpKind::kLiteral;
  op.literal = std::string(text);
  program->ops.push_back(std::move(op));
}

// The composite directives, as timefmt-go defines them.
const char* Composite(char c) {
  switch (c) {
    case 'c': return "%a %b %e %H:%M:%S %Y";
    case '+': return "%a %b %e %H:%M:%S %Z %Y";
    case 'F': return "%Y-%m-%d";
    case 'D':
    case 'x': return "%m/%d/%y";
    case 'v': return "%e-%b-%Y";
    case 'T':
    case 'X': return "%H:%M:%S";
    case 'r': return "%I:%M:%S %p";
    case 'R': return "%H:%M";
    default: return nullptr;
  }
}

absl::Status Compile(std::string_view format, PatternProgram* program,
                     int* directives) {
  for (size_t i = 0; i < format.size(); ++i) {
    const char c = format[i];
    if (c != '%') {
      AddLiteral(format.substr(i, 1), program);
      continue;
    }
    if (i + 1 >= format.size()) {
      return absl::InvalidArgumentError(
          absl::StrFormat("stray \"%%\" at offset %d", i));
    }
    const char d = format[++i];
    ++*directives;
    if (const char* composite = Composite(d)) {
      absl::Status s = Compile(composite, program, directives);
      if (!s.ok()) return s;
      continue;
    }
    switch (d) {
      case 'Y': program->ops.push_back(Number(Field::kYear, 1, 4)); break;
      case 'C': program->ops.push_back(Number(Field::kCentury, 1, 2)); break;
      case 'y': program->ops.push_back(Number(Field::kYear2, 1, 2)); break;
      case 'm': program->ops.push_back(Number(Field::kMonth, 1, 2)); break;
      case 'd': program->ops.push_back(Number(Field::kDay, 1, 2)); break;
      case 'e': program->ops.push_back(Number(Field::kDay, 1, 2, true)); break;
      case 'H': program->ops.push_back(Number(Field::kHour24, 1, 2)); break;
      case 'k': program->ops.push_back(Number(Field::kHour24, 1, 2, true)); break;
      case 'I': program->ops.push_back(Number(Field::kHour12, 1, 2)); break;
      case 'l': program->ops.push_back(Number(Field::kHour12, 1, 2, true)); break;
      case 'M': program->ops.push_back(Number(Field::kMinute, 1, 2)); break;
      case 'S': program->ops.push_back(Number(Field::kSecond, 1, 2)); break;
      case 'j': program->ops.push_back(Number(Field::kYearDay, 1, 3)); break;
      case 's': {
        Op op = Number(Field::kEpochSeconds, 1, 12);
        op.zero_pad = false;
        program->ops.push_back(op);
        break;
      }
      case 'U':
      case 'W':
      case 'V':
      case 'g':
      case 'G':
      case 'u':
      case 'w': {
        const int width = d == 'G' ? 4 : (d == 'u' || d == 'w') ? 1 : 2;
        Op op = Number(Field::kIgnored, 1, width);
        op.literal = std::string(1, d);
        program->ops.push_back(op);
        break;
      }
      case 'f': {
        // timefmt-go reads up to 6 digits; reading 9 keeps nanoseconds.
        Op op = Kind(OpKind::kFraction);
        op.min_width = 1;
        op.max_width = 9;
        program->ops.push_back(op);
        break;
      }
      case 'a': program->ops.push_back(Kind(OpKind::kWeekdayName)); break;
      case 'A': program->ops.push_back(Kind(OpKind::kWeekdayName, true)); break;
      case 'b':
      case 'h': program->ops.push_back(Kind(OpKind::kMonthName)); break;
      case 'B': program->ops.push_back(Kind(OpKind::kMonthName, true)); break;
      case 'p': program->ops.push_back(Kind(OpKind::kAmPm)); break;
      case 'z': program->ops.push_back(Kind(OpKind::kZoneHhmm)); break;
      case 'Z': program->ops.push_back(Kind(OpKind::kZoneName)); break;
      case 't':
      case 'n': program->ops.push_back(Kind(OpKind::kWhitespace)); break;
      case '%':
        --*directives;
        AddLiteral("%", program);
        break;
      default:
        return absl::InvalidArgumentError(absl::StrFormat(
            "unknown directive \"%%%c\" at offset %d", d, i - 1));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<PatternProgram> CompileStrftime(std::string_view format) {
  PatternProgram program;
  program.default_year = 1900;
  int directives = 0;
  absl::Status s = Compile(format, &program, &directives);
  if (!s.ok()) return s;
  if (directives == 0) {
    return absl::InvalidArgumentError(
        "not a built-in format (rfc3339, unix, unix_ms, unix_us, unix_ns, "
        "cloudflare) and has no strftime % directive");
  }
  return program;
}

}  // namespace time_internal
}  // namespace loghealth
