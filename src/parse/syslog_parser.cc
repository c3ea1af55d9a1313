// RFC 5424 and RFC 3164 syslog lines (src/parse/syslog_parser.h).
//
// RFC 5424 is read as its grammar says (fields one space apart, PRI and
// VERSION without leading zeros, the length limits, structured data with
// its three escapes): a line that breaks it does not match. RFC 3164 has no
// such grammar; what BSD syslog writes is read: <PRI>, a "Mmm dd hh:mm:ss"
// stamp (or RFC 3339), the host, an optional "tag[pid]:" and the message.
#include "src/parse/syslog_parser.h"

#include <cstring>

#include "absl/strings/str_cat.h"
#include "src/json/json_writer.h"

namespace loghealth {
namespace parse {
namespace {

bool IsGraph(char c) { return c > 0x20 && c < 0x7f; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A reader over the line that remembers where it failed and why.
class Cursor {
 public:
  explicit Cursor(std::string_view line) : line_(line) {}

  bool Done() const { return pos_ >= line_.size(); }
  size_t pos() const { return pos_; }
  char Peek() const { return Done() ? '\0' : line_[pos_]; }
  std::string_view Rest() const { return line_.substr(std::min(pos_, line_.size())); }

  bool Take(char c) {
    if (Peek() != c || Done()) return false;
    ++pos_;
    return true;
  }
  // 1..max graph characters up to the next space (or the end).
  bool Token(size_t max, std::string_view* out) {
    const size_t start = pos_;
    while (!Done() && IsGraph(line_[pos_])) ++pos_;
    const size_t n = pos_ - start;
    if (n == 0 || n > max) return false;
    *out = line_.substr(start, n);
    return true;
  }
  // A number of 1..max digits without a leading zero (unless it is "0").
  bool Number(size_t max, int* out) {
    const size_t start = pos_;
    int v = 0;
    while (!Done() && IsDigit(line_[pos_]) && pos_ - start < max) {
      v = v * 10 + (line_[pos_] - '0');
      ++pos_;
    }
    const size_t n = pos_ - start;
    if (n == 0 || (n > 1 && line_[start] == '0') || (!Done() && IsDigit(line_[pos_]))) {
      return false;
    }
    *out = v;
    return true;
  }
  void Seek(size_t pos) { pos_ = pos; }

 private:
  std::string_view line_;
  size_t pos_ = 0;
};

TextParser::Outcome NoMatch(const char* format, const char* expected, size_t offset,
                            TextMatchError* error) {
  error->reason = FailureReason::kNoPatternMatched;
  error->message = absl::StrCat(format, ": expected ", expected, " at offset ", offset);
  error->expected = expected;
  error->offset = static_cast<int64_t>(offset);
  return TextParser::Outcome::kNoMatch;
}

// <PRI>: 0..191. Writes the priority, facility and severity texts into
// `numbers` (sized first, so the views stay put).
bool ReadPriority(Cursor* c, std::string* numbers, std::vector<TextField>* fields) {
  int pri = 0;
  if (!c->Take('<') || !c->Number(3, &pri) || pri > 191 || !c->Take('>')) return false;
  numbers->clear();
  numbers->reserve(16);
  const size_t p = numbers->size();
  numbers->append(std::to_string(pri));
  const size_t f = numbers->size();
  numbers->append(std::to_string(pri / 8));
  const size_t s = numbers->size();
  numbers->append(std::to_string(pri % 8));
  const std::string_view all(*numbers);
  fields->push_back({"priority", all.substr(p, f - p)});
  fields->push_back({"facility", all.substr(f, s - f)});
  fields->push_back({"severity", all.substr(s)});
  return true;
}

// RFC 3339 as RFC 5424 allows it: a fraction of at most six digits, "Z" or
// +hh:mm. Only the shape; the schema's time format reads the value.
bool Rfc3339Shape(std::string_view t) {
  auto digits = [&](size_t at, size_t n) {
    if (at + n > t.size()) return false;
    for (size_t i = 0; i < n; ++i) {
      if (!IsDigit(t[at + i])) return false;
    }
    return true;
  };
  if (t.size() < 20 || !digits(0, 4) || t[4] != '-' || !digits(5, 2) || t[7] != '-' ||
      !digits(8, 2) || t[10] != 'T' || !digits(11, 2) || t[13] != ':' || !digits(14, 2) ||
      t[16] != ':' || !digits(17, 2)) {
    return false;
  }
  size_t i = 19;
  if (i < t.size() && t[i] == '.') {
    size_t n = 0;
    while (i + 1 + n < t.size() && IsDigit(t[i + 1 + n])) ++n;
    if (n == 0 || n > 6) return false;
    i += 1 + n;
  }
  if (i < t.size() && t[i] == 'Z') return i + 1 == t.size();
  return i + 6 == t.size() && (t[i] == '+' || t[i] == '-') && digits(i + 1, 2) &&
         t[i + 3] == ':' && digits(i + 4, 2);
}

// A header field: "-" (absent) or 1..max graph characters.
bool HeaderField(Cursor* c, size_t max, const char* name, std::vector<TextField>* fields) {
  std::string_view v;
  if (!c->Token(max, &v)) return false;
  if (v != "-") fields->push_back({name, v});
  return true;
}

bool IsSdNameChar(char c) { return IsGraph(c) && c != '=' && c != ']' && c != '"'; }

}  // namespace

absl::StatusOr<std::unique_ptr<SyslogParser>> SyslogParser::Create(
    const schema::SyslogParser& p) {
  Format format;
  if (p.format() == "rfc5424") {
    format = Format::kRfc5424;
  } else if (p.format() == "rfc3164") {
    format = Format::kRfc3164;
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("syslog format \"", p.format(), "\": expected rfc5424 or rfc3164"));
  }
  return std::unique_ptr<SyslogParser>(new SyslogParser(format));
}

TextParser::Outcome SyslogParser::Match(std::string_view line, TextStreamState* state,
                                        std::vector<TextField>* fields,
                                        TextMatchError* error) const {
  return format_ == Format::kRfc5424 ? Match5424(line, state, fields, error)
                                     : Match3164(line, state, fields, error);
}

TextParser::Outcome SyslogParser::Match5424(std::string_view line, TextStreamState* state,
                                            std::vector<TextField>* fields,
                                            TextMatchError* error) const {
  constexpr char kFormat[] = "syslog RFC 5424";
  Cursor c(line);
  if (!ReadPriority(&c, &state->syslog_numbers, fields)) {
    return NoMatch(kFormat, "<PRI> (0 to 191)", c.pos(), error);
  }
  const size_t version_at = c.pos();
  int version = 0;
  if (!c.Number(3, &version) || version == 0) {
    return NoMatch(kFormat, "VERSION (1 to 999)", version_at, error);
  }
  fields->push_back({"version", line.substr(version_at, c.pos() - version_at)});
  if (!c.Take(' ')) return NoMatch(kFormat, "a space after VERSION", c.pos(), error);
  std::string_view stamp;
  const size_t stamp_at = c.pos();
  if (!c.Token(64, &stamp) || (stamp != "-" && !Rfc3339Shape(stamp))) {
    return NoMatch(kFormat, "TIMESTAMP (RFC 3339 or -)", stamp_at, error);
  }
  if (stamp != "-") fields->push_back({"timestamp", stamp});
  struct Header {
    size_t max;
    const char* name;
    const char* expected;
  };
  for (const Header& h : {Header{255, "hostname", "HOSTNAME (1 to 255 printable characters)"},
                          Header{48, "appname", "APP-NAME (1 to 48 printable characters)"},
                          Header{128, "procid", "PROCID (1 to 128 printable characters)"},
                          Header{32, "msgid", "MSGID (1 to 32 printable characters)"}}) {
    if (!c.Take(' ')) return NoMatch(kFormat, "a single space", c.pos(), error);
    const size_t at = c.pos();
    if (!HeaderField(&c, h.max, h.name, fields)) return NoMatch(kFormat, h.expected, at, error);
  }
  if (!c.Take(' ')) return NoMatch(kFormat, "a single space", c.pos(), error);
  // STRUCTURED-DATA: "-" or [id param="value" ...][...], as a JSON object.
  if (c.Take('-')) {
    if (!c.Done() && c.Peek() != ' ') {
      return NoMatch(kFormat, "a space after STRUCTURED-DATA", c.pos(), error);
    }
  } else {
    std::string& sd = state->syslog_sd;
    sd.clear();
    sd.push_back('{');
    state->syslog_ids.clear();
    while (c.Peek() == '[') {
      c.Take('[');
      const size_t id_at = c.pos();
      while (!c.Done() && IsSdNameChar(c.Peek())) c.Take(c.Peek());
      const std::string_view id = line.substr(id_at, c.pos() - id_at);
      if (id.empty() || id.size() > 32) return NoMatch(kFormat, "an SD-ID", id_at, error);
      for (std::string_view seen : state->syslog_ids) {
        if (seen == id) return NoMatch(kFormat, "an SD-ID not used before", id_at, error);
      }
      state->syslog_ids.push_back(id);
      if (sd.size() > 1) sd.push_back(',');
      json::AppendJsonStringRepairingUtf8(id, &sd);
      sd += ":{";
      state->syslog_params.clear();
      while (c.Take(' ')) {
        const size_t name_at = c.pos();
        while (!c.Done() && IsSdNameChar(c.Peek())) c.Take(c.Peek());
        const std::string_view name = line.substr(name_at, c.pos() - name_at);
        if (name.empty() || name.size() > 32) {
          return NoMatch(kFormat, "a PARAM-NAME", name_at, error);
        }
        if (!c.Take('=') || !c.Take('"')) return NoMatch(kFormat, "=\"", c.pos(), error);
        // A repeated name takes the earlier one's place: the last value wins.
        size_t slot = state->syslog_params.size();
        for (size_t k = 0; k < state->syslog_params.size(); ++k) {
          if (state->syslog_params[k].first == name) slot = k;
        }
        if (slot == state->syslog_params.size()) {
          if (state->syslog_values.size() <= slot) state->syslog_values.emplace_back();
          state->syslog_params.emplace_back(name, slot);
        }
        std::string& value = state->syslog_values[state->syslog_params[slot].second];
        value.clear();
        for (;;) {
          if (c.Done()) return NoMatch(kFormat, "a closing \"", c.pos(), error);
          const char ch = c.Peek();
          if (ch == '"') break;
          if (ch == ']') return NoMatch(kFormat, "\\] for a ] in a PARAM-VALUE", c.pos(), error);
          c.Take(ch);
          if (ch == '\\') {
            const char next = c.Peek();
            if (next != '"' && next != '\\' && next != ']') {
              return NoMatch(kFormat, "one of \\\" \\\\ \\]", c.pos() - 1, error);
            }
            c.Take(next);
            value.push_back(next);
          } else {
            value.push_back(ch);
          }
        }
        c.Take('"');
      }
      for (size_t k = 0; k < state->syslog_params.size(); ++k) {
        if (k > 0) sd.push_back(',');
        json::AppendJsonStringRepairingUtf8(state->syslog_params[k].first, &sd);
        sd.push_back(':');
        json::AppendJsonStringRepairingUtf8(state->syslog_values[state->syslog_params[k].second],
                                            &sd);
      }
      if (!c.Take(']')) return NoMatch(kFormat, "] closing the SD-ELEMENT", c.pos(), error);
      sd.push_back('}');
    }
    if (state->syslog_ids.empty()) {
      return NoMatch(kFormat, "STRUCTURED-DATA ([...] or -)", c.pos(), error);
    }
    sd.push_back('}');
    fields->push_back({"structured_data", sd});
    if (!c.Done() && c.Peek() != ' ') {
      return NoMatch(kFormat, "a space after STRUCTURED-DATA", c.pos(), error);
    }
  }
  if (c.Take(' ') && !c.Done()) fields->push_back({"message", c.Rest()});
  return Outcome::kFields;
}

TextParser::Outcome SyslogParser::Match3164(std::string_view line, TextStreamState* state,
                                            std::vector<TextField>* fields,
                                            TextMatchError* error) const {
  constexpr char kFormat[] = "syslog RFC 3164";
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  Cursor c(line);
  if (!ReadPriority(&c, &state->syslog_numbers, fields)) {
    return NoMatch(kFormat, "<PRI> (0 to 191)", c.pos(), error);
  }
  // "Mmm dd hh:mm:ss" (dd space-padded) or an RFC 3339 time.
  const size_t stamp_at = c.pos();
  const std::string_view rest = c.Rest();
  bool month = false;
  for (const char* m : kMonths) month = month || rest.substr(0, 3) == m;
  if (month) {
    auto at = [&](size_t i) { return i < rest.size() ? rest[i] : '\0'; };
    size_t i = 3;
    if (at(i) != ' ') return NoMatch(kFormat, "a space after the month", stamp_at + i, error);
    ++i;
    if (at(i) == ' ') ++i;  // "Dec  2"
    const size_t day_digits = IsDigit(at(i)) ? (IsDigit(at(i + 1)) ? 2 : 1) : 0;
    if (day_digits == 0) return NoMatch(kFormat, "the day", stamp_at + i, error);
    i += day_digits;
    const bool clock = at(i) == ' ' && IsDigit(at(i + 1)) && IsDigit(at(i + 2)) &&
                       at(i + 3) == ':' && IsDigit(at(i + 4)) && IsDigit(at(i + 5)) &&
                       at(i + 6) == ':' && IsDigit(at(i + 7)) && IsDigit(at(i + 8));
    if (!clock) return NoMatch(kFormat, "hh:mm:ss", stamp_at + i + 1, error);
    i += 9;
    fields->push_back({"timestamp", rest.substr(0, i)});
    c.Seek(stamp_at + i);
  } else {
    std::string_view stamp;
    if (!c.Token(64, &stamp) || !IsDigit(stamp[0])) {
      return NoMatch(kFormat, "a timestamp (Mmm dd hh:mm:ss or RFC 3339)", stamp_at, error);
    }
    fields->push_back({"timestamp", stamp});
  }
  if (!c.Take(' ')) return NoMatch(kFormat, "a space after the timestamp", c.pos(), error);
  const size_t host_at = c.pos();
  if (!HeaderField(&c, 255, "hostname", fields)) {
    return NoMatch(kFormat, "HOSTNAME", host_at, error);
  }
  if (!c.Take(' ') || c.Done()) return NoMatch(kFormat, "a message", c.pos(), error);
  // "tag[pid]: message", "tag: message", or just the message.
  const std::string_view msg = c.Rest();
  size_t i = 0;
  while (i < msg.size() && i < 48 && IsGraph(msg[i]) && msg[i] != ':' && msg[i] != '[') ++i;
  if (i > 0 && i < msg.size() && (msg[i] == ':' || msg[i] == '[')) {
    const std::string_view tag = msg.substr(0, i);
    std::string_view pid;
    size_t j = i;
    if (msg[j] == '[') {
      const size_t close = msg.find(']', j);
      if (close != std::string_view::npos) {
        pid = msg.substr(j + 1, close - j - 1);
        j = close + 1;
      }
    }
    if (j < msg.size() && msg[j] == ':') {
      if (tag != "-") fields->push_back({"appname", tag});
      if (!pid.empty()) fields->push_back({"procid", pid});
      ++j;
      if (j < msg.size() && msg[j] == ' ') ++j;
      if (j < msg.size()) fields->push_back({"message", msg.substr(j)});
      return Outcome::kFields;
    }
  }
  fields->push_back({"message", msg});
  return Outcome::kFields;
}

}  // namespace parse
}  // namespace loghealth
