// Scanners follow Panther's pantherlog/scanners.go: ip, domain, hostname,
// url, net_addr, hashes, email, username, trace_id and the AWS ones.
#include "src/indicators/indicators.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "src/json/json_writer.h"
#include "src/indicators/net.h"
#include "src/indicators/punycode.h"

namespace loghealth {
namespace indicators {
namespace {

constexpr std::string_view kIndicatorNames[] = {
    "ip",       "domain",   "hostname", "url",     "net_addr",
    "md5",      "sha1",     "sha256",   "email",   "username",
    "trace_id", "aws_arn",  "aws_account_id", "aws_instance_id", "aws_tag",
    "dns_name", "ip_in_text", "aws_resources"};

constexpr std::string_view kFieldNames[] = {
    "p_any_ip_addresses",    "p_any_domain_names",  "p_any_sha1_hashes",
    "p_any_sha256_hashes",   "p_any_md5_hashes",    "p_any_trace_ids",
    "p_any_aws_account_ids", "p_any_aws_instance_ids", "p_any_aws_arns",
    "p_any_aws_tags",        "p_any_emails",        "p_any_usernames"};

// `,"p_any_ip_addresses":[` and so on: each array's opening, in one piece.
constexpr std::string_view kFieldOpenings[] = {
    ",\"p_any_ip_addresses\":[",     ",\"p_any_domain_names\":[",
    ",\"p_any_sha1_hashes\":[",      ",\"p_any_sha256_hashes\":[",
    ",\"p_any_md5_hashes\":[",       ",\"p_any_trace_ids\":[",
    ",\"p_any_aws_account_ids\":[",  ",\"p_any_aws_instance_ids\":[",
    ",\"p_any_aws_arns\":[",         ",\"p_any_aws_tags\":[",
    ",\"p_any_emails\":[",           ",\"p_any_usernames\":["};

// Each opening is `,"` name `":[`.
constexpr bool OpeningsMatchNames() {
  for (size_t i = 0; i < std::size(kFieldNames); ++i) {
    const std::string_view o = kFieldOpenings[i], n = kFieldNames[i];
    if (o.size() != n.size() + 5 || o.substr(0, 2) != ",\"" ||
        o.substr(2, n.size()) != n || o.substr(2 + n.size()) != "\":[") {
      return false;
    }
  }
  return std::size(kFieldOpenings) == std::size(kFieldNames);
}
static_assert(OpeningsMatchNames(), "kFieldOpenings out of step with kFieldNames");

// Whether the n bytes at a and b are equal: up to 16 in two overlapping
// 8-byte loads each (account ids, addresses), longer ones by memcmp.
bool SameBytes(const char* a, const char* b, size_t n) {
  if (n >= 8 && n <= 16) {
    uint64_t a0, a1, b0, b1;
    std::memcpy(&a0, a, 8);
    std::memcpy(&a1, a + n - 8, 8);
    std::memcpy(&b0, b, 8);
    std::memcpy(&b1, b + n - 8, 8);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0;
  }
  return std::memcmp(a, b, n) == 0;
}

// Whether `a` sorts before `b` byte by byte (unsigned), as Go compares
// strings: eight bytes a step while they agree (values often share a long
// prefix: "arn:aws:"), without a call into libc.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "BytesLess reads bytes as little-endian words");
bool BytesLess(std::string_view a, std::string_view b) {
  const size_t n = std::min(a.size(), b.size());
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t x, y;
    std::memcpy(&x, a.data() + i, 8);
    std::memcpy(&y, b.data() + i, 8);
    if (x != y) return __builtin_bswap64(x) < __builtin_bswap64(y);
  }
  for (; i < n; ++i) {
    if (a[i] != b[i]) {
      return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[i]);
    }
  }
  return a.size() < b.size();
}

// The positions of the first five colons of `s` (an ARN has them before
// its resource); false when it has fewer. Most ARNs have all five in their
// first 32 bytes: one mask of those, read off bit by bit without a loop (a
// loop's exit, at a different colon each time, was mispredicted).
struct ArnColons {
  size_t at[5];
};
inline bool FirstFiveColons(std::string_view s, ArnColons* colons) {
  const char* p = s.data();
  const size_t n = s.size();
#if defined(__SSE2__)
  if (n >= 32) {
    const __m128i want = _mm_set1_epi8(':');
    uint32_t mask = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(
                        _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)), want))) |
                    static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(
                        _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16)), want)))
                        << 16;
    // Written out, not looped: each step is a bit count and a bit clear.
    const uint32_t m1 = mask & (mask - 1);
    const uint32_t m2 = m1 & (m1 - 1);
    const uint32_t m3 = m2 & (m2 - 1);
    const uint32_t m4 = m3 & (m3 - 1);
    if (m4 != 0) {  // a fifth colon (no popcount: baseline x86-64 lacks it)
      colons->at[0] = static_cast<size_t>(__builtin_ctz(mask));
      colons->at[1] = static_cast<size_t>(__builtin_ctz(m1));
      colons->at[2] = static_cast<size_t>(__builtin_ctz(m2));
      colons->at[3] = static_cast<size_t>(__builtin_ctz(m3));
      colons->at[4] = static_cast<size_t>(__builtin_ctz(m4));
      return true;
    }
  }
