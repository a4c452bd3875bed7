// Check results and rollups in SQLite (tables from migration 2), plus the value helpers of
// results_store.h.
#include <algorithm>
#include <map>
#include <mutex>
#include <tuple>

#include "storage/results_store.h"
#include "storage/sqlite/codec.h"
#include "storage/sqlite/db.h"
#include "storage/sqlite/migrations.h"

namespace pharos {

void LatencyHistogram::add(std::int64_t latency_us) {
  std::int64_t ms = (latency_us + 999) / 1000;
  auto it = std::lower_bound(kBoundsMs.begin(), kBoundsMs.end(), ms);
  ++counts[static_cast<std::size_t>(it - kBoundsMs.begin())];
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  for (std::size_t i = 0; i < counts.size(); ++i) counts[i] += other.counts[i];
}

std::int64_t LatencyHistogram::total() const {
  std::int64_t sum = 0;
  for (auto c : counts) sum += c;
  return sum;
}

std::optional<std::int64_t> LatencyHistogram::quantile_ms(double q) const {
  std::int64_t n = total();
  if (n == 0) return std::nullopt;
  auto rank = static_cast<std::int64_t>(q * static_cast<double>(n) + 0.999999);
  rank = std::clamp<std::int64_t>(rank, 1, n);
  std::int64_t seen = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    seen += counts[i];
    if (seen >= rank) return kBoundsMs[std::min(i, kBoundsMs.size() - 1)];
  }
  return kBoundsMs.back();
}

std::string LatencyHistogram::encode() const {
  std::string out;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(counts[i]);
  }
  return out;
}

LatencyHistogram LatencyHistogram::decode(const std::string& text) {
  LatencyHistogram h;
  std::size_t i = 0, pos = 0;
  while (pos < text.size() && i < h.counts.size()) {
    std::size_t end = text.find(',', pos);
    if (end == std::string::npos) end = text.size();
    h.counts[i++] = std::atoll(text.substr(pos, end - pos).c_str());
    pos = end + 1;
  }
  return h;
}

std::string_view to_string(RollupPeriod p) {
  switch (p) {
    case RollupPeriod::kMinute: return "minute";
    case RollupPeriod::kHour: return "hour";
    case RollupPeriod::kDay: return "day";
  }
  return "minute";
}

Instant period_start(RollupPeriod p, Instant at) {
  using namespace std::chrono;
  switch (p) {
    case RollupPeriod::kMinute: return floor<minutes>(at);
    case RollupPeriod::kHour: return floor<hours>(at);
    case RollupPeriod::kDay: return floor<days>(at);
  }
  return at;
}

RollupSummary summarize(const std::vector<RollupRow>& rows) {
  RollupSummary s;
  LatencyHistogram all;
  for (const auto& r : rows) {
    s.checks += r.checks;
    s.failures += r.failures;
    s.degraded += r.degraded;
    all.merge(r.latency);
  }
  if (s.checks > 0) {
    s.uptime = static_cast<double>(s.checks - s.failures) / static_cast<double>(s.checks);
  }
  s.p50_ms = all.quantile_ms(0.50);
  s.p95_ms = all.quantile_ms(0.95);
  s.p99_ms = all.quantile_ms(0.99);
  return s;
}

namespace sqlite {
namespace {

using RollupKey = std::tuple<std::string, RollupPeriod, std::int64_t>;

std::optional<CheckOutcome> parse_outcome(const std::string& s) {
  for (auto o : {CheckOutcome::kUp, CheckOutcome::kDegraded, CheckOutcome::kDown}) {
    if (to_string(o) == s) return o;
  }
  return std::nullopt;
}


// Folds `results` into per-bucket rollups (not yet merged with stored rows).
std::map<RollupKey, RollupRow> fold(const std::vector<StoredResult>& results) {
  std::map<RollupKey, RollupRow> out;
  for (const auto& r : results) {
    for (auto p : {RollupPeriod::kMinute, RollupPeriod::kHour, RollupPeriod::kDay}) {
      Instant start = period_start(p, r.at);
      RollupRow& row = out[{r.monitor, p, to_millis(start)}];
      row.monitor = r.monitor;
      row.period = p;
      row.start = start;
      ++row.checks;
      if (r.outcome == CheckOutcome::kDown) ++row.failures;
      if (r.outcome == CheckOutcome::kDegraded) ++row.degraded;
      if (r.outcome != CheckOutcome::kDown) row.latency.add(r.latency_us);
    }
  }
  return out;
}

class SqliteResults final : public ResultsStore {
 public:
  explicit SqliteResults(std::unique_ptr<Connection> db) : db_(std::move(db)) {}

