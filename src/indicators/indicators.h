// Indicator scanners (a field's `indicators:`) and the p_any_* arrays they
// fill: values deduplicated and sorted, as Panther writes them.
#ifndef LOGHEALTH_SRC_INDICATORS_INDICATORS_H_
#define LOGHEALTH_SRC_INDICATORS_INDICATORS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "simdjson.h"
#include "src/json/json_buffer.h"

namespace loghealth {
namespace indicators {

// What a schema field asks for (bit positions in a field's indicator mask).
enum class Indicator : uint8_t {
  kIp, kDomain, kHostname, kUrl, kNetAddr, kMd5, kSha1, kSha256, kEmail,
  kUsername, kTraceId, kAwsArn, kAwsAccountId, kAwsInstanceId, kAwsTag,
  // loghealth's (docs/log-types.md):
  kDnsName,       // trailing dots dropped, then kDomain
  kIpInText,      // every IPv4 address inside free text
  kAwsResources,  // json values: AWS identifiers found inside (aws_resources.cc)
};

// Parses an indicator name ("ip", "aws_arn", ...); false if unknown.
bool ParseIndicator(std::string_view name, Indicator* out);

// The p_any_* arrays, in the order they are written.
enum class IndicatorField : uint8_t {
  kIpAddresses, kDomainNames, kSha1Hashes, kSha256Hashes, kMd5Hashes,
  kTraceIds, kAwsAccountIds, kAwsInstanceIds, kAwsArns, kAwsTags, kEmails,
  kUsernames, kCount,
};

// "p_any_ip_addresses", ...
std::string_view IndicatorFieldName(IndicatorField field);

// Collects indicator values for one event. Reused from event to event: Clear
// keeps the memory, so steady state allocates nothing.
class IndicatorCollector {
 public:
  void Clear();
  // Runs every scanner in `mask` (bits of Indicator) over `value`.
  // `plain`: no byte of `value` is one JSON output escapes (IsPlainJsonText),
  // nor then of any part of it: its values are written without escaping.
  void Scan(uint32_t mask, std::string_view value, bool plain = false);
  // aws_resources: the AWS identifiers inside a JSON value (its compact
  // text), the way Panther's CloudTrail parser finds them.
  void ScanAwsResources(std::string_view json);
  // Appends `,"p_any_x":[...]` for every non-empty array.
  void AppendFields(json::JsonBuffer* out);
  // Whether every value scanned since Clear is known to be UTF-8 (those of
  // JSON documents, which simdjson checked): then they are written without
  // the check and repair text logs' values need. Clear sets it back to true.
  void set_values_are_utf8(bool utf8) { values_are_utf8_ = utf8; }

 private:
  // `plain`: no byte of `value` is one JSON output escapes (written as it
  // is); by default, whether the scanned value was.
  void Add(IndicatorField field, std::string_view value, bool plain);
  void Add(IndicatorField field, std::string_view value) {
    Add(field, value, scanning_plain_);
  }
  void AddHost(std::string_view host);  // IP or domain
  void AddDomain(std::string_view domain);  // its "xn--" labels decoded
  void AddArn(std::string_view arn);
  void AddIpsInText(std::string_view text);

  // One value: its bytes in bytes_. Kept in one array for all fields, in
  // the order added, and sorted by (field, bytes) when written: an event
  // has a handful, and one array with one byte buffer touches fewer cache
  // lines than an array and a buffer per field.
  struct Entry {
    uint32_t offset, length;
    uint8_t field;  // IndicatorField
    bool plain;     // written without escaping
  };
  // (field, bytes) order: Go's sort of each p_any_ array, fields in turn.
  bool Less(const Entry& a, const Entry& b) const;
  bool SameValue(const Entry& a, const Entry& b) const;
  void Grow();

  json::JsonBuffer bytes_;  // the values back to back
  // A plain array (not std::vector): Add writes the entry's members in
  // place; push_back of a braced temporary went through the stack.
  std::unique_ptr<Entry[]> entries_;
  uint32_t count_ = 0, capacity_ = 0;
  // entries_ index of each field's last value, for the repeat check; -1: none.
  int32_t last_[static_cast<int>(IndicatorField::kCount)] = {
      -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1};
  static_assert(static_cast<int>(IndicatorField::kCount) == 12,
                "last_'s initializer has one -1 per field");
  std::string unicode_;  // scratch: a domain with its "xn--" labels decoded
  bool values_are_utf8_ = true;
  bool scanning_plain_ = false;  // the value Scan is on is plain
  // aws_resources re-reads the JSON values it scans (made on first use).
  std::unique_ptr<simdjson::dom::parser> aws_parser_;
};

}  // namespace indicators
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_INDICATORS_INDICATORS_H_
