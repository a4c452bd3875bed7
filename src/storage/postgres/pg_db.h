#pragma once
// The PostgreSQL driver (libpq): a Connection with statement_timeout set, and a Database that
// is a small capped pool of them, reconnecting with backoff. Used only inside storage.
#include <libpq-fe.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/db/sql.h"
#include "storage/db/url.h"

namespace pharos::db {

class PgConnection final : public Connection {
 public:
  // Connects (bounded by connect_timeout, 5 s unless the URI says otherwise) and sets
  // statement_timeout. kUnavailable naming the server (host and port) when it cannot.
  static Result<std::unique_ptr<PgConnection>> connect(const PgUrl& url);
  ~PgConnection() override;
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  const Dialect& dialect() const override { return postgres_dialect(); }
  Result<std::int64_t> execute(std::string_view sql, const std::vector<Param>& params,
                               const RowFn* on_row) override;
  Result<void> exec(std::string_view sql) override;
  bool broken() const override { return broken_; }
  // libpq's connection, for what the driver layer has no words for (LISTEN's notifications).
  PGconn* native() const { return conn_; }
  // False when the connection is lost or the server closed it while idle (checked without
  // blocking, before a pool lends it again).
  bool idle_and_alive();

 private:
  PgConnection(PGconn* conn, std::string display) : conn_(conn), display_(std::move(display)) {}
  // The error of a failed result (or of the connection when `res` is null).
  Error error(const PGresult* res, std::string_view sql);
  // Empties the statement cache; its prepared statements are deallocated when the connection
  // is next outside a transaction (deallocate_unused).
  Result<void> forget_prepared();
  Result<void> deallocate_unused();

  PGconn* conn_;
  std::string display_;
  bool broken_ = false;
  // ?N → $N rewrites, which parameters each statement uses, and the names it is prepared under
  // on this connection, one per signature of parameter types (bounded like SQLite's cache).
  // Prepared once, a statement is not parsed and planned again on every call: most of what the
  // server spent on a node's result batches.
  struct Translated {
    std::string sql;
    std::vector<bool> used;
    std::unordered_map<std::string, std::string> prepared;
  };
  std::unordered_map<std::string, Translated> translated_;
  std::uint64_t prepared_count_ = 0;
  std::vector<std::string> unused_;  // prepared statements to deallocate
};

class PgDatabase final : public Database {
 public:
  // Connects once to fail early (and clearly) when the server cannot be reached. Write
  // transactions taking WriteLock::kSerial take the advisory lock `serial_lock` (docs/adr/0002).
  static Result<std::unique_ptr<PgDatabase>> open(const PgUrl& url, std::int64_t serial_lock);
  ~PgDatabase() override = default;

  const Dialect& dialect() const override { return postgres_dialect(); }
  const std::string& name() const override { return url_.display; }
  std::string_view begin_sql(WriteLock lock) const override {
    return lock == WriteLock::kSerial ? std::string_view(serial_begin_) : "BEGIN";
  }
  // An idle live connection, a new one while under pool_size, or waits up to acquire_timeout.
  // While the server is unreachable a new connection is tried at most once per backoff
  // interval (100 ms doubling to 5 s); calls in between fail at once with the last error.
  Result<Lease> acquire() override;

 protected:
  void release(Connection* conn) override;

 private:
  PgDatabase(PgUrl url, std::int64_t serial_lock)
      : url_(std::move(url)),
        serial_begin_("BEGIN; SELECT pg_advisory_xact_lock(" + std::to_string(serial_lock) + ")") {}
  // REQUIRES: mu_ held (released while connecting).
  Result<Lease> connect_new(std::unique_lock<std::mutex>& lock);

  const PgUrl url_;
  const std::string serial_begin_;
  std::mutex mu_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<PgConnection>> idle_;  // GUARDED_BY(mu_)
  std::size_t open_ = 0;                             // GUARDED_BY(mu_): idle + lent + connecting
  std::chrono::steady_clock::time_point retry_after_{};  // GUARDED_BY(mu_)
  std::chrono::milliseconds backoff_{0};                 // GUARDED_BY(mu_)
  std::string last_error_;                               // GUARDED_BY(mu_)
};

}  // namespace pharos::db