  Result<void> write_batch(const std::vector<StoredResult>& results) override {
    if (results.empty()) return Ok();
    std::lock_guard lock(mu_);
    Transaction tx(*db_);
    if (!tx.begun()) return tx.begun().error();
    PHAROS_TRY(insert_results(results));
    PHAROS_TRY(merge_rollups(fold(results)));
    return tx.commit();
  }

  Result<std::vector<StoredResult>> results(const std::string& monitor, Instant from, Instant to,
                                            std::size_t limit) override {
    std::lock_guard lock(mu_);
    Statement q(db_->handle(),
                "SELECT node, at, outcome, latency_us, http_status, reason FROM check_results "
                "WHERE monitor = ?1 AND at >= ?2 AND at < ?3 ORDER BY at DESC LIMIT ?4");
    q.bind(1, monitor).bind(2, to_millis(from)).bind(3, to_millis(to))
        .bind(4, static_cast<std::int64_t>(limit));
    std::vector<StoredResult> out;
    while (q.step()) {
      StoredResult r{monitor, q.text(0), from_millis(q.int64(1)),
                     parse_outcome(q.text(2)).value_or(CheckOutcome::kDown), q.int64(3),
                     static_cast<int>(q.int64(4)), q.text(5)};
      out.push_back(std::move(r));
    }
    if (q.last_code() != SQLITE_DONE) return q.error();
    return out;
  }

  Result<std::vector<RollupRow>> rollups(const std::string& monitor, RollupPeriod period,
                                         Instant from, Instant to) override {
    std::lock_guard lock(mu_);
    Statement q(db_->handle(),
                "SELECT start, checks, failures, degraded, latency FROM check_rollups "
                "WHERE monitor = ?1 AND period = ?2 AND start >= ?3 AND start < ?4 ORDER BY start");
    q.bind(1, monitor).bind(2, to_string(period)).bind(3, to_millis(from)).bind(4, to_millis(to));
    std::vector<RollupRow> out;
    while (q.step()) {
      out.push_back({monitor, period, from_millis(q.int64(0)), q.int64(1), q.int64(2), q.int64(3),
                     LatencyHistogram::decode(q.text(4))});
    }
    if (q.last_code() != SQLITE_DONE) return q.error();
    return out;
  }

  Result<std::vector<RollupRow>> rollup_totals(RollupPeriod period, Instant from,
                                               Instant to) override {
    std::lock_guard lock(mu_);
    Statement q(db_->handle(),
                "SELECT monitor, SUM(checks), SUM(failures), SUM(degraded) FROM check_rollups "
                "WHERE period = ?1 AND start >= ?2 AND start < ?3 GROUP BY monitor ORDER BY monitor");
    q.bind(1, to_string(period)).bind(2, to_millis(from)).bind(3, to_millis(to));
    std::vector<RollupRow> out;
    while (q.step()) {
      RollupRow row;
      row.monitor = q.text(0);
      row.period = period;
      row.start = from;
      row.checks = q.int64(1);
      row.failures = q.int64(2);
      row.degraded = q.int64(3);
      out.push_back(std::move(row));
    }
    if (q.last_code() != SQLITE_DONE) return q.error();
    return out;
  }

  Result<std::int64_t> prune(Instant before) override {
    std::lock_guard lock(mu_);
    Transaction tx(*db_);
    if (!tx.begun()) return tx.begun().error();
    Statement raw(db_->handle(), "DELETE FROM check_results WHERE at < ?1");
    raw.bind(1, to_millis(before));
    PHAROS_TRY(raw.run());
    std::int64_t deleted = sqlite3_changes(db_->handle());
    Statement minutes(db_->handle(),
                      "DELETE FROM check_rollups WHERE period = 'minute' AND start < ?1");
    minutes.bind(1, to_millis(before));
    PHAROS_TRY(minutes.run());
    PHAROS_TRY(tx.commit());
    return deleted;
  }

  Result<std::vector<MonitorPause>> pauses() override {
    std::lock_guard lock(mu_);
    Statement q(db_->handle(),
                "SELECT monitor, paused_by, paused_at FROM monitor_pauses ORDER BY monitor");
    std::vector<MonitorPause> out;
    while (q.step()) {
      MonitorPause p;
      p.monitor = q.text(0);
      p.paused_by = q.text(1);
      p.paused_at = from_millis(q.int64(2));
      out.push_back(std::move(p));
    }
    if (q.last_code() != SQLITE_DONE) return q.error();
    return out;
  }

  Result<void> save_pause(const MonitorPause& pause) override {
    std::lock_guard lock(mu_);
    Statement q(db_->handle(),
                "INSERT OR REPLACE INTO monitor_pauses (monitor, paused_by, paused_at) "
                "VALUES (?1, ?2, ?3)");
    q.bind(1, pause.monitor).bind(2, pause.paused_by).bind(3, to_millis(pause.paused_at));
    return q.run();
  }

