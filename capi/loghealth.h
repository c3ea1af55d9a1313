/*
 * loghealth C ABI.
 *
 * A thin, stable C99 interface to loghealth for pipelines written in C, Go,
 * Rust or Python (ctypes). No C++ type crosses it and no exception escapes
 * it: every entry point catches and returns a status code.
 *
 * Status codes: 0 is LH_OK; the others have the values of absl::StatusCode
 * (and google.rpc.Code). lh_status_name() names them. After a failure, the
 * handle's lh_*_last_error() says why; functions that create a handle write
 * the message to *error instead (free it with lh_free).
 *
 * Memory: strings and buffers the library returns through `char **` or
 * `void **` out-parameters belong to the caller and are freed with lh_free().
 * Pointers inside an lh_result belong to the stream and stay valid until the
 * stream's next call. Inputs are copied as needed; the library keeps no
 * pointer to them after a call returns.
 *
 * Threads: an lh_classifier is immutable and may be shared by any number of
 * threads. An lh_stream and an lh_monitor must be used by one thread at a
 * time (give each thread its own stream). An lh_service may be called from
 * any thread.
 *
 * Handles: every create has a free; free(NULL) does nothing.
 */
#ifndef LOGHEALTH_CAPI_LOGHEALTH_H_
#define LOGHEALTH_CAPI_LOGHEALTH_H_

#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define LH_API __attribute__((visibility("default")))
#else
#define LH_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define LH_VERSION_MAJOR 0
#define LH_VERSION_MINOR 3
#define LH_VERSION_PATCH 0
#define LH_VERSION_NUMBER \
  (LH_VERSION_MAJOR * 10000 + LH_VERSION_MINOR * 100 + LH_VERSION_PATCH)

/* The library's version, e.g. "0.3.0", and its number (compare with
 * LH_VERSION_NUMBER to catch a header/library mismatch). */
LH_API const char *lh_version(void);
LH_API unsigned lh_version_number(void);

/* ---- status codes --------------------------------------------------------- */

enum {
  LH_OK = 0,
  LH_CANCELLED = 1,
  LH_UNKNOWN = 2,
  LH_INVALID_ARGUMENT = 3,
  LH_DEADLINE_EXCEEDED = 4,
  LH_NOT_FOUND = 5,
  LH_ALREADY_EXISTS = 6,
  LH_PERMISSION_DENIED = 7,
  LH_RESOURCE_EXHAUSTED = 8,
  LH_FAILED_PRECONDITION = 9,
  LH_ABORTED = 10,
  LH_OUT_OF_RANGE = 11,
  LH_UNIMPLEMENTED = 12,
  LH_INTERNAL = 13,
  LH_UNAVAILABLE = 14,
  LH_DATA_LOSS = 15,
  LH_UNAUTHENTICATED = 16
};

/* "OK", "INVALID_ARGUMENT", ...; "UNKNOWN_CODE" for others. Static. */
LH_API const char *lh_status_name(int code);

/* Frees what the library handed out through an out-parameter. NULL is fine. */
LH_API void lh_free(void *p);

/* ---- classification --------------------------------------------------------- */

typedef struct lh_classifier lh_classifier;
typedef struct lh_stream lh_stream;

/* 2 added parse_time_ns and row_id_seed, 3 max_depth and validate_only;
 * structs of an earlier version (without them) are still accepted. */
#define LH_CLASSIFIER_OPTIONS_VERSION 3

typedef struct lh_classifier_options {
  int version;               /* LH_CLASSIFIER_OPTIONS_VERSION */
  const char *source_id;     /* NULL or "": no p_source_id */
  const char *source_label;  /* NULL or "": no p_source_label */
  int data_lake_timestamps;  /* nonzero: "2006-01-02 15:04:05.000000000" UTC */
  size_t max_log_bytes;      /* 0: the default (8 MiB) */
  /* Version 2: */
  int64_t parse_time_ns;     /* nonzero: p_parse_time of every log (unix ns),
                                e.g. one time for a whole batch job; 0: the
                                wall clock at each log */
  uint64_t row_id_seed;      /* nonzero: the p_row_id prefix of new streams;
                                0: random per stream */
  /* Version 3: */
  int max_depth;             /* JSON nested deeper fails (too_deep); 0: 512 */
  int validate_only;         /* nonzero: decide event or failure without
                                writing events (an event's json is empty) */
} lh_classifier_options;

