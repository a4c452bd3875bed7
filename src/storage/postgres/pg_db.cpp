#include "storage/postgres/pg_db.h"

#include <poll.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace pharos::db {
namespace {

// Statements translated and prepared per connection. SQL built per call (lists of rows) would grow
// this without bound, so it is emptied (and the server's prepared statements deallocated) when
// full.
constexpr std::size_t kMaxTranslated = 256;
constexpr Oid kInt8Oid = 20;
constexpr Oid kTextOid = 25;
constexpr std::chrono::milliseconds kFirstBackoff{100};
constexpr std::chrono::milliseconds kMaxBackoff{5'000};

// libpq's messages end in newlines and indent their hints; one line reads better in a log.
std::string one_line(const char* message) {
  std::string out;
  for (const char* p = message; p && *p; ++p) {
    if (*p == '\n' || *p == '\t') {
      if (!out.empty() && out.back() != ' ') out += "; ";
    } else {
      out += *p;
    }
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == ';')) out.pop_back();
  return out;
}

class PgRow final : public Row {
 public:
  PgRow(const PGresult* res, int row) : res_(res), row_(row) {}
  bool is_null(int column) const override { return PQgetisnull(res_, row_, column) != 0; }
  std::int64_t int64(int column) const override {
    return std::strtoll(PQgetvalue(res_, row_, column), nullptr, 10);
  }
  std::string text(int column) const override {
    return std::string(PQgetvalue(res_, row_, column),
                       static_cast<std::size_t>(PQgetlength(res_, row_, column)));
  }

 private:
  const PGresult* res_;
  int row_;
};

// `?N` placeholders become `$N` outside quoted text; `used[N-1]` says which appear.
void translate(std::string_view sql, std::string& out, std::vector<bool>& used) {
  char quote = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    char ch = sql[i];
    if (quote) {
      if (ch == quote) quote = 0;
    } else if (ch == '\'' || ch == '"') {
      quote = ch;
    } else if (ch == '?' && i + 1 < sql.size() &&
               std::isdigit(static_cast<unsigned char>(sql[i + 1]))) {
      std::size_t n = 0;
      out += '$';
      while (i + 1 < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i + 1]))) {
        n = n * 10 + static_cast<std::size_t>(sql[++i] - '0');
        out += sql[i];
      }
      if (used.size() < n) used.resize(n);
      if (n > 0) used[n - 1] = true;
      continue;
    }
    out += ch;
  }
}

using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;

// "cached plan must not change result type": a prepared statement's table changed under it.
bool plan_is_stale(const PGresult* res) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  return state && std::string_view(state) == "0A000";
}

}  // namespace

Result<std::unique_ptr<PgConnection>> PgConnection::connect(const PgUrl& url) {
  bool has_timeout = url.conninfo.find("connect_timeout=") != std::string::npos;
  const char* keys[] = {"dbname", "fallback_application_name",
                        has_timeout ? nullptr : "connect_timeout", nullptr};
  const char* values[] = {url.conninfo.c_str(), "pharos", "5", nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, 1);
  if (!conn)
    return Error::unavailable("cannot connect to PostgreSQL " + url.display + ": out of memory");
  std::unique_ptr<PgConnection> out(new PgConnection(conn, url.display));
  if (PQstatus(conn) != CONNECTION_OK) {
    return Error::unavailable("cannot connect to PostgreSQL " + url.display + ": " +
                              redact_text(one_line(PQerrorMessage(conn)), url.conninfo));
  }
  // The server's notices ("relation already exists, skipping") are not for Pharos's users.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  PHAROS_TRY(out->exec("SET statement_timeout = " + std::to_string(url.statement_timeout.count())));
  return out;
}

PgConnection::~PgConnection() { PQfinish(conn_); }