  Result<void> clear_pause(const std::string& monitor) override {
    std::lock_guard lock(mu_);
    Statement q(db_->handle(), "DELETE FROM monitor_pauses WHERE monitor = ?1");
    q.bind(1, monitor);
    return q.run();
  }

  Result<std::vector<PushToken>> push_tokens() override {
    std::lock_guard lock(mu_);
    Statement q(db_->handle(),
                "SELECT monitor, token, created_at FROM monitor_push_tokens ORDER BY monitor");
    std::vector<PushToken> out;
    while (q.step()) {
      PushToken t;
      t.monitor = q.text(0);
      t.token = q.text(1);
      t.created_at = from_millis(q.int64(2));
      out.push_back(std::move(t));
    }
    if (q.last_code() != SQLITE_DONE) return q.error();
    return out;
  }

  Result<std::string> save_push_token(const PushToken& token) override {
    std::lock_guard lock(mu_);
    Statement insert(db_->handle(),
                     "INSERT OR IGNORE INTO monitor_push_tokens (monitor, token, created_at) "
                     "VALUES (?1, ?2, ?3)");
    insert.bind(1, token.monitor).bind(2, token.token).bind(3, to_millis(token.created_at));
    PHAROS_TRY(insert.run());
    Statement q(db_->handle(), "SELECT token FROM monitor_push_tokens WHERE monitor = ?1");
    q.bind(1, token.monitor);
    if (!q.step()) return q.error();
    return q.text(0);
  }

 private:
  // REQUIRES: mu_ held, transaction open.
  Result<void> insert_results(const std::vector<StoredResult>& results) {
    Statement insert(db_->handle(),
                     "INSERT INTO check_results (monitor, node, at, outcome, latency_us, "
                     "http_status, reason) VALUES (?1,?2,?3,?4,?5,?6,?7)");
    for (const auto& r : results) {
      insert.reset();
      insert.bind(1, r.monitor).bind(2, r.node).bind(3, to_millis(r.at))
          .bind(4, to_string(r.outcome)).bind(5, r.latency_us).bind(6, r.http_status)
          .bind(7, r.reason);
      PHAROS_TRY(insert.run());
    }
    return Ok();
  }

  // REQUIRES: mu_ held, transaction open. Adds each folded bucket to its stored row.
  Result<void> merge_rollups(std::map<RollupKey, RollupRow> folded) {
    Statement select(db_->handle(),
                     "SELECT checks, failures, degraded, latency FROM check_rollups "
                     "WHERE monitor = ?1 AND period = ?2 AND start = ?3");
    Statement upsert(db_->handle(),
                     "INSERT OR REPLACE INTO check_rollups (monitor, period, start, checks, "
                     "failures, degraded, latency) VALUES (?1,?2,?3,?4,?5,?6,?7)");
    for (auto& [key, row] : folded) {
      select.reset();
      select.bind(1, row.monitor).bind(2, to_string(row.period)).bind(3, to_millis(row.start));
      if (select.step()) {
        row.checks += select.int64(0);
        row.failures += select.int64(1);
        row.degraded += select.int64(2);
        row.latency.merge(LatencyHistogram::decode(select.text(3)));
      } else if (select.last_code() != SQLITE_DONE) {
        return select.error();
      }
      upsert.reset();
      upsert.bind(1, row.monitor).bind(2, to_string(row.period)).bind(3, to_millis(row.start))
          .bind(4, row.checks).bind(5, row.failures).bind(6, row.degraded)
          .bind(7, row.latency.encode());
      PHAROS_TRY(upsert.run());
    }
    return Ok();
  }

  std::mutex mu_;
  std::unique_ptr<Connection> db_;  // GUARDED_BY(mu_)
};

}  // namespace
}  // namespace sqlite

Result<std::unique_ptr<ResultsStore>> open_results_store(const std::string& url) {
  if (url.rfind("sqlite:", 0) != 0) {
    return Error::invalid("check results need the SQLite backend (storage: sqlite:<path>)",
                          "storage");
  }
  auto conn = sqlite::Connection::open(url.substr(7));
  if (!conn) return conn.error();
  PHAROS_TRY(sqlite::migrate(**conn));
  // Results are measurements, not acknowledged writes: in WAL mode synchronous=NORMAL can lose
  // only the last batch on power loss, and saves an fsync per batch.
  PHAROS_TRY((*conn)->exec("PRAGMA synchronous=NORMAL"));
  return std::unique_ptr<ResultsStore>(new sqlite::SqliteResults(std::move(*conn)));
}

}  // namespace pharos
