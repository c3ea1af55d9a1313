/* The C ABI from C99: handles, results, errors, ownership, NULL frees. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "capi/loghealth.h"

static int failures = 0;

/* Whether a result's JSON contains `needle`. The JSON is not NUL-terminated
 * (the header says so): its length says where it ends. */
static int json_contains(const lh_result *r, const char *needle) {
  const size_t n = strlen(needle);
  for (size_t i = 0; i + n <= r->json_len; ++i) {
    if (memcmp(r->json + i, needle, n) == 0) return 1;
  }
  return 0;
}
#define CHECK(cond)                                                \
  do {                                                             \
    if (!(cond)) {                                                 \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                  \
    }                                                              \
  } while (0)

static const char kSchema[] =
    "version: 0\n"
    "schema: Custom.C\n"
    "fields:\n"
    "  - {name: n, type: int, required: true}\n"
    "  - {name: ip, type: string, indicators: [ip]}\n";

struct counts {
  int events, failures, skipped;
};

static int count_result(void *user, const lh_result *r) {
  struct counts *c = (struct counts *)user;
  if (r->kind == LH_EVENT) ++c->events;
  if (r->kind == LH_FAILURE) ++c->failures;
  if (r->kind == LH_SKIPPED) ++c->skipped;
  return 0;
}

static void test_versions_and_status_names(void) {
  CHECK(lh_version_number() == LH_VERSION_NUMBER);
  {
    char expected[32];
    snprintf(expected, sizeof expected, "%d.%d.%d", LH_VERSION_MAJOR, LH_VERSION_MINOR,
             LH_VERSION_PATCH);
    CHECK(strcmp(lh_version(), expected) == 0);
  }
  CHECK(strcmp(lh_status_name(LH_OK), "OK") == 0);
  CHECK(strcmp(lh_status_name(LH_INVALID_ARGUMENT), "INVALID_ARGUMENT") == 0);
  CHECK(strcmp(lh_status_name(99), "UNKNOWN_CODE") == 0);
  /* free(NULL) is a no-op everywhere. */
  lh_free(NULL);
  lh_classifier_free(NULL);
  lh_stream_free(NULL);
  lh_monitor_free(NULL);
}

