#pragma once
// The driver layer under every store: a connection to an SQL engine (SQLite or PostgreSQL),
// statements with typed binding, the row loop (`Statement::collect`), transactions, and a
// Database that lends connections (one for SQLite, a capped pool for PostgreSQL).
//
// Store code is written once against this layer. SQL text uses `?N` placeholders (1-based) and
// the subset both engines share (ON CONFLICT upserts, RETURNING, CTEs, IS DISTINCT FROM,
// LIMIT ?N); what differs between the engines lives in Dialect, nowhere else.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "core/result.h"
#include "storage/db/writer_gate.h"

namespace pharos::db {

// What differs between the engines, in one place.
struct Dialect {
  enum class Engine { kSqlite, kPostgres };
  Engine engine;
  std::string_view name;    // "sqlite", "postgres"
  std::string_view begin;   // starts a write transaction
  std::string_view now_ms;  // an SQL expression: the database's current time in epoch ms
  // The schema text of a migration, written in SQLite's DDL, in this engine's DDL
  // (INTEGER → BIGINT, AUTOINCREMENT → identity, WITHOUT ROWID dropped).
  std::string (*ddl)(std::string_view sqlite_ddl);
  // A query for the names of every table.
  std::string_view list_tables;
  // A query for the columns of table ?1, in order: (name, declared type).
  std::string_view table_columns;
  // A query for the identity columns of every table, (table, column); empty when the engine
  // needs no sequence reset after rows are inserted with their ids (SQLite's AUTOINCREMENT
  // follows explicit ids by itself).
  std::string_view identity_columns;
  // Wakes other processes listening for changes (PostgreSQL's NOTIFY on channel "pharos" with
  // the topic ?1 as payload, sent at commit); empty where nobody can listen (SQLite: one node).
  std::string_view notify;
  // Appended to a SELECT to lock its rows until commit; empty where writers are serialised
  // anyway (SQLite).
  std::string_view for_update;
  // Appended to a SELECT to lock its rows, skipping rows another transaction holds (work shared
  // between nodes); empty on SQLite.
  std::string_view for_update_skip_locked;
  // Appended to a SELECT to hold its rows unchanged until commit; empty on SQLite.
  std::string_view for_share;
  // An SQL expression adding two lists of counts written "c0,c1,…" element by element (a list
  // NULL or shorter counts as zeros), e.g. two latency histograms in an upsert, so that merging
  // into a stored row needs no read first. SQLite's connections define pharos_add_counts.
  std::string (*add_counts)(std::string_view a, std::string_view b);
};
const Dialect& sqlite_dialect();
const Dialect& postgres_dialect();

// "(?1,?2),(?3,?4)" for rows × columns: the VALUES list of a multi-row statement.
std::string placeholders(std::size_t rows, std::size_t columns);

// How many of `remaining` rows the next multi-row statement takes: the largest power of two, at
// most 256, that fits. Row counts from this small set keep the texts of multi-row statements few,
// so each engine prepares each once and reuses it (PostgreSQL otherwise parses and plans a
// statement of a thousand parameters on every batch). 256 rows of 8 columns stay far below
// either engine's limit on parameters.
std::size_t rows_in_next_statement(std::size_t remaining);

// A bound parameter: NULL, an integer or text. Booleans bind as 0/1 integers (both engines store
// them in integer columns).
using Param = std::variant<std::monostate, std::int64_t, std::string>;

// The current row of a result. Columns are 0-based.
class Row {
 public:
  virtual bool is_null(int column) const = 0;
  virtual std::int64_t int64(int column) const = 0;
  virtual std::string text(int column) const = 0;
  std::optional<std::int64_t> optional_int64(int column) const {
    if (is_null(column)) return std::nullopt;
    return int64(column);
  }

 protected:
  ~Row() = default;
};

// Called for each row; an error stops the loop and is returned by the statement.
using RowFn = std::function<Result<void>(const Row&)>;

class Connection {
 public:
  virtual ~Connection() = default;
  virtual const Dialect& dialect() const = 0;
  // Runs one statement with `params` bound to ?1, ?2, …; calls `on_row` (when given) for each
  // row. Returns the number of rows an INSERT/UPDATE/DELETE changed (0 for queries).
  virtual Result<std::int64_t> execute(std::string_view sql, const std::vector<Param>& params,
                                       const RowFn* on_row) = 0;
  // Runs statements without parameters or results (schema scripts, BEGIN/COMMIT).
  virtual Result<void> exec(std::string_view sql) = 0;
  // True once the connection is lost; a Database never lends it again.
  virtual bool broken() const { return false; }
};

// One statement: bind, then run, count or collect. Reusable: reset() clears the parameters.
class Statement {
 public:
  Statement(Connection& conn, std::string sql) : conn_(conn), sql_(std::move(sql)) {}

