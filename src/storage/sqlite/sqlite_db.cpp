#include "storage/sqlite/sqlite_db.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <vector>

namespace pharos::db {
namespace {

// Statements are prepared once and reused; SQL built per call (lists of rows) would grow the
// cache without bound, so it is emptied when full.
constexpr std::size_t kMaxCachedStatements = 256;
// A statement with more parameters than this is a list of rows built per call (a batch of check
// results, rollups, coverage). Its text changes with the row count, which comes from a small set
// (db::rows_in_next_statement: 256, 128, …), but each is tens of kilobytes: in the main cache
// they piled up (13 MB at 10,000 monitors). They get a cache of their own, large enough for the
// sizes one batch uses (five kinds of statement, four or five sizes each), least recently used
// out.
constexpr int kMaxCachedParameters = 64;
constexpr std::size_t kMaxCachedRowLists = 32;

class SqliteRow final : public Row {
 public:
  explicit SqliteRow(sqlite3_stmt* stmt) : stmt_(stmt) {}
  bool is_null(int column) const override {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
  }
  std::int64_t int64(int column) const override { return sqlite3_column_int64(stmt_, column); }
  std::string text(int column) const override {
    const unsigned char* p = sqlite3_column_text(stmt_, column);
    if (!p) return {};
    return std::string(reinterpret_cast<const char*>(p),
                       static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
  }

 private:
  sqlite3_stmt* stmt_;
};

void bind(sqlite3_stmt* stmt, int index, const Param& param) {
  if (const auto* i = std::get_if<std::int64_t>(&param)) {
    sqlite3_bind_int64(stmt, index, *i);
  } else if (const auto* s = std::get_if<std::string>(&param)) {
    sqlite3_bind_text(stmt, index, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
  } else {
    sqlite3_bind_null(stmt, index);
  }
}

// pharos_add_counts(a, b) (Dialect::add_counts): "c0,c1,…" + "d0,d1,…" element by element; NULL
// or a shorter list counts as zeros. Text, not numbers, is what the rollup columns hold.
void add_counts(sqlite3_context* context, int, sqlite3_value** args) {
  auto list = [](sqlite3_value* value) {
    std::vector<std::int64_t> out;
    const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(value));
    if (!text) return out;
    for (const char* p = text; *p;) {
      char* end = nullptr;
      out.push_back(std::strtoll(p, &end, 10));
      p = *end == ',' ? end + 1 : end;
      if (end == p && *p) break;  // not a number: the rest is ignored
    }
    return out;
  };
  std::vector<std::int64_t> a = list(args[0]), b = list(args[1]);
  if (a.size() < b.size()) a.resize(b.size());
  std::string out;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(a[i] + (i < b.size() ? b[i] : 0));
  }
  sqlite3_result_text(context, out.c_str(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
}

}  // namespace

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::open(const std::string& path,
                                                                 bool durable) {
  std::error_code ec;
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  if (ec) {
    return Error::unavailable("cannot create directory " + parent.string() + ": " + ec.message());
  }
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Error::unavailable("cannot open database " + path + ": " + message);
  }
  std::unique_ptr<SqliteConnection> conn(new SqliteConnection(db));
  sqlite3_busy_timeout(db, 5000);
  sqlite3_create_function_v2(db, "pharos_add_counts", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                             nullptr, &add_counts, nullptr, nullptr, nullptr);
  // WAL lets readers (the server) run beside a writer (the CLI); synchronous=FULL makes every
  // commit durable before it is acknowledged, so kill -9 or power loss never loses a write.
  // Measurements (check results) use NORMAL: in WAL mode it can lose only the last batch on
  // power loss, and saves an fsync per batch.
  PHAROS_TRY(conn->exec(durable ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                                  "PRAGMA foreign_keys=ON;"
                                : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                                  "PRAGMA foreign_keys=ON;"));
  return conn;
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  for (auto& [sql, stmt] : row_lists_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Result<sqlite3_stmt*> SqliteConnection::prepare(std::string_view sql) {
  auto found = cache_.find(std::string(sql));
  if (found != cache_.end()) return found->second;
  auto listed = std::find_if(row_lists_.begin(), row_lists_.end(),
                             [&](const auto& entry) { return entry.first == sql; });
  if (listed != row_lists_.end()) {
    std::rotate(listed, listed + 1, row_lists_.end());  // now the most recently used
    return row_lists_.back().second;
  }
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) return error(rc, "in: " + std::string(sql));
  if (sqlite3_bind_parameter_count(stmt) > kMaxCachedParameters) {
    if (row_lists_.size() >= kMaxCachedRowLists) {
      sqlite3_finalize(row_lists_.front().second);
      row_lists_.erase(row_lists_.begin());
    }
    row_lists_.emplace_back(std::string(sql), stmt);
    return stmt;
  }
  if (cache_.size() >= kMaxCachedStatements) {
    for (auto& [text, cached] : cache_) sqlite3_finalize(cached);
    cache_.clear();
  }
  cache_.emplace(std::string(sql), stmt);
  return stmt;
}

Result<std::int64_t> SqliteConnection::execute(std::string_view sql,
                                               const std::vector<Param>& params,
                                               const RowFn* on_row) {
  auto prepared = prepare(sql);
  if (!prepared) return prepared.error();
  sqlite3_stmt* stmt = *prepared;
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  for (std::size_t i = 0; i < params.size(); ++i) bind(stmt, static_cast<int>(i + 1), params[i]);
  SqliteRow row(stmt);
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    if (!on_row) continue;
    auto handled = (*on_row)(row);
    if (!handled) {
      sqlite3_reset(stmt);
      return handled.error();
    }
  }
  Result<std::int64_t> out = rc == SQLITE_DONE ? Result<std::int64_t>(sqlite3_changes64(db_))
                                               : Result<std::int64_t>(error(rc, ""));
  sqlite3_reset(stmt);  // ends the statement's read of the database
  return out;
}

Result<void> SqliteConnection::exec(std::string_view sql) {
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

Error SqliteConnection::error(int code, std::string_view context) const {
  std::string message = std::string("sqlite: ") + sqlite3_errmsg(db_);
  if (!context.empty()) message += " " + std::string(context);
  code = sqlite3_extended_errcode(db_);
  int primary = code & 0xff;
  if (primary == SQLITE_CONSTRAINT) {
    return {(code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY)
                ? ErrorCode::kAlreadyExists
                : ErrorCode::kConflict,
            message,
            {}};
  }
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) return Error::unavailable(message);
  return Error::internal(message);
}

namespace {

// The writer gate of the database file at `path`, made when the first database opens it and
// kept while any does.
std::shared_ptr<db::WriterGate> writer_gate_for(const std::string& path) {
  static std::mutex mu;
  static std::map<std::string, std::weak_ptr<db::WriterGate>> gates;  // GUARDED_BY(mu)
  std::error_code ec;
  std::string key = std::filesystem::weakly_canonical(path, ec).string();
  if (ec) key = path;
  std::lock_guard lock(mu);
  std::erase_if(gates, [](const auto& entry) { return entry.second.expired(); });
  auto& slot = gates[key];
  auto gate = slot.lock();
  if (!gate) {
    gate = std::make_shared<db::WriterGate>();
    slot = gate;
  }
  return gate;
}

}  // namespace

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::open(const std::string& path,
                                                             bool durable) {
  auto conn = SqliteConnection::open(path, durable);
  if (!conn) return conn.error();
  return std::unique_ptr<SqliteDatabase>(
      new SqliteDatabase(path, std::move(*conn), writer_gate_for(path)));
}

Result<Lease> SqliteDatabase::acquire() {
  mu_.lock();  // unlocked by release(), when the lease ends
  return Lease(this, conn_.get());
}

void SqliteDatabase::release(Connection*) { mu_.unlock(); }

}  // namespace pharos::db
