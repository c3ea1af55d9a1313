// The aws_resources indicator: AWS identifiers inside a JSON value
// (CloudTrail's requestParameters, responseElements, ...), found the way
// Panther's CloudTrail parser finds them: a walk in which every value is
// read under the key that holds it (array elements under their array's),
// the key deciding what a string can be.
#include <string>

#include "simdjson.h"
#include "src/indicators/indicators.h"
#include "src/indicators/net.h"
#include "src/json/escape_scan.h"
#include "src/util/strings.h"

namespace loghealth {
namespace indicators {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool IsTwelveDigits(std::string_view s) {
  if (s.size() != 12) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Go's arn.IsARN: "arn:" and at least five colons.
bool LooksLikeArn(std::string_view s) {
  if (s.substr(0, 4) != "arn:") return false;
  int colons = 0;
  for (char c : s) colons += c == ':';
  return colons >= 5;
}

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' ||
                        s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' ||
                        s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

class AwsResourceWalk {
 public:
  explicit AwsResourceWalk(IndicatorCollector* out) : out_(out) {}

  void Walk(simdjson::dom::element value, std::string_view key) {
    switch (value.type()) {
      case simdjson::dom::element_type::OBJECT: {
        simdjson::dom::object object = value.get_object().value_unsafe();
        if (key == "tags") {
          Tag(object);  // a {key, value} pair: not looked into further
          return;
        }
        for (auto member : object) Walk(member.value, member.key);
        return;
      }
      case simdjson::dom::element_type::ARRAY: {
        // Named: a range-for over the temporary result would dangle.
        simdjson::dom::array array = value.get_array().value_unsafe();
        for (simdjson::dom::element e : array) Walk(e, key);
        return;
      }
      case simdjson::dom::element_type::STRING:
        String(value.get_string().value_unsafe(), key);
        return;
      default:
        return;  // numbers, booleans and null hold no identifier
    }
  }

 private:
  void Tag(simdjson::dom::object object) {
    std::string_view tag_key, tag_value;
    for (auto member : object) {
      std::string_view* slot = EqualsIgnoringAsciiCase(member.key, "key")     ? &tag_key
                               : EqualsIgnoringAsciiCase(member.key, "value") ? &tag_value
                                                                         : nullptr;
      if (slot == nullptr) continue;
      if (member.value.is_null()) {
        *slot = {};
      } else if (member.value.get_string().get(*slot) != simdjson::SUCCESS) {
        return;  // not a {key, value} of strings
      }
    }
    if (tag_key.empty() || tag_value.empty()) return;
    scratch_.assign(tag_key.data(), tag_key.size());
    scratch_.push_back(':');
    scratch_.append(tag_value.data(), tag_value.size());
    out_->Scan(1u << static_cast<int>(Indicator::kAwsTag), scratch_,
               json::IsPlainJsonText(scratch_));
  }

  void String(std::string_view v, std::string_view key) {
    auto scan = [&](Indicator i, std::string_view text) {
      out_->Scan(1u << static_cast<int>(i), text, json::IsPlainJsonText(text));
    };
    if (key == "arn" || key == "ARN" || key == "aws:SourceArn") {
      if (LooksLikeArn(v)) scan(Indicator::kAwsArn, v);
    } else if (key == "instanceId" || key == "instance-id") {
      if (v.substr(0, 2) == "i-") scan(Indicator::kAwsInstanceId, v);
    } else if (key == "accountId" || key == "account") {
      if (IsTwelveDigits(v)) scan(Indicator::kAwsAccountId, v);
    } else if (key == "tags") {
      scan(Indicator::kAwsTag, v);
    } else if (key == "ipv6Addresses" || key == "publicIp" || key == "privateIpAddress" ||
               key == "ipAddressV4" || key == "sourceIPAddress") {
      if (IsIp(TrimSpace(v))) scan(Indicator::kIp, v);
    } else if (key == "publicDnsName" || key == "privateDnsName" || key == "domain") {
      scan(Indicator::kDomain, v);
    } else if (EndsWith(key, "AccountId")) {
      if (IsTwelveDigits(v)) scan(Indicator::kAwsAccountId, v);
    } else if (EndsWith(key, "InstanceId")) {
      if (v.substr(0, 2) == "i-") scan(Indicator::kAwsInstanceId, v);
    } else if (LooksLikeArn(v)) {
      scan(Indicator::kAwsArn, v);
    }
  }

  IndicatorCollector* out_;
  std::string scratch_;
};

void IndicatorCollector::ScanAwsResources(std::string_view json) {
  if (!aws_parser_) aws_parser_ = std::make_unique<simdjson::dom::parser>();
  simdjson::dom::element root;
  // The text is the compact JSON the decoder wrote: well formed.
  if (aws_parser_->parse(json.data(), json.size(), /*realloc_if_needed=*/true).get(root) !=
      simdjson::SUCCESS) {
    return;
  }
  AwsResourceWalk(this).Walk(root, "");
}

}  // namespace indicators
}  // namespace loghealth