  Statement& bind(int index, std::string_view text) { return set(index, std::string(text)); }
  // Without these a string literal or std::string would pick the bool overload.
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, const std::string& text) { return set(index, text); }
  Statement& bind(int index, std::int64_t value) { return set(index, value); }
  Statement& bind(int index, int value) { return set(index, std::int64_t{value}); }
  Statement& bind(int index, bool value) { return set(index, std::int64_t{value ? 1 : 0}); }
  Statement& bind_null(int index) { return set(index, std::monostate{}); }
  template <typename T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind_null(index);
  }
  void reset() { params_.clear(); }

  // Runs the statement, ignoring rows.
  Result<void> run();
  // Runs it and returns how many rows it changed.
  Result<std::int64_t> changes() { return conn_.execute(sql_, params_, nullptr); }
  // Runs an UPDATE or DELETE of one row by its key: `missing` (the not-found error naming that
  // key) when it changed no row.
  Result<void> change_one(Error missing);

  // The row loop. `row_fn(const Row&)` returns a value T (collected into a vector), a Result<T>
  // (an error stops the loop), or nothing (Result<void>).
  template <typename F>
  auto collect(F&& row_fn);
  // The first row through `row_fn`, or nullopt when there is none.
  template <typename F>
  auto first(F&& row_fn);
  // The first column of the first row as an integer; nullopt when no row or NULL.
  Result<std::optional<std::int64_t>> first_int64();

 private:
  Statement& set(int index, Param value);

  Connection& conn_;
  std::string sql_;
  std::vector<Param> params_;
};

namespace detail {
template <typename T>
struct ResultValue {
  using type = T;
};
template <typename T>
struct ResultValue<Result<T>> {
  using type = T;
};
}  // namespace detail

template <typename F>
auto Statement::collect(F&& row_fn) {
  using R = std::invoke_result_t<F&, const Row&>;
  if constexpr (std::is_void_v<R> || std::is_same_v<R, Result<void>>) {
    RowFn fn = [&](const Row& row) -> Result<void> {
      if constexpr (std::is_void_v<R>) {
        row_fn(row);
        return Ok();
      } else {
        return row_fn(row);
      }
    };
    auto done = conn_.execute(sql_, params_, &fn);
    return done ? Result<void>() : Result<void>(done.error());
  } else {
    using T = typename detail::ResultValue<R>::type;
    std::vector<T> out;
    RowFn fn = [&](const Row& row) -> Result<void> {
      if constexpr (std::is_same_v<R, T>) {
        out.push_back(row_fn(row));
      } else {
        auto value = row_fn(row);
        if (!value) return value.error();
        out.push_back(std::move(*value));
      }
      return Ok();
    };
    auto done = conn_.execute(sql_, params_, &fn);
    if (!done) return Result<std::vector<T>>(done.error());
    return Result<std::vector<T>>(std::move(out));
  }
}

template <typename F>
auto Statement::first(F&& row_fn) {
  using R = std::invoke_result_t<F&, const Row&>;
  using T = typename detail::ResultValue<R>::type;
  std::optional<T> out;
  std::optional<Error> failed;
  RowFn fn = [&](const Row& row) -> Result<void> {
    if (out || failed) return Ok();
    if constexpr (std::is_same_v<R, T>) {
      out = row_fn(row);
    } else {
      auto value = row_fn(row);
      if (!value) return value.error();
      out = std::move(*value);
    }
    return Ok();
  };
  auto done = conn_.execute(sql_, params_, &fn);
  if (!done) return Result<std::optional<T>>(done.error());
  return Result<std::optional<T>>(std::move(out));
}

// Runs `sql` (an UPDATE or DELETE) with ?1 bound to `key`.
template <typename Key>
Result<void> run_by_key(Connection& conn, std::string sql, const Key& key) {
  Statement q(conn, std::move(sql));
  q.bind(1, key);
  return q.run();
}

// The "find by key" read: the first row of `sql` with ?1 bound to `key`, through `row_fn`.
template <typename Key, typename F>
auto find_by_key(Connection& conn, std::string sql, const Key& key, F&& row_fn) {
  Statement q(conn, std::move(sql));
  q.bind(1, key);
  return q.first(std::forward<F>(row_fn));
}

// Sends `topic` (storage/change_feed.h: change_topic) to the listeners of Dialect::notify when
// the transaction on `conn` commits (at once outside one); does nothing on an engine without
// listeners.
Result<void> notify(Connection& conn, std::string_view topic);

// What a write transaction waits for (docs/adr/0002). SQLite serialises every writer whatever
// this says (BEGIN IMMEDIATE); PostgreSQL:
enum class WriteLock {
  // The database's serialising lock (a transaction-scoped advisory lock chosen when it was
  // opened): writers holding it run one at a time across every process, so read-then-write
  // logic (optimistic versions, rollup merges, outbox order) holds as on SQLite.
  kSerial,
  // Row locks only: for work shared between nodes (leases, delivery claims), where rows are
  // claimed with SELECT … FOR UPDATE SKIP LOCKED and nobody should wait for unrelated writers.
  kRows,
};

class Database;