static void test_classifier(void) {
  const char *schemas[] = {kSchema};
  const size_t lengths[] = {sizeof(kSchema) - 1};
  lh_classifier_options options;
  lh_classifier *classifier = NULL;
  lh_stream *stream = NULL;
  lh_result r;
  char *error = NULL;
  struct counts c = {0, 0, 0};
  const char lines[] = "{\"n\": 1}\n\n{\"n\": \"x\"}\n{\"n\": 2, \"ip\": \"10.0.0.1\"}";
  char *batch = NULL;
  size_t batch_len = 0;
  lh_stats stats;

  lh_classifier_options_init(&options);
  options.source_id = "src-c";
  CHECK(lh_classifier_create(schemas, lengths, 1, &options, &classifier, &error) == LH_OK);
  CHECK(error == NULL);
  CHECK(lh_stream_create(classifier, &stream, NULL) == LH_OK);
  {
    lh_stream *none = NULL;
    CHECK(lh_stream_create(NULL, &none, &error) == LH_INVALID_ARGUMENT);
    CHECK(none == NULL && error != NULL && strcmp(error, "classifier is NULL") == 0);
    lh_free(error);
    error = NULL;
  }

  CHECK(lh_classify(stream, "{\"n\": \"7\"}", 10, &r) == LH_OK);
  CHECK(r.kind == LH_EVENT);
  CHECK(r.log_type_len == 8 && memcmp(r.log_type, "Custom.C", 8) == 0);
  CHECK(r.json_len > 10 && memcmp(r.json, "{\"n\":7,", 7) == 0);

  CHECK(lh_classify(stream, "{\"n\": 1.5}", 10, &r) == LH_OK);
  CHECK(r.kind == LH_FAILURE);
  CHECK(strcmp(r.reason, "type_mismatch") == 0);
  CHECK(r.offset == 6);

  CHECK(lh_classify(stream, "   ", 3, &r) == LH_OK);
  CHECK(r.kind == LH_SKIPPED);

  CHECK(lh_classify_buffer(stream, lines, sizeof(lines) - 1, count_result, &c) == LH_OK);
  CHECK(c.events == 2 && c.failures == 1 && c.skipped == 1);

  CHECK(lh_classify_batch(stream, lines, sizeof(lines) - 1, &batch, &batch_len) == LH_OK);
  CHECK(batch != NULL && batch_len == strlen(batch));
  CHECK(strncmp(batch, "ECustom.C\t{\"n\":1,", 17) == 0);
  CHECK(strstr(batch, "\nFCustom.C\t{\"error\":") != NULL);
  lh_free(batch);

  CHECK(lh_stream_stats(stream, &stats) == LH_OK);
  CHECK(stats.logs == 11 && stats.events == 5 && stats.failures == 3 && stats.skipped == 3);

  CHECK(lh_classify(NULL, "x", 1, &r) == LH_INVALID_ARGUMENT);
  lh_stream_free(stream);
  lh_classifier_free(classifier);

  /* A broken schema: a code, a message, no handle. */
  {
    const char bad[] = "version: 0\nschema: Custom.B\nfields:\n  - {name: a, type: strng}\n";
    const char *bad_schemas[] = {bad};
    const size_t bad_lengths[] = {sizeof(bad) - 1};
    classifier = (lh_classifier *)&c; /* must be reset to NULL */
    CHECK(lh_classifier_create(bad_schemas, bad_lengths, 1, NULL, &classifier, &error) ==
          LH_INVALID_ARGUMENT);
    CHECK(classifier == NULL);
    CHECK(error != NULL && strstr(error, "unknown type \"strng\"") != NULL);
    lh_free(error);
  }
  /* Two broken schemas: both are reported, each with its index. */
  {
    const char bad1[] = "version: 0\nschema: Custom.B1\nfields:\n  - {name: a, type: strng}\n";
    const char bad2[] = "version: 0\nschema: Custom.B2\nfields:\n  - {name: b, type: in}\n";
    const char *bad_schemas[] = {kSchema, bad1, bad2};
    const size_t bad_lengths[] = {sizeof(kSchema) - 1, sizeof(bad1) - 1, sizeof(bad2) - 1};
    CHECK(lh_classifier_create(bad_schemas, bad_lengths, 3, NULL, &classifier, &error) ==
          LH_INVALID_ARGUMENT);
    CHECK(error != NULL && strstr(error, "schema[1]") != NULL &&
          strstr(error, "unknown type \"strng\"") != NULL);
    CHECK(error != NULL && strstr(error, "schema[2]") != NULL &&
          strstr(error, "unknown type \"in\"") != NULL);
    lh_free(error);
    error = NULL;
  }
}

/* What a batch job needs: one parse time for the job, row ids that repeat
 * when a block is classified again, and whether inputs may be split. */
