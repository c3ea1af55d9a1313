// Go reference layouts ("2006-01-02 15:04:05"), which Panther's own schemas
// use as `layout=...`. Tokens follow Go's time.nextStdChunk.
#include <string>

#include "absl/status/status.h"
#include "src/time/pattern.h"

namespace loghealth {
namespace time_internal {
namespace {

bool StartsWith(std::string_view s, size_t i, std::string_view prefix) {
  return s.substr(i, prefix.size()) == prefix;
}

Op Number(Field field, int min_width, int max_width, bool zero_pad,
          bool space_pad = false) {
  Op op;
  op.kind = OpKind::kNumber;
  op.field = field;
  op.min_width = static_cast<uint8_t>(min_width);
  op.max_width = static_cast<uint8_t>(max_width);
  op.zero_pad = zero_pad;
  op.space_pad = space_pad;
  return op;
}

Op Named(OpKind kind, bool full) {
  Op op;
  op.kind = kind;
  op.full = full;
  return op;
}

Op Zone(OpKind kind, bool zulu) {
  Op op;
  op.kind = kind;
  op.zulu = zulu;
  return op;
}

// Returns the op for the std chunk at `i` and its length, or length 0.
size_t NextChunk(std::string_view l, size_t i, Op* op) {
  const char c = l[i];
  auto digit_at = [&](size_t j) {
    return j < l.size() && l[j] >= '0' && l[j] <= '9';
  };
  switch (c) {
    case 'J':
      if (StartsWith(l, i, "January")) { *op = Named(OpKind::kMonthName, true); return 7; }
      if (StartsWith(l, i, "Jan")) { *op = Named(OpKind::kMonthName, false); return 3; }
      break;
    case 'M':
      if (StartsWith(l, i, "Monday")) { *op = Named(OpKind::kWeekdayName, true); return 6; }
      if (StartsWith(l, i, "Mon")) { *op = Named(OpKind::kWeekdayName, false); return 3; }
      if (StartsWith(l, i, "MST")) { *op = Named(OpKind::kZoneName, false); return 3; }
      break;
    case '0':
      if (i + 1 < l.size() && l[i + 1] >= '1' && l[i + 1] <= '6') {
        switch (l[i + 1]) {
          case '1': *op = Number(Field::kMonth, 2, 2, true); return 2;
          case '2': *op = Number(Field::kDay, 2, 2, true); return 2;
          case '3': *op = Number(Field::kHour12, 2, 2, true); return 2;
          case '4': *op = Number(Field::kMinute, 2, 2, true); return 2;
          case '5': *op = Number(Field::kSecond, 2, 2, true); return 2;
          case '6': *op = Number(Field::kYear2, 2, 2, true); return 2;
        }
      }
      if (StartsWith(l, i, "002")) { *op = Number(Field::kYearDay, 3, 3, true); return 3; }
      break;
    case '1':
      if (StartsWith(l, i, "15")) { *op = Number(Field::kHour24, 1, 2, true); return 2; }
      *op = Number(Field::kMonth, 1, 2, false);
      return 1;
    case '2':
      if (StartsWith(l, i, "2006")) { *op = Number(Field::kYear, 4, 4, true); return 4; }
      *op = Number(Field::kDay, 1, 2, false);
      return 1;
    case '_':
      if (StartsWith(l, i, "_2") && !StartsWith(l, i, "_2006")) {
        *op = Number(Field::kDay, 1, 2, false, true);
        return 2;
      }
      if (StartsWith(l, i, "__2")) {
        *op = Number(Field::kYearDay, 1, 3, false, true);
        return 3;
      }
      break;
    case '3': *op = Number(Field::kHour12, 1, 2, false); return 1;
    case '4': *op = Number(Field::kMinute, 1, 2, false); return 1;
    case '5': *op = Number(Field::kSecond, 1, 2, false); return 1;
    case 'P':
      if (StartsWith(l, i, "PM")) { *op = Named(OpKind::kAmPm, false); return 2; }
      break;
    case 'p':
      if (StartsWith(l, i, "pm")) {
        *op = Named(OpKind::kAmPm, false);
        op->lower = true;
        return 2;
      }
      break;
    case '-':
      if (StartsWith(l, i, "-07:00")) { *op = Zone(OpKind::kZoneColon, false); return 6; }
      if (StartsWith(l, i, "-0700")) { *op = Zone(OpKind::kZoneHhmm, false); return 5; }
      if (StartsWith(l, i, "-07")) { *op = Zone(OpKind::kZoneHh, false); return 3; }
      break;
    case 'Z':
      if (StartsWith(l, i, "Z07:00")) { *op = Zone(OpKind::kZoneColon, true); return 6; }
      if (StartsWith(l, i, "Z0700")) { *op = Zone(OpKind::kZoneHhmm, true); return 5; }
      if (StartsWith(l, i, "Z07")) { *op = Zone(OpKind::kZoneHh, true); return 3; }
      break;
    case '.':
    case ',':
      if (i + 1 < l.size() && (l[i + 1] == '0' || l[i + 1] == '9')) {
        const char ch = l[i + 1];
        size_t j = i + 1;
        while (j < l.size() && l[j] == ch) ++j;
        if (!digit_at(j)) {
          op->kind = OpKind::kFraction;
          op->literal = std::string(1, c);
          op->min_width = ch == '0' ? static_cast<uint8_t>(j - i - 1) : 1;
          op->max_width = ch == '0' ? static_cast<uint8_t>(j - i - 1) : 9;
          op->trim_zeros = ch == '9';
          op->format_width = static_cast<uint8_t>(j - i - 1);
          if (op->max_width > 9) op->max_width = op->min_width = 9;
          return j - i;
        }
      }
      break;
  }
  return 0;
}

}  // namespace

absl::StatusOr<PatternProgram> CompileGoLayout(std::string_view layout) {
  PatternProgram program;
  program.default_year = 0;
  program.implicit_fraction = true;
  int chunks = 0;
  for (size_t i = 0; i < layout.size();) {
    if (layout[i] == ' ') {
      // Go's Parse: a run of spaces in the layout matches one or more spaces
      // ("Mon May  2" against "Mon Jan 2"); Format writes the run as it is.
      size_t j = i;
      while (j < layout.size() && layout[j] == ' ') ++j;
      Op space;
      space.kind = OpKind::kWhitespace;
      space.literal = std::string(layout.substr(i, j - i));
      program.ops.push_back(std::move(space));
      i = j;
      continue;
    }
    Op op;
    const size_t n = NextChunk(layout, i, &op);
    if (n == 0) {
      if (!program.ops.empty() &&
          program.ops.back().kind == OpKind::kLiteral) {
        program.ops.back().literal.push_back(layout[i]);
      } else {
        Op lit;
        lit.kind = OpKind::kLiteral;
        lit.literal = std::string(1, layout[i]);
        program.ops.push_back(std::move(lit));
      }
      ++i;
      continue;
    }
    ++chunks;
    program.ops.push_back(std::move(op));
    i += n;
  }
  if (chunks == 0) {
    return absl::InvalidArgumentError(
        "Go layout has no reference-time element (2006, 01, 02, 15, 04, 05, "
        "Jan, MST, ...)");
  }
  return program;
}

}  // namespace time_internal
}  // namespace loghealth
