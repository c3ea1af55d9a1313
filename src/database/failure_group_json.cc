#include "src/database/failure_group_json.h"

#include "src/json/json_writer.h"
#include "src/json/object_writer.h"
#include "src/util/text_checks.h"

namespace loghealth {

void AppendFailureGroupJson(const FailureGroup& g, std::string* out) {
  json::ObjectWriter o(out);
  o.String("log_type", g.log_type)
      .String("reason", g.reason)
      .String("field", g.field)
      .Int("count", g.count)
      .String("first_seen", g.first_seen)
      .String("last_seen", g.last_seen)
      .String("error", g.error)
      .String("sample_got", g.sample_got)
      .Int("sample_offset", g.sample_offset);
  size_t bad = 0;
  if (IsValidUtf8(g.sample_payload, &bad)) {
    o.String("sample_payload", g.sample_payload);
  } else {
    // A JSON string cannot hold these bytes; base64 keeps them exactly, as
    // failure records do.
    std::string* value = o.Member("sample_payload");
    value->push_back('"');
    json::AppendBase64(g.sample_payload, value);
    value->push_back('"');
    o.String("sample_payload_encoding", "base64");
  }
  o.Close();
}

}  // namespace loghealth