/* Fills `options` with the defaults. */
LH_API void lh_classifier_options_init(lh_classifier_options *options);

/* Compiles `count` schemas (YAML or JSON texts of `lengths[i]` bytes) into a
 * classifier. A text "builtin:NAME" is the built-in log type NAME
 * (AWS.CloudTrail, ...: `loghealth log-types` lists them), and a schema that
 * names one of Panther's native parsers is served by the built-in of its
 * name. `options` may be NULL. On failure *out is NULL and *error (if
 * `error` is not NULL) holds the message: free it with lh_free. */
LH_API int lh_classifier_create(const char *const *schemas, const size_t *lengths,
                                size_t count, const lh_classifier_options *options,
                                lh_classifier **out, char **error);
/* The same from schema files and folders of them, read as lh_schema_files
 * lists them: errors name each file and line. */
LH_API int lh_classifier_create_from_files(const char *const *paths, size_t count,
                                           const lh_classifier_options *options,
                                           lh_classifier **out, char **error);
LH_API void lh_classifier_free(lh_classifier *classifier);

/* The schema files of `count` paths, as `loghealth classify --schema` reads
 * them (a file itself; a folder's *.yml, *.yaml and *.json, recursively,
 * sorted, skipping *_tests files and tests/ folders): one path a line into
 * *out (free with lh_free). On failure (a path that is not there) *out is
 * NULL and *error (if not NULL) names the path: free it with lh_free. */
LH_API int lh_schema_files(const char *const *paths, size_t count, char **out, char **error);

/* 1 when a schema's text parser learns from the start of each input (a csv
 * header, skipLines): such an input must be classified whole and in order,
 * never split into independent blocks. 0 otherwise (also for NULL). */
LH_API int lh_classifier_reads_input_start(const lh_classifier *classifier);

/* A stream holds one thread's state: the adaptive order of log types,
 * reusable buffers, what text parsers learnt (a csv header). The classifier
 * must outlive its streams. On failure *out is NULL and *error (if not NULL)
 * says why: free it with lh_free. */
LH_API int lh_stream_create(const lh_classifier *classifier, lh_stream **out, char **error);
LH_API void lh_stream_free(lh_stream *stream);
/* The message of the stream's last failed call ("" if none). Stream-owned. */
LH_API const char *lh_stream_last_error(const lh_stream *stream);
/* A new input (file) begins: text parsers forget its predecessor's header. */
LH_API int lh_stream_new_input(lh_stream *stream);
/* The p_row_ids that follow are `seed` (16 hex digits) then a counter from
 * 0: a block classified again with the same seed (a retried task) gets the
 * same row ids. `seed` must not be 0. */
LH_API int lh_stream_restart_row_ids(lh_stream *stream, uint64_t seed);

enum { LH_EVENT = 0, LH_FAILURE = 1, LH_SKIPPED = 2 };

/* One log's outcome. Every pointer is stream-owned, valid until the stream's
 * next call, and not NUL-terminated: use the lengths. A log with an envelope
 * (a CloudTrail file's {"Records": [...]}) may give several events: `json`
 * then holds each on its own line ('\n' between them). */
typedef struct lh_result {
  int kind;              /* LH_EVENT, LH_FAILURE or LH_SKIPPED */
  const char *log_type;  /* the event's type, or the failure's furthest */
  size_t log_type_len;
  const char *json;      /* the event, or the classification_failures row */
  size_t json_len;
  const char *reason;    /* failures: "type_mismatch", ... (NUL-terminated) */
  int64_t offset;        /* failures: byte offset in the log, or -1 */
} lh_result;