static void test_batch_job_options(void) {
  const char *schemas[] = {kSchema};
  const size_t lengths[] = {sizeof(kSchema) - 1};
  lh_classifier_options options;
  lh_classifier *classifier = NULL;
  lh_stream *stream = NULL;
  lh_result r;
  lh_classifier_options_init(&options);
  CHECK(options.version == 3 && options.parse_time_ns == 0 && options.row_id_seed == 0);
  CHECK(options.max_depth == 0 && options.validate_only == 0);
  options.parse_time_ns = 1714557600123456789LL; /* 2024-05-01T10:00:00.123456789Z */
  options.row_id_seed = 0x1122334455667788ULL;
  CHECK(lh_classifier_create(schemas, lengths, 1, &options, &classifier, NULL) == LH_OK);
  CHECK(lh_classifier_reads_input_start(classifier) == 0);
  CHECK(lh_classifier_reads_input_start(NULL) == 0);
  CHECK(lh_stream_create(classifier, &stream, NULL) == LH_OK);
  CHECK(lh_classify(stream, "{\"n\": 1}", 8, &r) == LH_OK && r.kind == LH_EVENT);
  CHECK(json_contains(&r, "\"p_row_id\":\"11223344556677880000000000000000\""));
  CHECK(json_contains(&r, "\"p_parse_time\":\"2024-05-01T10:00:00.123456789Z\""));
  CHECK(lh_classify(stream, "{\"n\": 2}", 8, &r) == LH_OK);
  CHECK(json_contains(&r, "\"p_row_id\":\"11223344556677880000000000000001\""));
  CHECK(lh_stream_restart_row_ids(stream, 0xabc) == LH_OK);
  CHECK(lh_classify(stream, "{\"n\": 3}", 8, &r) == LH_OK);
  CHECK(json_contains(&r, "\"p_row_id\":\"0000000000000abc0000000000000000\""));
  CHECK(lh_stream_restart_row_ids(stream, 0) == LH_INVALID_ARGUMENT);
  CHECK(strstr(lh_stream_last_error(stream), "must not be 0") != NULL);
  CHECK(lh_stream_restart_row_ids(NULL, 1) == LH_INVALID_ARGUMENT);
  lh_stream_free(stream);
  lh_classifier_free(classifier);

  /* Version 3: a depth limit and validation without events. */
  options.max_depth = 2;
  options.validate_only = 1;
  CHECK(lh_classifier_create(schemas, lengths, 1, &options, &classifier, NULL) == LH_OK);
  CHECK(lh_stream_create(classifier, &stream, NULL) == LH_OK);
  CHECK(lh_classify(stream, "{\"n\": 1}", 8, &r) == LH_OK && r.kind == LH_EVENT);
  CHECK(r.json_len == 0); /* validated, not written */
  CHECK(lh_classify(stream, "{\"n\": 1, \"x\": {\"y\": {\"z\": 1}}}", 30, &r) == LH_OK);
  CHECK(r.kind == LH_FAILURE && strcmp(r.reason, "too_deep") == 0);
  lh_stream_free(stream);
  lh_classifier_free(classifier);
  /* A version-2 struct still works: the version-3 fields are not read. */
  options.version = 2;
  CHECK(lh_classifier_create(schemas, lengths, 1, &options, &classifier, NULL) == LH_OK);
  CHECK(lh_stream_create(classifier, &stream, NULL) == LH_OK);
  CHECK(lh_classify(stream, "{\"n\": 1}", 8, &r) == LH_OK && r.kind == LH_EVENT);
  CHECK(r.json_len > 0); /* validate_only was not read */
  lh_stream_free(stream);
  lh_classifier_free(classifier);

  /* A csv header is learnt from the start of each input. */
  {
    const char csv[] = "version: 0\nschema: Custom.Csv\nparser:\n  csv:\n    hasHeader: true\n"
                       "fields:\n  - {name: a, type: string}\n";
    const char *csv_schemas[] = {kSchema, csv};
    const size_t csv_lengths[] = {sizeof(kSchema) - 1, sizeof(csv) - 1};
    CHECK(lh_classifier_create(csv_schemas, csv_lengths, 2, NULL, &classifier, NULL) == LH_OK);
    CHECK(lh_classifier_reads_input_start(classifier) == 1);
    lh_classifier_free(classifier);
  }
  /* A version-1 caller (without the version-2 fields) is still served; an
   * unknown version is refused. */
  lh_classifier_options_init(&options);
  options.version = 1;
  options.parse_time_ns = 5; /* not part of a version-1 struct: ignored */
  CHECK(lh_classifier_create(schemas, lengths, 1, &options, &classifier, NULL) == LH_OK);
  CHECK(lh_stream_create(classifier, &stream, NULL) == LH_OK);
  CHECK(lh_classify(stream, "{\"n\": 1}", 8, &r) == LH_OK && r.kind == LH_EVENT);
  CHECK(!json_contains(&r, "\"p_parse_time\":\"1970"));
  lh_stream_free(stream);
  lh_classifier_free(classifier);
  options.version = 4; /* from a future header */
  {
    char *error = NULL;
    CHECK(lh_classifier_create(schemas, lengths, 1, &options, &classifier, &error) ==
          LH_INVALID_ARGUMENT);
    CHECK(error != NULL && strstr(error, "version") != NULL);
    lh_free(error);
  }
}

