#pragma once
// Storage of check results and their rollups, separate from the catalog Store so the monitor can
// write in batches on its own connection without holding up page and incident writes.
//
// Raw results are kept for a retention window; rollups per minute, hour and day keep counts and a
// latency histogram for uptime bars and latency percentiles. A bucket without checks has no row:
// time Pharos was not checking is "no data", never "up".
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "domain/monitor.h"
#include "domain/status.h"

namespace pharos {

// Latency histogram with fixed bounds (milliseconds, upper-inclusive; the last bucket is open).
struct LatencyHistogram {
  static constexpr std::array<std::int64_t, 20> kBoundsMs = {
      1,   2,   5,   10,   25,   50,   75,   100,  150,   200,
      300, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000, 30000};
  std::array<std::int64_t, kBoundsMs.size() + 1> counts{};

  void add(std::int64_t latency_us);
  void merge(const LatencyHistogram& other);
  std::int64_t total() const;
  // The upper bound (ms) of the bucket holding the q-quantile (0 < q ≤ 1); nullopt when empty.
  // Beyond the last bound it returns the last bound.
  std::optional<std::int64_t> quantile_ms(double q) const;
  // "c0,c1,…" and back; an unreadable text gives an empty histogram.
  std::string encode() const;
  static LatencyHistogram decode(const std::string& text);
};

struct StoredResult {
  std::string monitor;
  std::string node;  // empty for single-node monitors
  Instant at{};
  CheckOutcome outcome = CheckOutcome::kDown;
  std::int64_t latency_us = 0;
  int http_status = 0;
  std::string reason;
  std::string location = {};  // where it was checked from (the node's location)
  // How long this result speaks for: the monitor's interval (the next check is due then). Used
  // for coverage (below); 0 covers nothing. Not stored with the raw row.
  Millis interval{0};
};

// A stretch of time a monitor was being checked: from a check until the next one was due,
// merged across checks that follow each other within half an interval. Time outside every span
// is "no data" (Pharos stopped, the monitor paused, a slot skipped, results dropped).
struct CoverageSpan {
  std::string monitor;
  Instant from{};
  Instant until{};
};

enum class RollupPeriod { kMinute, kHour, kDay };
std::string_view to_string(RollupPeriod p);
// Start of the period containing `at` (UTC).
Instant period_start(RollupPeriod p, Instant at);

struct RollupRow {
  std::string monitor;
  // The location the checks came from; empty when the row adds up every location (what
  // rollups() and rollup_totals() return).
  std::string location;
  RollupPeriod period = RollupPeriod::kMinute;
  Instant start{};
  std::int64_t checks = 0;
  std::int64_t failures = 0;  // down results
  std::int64_t degraded = 0;  // degraded results (counted as available in uptime)
  LatencyHistogram latency;
};

// A rollup's counts without its latency: what reports read by the hundred thousand (a year of
// days of a thousand monitors), a quarter of RollupRow's size.
struct RollupCount {
  std::string monitor;
  RollupPeriod period = RollupPeriod::kMinute;
  Instant start{};
  std::int64_t checks = 0;
  std::int64_t failures = 0;
  std::int64_t degraded = 0;
};

// Uptime and latency over some rollups. `uptime` is unset when there were no checks (no data).
struct RollupSummary {
  std::int64_t checks = 0, failures = 0, degraded = 0;
  std::optional<double> uptime;  // (checks - failures) / checks
  std::optional<std::int64_t> p50_ms, p95_ms, p99_ms;
};
RollupSummary summarize(const std::vector<RollupRow>& rows);

// Who paused a monitor, and when (a paused monitor is not checked; see monitor/monitoring.h).
struct MonitorPause {
  std::string monitor;
  std::string paused_by;  // "user:<name>", "cli:<login>"
  Instant paused_at{};
};

// A push token Pharos generated for a heartbeat monitor configured without one.
struct PushToken {
  std::string monitor;
  std::string token;
  Instant created_at{};
};

// One location's confirmed view of one monitor (monitor/confirm.h), shared between nodes while
// it is not operational. `nodes` lists the monitor's nodes that are not up there.
struct LocationNode {
  std::string node;  // empty for single-node monitors
  CheckOutcome state = CheckOutcome::kDown;
  std::string reason;
};
struct LocationState {
  std::string monitor;
  std::string location;  // empty for heartbeat monitors (pushed, not checked from a location)
  ComponentStatus status = ComponentStatus::kOperational;
  std::optional<Instant> since;  // the first failing check of the current problem
  std::vector<LocationNode> nodes;
  std::string checked_by;  // the name of the node that saw it
  Instant updated_at{};
};

// Every location state that is not operational, the last push of each heartbeat monitor and
// the paused monitors, as of `version` (bumped by every change to any of them).
struct SharedMonitorState {
  std::int64_t version = 0;
  std::vector<LocationState> locations;
  std::vector<std::pair<std::string, Instant>> pushes;  // monitor → last push
  std::vector<MonitorPause> pauses;
};

class ResultsStore {
 public:
  virtual ~ResultsStore() = default;
  // Stores the results, folds them into the minute/hour/day rollups and extends each monitor's
  // coverage spans, in one transaction. Writing the same batch twice changes no coverage.
  virtual Result<void> write_batch(const std::vector<StoredResult>& results) = 0;
  // Writes results[from..] as write_batch does, but may commit early, after a whole chunk, to let
  // another writer of the same database in: one batch of 10,000 monitors' results held the
  // SQLite writer gate for up to 2 s under load, and an incident update waited behind it
  // (bench/fire_bench.sh). Returns how many it wrote: at least one when from < size. The
  // default writes them all at once.
  virtual Result<std::size_t> write_some(const std::vector<StoredResult>& results,
                                         std::size_t from) {
    if (from >= results.size()) return std::size_t{0};
    std::vector<StoredResult> rest(results.begin() + static_cast<std::ptrdiff_t>(from),
                                   results.end());
    PHAROS_TRY(write_batch(rest));
    return rest.size();
  }
  // Raw results of `monitor` in [from, to), newest first, at most `limit`.
  virtual Result<std::vector<StoredResult>> results(const std::string& monitor, Instant from,
                                                    Instant to, std::size_t limit) = 0;
  // Rollups of `monitor` whose period starts in [from, to), oldest first.
  virtual Result<std::vector<RollupRow>> rollups(const std::string& monitor, RollupPeriod period,
                                                 Instant from, Instant to) = 0;
  // Per monitor, the checks and failures of its `period` rollups starting in [from, to): one
  // query for every monitor (the monitor list), monitors without rows left out.
  virtual Result<std::vector<RollupRow>> rollup_totals(RollupPeriod period, Instant from,
                                                       Instant to) = 0;
  // Rollups of `monitor` whose period starts in [from, to), one row per location, oldest first.
  virtual Result<std::vector<RollupRow>> location_rollups(const std::string& monitor,
                                                          RollupPeriod period, Instant from,
                                                          Instant to) = 0;
  // The `period` rollups of `monitors` starting in [from, to), counts only (no latency, every
  // location added up), ordered by monitor then start: one query for reports over many
  // monitors. Each monitor's rows are found by key, so the query costs what it returns, not
  // the size of the table (a year of hour rollups of every monitor).
  virtual Result<std::vector<RollupCount>> rollup_counts(
      RollupPeriod period, Instant from, Instant to, const std::vector<std::string>& monitors) = 0;
  // Every monitor's coverage spans that overlap [from, to), unclipped, ordered by monitor then
  // start.
  virtual Result<std::vector<CoverageSpan>> coverage(Instant from, Instant to) = 0;
  // Deletes raw results and minute rollups older than `before`; returns raw rows deleted. Hour
  // and day rollups and coverage are kept (reports read a year back and more; docs/reports.md
  // states their size per monitor).
  virtual Result<std::int64_t> prune(Instant before) = 0;

