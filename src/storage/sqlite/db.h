#pragma once
// A thin RAII layer over the SQLite C API: a connection, prepared statements with typed binding,
// and a transaction guard. Used only inside storage/sqlite.
#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace pharos::sqlite {

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  bool ok() const { return stmt_ != nullptr; }
  const std::string& prepare_error() const { return error_; }

  // Binding is 1-based, as in SQLite. Each returns *this for chaining.
  Statement& bind(int index, std::string_view text);
  // Without this a string literal would pick the bool overload.
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, bool value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind_null(int index);
  template <typename T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind_null(index);
  }

  // Steps once: true when a row is available, false when done. Errors are kept in error().
  bool step();
  // Runs to completion; returns the error when a step failed.
  Result<void> run();
  void reset();

  bool is_null(int column) const;
  std::int64_t int64(int column) const;
  std::string text(int column) const;
  std::optional<std::int64_t> optional_int64(int column) const;

  int last_code() const { return code_; }
  Error error() const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  std::string error_;
  int code_ = SQLITE_OK;
};

class Connection {
 public:
  // Opens (creating) the database file. Sets WAL, foreign keys, a busy timeout.
  static Result<std::unique_ptr<Connection>> open(const std::string& path);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* handle() const { return db_; }
  // Runs one or more statements without results.
  Result<void> exec(std::string_view sql);
  Error last_error(std::string_view context) const;

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless commit() succeeded. IMMEDIATE
// takes the write lock up front so two processes never deadlock upgrading read locks.
class Transaction {
 public:
  explicit Transaction(Connection& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  const Result<void>& begun() const { return begun_; }
  Result<void> commit();

 private:
  Connection& db_;
  Result<void> begun_;
  bool done_ = false;
};

}  // namespace pharos::sqlite
