#include "src/database/sqlite.h"

#include <sqlite3.h>

#include "absl/strings/str_cat.h"

namespace loghealth {
namespace db {

absl::Status SqliteError(sqlite3* db, int code, std::string_view doing) {
  const std::string message =
      absl::StrCat(sqlite3_errstr(code), db != nullptr ? ": " : "",
                   db != nullptr ? sqlite3_errmsg(db) : "", " (", std::string(doing), ")");
  const int primary = code & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) return absl::UnavailableError(message);
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) return absl::DataLossError(message);
  if (primary == SQLITE_CANTOPEN || primary == SQLITE_PERM || primary == SQLITE_READONLY) {
    return absl::PermissionDeniedError(message);
  }
  if (primary == SQLITE_FULL || primary == SQLITE_NOMEM) return absl::ResourceExhaustedError(message);
  return absl::InternalError(message);
}

Statement::Statement(Statement&& o) noexcept : db_(o.db_), stmt_(o.stmt_), sql_(std::move(o.sql_)) {
  o.stmt_ = nullptr;
}

Statement& Statement::operator=(Statement&& o) noexcept {
  if (this != &o) {
    if (stmt_ != nullptr) sqlite3_finalize(stmt_);
    db_ = o.db_;
    stmt_ = o.stmt_;
    sql_ = std::move(o.sql_);
    o.stmt_ = nullptr;
  }
  return *this;
}

Statement::~Statement() {
  if (stmt_ != nullptr) sqlite3_finalize(stmt_);
}

// SQLITE_STATIC: no copy; the caller keeps the bytes until Run/Step and
// Reset (every caller binds views of data it holds across the call). An
// empty view may have no data pointer, which SQLite would bind as NULL:
// empty is bound as empty.
void Statement::BindText(int i, std::string_view text) {
  sqlite3_bind_text64(stmt_, i, text.data() != nullptr ? text.data() : "", text.size(),
                      SQLITE_STATIC, SQLITE_UTF8);
}
void Statement::BindBlob(int i, std::string_view bytes) {
  sqlite3_bind_blob64(stmt_, i, bytes.data() != nullptr ? bytes.data() : "", bytes.size(),
                      SQLITE_STATIC);
}
void Statement::BindInt(int i, int64_t value) { sqlite3_bind_int64(stmt_, i, value); }
void Statement::BindNull(int i) { sqlite3_bind_null(stmt_, i); }
void Statement::BindTextOrNull(int i, std::string_view text) {
  if (text.empty()) {
    BindNull(i);
  } else {
    BindText(i, text);
  }
}

absl::StatusOr<bool> Statement::Step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError(db_, rc, sql_.substr(0, 60));
}

absl::Status Statement::Run() {
  auto r = Step();
  Reset();
  return r.ok() ? absl::OkStatus() : r.status();
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string Statement::ColumnText(int i) const {
  const void* p = sqlite3_column_blob(stmt_, i);
  const int n = sqlite3_column_bytes(stmt_, i);
  return p == nullptr ? std::string() : std::string(static_cast<const char*>(p), n);
}
int64_t Statement::ColumnInt(int i) const { return sqlite3_column_int64(stmt_, i); }
bool Statement::ColumnIsNull(int i) const { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }

namespace {

absl::Status OpenWith(const std::string& path, int flags, sqlite3** db) {
  const int rc = sqlite3_open_v2(path.c_str(), db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    absl::Status s = SqliteError(*db, rc, absl::StrCat("opening ", path));
    sqlite3_close(*db);
    return s;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<Connection>> Connection::Open(const std::string& path) {
  sqlite3* db = nullptr;
  if (absl::Status s = OpenWith(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &db); !s.ok()) {
    return s;
  }
  return std::unique_ptr<Connection>(new Connection(db));
}

absl::StatusOr<std::unique_ptr<Connection>> Connection::OpenExisting(const std::string& path) {
  sqlite3* db = nullptr;
  if (absl::Status s = OpenWith(path, SQLITE_OPEN_READWRITE, &db); !s.ok()) return s;
  return std::unique_ptr<Connection>(new Connection(db));
}

Connection::~Connection() { sqlite3_close_v2(db_); }

absl::Status Connection::Exec(const std::string& sql) {
  char* error = nullptr;
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
  sqlite3_free(error);
  if (rc != SQLITE_OK) return SqliteError(db_, rc, sql.substr(0, 60));
  return absl::OkStatus();
}

absl::StatusOr<Statement> Connection::Prepare(const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db_, rc, sql.substr(0, 60));
  return Statement(db_, stmt, sql);
}

void Connection::SetBusyTimeout(int64_t millis) {
  sqlite3_busy_timeout(db_, static_cast<int>(millis));
}

}  // namespace db
}  // namespace loghealth