static void test_monitor(void) {
  const char config[] =
      "sources: [{id: s1, label: One}]\n"
      "destinations: [{id: hook, alertTypes: [SYSTEM_ERROR], defaultForSeverity: [LOW]}]\n";
  const char failure[] =
      "{\"time\":\"2024-05-01T10:00:00Z\",\"type\":\"classification_failure\","
      "\"source\":\"s1\",\"error\":\"boom\",\"payload\":\"x\"}";
  lh_monitor *monitor = NULL, *restored = NULL;
  char *error = NULL, *records = NULL, *deliveries = NULL;
  void *snapshot = NULL;
  size_t snapshot_len = 0;
  char id[64];
  const char *at;

  CHECK(lh_monitor_create(config, sizeof(config) - 1, &monitor, &error) == LH_OK);
  CHECK(lh_monitor_observe(monitor, failure, sizeof(failure) - 1) == LH_OK);
  CHECK(lh_monitor_take_records(monitor, &records) == LH_OK);
  CHECK(strstr(records, "\"record\":\"alert\"") != NULL);
  CHECK(strstr(records, "\"severity\":\"CRITICAL\"") != NULL);
  lh_free(records);

  CHECK(lh_monitor_take_deliveries(monitor, &deliveries) == LH_OK);
  CHECK(strstr(deliveries, "\"destinationId\":\"hook\"") != NULL);
  at = strstr(deliveries, "\"deliveryId\":\"");
  CHECK(at != NULL);
  if (at != NULL) {
    size_t n = 0;
    at += strlen("\"deliveryId\":\"");
    while (at[n] != '"' && n < sizeof(id) - 1) {
      id[n] = at[n];
      ++n;
    }
    id[n] = '\0';
    CHECK(lh_monitor_report_delivery(monitor, id, 200, "ok") == LH_OK);
    CHECK(lh_monitor_report_delivery(monitor, id, 200, "ok") == LH_NOT_FOUND);
    CHECK(strstr(lh_monitor_last_error(monitor), "already reported") != NULL);
  }
  lh_free(deliveries);

  CHECK(lh_monitor_observe(monitor, "{\"type\":\"events\"}", 17) == LH_INVALID_ARGUMENT);
  CHECK(strstr(lh_monitor_last_error(monitor), "needs \"time\"") != NULL);

  CHECK(lh_monitor_snapshot(monitor, NULL, &snapshot_len) == LH_INVALID_ARGUMENT);
  CHECK(strcmp(lh_monitor_last_error(monitor), "data and len must not be NULL") == 0);
  CHECK(lh_monitor_snapshot(monitor, &snapshot, &snapshot_len) == LH_OK);
  CHECK(snapshot_len > 5 && memcmp(snapshot, "LHMS", 4) == 0);
  CHECK(lh_monitor_restore(config, sizeof(config) - 1, snapshot, snapshot_len, &restored,
                           &error) == LH_OK);
  {
    lh_monitor *junk = NULL;
    CHECK(lh_monitor_restore(config, sizeof(config) - 1, "junk", 4, &junk, &error) ==
          LH_INVALID_ARGUMENT);
    CHECK(junk == NULL);
  }
  CHECK(error != NULL && strstr(error, "not a loghealth monitor snapshot") != NULL);
  lh_free(error);
  lh_free(snapshot);
  lh_monitor_free(restored);
  lh_monitor_free(monitor);
}

/* The service with the built-in console destination (no HTTP): an alert,
 * its console delivery, the records, a restart that continues. */