/* Classifies one log (a line, or a whole JSON document). */
LH_API int lh_classify(lh_stream *stream, const char *log, size_t len, lh_result *out);

/* Called once per line of a buffer; return nonzero to stop early. */
typedef int (*lh_result_callback)(void *user, const lh_result *result);

/* Classifies every newline-delimited log of `data`, calling `callback` for
 * each (skipped ones included). The fast path for pipelines. */
LH_API int lh_classify_buffer(lh_stream *stream, const char *data, size_t len,
                              lh_result_callback callback, void *user);

/* Classifies every line of `data` and returns all non-skipped results in one
 * library-owned buffer (free with lh_free): one line per event or failure,
 * "E<log type>\t<event JSON>\n" or "F<log type>\t<failure JSON>\n". For
 * bindings where a callback per line costs too much. */
LH_API int lh_classify_batch(lh_stream *stream, const char *data, size_t len,
                             char **out, size_t *out_len);

typedef struct lh_stats {
  uint64_t logs, bytes, events, failures, skipped;
} lh_stats;

LH_API int lh_stream_stats(const lh_stream *stream, lh_stats *out);

/* ---- health monitor ------------------------------------------------------------- */

typedef struct lh_monitor lh_monitor;

/* From a config text (YAML or JSON; see loghealth/monitor.h). */
LH_API int lh_monitor_create(const char *config, size_t len, lh_monitor **out,
                             char **error);
/* Continues from lh_monitor_snapshot() bytes. */
LH_API int lh_monitor_restore(const char *config, size_t config_len, const void *snapshot,
                              size_t snapshot_len, lh_monitor **out, char **error);
LH_API void lh_monitor_free(lh_monitor *monitor);
LH_API const char *lh_monitor_last_error(const lh_monitor *monitor);

/* One observation, JSON: {"time": RFC 3339, "type": "events", ...} -- the
 * shapes of a `loghealth replay` timeline line. */
LH_API int lh_monitor_observe(lh_monitor *monitor, const char *json, size_t len);
/* Moves the clock to `unix_ns`, firing what fell due. */
LH_API int lh_monitor_advance(lh_monitor *monitor, int64_t unix_ns);
/* When something falls due next (unix ns), 0 when nothing. */
LH_API int64_t lh_monitor_next_due(const lh_monitor *monitor);

/* The records produced since the last call, as JSON lines ("\n" after each);
 * "" when none. Free *out with lh_free. */
LH_API int lh_monitor_take_records(lh_monitor *monitor, char **out);
/* The deliveries due now, as a JSON array of {"deliveryId", "alertId",
 * "destinationId", "attempt", "resolvedNotice", "payload"}; they are in
 * flight until reported. Free *out with lh_free. */
LH_API int lh_monitor_take_deliveries(lh_monitor *monitor, char **out);
/* The host's result for one delivery: an HTTP status (0: network error). */
LH_API int lh_monitor_report_delivery(lh_monitor *monitor, const char *delivery_id,
                                      int status_code, const char *message);
LH_API int lh_monitor_resolve(lh_monitor *monitor, const char *alert_id,
                              const char *actor, const char *reason);
/* The whole state; free *data with lh_free. Errors go to
 * lh_monitor_last_error. */
LH_API int lh_monitor_snapshot(const lh_monitor *monitor, void **data, size_t *len);

/* ---- health service (loghealth/service.h) ------------------------------------------ */

/* A monitor on the wall clock that delivers its System Errors itself (HTTP
 * destinations of the config: webhook, slack, pagerduty, opsgenie, msteams,
 * console) and keeps its state in a folder (state.pb, records.jsonl), on a
 * thread of its own. Every lh_service_* call is thread-safe; the last-error
 * message is per calling thread. */
typedef struct lh_service lh_service;

