#include "storage/sqlite/db.h"

#include <filesystem>

namespace pharos::sqlite {

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
  if (rc != SQLITE_OK) {
    error_ = std::string(sqlite3_errmsg(db)) + " in: " + std::string(sql);
    code_ = rc;
    stmt_ = nullptr;
  }
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, std::string_view text) {
  if (stmt_) {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  if (stmt_) sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::bind_null(int index) {
  if (stmt_) sqlite3_bind_null(stmt_, index);
  return *this;
}

bool Statement::step() {
  if (!stmt_) return false;
  code_ = sqlite3_step(stmt_);
  if (code_ == SQLITE_ROW) return true;
  if (code_ != SQLITE_DONE) error_ = sqlite3_errmsg(db_);
  return false;
}

Result<void> Statement::run() {
  if (!stmt_) return error();
  while (step()) {
  }
  if (code_ != SQLITE_DONE) return error();
  return Ok();
}

void Statement::reset() {
  if (!stmt_) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  code_ = SQLITE_OK;
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t Statement::int64(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Statement::text(int column) const {
  const unsigned char* p = sqlite3_column_text(stmt_, column);
  if (!p) return {};
  return std::string(reinterpret_cast<const char*>(p),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::optional<std::int64_t> Statement::optional_int64(int column) const {
  if (is_null(column)) return std::nullopt;
  return int64(column);
}

Error Statement::error() const {
  int primary = code_ & 0xff;
  std::string message = "sqlite: " + error_;
  if (primary == SQLITE_CONSTRAINT) {
    return {(code_ == SQLITE_CONSTRAINT_UNIQUE || code_ == SQLITE_CONSTRAINT_PRIMARYKEY)
                ? ErrorCode::kAlreadyExists
                : ErrorCode::kConflict,
            message, {}};
  }
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) return Error::unavailable(message);
  return Error::internal(message);
}

Result<std::unique_ptr<Connection>> Connection::open(const std::string& path) {
  std::error_code ec;
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  if (ec) return Error::unavailable("cannot create directory " + parent.string() + ": " + ec.message());
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Error::unavailable("cannot open database " + path + ": " + message);
  }
  std::unique_ptr<Connection> conn(new Connection(db));
  sqlite3_busy_timeout(db, 5000);
  // WAL lets readers (the server) run beside a writer (the CLI); synchronous=FULL makes every
  // commit durable before it is acknowledged, so kill -9 or power loss never loses a write.
  auto pragmas = conn->exec(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
  if (!pragmas) return pragmas.error();
  return conn;
}

Connection::~Connection() { sqlite3_close_v2(db_); }

Result<void> Connection::exec(std::string_view sql) {
  char* message = nullptr;
  std::string text(sql);
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string m = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    if ((rc & 0xff) == SQLITE_BUSY) return Error::unavailable("sqlite: database is busy: " + m);
    return Error::internal("sqlite: " + m);
  }
  return Ok();
}

Error Connection::last_error(std::string_view context) const {
  return Error::internal("sqlite: " + std::string(context) + ": " + sqlite3_errmsg(db_));
}

Transaction::Transaction(Connection& db) : db_(db), begun_(db.exec("BEGIN IMMEDIATE")) {
  if (!begun_) done_ = true;
}

Transaction::~Transaction() {
  if (!done_) (void)db_.exec("ROLLBACK");
}

Result<void> Transaction::commit() {
  auto r = db_.exec("COMMIT");
  if (r) done_ = true;
  return r;
}

}  // namespace pharos::sqlite