static void test_service(void) {
  static const char config[] =
      "sources: [{id: src}]\n"
      "destinations: [{id: page, type: console, alertTypes: [SYSTEM_ERROR]}]\n";
  const char *dir = getenv("TEST_TMPDIR");
  char state[512];
  char *error = NULL;
  char *records = NULL;
  lh_service *service = NULL;
  static const char failure[] =
      "{\"type\":\"classification_failure\",\"source\":\"src\",\"error\":\"e\","
      "\"payload\":\"p\"}";
  snprintf(state, sizeof state, "%s/service-state", dir ? dir : "/tmp");
  lh_service_free(NULL);
  CHECK(lh_service_start("destinations: [{id: d, type: slack}]", 36, state, &service, &error) ==
        LH_INVALID_ARGUMENT);
  CHECK(service == NULL);
  CHECK(error != NULL && strstr(error, "type slack needs url") != NULL);
  lh_free(error);
  error = NULL;
  CHECK(lh_service_start(config, sizeof(config) - 1, state, &service, &error) == LH_OK);
  CHECK(error == NULL);
  CHECK(lh_service_observe(service, "{\"type\":\"events\"}", 17) == LH_INVALID_ARGUMENT);
  CHECK(strstr(lh_service_last_error(), "events needs \"source\"") != NULL);
  CHECK(lh_service_observe(service, failure, sizeof(failure) - 1) == LH_OK);
  CHECK(lh_service_wait_idle(service, 10000) == LH_OK);
  CHECK(lh_service_take_records(service, &records) == LH_OK);
  CHECK(records != NULL && strstr(records, "\"record\":\"alert\"") != NULL);
  CHECK(records != NULL && strstr(records, "\"message\":\"shown in the console\"") != NULL);
  lh_free(records);
  CHECK(lh_service_resolve(service, "nope", "alice", "") == LH_NOT_FOUND);
  CHECK(lh_service_stop(service) == LH_OK);
  CHECK(lh_service_stop(service) == LH_OK);
  lh_service_free(service);
  /* Started again on the same folder: the alert is there, not raised again. */
  service = NULL;
  CHECK(lh_service_start(config, sizeof(config) - 1, state, &service, &error) == LH_OK);
  CHECK(lh_service_observe(service, failure, sizeof(failure) - 1) == LH_OK);
  CHECK(lh_service_wait_idle(service, 10000) == LH_OK);
  CHECK(lh_service_take_records(service, &records) == LH_OK);
  CHECK(records != NULL && strstr(records, "\"record\":\"alert_update\"") != NULL);
  CHECK(records != NULL && strstr(records, "\"record\":\"alert\"") == NULL);
  lh_free(records);
  lh_service_free(service);
}

/* The number SQLite (not loghealth) finds for a one-value query; -1 on error. */
static long long query_int(const char *path, const char *sql) {
  sqlite3 *db = NULL;
  sqlite3_stmt *s = NULL;
  long long value = -1;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) {
    value = sqlite3_column_int64(s, 0);
  }
  sqlite3_finalize(s);
  sqlite3_close(db);
  return value;
}

/* A failure straight from lh_classify into the database with its exact
 * bytes (not UTF-8), monitor records, a malformed line, NULL handling. */
static void test_database(void) {
  const char *schemas[] = {kSchema};
  const size_t lengths[] = {sizeof(kSchema) - 1};
  const char *dir = getenv("TEST_TMPDIR");
  static const char bad_log[] = "{\"n\": \"\xff\xfe\"}";
  static const char records[] =
      "{\"record\":\"alert\",\"alertId\":\"a1\",\"type\":\"SYSTEM_ERROR\",\"status\":\"OPEN\","
      "\"createdAt\":\"2024-06-15T12:00:00Z\"}\n"
      "\n"
      "{\"record\":\"delivery\",\"seq\":2,\"alertId\":\"a1\",\"destinationId\":\"d\","
      "\"success\":true,\"statusCode\":200}\n";
  char path[512];
  char *error = NULL;
  lh_classifier *classifier = NULL;
  lh_stream *stream = NULL;
  lh_database *db = NULL;
  lh_result r;
  snprintf(path, sizeof path, "%s/capi-monitor.db", dir ? dir : "/tmp");
  remove(path);
  lh_database_free(NULL);
  CHECK(lh_database_open("/nonexistent-dir/x.db", 0, &db, &error) != LH_OK);
  CHECK(db == NULL && error != NULL && strstr(error, "/nonexistent-dir/x.db") != NULL);
  lh_free(error);
  error = NULL;
  CHECK(lh_database_open(path, 2, &db, &error) == LH_OK);
  CHECK(db != NULL && error == NULL);

  CHECK(lh_classifier_create(schemas, lengths, 1, NULL, &classifier, &error) == LH_OK);
  CHECK(lh_stream_create(classifier, &stream, NULL) == LH_OK);
  CHECK(lh_classify(stream, bad_log, sizeof(bad_log) - 1, &r) == LH_OK);
  CHECK(r.kind == LH_FAILURE);
  CHECK(lh_database_add_failure(db, r.json, r.json_len, bad_log, sizeof(bad_log) - 1) == LH_OK);
  CHECK(lh_database_add_failure(db, "{}", 2, NULL, 0) == LH_INVALID_ARGUMENT);
  CHECK(strstr(lh_database_last_error(), "no p_row_id") != NULL);
  CHECK(lh_database_add_failure(NULL, "{}", 2, NULL, 0) == LH_INVALID_ARGUMENT);
  CHECK(lh_database_add_records(db, records, sizeof(records) - 1) == LH_OK);
  CHECK(strcmp(lh_database_last_error(), "") == 0);
  CHECK(lh_database_add_records(db, "{\"record\":\"metrics\"}\n{oops\n", 27) ==
        LH_INVALID_ARGUMENT);
  CHECK(strstr(lh_database_last_error(), "line 2: monitor record: not JSON") != NULL);
  CHECK(lh_database_add_records(db, "{\"record\":\"alert\"}", 18) == LH_INVALID_ARGUMENT);
  CHECK(strstr(lh_database_last_error(), "line 1: monitor record \"alert\" has no alertId") !=
        NULL);
  CHECK(lh_database_flush(db) == LH_OK);

  CHECK(query_int(path, "SELECT count(*) FROM classification_failures") == 1);
  CHECK(query_int(path, "SELECT count(*) FROM classification_failures WHERE "
                        "typeof(payload) = 'blob' AND hex(payload) = "
                        "'7B226E223A2022FFFE227D'") == 1);
  CHECK(query_int(path, "SELECT count(*) FROM alerts WHERE id = 'a1'") == 1);
  CHECK(query_int(path, "SELECT status_code FROM deliveries WHERE alert_id = 'a1'") == 200);
  lh_database_free(db);
  lh_stream_free(stream);
  lh_classifier_free(classifier);
}

