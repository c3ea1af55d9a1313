// The panther_monitor schema, by version: what a new database gets, and
// what takes an older one to the current version.
#ifndef LOGHEALTH_SRC_DATABASE_SCHEMA_SQL_H_
#define LOGHEALTH_SRC_DATABASE_SCHEMA_SQL_H_

namespace loghealth {
namespace db {

// Version 1. Times are RFC 3339 text (as Panther writes them) and, for
// ranges and order, unix nanoseconds in the *_ns column beside them.
constexpr char kSchemaV1[] = R"sql(
CREATE TABLE classification_failures (
  p_row_id        TEXT NOT NULL UNIQUE,
  p_log_type      TEXT,              -- the log type that got furthest
  error           TEXT NOT NULL,
  payload         BLOB NOT NULL,     -- the log verbatim: TEXT when UTF-8, else BLOB
  p_source_id     TEXT,
  p_source_label  TEXT,
  p_parse_time    TEXT NOT NULL,
  p_parse_time_ns INTEGER NOT NULL,
  reason          TEXT NOT NULL,
  field           TEXT,
  expected        TEXT,
  got             TEXT,
  "offset"        INTEGER,           -- byte offset in payload; NULL when unknown
  tried           TEXT               -- JSON: [{"id", "reason", "error"}, ...]
);
CREATE INDEX classification_failures_by_source_time
  ON classification_failures (p_source_id, p_parse_time_ns);
CREATE INDEX classification_failures_by_type_reason_field
  ON classification_failures (p_log_type, reason, field);

CREATE TABLE data_audit (
  p_row_id           TEXT PRIMARY KEY,
  operation          TEXT,
  status             TEXT,          -- SUCCESS or FAILURE
  error              TEXT,
  s3bucket           TEXT,
  s3key              TEXT,
  s3objectversionid  TEXT,
  s3objectsize       INTEGER,       -- -1 when unknown, NULL on failure
  recordcount        INTEGER,
  assumedrolearn     TEXT,
  p_source_id        TEXT,
  p_source_label     TEXT,
  p_event_time       TEXT,
  p_event_time_ns    INTEGER,
  p_parse_time       TEXT
) WITHOUT ROWID;
CREATE INDEX data_audit_by_source_time ON data_audit (p_source_id, p_event_time_ns);

CREATE TABLE alerts (
  id                 TEXT PRIMARY KEY,
  type               TEXT,          -- SYSTEM_ERROR
  severity           TEXT,          -- CRITICAL
  system_error_type  TEXT,
  related_component  TEXT,
  title              TEXT,
  description        TEXT,
  source_id          TEXT,
  source_label       TEXT,
  destination_id     TEXT,
  account            TEXT,
  resource           TEXT,
  created_at         TEXT,
  created_at_ns      INTEGER,
  updated_at         TEXT,
  resolved_at        TEXT,
  resolved_at_ns     INTEGER,
  resolved_by        TEXT,
  resolution         TEXT,          -- the reason given when it was resolved
  occurrences        INTEGER,
  status             TEXT,          -- OPEN or RESOLVED
  context            TEXT           -- JSON
) WITHOUT ROWID;
CREATE INDEX alerts_by_status_type ON alerts (status, system_error_type);
CREATE INDEX alerts_by_source ON alerts (source_id, created_at_ns);

CREATE TABLE alert_lines (
  alert_id  TEXT NOT NULL,
  time      TEXT,
  log_type  TEXT,
  error     TEXT,
  payload   TEXT,
  UNIQUE (alert_id, time, error, payload)
);
CREATE INDEX alert_lines_by_alert ON alert_lines (alert_id);

-- One row per attempt. Keyed by what the attempt is (not by the record's
-- seq, which is per monitor: a sharded job has several).
CREATE TABLE deliveries (
  seq              INTEGER,              -- the monitor's record number
  alert_id         TEXT NOT NULL,
  destination_id   TEXT NOT NULL,
  attempt          INTEGER NOT NULL,
  resolved_notice  INTEGER NOT NULL,     -- 1: the "resolved" notification
  success          INTEGER,
  status_code      INTEGER,
  message          TEXT,
  response_excerpt TEXT,
  duration_ms      INTEGER,
  time             TEXT,
  time_ns          INTEGER,
  UNIQUE (alert_id, destination_id, resolved_notice, attempt)
);

CREATE TABLE alarm_states (
  seq                INTEGER,              -- the monitor's record number
  subject_kind       TEXT,                 -- source, destination, account
  subject            TEXT,
  system_error_type  TEXT,
  from_state         TEXT,
  to_state           TEXT,
  time               TEXT,
  time_ns            INTEGER,
  reason             TEXT,
  alert_id           TEXT,
  UNIQUE (subject, system_error_type, time_ns, from_state, to_state)
);
CREATE INDEX alarm_states_by_subject ON alarm_states (subject, time_ns);

-- Every failure of a source while one of its classification alerts was open.
CREATE VIEW alert_failures AS
  SELECT a.id AS alert_id, f.*
  FROM alerts a JOIN classification_failures f
    ON f.p_source_id = a.source_id
   AND f.p_parse_time_ns >= a.created_at_ns
   AND (a.resolved_at_ns IS NULL OR f.p_parse_time_ns <= a.resolved_at_ns)
  WHERE a.system_error_type = 'SOURCE_CLASSIFICATION_FAILURES';
)sql";

// Version 2: a classification alert's failing lines keep the failure's
// detail, as classification_failures rows do, so the console can mark the
// failing span from the database alone.
constexpr char kSchemaV2[] = R"sql(
ALTER TABLE alert_lines ADD COLUMN reason TEXT;
ALTER TABLE alert_lines ADD COLUMN field TEXT;
ALTER TABLE alert_lines ADD COLUMN expected TEXT;
ALTER TABLE alert_lines ADD COLUMN got TEXT;
ALTER TABLE alert_lines ADD COLUMN "offset" INTEGER;  -- byte offset in payload; NULL when unknown
ALTER TABLE alert_lines ADD COLUMN tried TEXT;        -- JSON, as classification_failures.tried
)sql";

}  // namespace db
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_DATABASE_SCHEMA_SQL_H_
