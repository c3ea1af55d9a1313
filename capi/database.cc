// The C ABI of the panther_monitor database (loghealth/database.h).
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "capi/loghealth.h"
#include "absl/strings/str_cat.h"
#include "capi/support.h"
#include "loghealth/database.h"
#include "src/database/failure_group_json.h"

struct lh_database {
  std::unique_ptr<loghealth::MonitorDatabase> db;
};

namespace {

using loghealth::capi::FromStatus;
using loghealth::capi::Guard;
using loghealth::capi::Owned;
using loghealth::capi::ReportCreateError;

// A database handle is thread-safe, so its errors are kept per thread.
thread_local std::string database_error;

}  // namespace

extern "C" {

int lh_database_open(const char* path, size_t batch_rows, lh_database** out, char** error) {
  if (error != nullptr) *error = nullptr;
  if (out == nullptr) return LH_INVALID_ARGUMENT;
  *out = nullptr;
  if (path == nullptr) {
    ReportCreateError(LH_INVALID_ARGUMENT, "path is NULL", error);
    return LH_INVALID_ARGUMENT;
  }
  std::string message;
  const int code = Guard(&message, [&]() -> int {
    loghealth::MonitorDatabaseOptions options;
    if (batch_rows > 0) options.batch_rows = batch_rows;
    auto db = loghealth::MonitorDatabase::Open(path, options);
    if (!db.ok()) return FromStatus(db.status(), &message);
    *out = new lh_database{*std::move(db)};
    return LH_OK;
  });
  ReportCreateError(code, message, error);
  return code;
}

void lh_database_free(lh_database* db) {
  if (db == nullptr) return;
  Guard(nullptr, [&]() -> int {
    delete db;
    return LH_OK;
  });
}

const char* lh_database_last_error(void) { return database_error.c_str(); }

int lh_database_add_failure(lh_database* db, const char* record, size_t record_len,
                            const char* payload, size_t payload_len) {
  if (db == nullptr || (record == nullptr && record_len > 0) ||
      (payload == nullptr && payload_len > 0)) {
    database_error = "NULL handle or buffer";
    return LH_INVALID_ARGUMENT;
  }
  return Guard(&database_error, [&]() -> int {
    std::optional<std::string_view> bytes;
    if (payload != nullptr) bytes = std::string_view(payload, payload_len);
    return FromStatus(db->db->AddFailure(std::string_view(record ? record : "", record_len), bytes),
                      &database_error);
  });
}

int lh_database_add_records(lh_database* db, const char* jsonl, size_t len) {
  if (db == nullptr || (jsonl == nullptr && len > 0)) {
    database_error = "NULL handle or buffer";
    return LH_INVALID_ARGUMENT;
  }
  return Guard(&database_error, [&]() -> int {
    std::string_view rest(jsonl ? jsonl : "", len);
    int line_number = 0;
    while (!rest.empty()) {
      const size_t nl = rest.find('\n');
      std::string_view line = rest.substr(0, nl);
      rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
      ++line_number;
      if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
      absl::Status s = db->db->AddMonitorRecord(line);
      if (!s.ok()) {
        return FromStatus(absl::Status(s.code(), absl::StrCat("line ", line_number, ": ",
                                                              s.message())),
                          &database_error);
      }
    }
    database_error.clear();
    return LH_OK;
  });
}

int lh_database_flush(lh_database* db) {
  if (db == nullptr) {
    database_error = "NULL handle";
    return LH_INVALID_ARGUMENT;
  }
  return Guard(&database_error, [&]() -> int {
    return FromStatus(db->db->Flush(), &database_error);
  });
}

int lh_database_failure_groups(lh_database* db, const char* source_id, const char* log_type,
                               int64_t since_ns, size_t limit, char** out) {
  if (out != nullptr) *out = nullptr;
  if (db == nullptr || out == nullptr) {
    database_error = "NULL handle or out";
    return LH_INVALID_ARGUMENT;
  }
  return Guard(&database_error, [&]() -> int {
    loghealth::FailureQuery query;
    query.source_id = source_id ? source_id : "";
    query.log_type = log_type ? log_type : "";
    query.since_ns = since_ns;
    if (limit > 0) query.limit = limit;
    auto groups = db->db->FailureGroups(query);
    if (!groups.ok()) return FromStatus(groups.status(), &database_error);
    std::string lines;
    for (const loghealth::FailureGroup& g : *groups) {
      loghealth::AppendFailureGroupJson(g, &lines);
      lines.push_back('\n');
    }
    *out = Owned(lines);
    database_error.clear();
    return LH_OK;
  });
}

}  // extern "C"
