// Syslog lines: RFC 5424 (with structured data) and RFC 3164 (BSD), one
// message a line, into the fields of Panther's Syslog types: priority,
// facility, severity, version, timestamp, hostname, appname, procid, msgid,
// structured_data (a JSON object text: {"id": {"param": "value"}}) and
// message. "-" (RFC 5424's nil value) leaves a field out.
#ifndef LOGHEALTH_SRC_PARSE_SYSLOG_PARSER_H_
#define LOGHEALTH_SRC_PARSE_SYSLOG_PARSER_H_

#include <memory>

#include "src/parse/text_parser.h"

namespace loghealth {
namespace parse {

class SyslogParser : public TextParser {
 public:
  enum class Format { kRfc5424, kRfc3164 };
  static absl::StatusOr<std::unique_ptr<SyslogParser>> Create(const schema::SyslogParser& p);

 protected:
  Outcome Match(std::string_view line, TextStreamState* state, std::vector<TextField>* fields,
                TextMatchError* error) const override;

 private:
  explicit SyslogParser(Format format) : format_(format) {}
  Outcome Match5424(std::string_view line, TextStreamState* state,
                    std::vector<TextField>* fields, TextMatchError* error) const;
  Outcome Match3164(std::string_view line, TextStreamState* state,
                    std::vector<TextField>* fields, TextMatchError* error) const;

  Format format_;
};

}  // namespace parse
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_PARSE_SYSLOG_PARSER_H_