#endif
  int found = 0;
  for (size_t i = 0; i < n && found < 5; ++i) {
    if (p[i] == ':') colons->at[found++] = i;
  }
  return found == 5;
}

// The position of the '/' of the first "instance/" in `s`, or npos.
size_t FindInstanceSlash(std::string_view s) {
  uint64_t word;
  std::memcpy(&word, "instance", 8);
  const char* p = s.data();
  const size_t n = s.size();
  auto after_instance = [&](size_t slash) {
    if (slash < 8) return false;
    uint64_t before;
    std::memcpy(&before, p + slash - 8, 8);
    return before == word;
  };
  size_t i = 0;
#if defined(__SSE2__)
  if (n >= 16) {
    const __m128i want = _mm_set1_epi8('/');
    auto slashes = [&](size_t at) {
      return static_cast<unsigned>(_mm_movemask_epi8(
          _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + at)), want)));
    };
    for (; i < n; i += 16) {
      // The last block ends at n, overlapping the one before; the bytes
      // that one covered are masked off.
      const size_t at = i + 16 <= n ? i : n - 16;
      for (unsigned mask = slashes(at) >> (i - at) << (i - at); mask != 0; mask &= mask - 1) {
        const size_t slash = at + static_cast<size_t>(__builtin_ctz(mask));
        if (after_instance(slash)) return slash;
      }
    }
    return std::string_view::npos;
  }
#endif
  for (; i < n; ++i) {
    if (p[i] == '/' && after_instance(i)) return i;
  }
  return std::string_view::npos;
}

inline bool IsSpace(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');  // \t \n \v \f \r
}

