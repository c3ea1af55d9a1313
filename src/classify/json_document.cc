#include "src/classify/json_document.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "absl/strings/str_cat.h"
#include "src/json/json_writer.h"
#include "src/util/text_checks.h"

namespace loghealth {
namespace classify {

JsonDocument::JsonDocument(size_t max_depth) : max_depth_(max_depth) {
  // Sized for typical logs; they grow (once) for larger ones. A failure here
  // resurfaces, and is reported, at the first log. simdjson's own depth
  // limit sits above loghealth's (its count runs a level or two ahead), so
  // loghealth's check always fires first: past simdjson's, it asserts.
  const simdjson::error_code a = parser_.allocate(64 * 1024, max_depth + kDepthHeadroom);
  const simdjson::error_code b = dom_parser_.allocate(64 * 1024, max_depth);
  (void)a;
  (void)b;
}

void JsonDocument::Fail(FailureReason reason, std::string message, int64_t offset) {
  state_ = kNotAnObject;
  error_ = FailureAttempt();
  error_.reason = reason;
  error_.error = std::move(message);
  error_.offset = offset;
}

simdjson::error_code JsonDocument::Rewind() {
  if (state_ != kObject) return simdjson::TAPE_ERROR;
  if (damaged_ || !doc_.is_alive()) {
    // Only on logs some log type found broken: stage 1 again.
    damaged_ = false;
    return parser_.iterate(padded_.data(), size_, padded_.size()).get(doc_);
  }
  doc_.rewind();
  return simdjson::SUCCESS;
}

simdjson::error_code JsonDocument::Object(simdjson::ondemand::object* out) {
  if (auto error = Rewind()) return error;
  return doc_.get_object().get(*out);
}

simdjson::error_code JsonDocument::Root(simdjson::ondemand::value* out) {
  if (auto error = Rewind()) return error;
  return doc_.get_value().get(*out);
}

namespace {

// Copies `in` into `out` followed by simdjson's padding (it reads up to
// SIMDJSON_PADDING bytes past the end), and says whether a NUL byte was
// copied: one pass over the log instead of a copy and a search.
bool CopyPaddedFindNul(std::string_view in, std::string* out) {
  const size_t n = in.size();
  out->resize(n + simdjson::SIMDJSON_PADDING);
  char* dst = &(*out)[0];
  const char* src = in.data();
  size_t i = 0;
  bool nul = false;
#if defined(__SSE2__)
  const __m128i zero = _mm_setzero_si128();
  __m128i seen = zero;
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + i), v);
    seen = _mm_or_si128(seen, _mm_cmpeq_epi8(v, zero));
  }
  nul = _mm_movemask_epi8(seen) != 0;
#endif
  for (; i < n; ++i) {
    dst[i] = src[i];
    nul = nul || src[i] == '\0';
  }
  std::memset(dst + n, 0, simdjson::SIMDJSON_PADDING);
  return nul;
}

}  // namespace

bool JsonDocument::Read(std::string_view trimmed, size_t leading) {
  leading_ = leading;
  size_ = trimmed.size();
  // A NUL byte anywhere, even after a complete object, is its own reason.
  if (CopyPaddedFindNul(trimmed, &padded_)) {
    const void* nul = std::memchr(trimmed.data(), '\0', trimmed.size());
    const int64_t at = static_cast<const char*>(nul) - trimmed.data() + leading;
    Fail(FailureReason::kNulByte, absl::StrCat("NUL byte at offset ", at), at);
    return false;
  }
  simdjson::ondemand::json_type type = simdjson::ondemand::json_type::null;
  simdjson::error_code error =
      parser_.iterate(padded_.data(), trimmed.size(), padded_.size()).get(doc_);
  if (!error) error = doc_.type().get(type);
  if (!error && type == simdjson::ondemand::json_type::object) {
    state_ = kObject;
    return true;
  }
  if (!error) {
    // On-Demand only peeked at the first byte; read the whole log to tell
    // "not JSON" from "JSON, but not an object" (failures only).
    simdjson::dom::element element;
    const simdjson::error_code dom_error =
        dom_parser_.parse(padded_.data(), trimmed.size(), false).get(element);
    if (dom_error == simdjson::SUCCESS) {
      const char* kind = type == simdjson::ondemand::json_type::array    ? "an array"
                         : type == simdjson::ondemand::json_type::string ? "a string"
                         : type == simdjson::ondemand::json_type::number ? "a number"
                         : type == simdjson::ondemand::json_type::boolean
                             ? "a boolean"
                             : "null";
      Fail(FailureReason::kNotAnObject,
           absl::StrCat("expected a JSON object, got ", kind),
           static_cast<int64_t>(leading));
      return false;
    }
    error = dom_error;
  }
  // Say precisely what is wrong: bad UTF-8, depth, or syntax.
  size_t bad = 0;
  if (!IsValidUtf8(trimmed, &bad)) {
    const int64_t at = static_cast<int64_t>(bad + leading);
    Fail(FailureReason::kInvalidUtf8, absl::StrCat("invalid UTF-8 at offset ", at), at);
  } else if (std::strchr("{[\"-0123456789tfn", trimmed[0]) == nullptr) {
    // A text line sent to a JSON log type: say so plainly.
    const unsigned char c = static_cast<unsigned char>(trimmed[0]);
    Fail(FailureReason::kMalformedJson,
         c >= 0x20 && c < 0x7f
             ? absl::StrCat("not JSON: the log starts with '",
                            std::string(1, static_cast<char>(c)), "'")
             : absl::StrCat("not JSON: the log starts with byte 0x",
                            absl::Hex(c, absl::kZeroPad2)),
         static_cast<int64_t>(leading));
  } else if (error == simdjson::DEPTH_ERROR) {
    Fail(FailureReason::kTooDeep,
         absl::StrCat("JSON nested deeper than ", max_depth_, " levels"), -1);
  } else {
    Fail(FailureReason::kMalformedJson,
         absl::StrCat("malformed JSON: ", simdjson::error_message(error)), -1);
  }
  return false;
}

}  // namespace classify
}  // namespace loghealth
