// The C ABI's version, status names and lh_free; classification, the
// monitor, the service and the database have a file each.
#include "capi/loghealth.h"

#include <cstdlib>

#include "loghealth/version.h"

static_assert(LH_VERSION_MAJOR == LOGHEALTH_VERSION_MAJOR &&
                  LH_VERSION_MINOR == LOGHEALTH_VERSION_MINOR &&
                  LH_VERSION_PATCH == LOGHEALTH_VERSION_PATCH,
              "capi/loghealth.h and loghealth/version.h disagree on the version");

extern "C" {

const char* lh_version(void) { return LOGHEALTH_VERSION_STRING; }
unsigned lh_version_number(void) { return LH_VERSION_NUMBER; }

const char* lh_status_name(int code) {
  static const char* const kNames[] = {
      "OK",        "CANCELLED",         "UNKNOWN",          "INVALID_ARGUMENT",
      "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",   "PERMISSION_DENIED",
      "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
      "UNIMPLEMENTED", "INTERNAL",      "UNAVAILABLE",      "DATA_LOSS",
      "UNAUTHENTICATED"};
  return code >= 0 && code <= 16 ? kNames[code] : "UNKNOWN_CODE";
}

void lh_free(void* p) { std::free(p); }

}  // extern "C"