  // Paused monitors. save_pause replaces the monitor's row; clear_pause of a monitor that is not
  // paused is not an error. Both change the shared state's version (several nodes).
  virtual Result<std::vector<MonitorPause>> pauses() = 0;
  virtual Result<void> save_pause(const MonitorPause& pause) = 0;
  virtual Result<void> clear_pause(const std::string& monitor) = 0;

  // Generated heartbeat push tokens. save_push_token keeps an existing row (first writer wins)
  // and returns the token stored for the monitor afterwards.
  virtual Result<std::vector<PushToken>> push_tokens() = 0;
  virtual Result<std::string> save_push_token(const PushToken& token) = 0;

  // ---- state shared between nodes (docs/scale-out.md) ----
  // Stores each location state (an operational one removes its row) and bumps the version.
  virtual Result<void> save_location_states(const std::vector<LocationState>& states) = 0;
  // Records a heartbeat push (kept when newer than the stored one) and bumps the version.
  virtual Result<void> record_push(const std::string& monitor, Instant at) = 0;
  // The shared state when its version differs from `known`; nullopt when unchanged (one small
  // query).
  virtual Result<std::optional<SharedMonitorState>> shared_state(std::int64_t known) = 0;
};

// Opens the results store on the same database as open_store(url) (a second connection), applying
// migrations. Thread-safe.
Result<std::unique_ptr<ResultsStore>> open_results_store(const std::string& url);

}  // namespace pharos