// A connection lent by a Database to one caller until the lease is destroyed.
class Lease {
 public:
  Lease(Database* db, Connection* conn) : db_(db), conn_(conn) {}
  Lease(Lease&& other) noexcept
      : db_(std::exchange(other.db_, nullptr)), conn_(std::exchange(other.conn_, nullptr)) {}
  Lease& operator=(Lease&&) = delete;
  Lease(const Lease&) = delete;
  ~Lease();
  Connection& operator*() const { return *conn_; }
  Connection* operator->() const { return conn_; }

 private:
  Database* db_;
  Connection* conn_;
};

// A database: lends connections and runs work on them. Thread-safe.
class Database {
 public:
  virtual ~Database() = default;
  virtual const Dialect& dialect() const = 0;
  // The database for messages: a path, or a URI without its password.
  virtual const std::string& name() const = 0;
  // A connection for the caller alone; waits (bounded) while all are lent. kUnavailable when
  // the database cannot be reached.
  virtual Result<Lease> acquire() = 0;

  // Runs `fn(Connection&)` (returning Result<T>) on a lent connection. When the connection turns
  // out to be lost, runs it once more on a fresh one.
  template <typename F>
  auto read(F&& fn) -> std::invoke_result_t<F&, Connection&>;
  // Runs `fn(Connection&)` in one write transaction: committed when fn succeeds, rolled back
  // otherwise. With kSerial, write transactions are serialised across every process sharing
  // the database (SQLite: BEGIN IMMEDIATE; PostgreSQL: the database's advisory lock), so a
  // read-then-write inside one sees no concurrent writer; with kRows only row locks order them
  // (see WriteLock). Retried once on a fresh connection when the connection was lost before
  // COMMIT was sent (the transaction then never happened).
  template <typename F>
  auto write(F&& fn, WriteLock lock = WriteLock::kSerial) -> std::invoke_result_t<F&, Connection&>;
  // The statement that begins a write transaction taking `lock`.
  virtual std::string_view begin_sql(WriteLock lock) const {
    (void)lock;
    return dialect().begin;
  }
  // Held by write() from before it takes a connection until its transaction has ended, when the
  // engine wants writers of this process queued (SQLite; null otherwise), first come first
  // served (writer_gate.h). At most
  // kWriterTurnWait is waited for it: then the database is reported busy, as SQLite would.
  virtual WriterGate* writer_gate() { return nullptr; }
  static constexpr std::chrono::milliseconds kWriterTurnWait{5000};
  // True when another writer of this process queues at the writer gate now: a long write may
  // commit what it has and let it in (ResultsStore::write_some). Always false without a gate.
  bool writers_waiting() {
    WriterGate* gate = writer_gate();
    return gate && gate->waiting() > 0;
  }

 protected:
  friend class Lease;
  // Takes back a lent connection (dropping it when broken).
  virtual void release(Connection* conn) = 0;
};

// BEGIN on construction (`begin`, by default the dialect's serialising write form); ROLLBACK on
// destruction unless committed.
class Transaction {
 public:
  explicit Transaction(Connection& conn) : Transaction(conn, conn.dialect().begin) {}
  Transaction(Connection& conn, std::string_view begin);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  const Result<void>& begun() const { return begun_; }
  Result<void> commit();

 private:
  Connection& conn_;
  Result<void> begun_;
  bool done_ = false;
};

template <typename F>
auto Database::read(F&& fn) -> std::invoke_result_t<F&, Connection&> {
  for (int attempt = 0;; ++attempt) {
    auto lease = acquire();
    if (!lease) return lease.error();
    auto result = fn(**lease);
    if (result || attempt > 0 || !(*lease)->broken()) return result;
  }
}

// The writer gates this thread holds (a write nested in another write's callback on a second
// database of the same file must not wait for itself).
std::vector<const WriterGate*>& writer_gates_held();

template <typename F>
auto Database::write(F&& fn, WriteLock lock) -> std::invoke_result_t<F&, Connection&> {
  using R = std::invoke_result_t<F&, Connection&>;
  std::unique_lock<WriterGate> turn;
  WriterGate* gate = writer_gate();
  auto& held = writer_gates_held();
  if (gate && std::find(held.begin(), held.end(), gate) == held.end()) {
    turn = std::unique_lock(*gate, std::defer_lock);
    if (!turn.try_lock_for(kWriterTurnWait)) {
      return Error::unavailable(name() + ": database is busy (another write did not finish)");
    }
    held.push_back(gate);
  }
  struct Release {
    std::vector<const WriterGate*>& held;
    bool taken;
    ~Release() {
      if (taken) held.pop_back();
    }
  } release{held, turn.owns_lock()};
  for (int attempt = 0;; ++attempt) {
    auto lease = acquire();
    if (!lease) return lease.error();
    Transaction tx(**lease, begin_sql(lock));
    bool retry = attempt == 0;
    R result = [&]() -> R {
      if (!tx.begun()) return tx.begun().error();
      R body = fn(**lease);
      if (!body) return body;
      retry = false;  // COMMIT is sent: a lost connection now leaves the outcome unknown
      auto committed = tx.commit();
      if (!committed) return committed.error();
      return body;
    }();
    if (result || !retry || !(*lease)->broken()) return result;
  }
}

}  // namespace pharos::db
