// Check results and rollups on an SQL database (tables from migrations 2 and 8), plus the value
// helpers of results_store.h.
#include <algorithm>
#include <map>
#include <span>
#include <tuple>

#include "storage/change_feed.h"
#include "storage/results_store.h"
#include "storage/sql/codec.h"
#include "storage/sql/coverage.h"
#include "storage/sql/sql_stores.h"

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
    case RollupPeriod::kMinute:
      return "minute";
    case RollupPeriod::kHour:
      return "hour";
    case RollupPeriod::kDay:
      return "day";
  }
  return "minute";
}

Instant period_start(RollupPeriod p, Instant at) {
  using namespace std::chrono;
  switch (p) {
    case RollupPeriod::kMinute:
      return floor<minutes>(at);
    case RollupPeriod::kHour:
      return floor<hours>(at);
    case RollupPeriod::kDay:
      return floor<days>(at);
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

namespace sql {
namespace {

using db::Connection;
using db::Row;
using db::Statement;

using RollupKey = std::tuple<std::string, RollupPeriod, std::int64_t, std::string>;

// A location state's failing nodes, one per line: "<outcome>\t<node>\t<reason>" (reasons are
// one line; tabs and newlines in them become spaces).
std::string encode_nodes(const std::vector<LocationNode>& nodes) {
  std::string out;
  for (const auto& n : nodes) {
    if (!out.empty()) out += '\n';
    out += std::string(to_string(n.state)) + '\t' + n.node + '\t';
    for (char ch : n.reason) out += (ch == '\n' || ch == '\t') ? ' ' : ch;
  }
  return out;
}

std::vector<LocationNode> decode_nodes(const std::string& text) {
  std::vector<LocationNode> out;
  for (const auto& line : split_list(text)) {
    auto tab1 = line.find('\t');
    auto tab2 = tab1 == std::string::npos ? tab1 : line.find('\t', tab1 + 1);
    if (tab2 == std::string::npos) continue;
    out.push_back({line.substr(tab1 + 1, tab2 - tab1 - 1),
                   parse_check_outcome(line.substr(0, tab1)).value_or(CheckOutcome::kDown),
                   line.substr(tab2 + 1)});
  }
  return out;
}

Result<std::vector<MonitorPause>> read_pauses(Connection& c) {
  return Statement(c, "SELECT monitor, paused_by, paused_at FROM monitor_pauses ORDER BY monitor")
      .collect([](const Row& r) {
        return MonitorPause{r.text(0), r.text(1), from_millis(r.int64(2))};
      });
}

LocationState read_location_state(const Row& r) {
  LocationState s;
  s.monitor = r.text(0);
  s.location = r.text(1);
  s.status = parse_component_status(r.text(2)).value_or(ComponentStatus::kMajorOutage);
  s.since = from_millis(r.optional_int64(3));
  s.nodes = decode_nodes(r.text(4));
  s.checked_by = r.text(5);
  s.updated_at = from_millis(r.int64(6));
  return s;
}

// Folds `results` into per-bucket rollups (not yet merged with stored rows).
std::map<RollupKey, RollupRow> fold(std::span<const StoredResult> results) {
  std::map<RollupKey, RollupRow> out;
  for (const auto& r : results) {
    for (auto p : {RollupPeriod::kMinute, RollupPeriod::kHour, RollupPeriod::kDay}) {
      Instant start = period_start(p, r.at);
      RollupRow& row = out[{r.monitor, p, to_millis(start), r.location}];
      row.monitor = r.monitor;
      row.location = r.location;
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

// REQUIRES: a write transaction open on `c`. A few multi-row INSERTs (db::rows_in_next_statement).
Result<void> insert_results(Connection& c, std::span<const StoredResult> results) {
  for (std::size_t first = 0, n = 0; first < results.size(); first += n) {
    n = db::rows_in_next_statement(results.size() - first);
    Statement insert(c,
                     "INSERT INTO check_results (monitor, node, at, outcome, latency_us, "
                     "http_status, reason, location) VALUES " +
                         db::placeholders(n, 8));
    for (std::size_t k = 0; k < n; ++k) {
      const StoredResult& r = results[first + k];
      int at = static_cast<int>(k * 8);
      insert.bind(at + 1, r.monitor)
          .bind(at + 2, r.node)
          .bind(at + 3, to_millis(r.at))
          .bind(at + 4, to_string(r.outcome))
          .bind(at + 5, r.latency_us)
          .bind(at + 6, r.http_status)
          .bind(at + 7, r.reason)
          .bind(at + 8, r.location);
    }
    PHAROS_TRY(insert.run());
  }
  return Ok();
}

// REQUIRES: a write transaction open on `c`. Adds each folded bucket to its stored row, if any,
// in the upsert itself: counts add up and histograms add bucket by bucket (Dialect::add_counts).
// No read first, so a batch is a few statements, and two writers of one bucket (a lease moving
// between nodes) both count.
Result<void> merge_rollups(Connection& c, const std::map<RollupKey, RollupRow>& folded) {
  const std::string latency = c.dialect().add_counts("check_rollups.latency", "excluded.latency");
  std::vector<const RollupRow*> rows;
  rows.reserve(folded.size());
  for (const auto& [key, row] : folded) rows.push_back(&row);
  for (std::size_t first = 0, n = 0; first < rows.size(); first += n) {
    n = db::rows_in_next_statement(rows.size() - first);
    Statement upsert(c,
                     "INSERT INTO check_rollups (monitor, period, start, checks, failures, "
                     "degraded, latency, location) VALUES " +
                         db::placeholders(n, 8) +
                         " ON CONFLICT (monitor, period, start, location) DO UPDATE SET "
                         "checks = check_rollups.checks + excluded.checks, "
                         "failures = check_rollups.failures + excluded.failures, "
                         "degraded = check_rollups.degraded + excluded.degraded, latency = " +
                         latency);
    for (std::size_t k = 0; k < n; ++k) {
      const RollupRow& row = *rows[first + k];
      int at = static_cast<int>(k * 8);
      upsert.bind(at + 1, row.monitor)
          .bind(at + 2, to_string(row.period))
          .bind(at + 3, to_millis(row.start))
          .bind(at + 4, row.checks)
          .bind(at + 5, row.failures)
          .bind(at + 6, row.degraded)
          .bind(at + 7, row.latency.encode())
          .bind(at + 8, row.location);
    }
    PHAROS_TRY(upsert.run());
  }
  return Ok();
}

class SqlResults final : public ResultsStore {
 public:
  static constexpr std::size_t kChunk = 64;

  explicit SqlResults(std::unique_ptr<db::Database> db) : db_(std::move(db)) {}

  Result<void> write_batch(const std::vector<StoredResult>& results) override {
    if (results.empty()) return Ok();
    return db_->write([&](Connection& c) { return write_in(c, results); });
  }

  // In chunks of kChunk results, in one transaction unless another writer queues at the gate
  // (SQLite): then what is written so far commits and the rest waits for the next call. Under
  // load a chunk takes up to ~0.1 s, so an incident update waits at most about that long.
  Result<std::size_t> write_some(const std::vector<StoredResult>& results,
                                 std::size_t from) override {
    if (from >= results.size()) return std::size_t{0};
    return db_->write([&](Connection& c) -> Result<std::size_t> {
      std::size_t at = from;
      do {
        std::size_t n = std::min(kChunk, results.size() - at);
        PHAROS_TRY(write_in(c, std::span(results).subspan(at, n)));
        at += n;
      } while (at < results.size() && !db_->writers_waiting());
      return at - from;
    });
  }

  Result<std::vector<StoredResult>> results(const std::string& monitor, Instant from, Instant to,
                                            std::size_t limit) override {
    return db_->read([&](Connection& c) {
      Statement q(c,
                  "SELECT node, at, outcome, latency_us, http_status, reason, location FROM "
                  "check_results WHERE monitor = ?1 AND at >= ?2 AND at < ?3 "
                  "ORDER BY at DESC LIMIT ?4");
      q.bind(1, monitor)
          .bind(2, to_millis(from))
          .bind(3, to_millis(to))
          .bind(4, static_cast<std::int64_t>(limit));
      return q.collect([&](const Row& r) {
        return StoredResult{monitor,
                            r.text(0),
                            from_millis(r.int64(1)),
                            parse_check_outcome(r.text(2)).value_or(CheckOutcome::kDown),
                            r.int64(3),
                            static_cast<int>(r.int64(4)),
                            r.text(5),
                            r.text(6)};
      });
    });
  }

  Result<std::vector<RollupRow>> rollups(const std::string& monitor, RollupPeriod period,
                                         Instant from, Instant to) override {
    // One row per period: the locations' rows added up.
    auto rows = location_rollups(monitor, period, from, to);
    if (!rows) return rows.error();
    std::vector<RollupRow> out;
    for (auto& row : *rows) {
      if (out.empty() || out.back().start != row.start) {
        row.location.clear();
        out.push_back(std::move(row));
        continue;
      }
      RollupRow& sum = out.back();
      sum.checks += row.checks;
      sum.failures += row.failures;
      sum.degraded += row.degraded;
      sum.latency.merge(row.latency);
    }
    return out;
  }

  Result<std::vector<RollupRow>> location_rollups(const std::string& monitor, RollupPeriod period,
                                                  Instant from, Instant to) override {
    return db_->read([&](Connection& c) {
      Statement q(c,
                  "SELECT start, checks, failures, degraded, latency, location FROM check_rollups "
                  "WHERE monitor = ?1 AND period = ?2 AND start >= ?3 AND start < ?4 "
                  "ORDER BY start, location");
      q.bind(1, monitor).bind(2, to_string(period)).bind(3, to_millis(from)).bind(4, to_millis(to));
      return q.collect([&](const Row& r) {
        return RollupRow{monitor,    r.text(5),  period,     from_millis(r.int64(0)),
                         r.int64(1), r.int64(2), r.int64(3), LatencyHistogram::decode(r.text(4))};
      });
    });
  }

  Result<std::vector<RollupRow>> rollup_totals(RollupPeriod period, Instant from,
                                               Instant to) override {
    return db_->read([&](Connection& c) {
      Statement q(c,
                  "SELECT monitor, SUM(checks), SUM(failures), SUM(degraded) FROM "
                  "check_rollups WHERE period = ?1 AND start >= ?2 AND start < ?3 "
                  "GROUP BY monitor ORDER BY monitor");
      q.bind(1, to_string(period)).bind(2, to_millis(from)).bind(3, to_millis(to));
      return q.collect([&](const Row& r) {
        RollupRow row;
        row.monitor = r.text(0);
        row.period = period;
        row.start = from;
        row.checks = r.int64(1);
        row.failures = r.int64(2);
        row.degraded = r.int64(3);
        return row;
      });
    });
  }

  Result<std::vector<RollupCount>> rollup_counts(
      RollupPeriod period, Instant from, Instant to,
      const std::vector<std::string>& monitors) override {
    std::vector<std::string> keys(monitors);
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    return db_->read([&](Connection& c) -> Result<std::vector<RollupCount>> {
      std::vector<RollupCount> out;
      // The monitors are a VALUES list walked first (CROSS JOIN keeps that order on SQLite),
      // each one's rows a range of the primary key: without it, `period` and `start` alone
      // made both engines scan every monitor's rollups of every period. Every location's
      // checks add up (below): reports count a monitor, not a vantage point.
      for (std::size_t first = 0, n = 0; first < keys.size(); first += n) {
        n = db::rows_in_next_statement(keys.size() - first);
        Statement q(c,
                    "WITH m (monitor) AS (VALUES " + db::placeholders(n, 1) +
                        ") SELECT r.monitor, r.start, r.checks, r.failures, r.degraded FROM m "
                        "CROSS JOIN check_rollups r WHERE r.monitor = m.monitor AND r.period = ?" +
                        std::to_string(n + 1) + " AND r.start >= ?" + std::to_string(n + 2) +
                        " AND r.start < ?" + std::to_string(n + 3));
        for (std::size_t k = 0; k < n; ++k) q.bind(static_cast<int>(k + 1), keys[first + k]);
        q.bind(static_cast<int>(n + 1), to_string(period))
            .bind(static_cast<int>(n + 2), to_millis(from))
            .bind(static_cast<int>(n + 3), to_millis(to));
        PHAROS_TRY(q.collect([&](const Row& r) {
          RollupCount row;
          row.monitor = r.text(0);
          row.period = period;
          row.start = from_millis(r.int64(1));
          row.checks = r.int64(2);
          row.failures = r.int64(3);
          row.degraded = r.int64(4);
          out.push_back(std::move(row));
        }));
      }
      // Ordered and each location's rows added up here: a GROUP BY sorted every row in a
      // temporary B-tree, several times slower than this.
      std::sort(out.begin(), out.end(), [](const RollupCount& a, const RollupCount& b) {
        return a.monitor != b.monitor ? a.monitor < b.monitor : a.start < b.start;
      });
      std::size_t kept = 0;
      for (std::size_t k = 0; k < out.size(); ++k) {
        if (kept > 0 && out[kept - 1].monitor == out[k].monitor &&
            out[kept - 1].start == out[k].start) {
          out[kept - 1].checks += out[k].checks;
          out[kept - 1].failures += out[k].failures;
          out[kept - 1].degraded += out[k].degraded;
        } else if (kept++ != k) {
          out[kept - 1] = std::move(out[k]);
        }
      }
      out.resize(kept);
      return out;
    });
  }

  Result<std::vector<CoverageSpan>> coverage(Instant from, Instant to) override {
    return db_->read([&](Connection& c) { return read_coverage(c, from, to); });
  }

  Result<std::int64_t> prune(Instant before) override {
    return db_->write([&](Connection& c) -> Result<std::int64_t> {
      Statement raw(c, "DELETE FROM check_results WHERE at < ?1");
      raw.bind(1, to_millis(before));
      auto deleted = raw.changes();
      if (!deleted) return deleted.error();
      Statement minutes(c, "DELETE FROM check_rollups WHERE period = 'minute' AND start < ?1");
      minutes.bind(1, to_millis(before));
      PHAROS_TRY(minutes.run());
      return *deleted;
    });
  }

  Result<std::vector<MonitorPause>> pauses() override {
    return db_->read([](Connection& c) { return read_pauses(c); });
  }

  Result<void> save_pause(const MonitorPause& pause) override {
    return db_->write([&](Connection& c) -> Result<void> {
      Statement q(c,
                  "INSERT INTO monitor_pauses (monitor, paused_by, paused_at) "
                  "VALUES (?1, ?2, ?3) ON CONFLICT (monitor) DO UPDATE SET "
                  "paused_by = excluded.paused_by, paused_at = excluded.paused_at");
      q.bind(1, pause.monitor).bind(2, pause.paused_by).bind(3, to_millis(pause.paused_at));
      PHAROS_TRY(q.run());
      return bump_state_version(c);
    });
  }

  Result<void> clear_pause(const std::string& monitor) override {
    return db_->write([&](Connection& c) -> Result<void> {
      Statement q(c, "DELETE FROM monitor_pauses WHERE monitor = ?1");
      q.bind(1, monitor);
      auto deleted = q.changes();
      if (!deleted) return deleted.error();
      return *deleted > 0 ? bump_state_version(c) : Ok();
    });
  }

  Result<std::vector<PushToken>> push_tokens() override {
    return db_->read([](Connection& c) {
      return Statement(c,
                       "SELECT monitor, token, created_at FROM monitor_push_tokens "
                       "ORDER BY monitor")
          .collect([](const Row& r) {
            return PushToken{r.text(0), r.text(1), from_millis(r.int64(2))};
          });
    });
  }

  Result<std::string> save_push_token(const PushToken& token) override {
    return db_->write([&](Connection& c) -> Result<std::string> {
      Statement insert(c,
                       "INSERT INTO monitor_push_tokens (monitor, token, created_at) "
                       "VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING");
      insert.bind(1, token.monitor).bind(2, token.token).bind(3, to_millis(token.created_at));
      PHAROS_TRY(insert.run());
      Statement q(c, "SELECT token FROM monitor_push_tokens WHERE monitor = ?1");
      q.bind(1, token.monitor);
      auto stored = q.first([](const Row& r) { return r.text(0); });
      if (!stored) return stored.error();
      if (!*stored) return Error::internal("push token of " + token.monitor + " not stored");
      return **stored;
    });
  }

  Result<void> save_location_states(const std::vector<LocationState>& states) override {
    if (states.empty()) return Ok();
    // Row locks only: a location's change must not wait behind another node's result batch.
    return db_->write(
        [&](Connection& c) -> Result<void> {
          for (const auto& state : states) PHAROS_TRY(save_location_state(c, state));
          return bump_state_version(c);
        },
        db::WriteLock::kRows);
  }

  Result<void> record_push(const std::string& monitor, Instant at) override {
    return db_->write(
        [&](Connection& c) -> Result<void> {
          Statement q(c,
                      "INSERT INTO monitor_pushes (monitor, at) VALUES (?1, ?2) ON CONFLICT "
                      "(monitor) DO UPDATE SET at = excluded.at WHERE excluded.at > "
                      "monitor_pushes.at");
          q.bind(1, monitor).bind(2, to_millis(at));
          PHAROS_TRY(q.run());
          return bump_state_version(c);
        },
        db::WriteLock::kRows);
  }

  Result<std::optional<SharedMonitorState>> shared_state(std::int64_t known) override {
    return db_->read([&](Connection& c) -> Result<std::optional<SharedMonitorState>> {
      auto version =
          Statement(c, "SELECT value FROM monitor_state_version WHERE id = 1").first_int64();
      if (!version) return version.error();
      if (version->value_or(0) == known) return std::optional<SharedMonitorState>();
      SharedMonitorState out;
      out.version = version->value_or(0);
      auto states = Statement(c,
                              "SELECT monitor, location, status, since, nodes, checked_by, "
                              "updated_at FROM monitor_location_states ORDER BY monitor, location")
                        .collect(read_location_state);
      if (!states) return states.error();
      out.locations = std::move(*states);
      auto pushes =
          Statement(c, "SELECT monitor, at FROM monitor_pushes ORDER BY monitor")
              .collect([](const Row& r) {
                return std::pair<std::string, Instant>(r.text(0), from_millis(r.int64(1)));
              });
      if (!pushes) return pushes.error();
      out.pushes = std::move(*pushes);
      auto paused = read_pauses(c);
      if (!paused) return paused.error();
      out.pauses = std::move(*paused);
      return std::optional<SharedMonitorState>(std::move(out));
    });
  }

 private:
  // REQUIRES: a write transaction open on `c`.
  static Result<void> write_in(Connection& c, std::span<const StoredResult> results) {
    PHAROS_TRY(insert_results(c, results));
    PHAROS_TRY(merge_rollups(c, fold(results)));
    return merge_coverage(c, results);
  }

  // REQUIRES: a write transaction open on `c`.
  static Result<void> save_location_state(Connection& c, const LocationState& state) {
    if (state.status == ComponentStatus::kOperational) {
      Statement d(c, "DELETE FROM monitor_location_states WHERE monitor = ?1 AND location = ?2");
      d.bind(1, state.monitor).bind(2, state.location);
      return d.run();
    }
    Statement q(c,
                "INSERT INTO monitor_location_states (monitor, location, status, since, nodes, "
                "checked_by, updated_at) VALUES (?1,?2,?3,?4,?5,?6,?7) ON CONFLICT (monitor, "
                "location) DO UPDATE SET status = excluded.status, since = excluded.since, "
                "nodes = excluded.nodes, checked_by = excluded.checked_by, "
                "updated_at = excluded.updated_at");
    q.bind(1, state.monitor)
        .bind(2, state.location)
        .bind(3, to_string(state.status))
        .bind(4, to_millis(state.since))
        .bind(5, encode_nodes(state.nodes))
        .bind(6, state.checked_by)
        .bind(7, to_millis(state.updated_at));
    return q.run();
  }

  // REQUIRES: a write transaction open on `c`. Readers poll the version, and are woken.
  static Result<void> bump_state_version(Connection& c) {
    PHAROS_TRY(
        Statement(c, "UPDATE monitor_state_version SET value = value + 1 WHERE id = 1").run());
    return db::notify(c, change_topic::kMonitors);
  }

  std::unique_ptr<db::Database> db_;
};

}  // namespace

std::unique_ptr<ResultsStore> make_results_store(std::unique_ptr<db::Database> db) {
  return std::make_unique<SqlResults>(std::move(db));
}

}  // namespace sql
}  // namespace pharos
