// -----------------------------------------------------------------------------
// File: loghealth/version.h
// -----------------------------------------------------------------------------
//
// The library's version. The C ABI's LH_VERSION_* (capi/loghealth.h) are
// these numbers; lh_version() returns LOGHEALTH_VERSION_STRING.
// -----------------------------------------------------------------------------
#ifndef LOGHEALTH_VERSION_H_
#define LOGHEALTH_VERSION_H_

#define LOGHEALTH_VERSION_MAJOR 0
#define LOGHEALTH_VERSION_MINOR 3
#define LOGHEALTH_VERSION_PATCH 0

#define LOGHEALTH_STRINGIFY_(x) #x
#define LOGHEALTH_STRINGIFY(x) LOGHEALTH_STRINGIFY_(x)
// "0.3.0"
#define LOGHEALTH_VERSION_STRING                                             \
  LOGHEALTH_STRINGIFY(LOGHEALTH_VERSION_MAJOR)                               \
  "." LOGHEALTH_STRINGIFY(LOGHEALTH_VERSION_MINOR) "." LOGHEALTH_STRINGIFY( \
      LOGHEALTH_VERSION_PATCH)

#endif  // LOGHEALTH_VERSION_H_