bool PgConnection::idle_and_alive() {
  if (broken_ || PQstatus(conn_) != CONNECTION_OK || PQtransactionStatus(conn_) != PQTRANS_IDLE) {
    return false;
  }
  // An idle connection has nothing to read: data or EOF now means the server ended the session
  // (restart, failover, idle timeout). Dropping it is safe: nothing was sent on it.
  pollfd fd{PQsocket(conn_), POLLIN, 0};
  if (poll(&fd, 1, 0) != 0) broken_ = true;
  return !broken_;
}

Error PgConnection::error(const PGresult* res, std::string_view sql) {
  if (PQstatus(conn_) != CONNECTION_OK) {
    broken_ = true;
    return Error::unavailable("lost the connection to PostgreSQL " + display_ + ": " +
                              one_line(PQerrorMessage(conn_)));
  }
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string code = state ? state : "";
  std::string message =
      "postgres: " + one_line(res ? PQresultErrorMessage(res) : PQerrorMessage(conn_));
  if (!sql.empty()) message += " in: " + std::string(sql);
  if (code == "23505") return {ErrorCode::kAlreadyExists, message, {}};
  if (code.rfind("23", 0) == 0) return {ErrorCode::kConflict, message, {}};
  // Timeouts, lock waits, shutdowns, serialisation: worth trying again later.
  if (code == "57014" || code == "55P03" || code.rfind("57P", 0) == 0 || code.rfind("08", 0) == 0 ||
      code == "40001" || code == "40P01" || code == "53300") {
    return Error::unavailable(message);
  }
  return Error::internal(message);
}

Result<std::int64_t> PgConnection::execute(std::string_view sql, const std::vector<Param>& params,
                                           const RowFn* on_row) {
  if (broken_) return Error::unavailable("lost the connection to PostgreSQL " + display_);
  PHAROS_TRY(deallocate_unused());
  auto found = translated_.find(std::string(sql));
  if (found == translated_.end()) {
    if (translated_.size() >= kMaxTranslated) PHAROS_TRY(forget_prepared());
    Translated t;
    translate(sql, t.sql, t.used);
    found = translated_.emplace(std::string(sql), std::move(t)).first;
  }
  Translated& t = found->second;
  std::size_t n = std::max(params.size(), t.used.size());
  std::vector<Oid> types(n, kTextOid);  // a parameter the SQL does not use still needs a type
  std::vector<std::string> ints(n);
  std::vector<const char*> values(n, nullptr);
  // One letter per parameter's type: a statement is prepared once per set of types it is
  // executed with (a NULL leaves its type to the server, so it prepares differently).
  std::string signature(n, 't');
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (const auto* v = std::get_if<std::int64_t>(&params[i])) {
      ints[i] = std::to_string(*v);
      values[i] = ints[i].c_str();
      types[i] = kInt8Oid;
      signature[i] = 'i';
    } else if (const auto* s = std::get_if<std::string>(&params[i])) {
      values[i] = s->c_str();
    } else if (i < t.used.size() && t.used[i]) {
      types[i] = 0;  // NULL: let the server infer the type from where it is used
      signature[i] = 'n';
    }
  }
  auto name = t.prepared.find(signature);
  if (name == t.prepared.end()) {
    std::string fresh = "pharos_" + std::to_string(++prepared_count_);
    ResultPtr prepared(
        PQprepare(conn_, fresh.c_str(), t.sql.c_str(), static_cast<int>(n), types.data()),
        &PQclear);
    if (!prepared || PQresultStatus(prepared.get()) != PGRES_COMMAND_OK) {
      return error(prepared.get(), sql);
    }
    name = t.prepared.emplace(std::move(signature), std::move(fresh)).first;
  }
  ResultPtr res(PQexecPrepared(conn_, name->second.c_str(), static_cast<int>(n), values.data(),
                               nullptr, nullptr, 0),
                &PQclear);
  ExecStatusType status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK) return std::strtoll(PQcmdTuples(res.get()), nullptr, 10);
  if (status != PGRES_TUPLES_OK) {
    Error failed = error(res.get(), sql);
    // A table another node's newer migration altered: the plan is stale. Re-prepared on the
    // next call; this one fails as retryable.
    if (plan_is_stale(res.get())) {
      unused_.push_back(name->second);
      t.prepared.erase(name);
      failed.code = ErrorCode::kUnavailable;
    }
    return failed;
  }
  if (on_row) {
    int rows = PQntuples(res.get());
    for (int r = 0; r < rows; ++r) PHAROS_TRY((*on_row)(PgRow(res.get(), r)));
  }
  return std::int64_t{0};
}

