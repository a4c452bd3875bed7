#pragma once
// The SQLite driver: a Connection over one database file and a Database that lends its single
// connection to one caller at a time. Used only inside storage.
#include <sqlite3.h>

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "storage/db/sql.h"

namespace pharos::db {

class SqliteConnection final : public Connection {
 public:
  // Opens (creating it and its directory) the database file. Sets WAL, foreign keys, a busy
  // timeout and synchronous=FULL, or NORMAL when `durable` is false (measurements only).
  static Result<std::unique_ptr<SqliteConnection>> open(const std::string& path, bool durable);
  ~SqliteConnection() override;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  const Dialect& dialect() const override { return sqlite_dialect(); }
  Result<std::int64_t> execute(std::string_view sql, const std::vector<Param>& params,
                               const RowFn* on_row) override;
  Result<void> exec(std::string_view sql) override;

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  // The prepared statement for `sql`, kept for reuse (the cache is bounded). A statement built
  // per call for a list of rows (more than kMaxCachedParameters parameters) goes to a small
  // cache of its own, least recently used out.
  Result<sqlite3_stmt*> prepare(std::string_view sql);
  Error error(int code, std::string_view context) const;

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
  std::vector<std::pair<std::string, sqlite3_stmt*>> row_lists_;  // most recently used last
};

class SqliteDatabase final : public Database {
 public:
  static Result<std::unique_ptr<SqliteDatabase>> open(const std::string& path, bool durable);
  const Dialect& dialect() const override { return sqlite_dialect(); }
  const std::string& name() const override { return path_; }
  // Waits for the one connection.
  Result<Lease> acquire() override;
  // One per database file in this process, shared by every SqliteDatabase open on it. SQLite
  // admits one writer per file and makes the others poll for the lock, sleeping up to 100 ms
  // between tries, so a short write (an incident update) queued behind the results writer could
  // wait several times as long as the lock was held; writers of one process wait here instead
  // and are woken as the lock is let go. Other processes (the CLI) still meet SQLite's lock.
  db::WriterGate* writer_gate() override { return gate_.get(); }

 protected:
  void release(Connection* conn) override;

 private:
  SqliteDatabase(std::string path, std::unique_ptr<SqliteConnection> conn,
                 std::shared_ptr<db::WriterGate> gate)
      : path_(std::move(path)), conn_(std::move(conn)), gate_(std::move(gate)) {}
  std::string path_;
  std::mutex mu_;  // held while the connection is lent
  std::unique_ptr<SqliteConnection> conn_;
  std::shared_ptr<db::WriterGate> gate_;
};

}  // namespace pharos::db
