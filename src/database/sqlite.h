// A thin RAII layer over SQLite's C API: a connection, prepared statements
// with bound parameters (the only way values reach SQL), and errors as
// absl::Status naming the statement.
#ifndef LOGHEALTH_SRC_DATABASE_SQLITE_H_
#define LOGHEALTH_SRC_DATABASE_SQLITE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

struct sqlite3;
struct sqlite3_stmt;

namespace loghealth {
namespace db {

class Statement {
 public:
  Statement() = default;
  Statement(Statement&&) noexcept;
  Statement& operator=(Statement&&) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Parameters are 1-based, as in SQLite. Text and blobs are not copied:
  // they must stay alive until the statement has run (Run, or Step and
  // Reset).
  void BindText(int i, std::string_view text);
  void BindBlob(int i, std::string_view bytes);
  void BindInt(int i, int64_t value);
  void BindNull(int i);
  // SQL NULL for an empty view, else the text.
  void BindTextOrNull(int i, std::string_view text);

  // SQLITE_ROW: true; SQLITE_DONE: false; an error: the status.
  absl::StatusOr<bool> Step();
  // Runs a statement that returns no rows, then resets it for reuse.
  absl::Status Run();
  void Reset();

  // Columns are 0-based.
  std::string ColumnText(int i) const;  // a blob's bytes too
  int64_t ColumnInt(int i) const;
  bool ColumnIsNull(int i) const;

 private:
  friend class Connection;
  Statement(sqlite3* db, sqlite3_stmt* stmt, std::string sql)
      : db_(db), stmt_(stmt), sql_(std::move(sql)) {}
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  std::string sql_;
};

class Connection {
 public:
  static absl::StatusOr<std::unique_ptr<Connection>> Open(const std::string& path);
  // The same for a file that must already exist (never created).
  static absl::StatusOr<std::unique_ptr<Connection>> OpenExisting(const std::string& path);
  ~Connection();

  absl::Status Exec(const std::string& sql);  // statements without parameters
  absl::StatusOr<Statement> Prepare(const std::string& sql);
  void SetBusyTimeout(int64_t millis);
  sqlite3* raw() { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

// "SQLITE_BUSY: database is locked (while ...)".
absl::Status SqliteError(sqlite3* db, int code, std::string_view doing);

}  // namespace db
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_DATABASE_SQLITE_H_