/* Schema files as the CLI finds them; a missing path is a NOT_FOUND. */
static void test_schema_files(void) {
  const char *dir = getenv("TEST_SRCDIR");
  char examples[1024];
  const char *paths[1];
  char *out = NULL, *error = NULL;
  snprintf(examples, sizeof examples, "%s/loghealth/examples/schemas", dir ? dir : ".");
  paths[0] = examples;
  CHECK(lh_schema_files(paths, 1, &out, &error) == LH_OK);
  CHECK(out != NULL && strstr(out, "/examples/schemas/audit.json\n") != NULL);
  CHECK(out != NULL && strstr(out, "/examples/schemas/webapp.yml\n") != NULL);
  /* Sorted: audit.json before firewall.yml before webapp.yml. */
  CHECK(out != NULL && strstr(out, "audit.json") < strstr(out, "firewall.yml") &&
        strstr(out, "firewall.yml") < strstr(out, "webapp.yml"));
  lh_free(out);
  /* A classifier straight from the folder. */
  {
    lh_classifier *classifier = NULL;
    CHECK(lh_classifier_create_from_files(paths, 1, NULL, &classifier, &error) == LH_OK);
    CHECK(classifier != NULL && error == NULL);
    lh_classifier_free(classifier);
  }
  paths[0] = "/nonexistent/schemas";
  CHECK(lh_schema_files(paths, 1, &out, &error) == LH_NOT_FOUND);
  CHECK(out == NULL && error != NULL && strstr(error, "/nonexistent/schemas") != NULL);
  lh_free(error);
  error = NULL;
  {
    lh_classifier *classifier = NULL;
    CHECK(lh_classifier_create_from_files(paths, 1, NULL, &classifier, &error) == LH_NOT_FOUND);
    CHECK(classifier == NULL && error != NULL && strstr(error, "/nonexistent/schemas") != NULL);
    lh_free(error);
    error = NULL;
  }
  /* Errors name the file and line. */
  {
    char broken[1024];
    lh_classifier *classifier = NULL;
    snprintf(broken, sizeof broken, "%s/loghealth/examples/broken_schemas", dir ? dir : ".");
    paths[0] = broken;
    CHECK(lh_classifier_create_from_files(paths, 1, NULL, &classifier, &error) ==
          LH_INVALID_ARGUMENT);
    CHECK(error != NULL && strstr(error, "broken_schemas/typos.yml:9:") != NULL);
    lh_free(error);
  }
}

int main(void) {
  test_versions_and_status_names();
  test_classifier();
  test_batch_job_options();
  test_monitor();
  test_service();
  test_database();
  test_schema_files();
  printf("%d failures\n", failures);
  return failures == 0 ? 0 : 1;
}