/* Starts a service from a config text and a state folder (created when
 * missing; an existing state.pb is continued). Destination secrets are read
 * now, from the environment variables and files the config names. On failure
 * *out is NULL and *error (if not NULL) says why: free it with lh_free. */
LH_API int lh_service_start(const char *config, size_t len, const char *state_dir,
                            lh_service **out, char **error);
/* Stops the service (as lh_service_stop) and frees it. NULL is fine. */
LH_API void lh_service_free(lh_service *service);
/* The message of this thread's last failed lh_service_* call ("" if none).
 * Valid until this thread's next lh_service_* call. */
LH_API const char *lh_service_last_error(void);
/* One observation: a timeline line ({"type": "events", ...}); "time" is
 * optional (default: now). */
LH_API int lh_service_observe(lh_service *service, const char *json, size_t len);
LH_API int lh_service_resolve(lh_service *service, const char *alert_id, const char *actor,
                              const char *reason);
/* Waits until no delivery is pending (each delivered or given up), at most
 * `timeout_ms` (< 0: no limit). LH_OK when idle, LH_DEADLINE_EXCEEDED if not. */
LH_API int lh_service_wait_idle(lh_service *service, int64_t timeout_ms);
/* The records produced since the last call, as JSON lines ("" when none);
 * free *out with lh_free. They are in records.jsonl as well. */
LH_API int lh_service_take_records(lh_service *service, char **out);
/* Stops: waits up to 10 s for deliveries in flight, writes the state. The
 * first error writing the state is returned; later calls return LH_OK. */
LH_API int lh_service_stop(lh_service *service);

/* ---- panther_monitor database (loghealth/database.h) --------------------------- */

/* The SQLite database of classification failures, data_audit rows, alerts,
 * deliveries and alarm transitions (docs/database.md). Rows are written in
 * transactions of `batch_rows` rows (committed also on lh_database_flush and
 * lh_database_free); a p_row_id already there is not added again. Every
 * lh_database_* call is thread-safe; the last-error message is per calling
 * thread. Several processes may write one file. */
typedef struct lh_database lh_database;

/* Opens the database at `path` (creating it, or migrating an older schema).
 * `batch_rows` 0 means the default (5000). A database of a newer schema
 * version is refused with LH_FAILED_PRECONDITION. On failure *out is NULL and
 * *error (if not NULL) says why: free it with lh_free. */
LH_API int lh_database_open(const char *path, size_t batch_rows, lh_database **out,
                            char **error);
/* Commits the open batch and closes. NULL is fine. */
LH_API void lh_database_free(lh_database *db);
/* The message of this thread's last failed lh_database_* call ("" if none).
 * Valid until this thread's next lh_database_* call. */
LH_API const char *lh_database_last_error(void);
/* One classification failure: its record (the JSON of an LH_FAILURE result)
 * and the log's exact bytes. With payload NULL the record's own payload is
 * stored (base64-decoded when the record says so). */
LH_API int lh_database_add_failure(lh_database *db, const char *record, size_t record_len,
                                   const char *payload, size_t payload_len);
/* Monitor records as JSON lines (lh_monitor_take_records,
 * lh_service_take_records, records.jsonl): alerts, their updates and
 * resolutions, deliveries, alarm states, data_audit; other kinds are
 * skipped. Stops at the first malformed line (the lines before it are kept). */
LH_API int lh_database_add_records(lh_database *db, const char *jsonl, size_t len);
/* Commits the open batch. */
LH_API int lh_database_flush(lh_database *db);
/* Failures grouped by log type, reason and field, most frequent first (what
 * `loghealth failures --json` prints): JSON lines, one group each, into *out
 * (free it with lh_free). source_id / log_type NULL or "": all; since_ns:
 * p_parse_time at or after (0: all); limit 0: 100. Commits the open batch
 * first. */
LH_API int lh_database_failure_groups(lh_database *db, const char *source_id,
                                      const char *log_type, int64_t since_ns, size_t limit,
                                      char **out);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* LOGHEALTH_CAPI_LOGHEALTH_H_ */