// Inline, with one test for the usual value (no space at either end).
inline std::string_view Trim(std::string_view s) {
  if (!s.empty() && !IsSpace(s.front()) && !IsSpace(s.back())) return s;
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool IsHex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
          (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

// Whether `s` is twelve ASCII digits (an AWS account id), eight and four
// bytes at a time instead of a branch per byte.
bool IsAccountId(std::string_view s) {
  if (s.size() != 12) return false;
  uint64_t a;
  uint32_t b;
  std::memcpy(&a, s.data(), 8);
  std::memcpy(&b, s.data() + 8, 4);
  constexpr uint64_t hi = 0x8080808080808080ull;
  auto digits8 = [](uint64_t v) {
    // Bytes below 0x80 only (no carry or borrow crosses a byte below). With
    // each byte's high bit set, subtracting '0' keeps that bit exactly for
    // bytes >= '0'; adding 0x76 to b - '0' sets it exactly for b - '0' >= 10.
    const uint64_t t = (v | hi) - 0x3030303030303030ull;  // per byte: 0x80 + b - '0'
    const bool at_least_zero = (t & hi) == hi;
    const uint64_t u = (t & ~hi) + 0x7676767676767676ull;  // b - '0' + 0x76
    const bool at_most_nine = (u & hi) == 0;
    return at_least_zero && at_most_nine && (v & hi) == 0;
  };
  const uint64_t tail = uint64_t{b} | 0x3030303000000000ull;  // padded with '0's
  return digits8(a) && digits8(tail);
}

// The host of a URL: after "scheme://" and any userinfo, before the port or
// path. Bracketed IPv6 hosts lose their brackets.
std::string_view UrlHost(std::string_view url) {
  const size_t scheme = url.find("://");
  std::string_view rest = scheme == std::string_view::npos
                              ? url
                              : url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  const size_t at = rest.rfind('@');
  if (at != std::string_view::npos) rest = rest.substr(at + 1);
  if (!rest.empty() && rest[0] == '[') {
    const size_t close = rest.find(']');
    return close == std::string_view::npos ? std::string_view{}
                                           : rest.substr(1, close - 1);
  }
  return rest.substr(0, rest.find(':'));
}

}  // namespace

bool ParseIndicator(std::string_view name, Indicator* out) {
  for (size_t i = 0; i < std::size(kIndicatorNames); ++i) {
    if (kIndicatorNames[i] == name) {
      *out = static_cast<Indicator>(i);
      return true;
    }
  }
  return false;
}

std::string_view IndicatorFieldName(IndicatorField field) {
  return kFieldNames[static_cast<int>(field)];
}

void IndicatorCollector::Clear() {
  // Only the fields that got values have a last_ to reset.
  for (uint32_t i = 0; i < count_; ++i) last_[entries_[i].field] = -1;
  count_ = 0;
  bytes_.clear();
  values_are_utf8_ = true;
}

void IndicatorCollector::Grow() {
  const uint32_t capacity = capacity_ == 0 ? 32 : capacity_ * 2;
  std::unique_ptr<Entry[]> entries(new Entry[capacity]);
  std::copy(entries_.get(), entries_.get() + count_, entries.get());
  entries_ = std::move(entries);
  capacity_ = capacity;
}

void IndicatorCollector::Add(IndicatorField field, std::string_view value, bool plain) {
  if (value.empty()) return;
  const int f = static_cast<int>(field);
  // A repeat of the field's last value is dropped here rather than sorted
  // and skipped when written: one value keeps coming back in an event (its
  // account id, from one field after another). Other repeats are left to
  // AppendFields (a search of all values here would be a loop per value).
  if (last_[f] >= 0) {
    const Entry& last = entries_[last_[f]];
    if (last.length == value.size() &&
        SameBytes(bytes_.data() + last.offset, value.data(), value.size())) {
      return;
    }
  }
  if (count_ == capacity_) Grow();
  last_[f] = static_cast<int32_t>(count_);
  Entry& e = entries_[count_++];
  e.offset = static_cast<uint32_t>(bytes_.size());
  e.length = static_cast<uint32_t>(value.size());
  e.field = static_cast<uint8_t>(f);
  e.plain = plain;
  bytes_.append(value);
}

inline void IndicatorCollector::AddDomain(std::string_view domain) {
  if (HasAceLabel(domain)) {
    DomainToUnicode(domain, &unicode_);
    Add(IndicatorField::kDomainNames, unicode_, /*plain=*/false);  // not ASCII now
    return;
  }
  Add(IndicatorField::kDomainNames, domain);
}

void IndicatorCollector::AddHost(std::string_view host) {
  host = Trim(host);
  if (host.empty()) return;
  if (IsIp(host)) {
    Add(IndicatorField::kIpAddresses, host);
  } else {
    AddDomain(host);
  }
}

void IndicatorCollector::AddArn(std::string_view arn) {
  // arn:partition:service:region:account-id:resource
  if (arn.size() < 4 || std::memcmp(arn.data(), "arn:", 4) != 0) return;
  ArnColons c;
  if (!FirstFiveColons(arn, &c)) return;
  // The partition, the service and the resource may not be empty.
  if (c.at[1] == c.at[0] + 1 || c.at[2] == c.at[1] + 1 || c.at[4] + 1 == arn.size()) return;
  const std::string_view account = arn.substr(c.at[3] + 1, c.at[4] - c.at[3] - 1);
  const std::string_view resource = arn.substr(c.at[4] + 1);
  Add(IndicatorField::kAwsArns, arn);
  if (IsAccountId(account)) {
    Add(IndicatorField::kAwsAccountIds, account, /*plain=*/true);  // digits
  }
  // ...:instance/i-0123 -> the instance id
  // The first "instance/": slashes found 16 bytes at a time, the eight
  // bytes before each compared as one word (most resources have a slash or
  // two, and no "instance").
  const size_t instance = FindInstanceSlash(resource);
  if (instance != std::string_view::npos) {
    std::string_view id = resource.substr(instance + 1);
    id = id.substr(id.rfind('/') == std::string_view::npos ? 0 : id.rfind('/') + 1);
    if (id.substr(0, 2) == "i-") Add(IndicatorField::kAwsInstanceIds, id);
  }
}

void IndicatorCollector::Scan(uint32_t mask, std::string_view value, bool plain) {
  const std::string_view v = Trim(value);
  if (v.empty()) return;
  scanning_plain_ = plain;
  for (uint32_t bits = mask; bits != 0; bits &= bits - 1) {
    switch (static_cast<Indicator>(__builtin_ctz(bits))) {
      case Indicator::kIp:
        if (IsIp(v)) Add(IndicatorField::kIpAddresses, v);
        break;
      case Indicator::kDomain:
        AddDomain(v);
        break;
      case Indicator::kHostname:
        AddHost(v);
        break;
      case Indicator::kUrl:
        AddHost(UrlHost(v));
        break;
      case Indicator::kNetAddr: {
        // host:port, [v6]:port, or a bare host.
        std::string_view host = v;
        if (!v.empty() && v[0] == '[') {
          const size_t close = v.find(']');
          if (close != std::string_view::npos) host = v.substr(1, close - 1);
        } else if (v.find(':') == v.rfind(':') &&
                   v.find(':') != std::string_view::npos) {
          host = v.substr(0, v.find(':'));
        }
        AddHost(host);
        break;
      }
      case Indicator::kMd5:
      case Indicator::kSha1:
      case Indicator::kSha256: {
        const Indicator kind = static_cast<Indicator>(__builtin_ctz(bits));
        const size_t want = kind == Indicator::kMd5 ? 32
                            : kind == Indicator::kSha1 ? 40 : 64;
        if (v.size() != want || !IsHex(v)) break;
        char lower[64];
        for (size_t i = 0; i < want; ++i) {
          const char c = v[i];
          lower[i] = c >= 'A' && c <= 'F' ? c + ('a' - 'A') : c;
        }
        Add(kind == Indicator::kMd5    ? IndicatorField::kMd5Hashes
            : kind == Indicator::kSha1 ? IndicatorField::kSha1Hashes
                                       : IndicatorField::kSha256Hashes,
            std::string_view(lower, want), /*plain=*/true);  // hex digits
        break;
      }
      case Indicator::kEmail:
        if (v.find('@') != std::string_view::npos) Add(IndicatorField::kEmails, v);
        break;
      case Indicator::kUsername:
        Add(IndicatorField::kUsernames, v);
        break;
      case Indicator::kTraceId:
        Add(IndicatorField::kTraceIds, v);
        break;
      case Indicator::kAwsArn:
        AddArn(v);
        break;
      case Indicator::kAwsAccountId:
        if (IsAccountId(v)) Add(IndicatorField::kAwsAccountIds, v, /*plain=*/true);
        break;
      case Indicator::kAwsInstanceId:
        if (v.substr(0, 2) == "i-") Add(IndicatorField::kAwsInstanceIds, v);
        break;
      case Indicator::kAwsTag:
        Add(IndicatorField::kAwsTags, v);
        break;
      case Indicator::kDnsName: {
        std::string_view name = v;
        while (!name.empty() && name.back() == '.') name.remove_suffix(1);
        if (!name.empty()) AddDomain(name);
        break;
      }
      case Indicator::kIpInText:
        AddIpsInText(v);
        break;
      case Indicator::kAwsResources:
        break;  // json values only: ScanAwsResources
    }
  }
}

void IndicatorCollector::AddIpsInText(std::string_view text) {
  // Runs of digits and dots, each taken when it is an IPv4 address ("from
  // 10.0.0.1:22" gives 10.0.0.1; "v1.2.3" and "1.2.3.4.5" give none).
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c < '0' || c > '9') {
      ++i;
      continue;
    }
    const bool after_word = i > 0 && (std::isalnum(static_cast<unsigned char>(text[i - 1])) ||
                                      text[i - 1] == '.');
    size_t end = i;
    while (end < text.size() && ((text[end] >= '0' && text[end] <= '9') || text[end] == '.')) {
      ++end;
    }
    std::string_view run = text.substr(i, end - i);
    while (!run.empty() && run.back() == '.') run.remove_suffix(1);
    const bool before_word =
        end < text.size() && std::isalnum(static_cast<unsigned char>(text[end]));
    if (!after_word && !before_word && IsIpv4(run)) Add(IndicatorField::kIpAddresses, run);
    i = end;
  }
}

