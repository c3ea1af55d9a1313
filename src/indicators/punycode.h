// Punycode (RFC 3492) for the domain indicator: Panther writes a domain's
// "xn--" labels decoded to Unicode (Go's idna.ToUnicode), so
// "xn--bcher-kva.example" and "bücher.example" are one value.
#ifndef LOGHEALTH_SRC_INDICATORS_PUNYCODE_H_
#define LOGHEALTH_SRC_INDICATORS_PUNYCODE_H_

#include <string>
#include <string_view>

namespace loghealth {
namespace indicators {

// Appends to `out`, as UTF-8, the label that the Punycode text `encoded`
// (what follows "xn--") stands for. False, with `out` as it was, when
// `encoded` is not valid Punycode: a character outside [a-zA-Z0-9-],
// non-ASCII basic code points, a truncated digit sequence, an overflow, or
// a code point that is a surrogate or above U+10FFFF.
bool DecodePunycode(std::string_view encoded, std::string* out);

// Whether some label of `domain` starts with "xn--" (a quick test, so most
// domains skip DomainToUnicode).
bool HasAceLabel(std::string_view domain);

// `domain` with each "xn--" label decoded; a label that does not decode is
// kept as it is (Go's idna leaves it so too). Replaces `out`'s contents.
void DomainToUnicode(std::string_view domain, std::string* out);

}  // namespace indicators
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_INDICATORS_PUNYCODE_H_