Result<void> PgConnection::forget_prepared() {
  for (auto& [text, t] : translated_) {
    for (auto& [signature, name] : t.prepared) unused_.push_back(std::move(name));
  }
  translated_.clear();
  return deallocate_unused();
}

Result<void> PgConnection::deallocate_unused() {
  // Outside a transaction only: inside one, a failure would abort it. Names are never reused,
  // so a statement left until the connection is next idle is merely unused.
  if (unused_.empty() || PQtransactionStatus(conn_) != PQTRANS_IDLE) return Ok();
  std::string sql;
  for (const auto& name : unused_) sql += "DEALLOCATE " + name + ";";
  unused_.clear();
  return exec(sql);
}

Result<void> PgConnection::exec(std::string_view sql) {
  if (broken_) return Error::unavailable("lost the connection to PostgreSQL " + display_);
  ResultPtr res(PQexec(conn_, std::string(sql).c_str()), &PQclear);
  ExecStatusType status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return Ok();
  return error(res.get(), "");
}

Result<std::unique_ptr<PgDatabase>> PgDatabase::open(const PgUrl& url, std::int64_t serial_lock) {
  std::unique_ptr<PgDatabase> db(new PgDatabase(url, serial_lock));
  auto first = PgConnection::connect(url);
  if (!first) return first.error();
  db->idle_.push_back(std::move(*first));
  db->open_ = 1;
  return db;
}

Result<Lease> PgDatabase::acquire() {
  std::unique_lock lock(mu_);
  auto deadline = std::chrono::steady_clock::now() + url_.acquire_timeout;
  for (;;) {
    while (!idle_.empty()) {
      std::unique_ptr<PgConnection> conn = std::move(idle_.back());
      idle_.pop_back();
      if (conn->idle_and_alive()) return Lease(this, conn.release());
      --open_;  // lost while idle: dropped, and a fresh one may be made below
    }
    if (open_ < url_.pool_size) return connect_new(lock);
    if (freed_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
        open_ >= url_.pool_size) {
      return Error::unavailable("all " + std::to_string(url_.pool_size) +
                                " connections to PostgreSQL " + url_.display + " are busy");
    }
  }
}

Result<Lease> PgDatabase::connect_new(std::unique_lock<std::mutex>& lock) {
  auto now = std::chrono::steady_clock::now();
  if (now < retry_after_) return Error::unavailable(last_error_);
  ++open_;
  lock.unlock();
  auto conn = PgConnection::connect(url_);
  lock.lock();
  if (!conn) {
    --open_;
    backoff_ = std::min(kMaxBackoff, backoff_.count() ? backoff_ * 2 : kFirstBackoff);
    retry_after_ = std::chrono::steady_clock::now() + backoff_;
    last_error_ = conn.error().message;
    freed_.notify_one();
    return conn.error();
  }
  backoff_ = std::chrono::milliseconds(0);
  retry_after_ = {};
  return Lease(this, conn->release());
}

void PgDatabase::release(Connection* lent) {
  std::unique_ptr<PgConnection> conn(static_cast<PgConnection*>(lent));
  std::lock_guard lock(mu_);
  if (conn->broken()) {
    --open_;
  } else {
    idle_.push_back(std::move(conn));
  }
  freed_.notify_one();
}

}  // namespace pharos::db