bool IndicatorCollector::Less(const Entry& a, const Entry& b) const {
  if (a.field != b.field) return a.field < b.field;
  return BytesLess(std::string_view(bytes_.data() + a.offset, a.length),
                   std::string_view(bytes_.data() + b.offset, b.length));
}

bool IndicatorCollector::SameValue(const Entry& a, const Entry& b) const {
  return a.length == b.length &&
         SameBytes(bytes_.data() + a.offset, bytes_.data() + b.offset, a.length);
}

void IndicatorCollector::AppendFields(json::JsonBuffer* out) {
  Entry* const begin = entries_.get();
  Entry* const end = begin + count_;
  auto less = [this](const Entry& a, const Entry& b) { return Less(a, b); };
  if (count_ <= 16) {
    // Insertion sort: a handful of entries, already grouped in part.
    for (Entry* i = begin + (count_ > 0 ? 1 : 0); i < end; ++i) {
      const Entry moving = *i;
      Entry* j = i;
      for (; j > begin && less(moving, j[-1]); --j) *j = j[-1];
      *j = moving;
    }
  } else {
    std::sort(begin, end, less);
  }
  const Entry* previous = nullptr;
  for (const Entry* e = begin; e < end; ++e) {
    if (previous == nullptr || previous->field != e->field) {
      if (previous != nullptr) out->push_back(']');
      out->append(kFieldOpenings[e->field]);
    } else if (SameValue(*previous, *e)) {
      continue;  // a repeat Add let through
    } else {
      out->push_back(',');
    }
    const std::string_view value(bytes_.data() + e->offset, e->length);
    if (e->plain) {
      // Plain text: its own JSON.
      out->push_back('"');
      out->append(value);
      out->push_back('"');
    } else if (values_are_utf8_) {
      json::AppendJsonString(value, out);
    } else {
      json::AppendJsonStringRepairingUtf8(value, out);  // text logs may not be UTF-8
    }
    previous = e;
  }
  if (previous != nullptr) out->push_back(']');
}

}  // namespace indicators
}  // namespace loghealth
