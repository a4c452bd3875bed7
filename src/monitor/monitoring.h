#pragma once
// The monitoring service: schedules every configured monitor, probes it through the libcurl
// engine, turns raw results into node and monitor states without flapping (node_health.h),
// derives each component's status from its monitors, stores results in batches with rollups, and
// exposes what the web layer and automation need:
//   prometheus_text()     the /metrics body
//   push(token)           /api/push/{token} heartbeats (tokens compared in constant time; a
//                         heartbeat configured without a token, or with its own name — the old
//                         default, which anyone can guess — gets a generated one, saved in the
//                         results store so it survives restarts: see MonitorView::push_token)
//   component_health()    a snapshot of derived component status, with failing monitors/nodes
//   set_listener(…)       a callback on every derived component status change
//   monitors(), monitor() what each monitor and node last saw (the management API and admin UI)
//   pause/resume/run_now  what people do to one monitor (control.cpp)
//
// Pausing, a worked scenario (fall 3). api-health has node 10.0.0.13 down and its component
// api is partial_outage:
//   pause("api-health", "user:rob")   the pause is saved first (results store, so it survives a
//                                     restart), then the node states are reset: the monitor has
//                                     no nodes and counts as operational, so api turns
//                                     operational and automation sees nothing failing (an open
//                                     incident resolves as for a recovery; none is opened).
//   while paused                      the scheduler skips it; a check already in flight is
//                                     discarded when it reports; heartbeats are recorded but not
//                                     evaluated; no results are stored (the time is no data).
//   resume("api-health")              the saved pause is deleted; nodes start fresh (up, as at
//                                     start-up), so a still-sick node needs `fall` results again.
// State is reset rather than frozen because a frozen "down" would keep counting against the
// component for as long as nobody looks, which is what a pause is meant to stop.
//
// Run now: run_now(name) submits one check of every node of the monitor immediately, outside its
// schedule, and waits (on the caller's thread) for the round, at most the monitor's timeout plus
// MonitoringOptions::run_now_slack (2 s). The round goes through the normal pipeline (thresholds,
// storage) unless the monitor is paused, then it is only returned. A check of the monitor already
// in flight (its scheduled slot or another run) → kConflict, nothing submitted. At most
// MonitoringOptions::max_waiting_runs callers wait at once (they hold HTTP server threads); one
// more → kUnavailable, nothing submitted.
//
// Status rules, worst child wins (node → monitor → component):
//   monitor: all nodes up → operational; some nodes down → partial_outage; all nodes down →
//            major_outage; otherwise any node degraded → degraded_performance.
//   component: the worst of its monitors (operational without monitors or data).
//
// Threads: start() runs a scheduler thread, the engine's threads and a writer thread that flushes
// results every `flush_every`. Every public method is thread-safe.
//
// Reconfiguring (a config reload, reconfigure()): the set of monitors is the one thing that is
// otherwise fixed after construction. Every public method holds shape_mu_ shared while it uses
// the set; reconfigure() stops the threads, takes shape_mu_ exclusively, rebuilds the set —
// monitors with an unchanged spec move over with their node states (fall/rise, flapping), counts,
// pause and push token, and keep their slots (a slot is a function of name, interval and the
// epoch); changed ones start fresh like at start-up; removed ones are dropped — and starts the
// threads again. A check in flight at that moment is abandoned: its slot is no data.
#include <array>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/log.h"
#include "core/result.h"
#include "domain/monitor.h"
#include "domain/status.h"
#include "monitor/node_health.h"
#include "monitor/schedule.h"
#include "monitor/trend.h"
#include "probe/engine.h"
#include "storage/results_store.h"

namespace pharos::monitor {

struct FailingNode {
  std::string monitor;
  std::string node;  // empty for single-node monitors
  CheckOutcome state = CheckOutcome::kDown;
  std::string reason;         // the latest non-up result's reason
  std::string location = {};  // where it was seen failing; empty with a single location
};

struct ComponentHealth {
  std::string component_id;
  ComponentStatus status = ComponentStatus::kOperational;
  std::vector<FailingNode> failing;  // nodes whose confirmed state is not up
  std::optional<Instant> since;      // first failure of the earliest current problem
};

struct NodeView {
  std::string node;
  CheckOutcome state = CheckOutcome::kUp;
  bool flapping = false;
  std::optional<Instant> problem_since;
  std::optional<CheckResult> last;  // unset before the first result
};

// One location's view of a monitor (several nodes only): what that location's checker confirmed.
struct LocationView {
  std::string location;
  ComponentStatus status = ComponentStatus::kOperational;
  std::optional<Instant> since;
  std::vector<LocationNode> nodes;  // its nodes that are not up there
  bool here = false;                // this node checks it
  std::string checked_by;           // the node that reported a problem (empty while operational)
};

struct MonitorView {
  std::string name;
  std::string component;
  MonitorKind kind = MonitorKind::kHttp;
  Millis interval{0};  // heartbeat: `every`
  Millis timeout{0};
  ComponentStatus status = ComponentStatus::kOperational;
  std::vector<NodeView> nodes;            // empty before the first result and after a pause
  std::int64_t checks = 0, failures = 0;  // since start (not reset by a pause)
  std::optional<MonitorPause> paused;
  // Heartbeat monitors: the token the job calls /api/push/{token} with. A credential: show it
  // only to people who may change monitors, never log or audit it.
  std::string push_token;
  // Several nodes: every location reporting on it, and how many must agree (confirm.h). `nodes`
  // above are then this node's own location's, and only while it checks the monitor.
  std::vector<LocationView> locations;
  int quorum = 1;
  bool flapping() const;  // any node flapping
};

// Uptime from the hour rollups: the last 24 h and 7 d (hours that have begun), unset without data.
struct MonitorUptime {
  std::optional<double> day, week;
};

struct MonitoringOptions {
  Millis flush_every{1000};
  Millis retention{std::chrono::hours(24 * 7)};
  // Results not yet stored: written every flush_every; while the store is unreachable they wait
  // here (a failed batch goes back, in order) and beyond this many the oldest are dropped,
  // counted in pharos_results_dropped_total.
  std::size_t max_pending_results = 200'000;
  probe::EngineOptions engine;
  // When set, checks are handed to it instead of the libcurl engine, and start() starts no engine
  // (tests answer with ingest() from it or later).
  std::function<void(const MonitorSpec&)> submit;
  // How long run_now waits beyond the monitor's timeout (DNS resolution of `nodes: dns`, queueing).
  Millis run_now_slack{2000};
  // Callers that may wait in run_now at once, over all monitors. The callers are HTTP server
  // threads (one per core), so an unbounded number of waiting runs could stall the public page;
  // one more than this is refused at once with kUnavailable.
  int max_waiting_runs = 1;
  // Where this node's checks come from; stored with every result.
  std::string location = kDefaultLocation;
  // This node's name, stored with the location states it shares.
  std::string node_name;
  // Several nodes on one database (docs/scale-out.md): a monitor is checked only while this node
  // holds its lease (set_owned; none at first), each location's confirmed state is shared
  // through the results store, the other locations' are read back, and a monitor's status is
  // what enough of the reporting locations agree on (confirm.h, set_locations). Off: one node,
  // one location, every monitor checked here, as always.
  bool shared = false;
};

class Monitoring {
 public:
  using Listener = std::function<void(const ComponentHealth&)>;

  // Specs held shared with their owner (a Config), not copied.
  using SharedSpecs = std::vector<std::shared_ptr<const MonitorSpec>>;
  // REQUIRES: `results` (null: results are not stored) and `clock` outlive this object.
  Monitoring(SharedSpecs specs, ResultsStore* results, const Clock& clock,
             MonitoringOptions options = {});
  // The same, owning its own copies of the specs (tests, `pharos check`).
  Monitoring(std::vector<MonitorSpec> specs, ResultsStore* results, const Clock& clock,
             MonitoringOptions options = {});
  ~Monitoring();  // stops
  Monitoring(const Monitoring&) = delete;
  Monitoring& operator=(const Monitoring&) = delete;

  // Called on the thread that delivered the result (engine or push), outside internal locks.
  // Set before start().
  void set_listener(Listener listener);

  // Starts the engine, scheduler and writer threads. The scheduler waits in real time, so tests on
  // a FakeClock call tick() instead of start().
  Result<void> start();
  // Stops all threads and writes the results not yet saved. Idempotent.
  void stop();

  // One scheduler pass: submits every monitor due now, evaluates due heartbeats. A monitor whose
  // previous check is still running skips this slot (recorded as skipped, no data).
  void tick();

  // Feeds one round of node results of the named monitor (the engine's sink; tests script results
  // with it). kNotFound for an unknown monitor.
  Result<void> ingest(std::string_view monitor, std::vector<CheckResult> results);

  // Records a heartbeat for the monitor with this token. kNotFound for an unknown token (say
  // nothing more: the token is the credential).
  Result<void> push(std::string_view token);

  // The /metrics body. kAggregate (the default) is a few kilobytes at any scale: totals, counts
  // of monitors and nodes by state, each monitored component's status. kPerMonitor adds a series
  // per monitor and per node (they name nodes: internal addresses, for trusted scrapers only).
  enum class MetricsDetail { kAggregate, kPerMonitor };
  std::string prometheus_text(MetricsDetail detail = MetricsDetail::kAggregate) const;
  // One entry per component that has monitors (in first-monitor order); components without
  // monitors are not listed (their status is not derived from monitoring).
  std::vector<ComponentHealth> component_health() const;
  std::optional<MonitorView> monitor(std::string_view name) const;
  // Every monitor, in configuration order.
  std::vector<MonitorView> monitors() const;
  // The monitors with a node that is not up or is flapping, in configuration order: what admin
  // alerts look at every second, without copying the thousands of healthy ones.
  std::vector<MonitorView> troubled() const;

  // Pauses the monitor (see the scenario above); `by` is who ("user:rob"). Pausing a paused
  // monitor keeps the first pause. kNotFound for an unknown name; a store error changes nothing.
  Result<MonitorView> pause(std::string_view name, std::string_view by);
  // Resumes it; resuming a monitor that is not paused changes nothing.
  Result<MonitorView> resume(std::string_view name);
  // Checks every node now and returns the round (see above). kNotFound, kConflict (a check is in
  // flight), kUnavailable (monitoring not started, or no answer in time).
  Result<std::vector<CheckResult>> run_now(std::string_view name);

  // Reads of the results store for one monitor; kUnavailable when results are not stored.
  Result<MonitorUptime> uptime(std::string_view name) const;
  // uptime() of every monitor at once (two queries however many monitors), by monitor name;
  // monitors without data are left out.
  Result<std::map<std::string, MonitorUptime, std::less<>>> uptimes() const;
  Result<std::vector<RollupRow>> rollups(std::string_view name, RollupPeriod period, Instant from,
                                         Instant to) const;

  // Writes the results not yet saved, now.
  Result<void> flush();

  // Replaces the configured monitors with `specs` (see "Reconfiguring" above). Names stay unique
  // (the config guarantees it). Component health changes it causes reach the listener. An error
  // only when the threads cannot be started again.
  Result<void> reconfigure(SharedSpecs specs);
  Result<void> reconfigure(std::vector<MonitorSpec> specs);

  // ---- several nodes (options.shared; locations.cpp) ----
  // The monitors this node checks now (the leases it holds), by name; the others are skipped
  // by the scheduler. A monitor taken over continues from the state its location last shared.
  void set_owned(const std::vector<std::string>& names);
  // The locations that have a live node (this node's included): the ones that report.
  void set_locations(std::vector<std::string> locations);
  // Exchanges shared state with the results store now: writes this node's location changes and
  // pushes, reads the others' when their version moved. The writer thread does it every
  // flush_every and whenever poke() is called.
  Result<void> exchange_shared();
  // Wakes the writer thread to exchange shared state (another node changed it: a change feed).
  void poke();

  // Schedule lateness (now − slot) of every check started so far, as a histogram.
  LatencyHistogram lateness() const;
  std::int64_t checks_started() const { return checks_started_.load(); }
  std::int64_t checks_completed() const { return checks_completed_.load(); }  // node checks
  std::int64_t checks_down() const { return checks_down_.load(); }  // of those, found down
  std::int64_t slots_skipped() const { return slots_skipped_.load(); }
  std::int64_t results_dropped() const { return results_dropped_.load(); }

 private:
  struct NodeSlot;
  struct Runtime;
  struct RunWaiter;

  std::optional<std::size_t> find(std::string_view name) const;
  void ingest_round(std::size_t index, std::vector<CheckResult>& results);
  void update_nodes(Runtime& m, std::vector<CheckResult>& results);
  void apply_trend(Runtime& m, NodeSlot& slot, CheckResult& result);
  ComponentStatus derive_status(const Runtime& m) const;
  ComponentHealth health_of(std::size_t component) const;  // REQUIRES: mu_ held
  void evaluate_heartbeat(std::size_t index, Instant now);
  void queue_for_storage(const Runtime& m, const std::vector<CheckResult>& results);
  // Sets the monitor's status and re-derives its component's; the component's health when that
  // changed. REQUIRES: mu_ held.
  std::optional<ComponentHealth> set_status(Runtime& m, ComponentStatus status);
  // locations.cpp. REQUIRES: mu_ held (each of these).
  ComponentStatus confirmed(const Runtime& m) const;
  std::vector<std::string> reporting(const Runtime& m) const;
  int quorum_of(const Runtime& m) const;
  LocationState local_state(const Runtime& m) const;
  // This location's state when it differs from what was last shared (and remembers it).
  std::optional<LocationState> local_state_change(Runtime& m);
  void take_over(Runtime& m, const LocationState* previous);
  void add_location_failures(const Runtime& m, ComponentHealth& h) const;
  std::vector<LocationView> location_views(const Runtime& m) const;
  std::string own_location(const Runtime& m) const;
  // Re-derives every monitor's confirmed status; the component changes.
  std::vector<ComponentHealth> reconfirm_all();
  void apply_shared(const SharedMonitorState& state);
  // Applies a pause or resume made through another node; the state to share, if any.
  std::optional<LocationState> follow_pause(
      Runtime& m, const std::map<std::string_view, const MonitorPause*>& pauses);
  // Outside mu_: queues a state to share and wakes the writer.
  void share(std::optional<LocationState> state);
  void notify(const std::vector<ComponentHealth>& changed);
  MonitorView view_of(const Runtime& m) const;  // REQUIRES: mu_ held
  void submit(std::size_t index);
  void restore_pauses();
  void assign_push_tokens();
  // Installs `monitors` as the set, rebuilding every index over it and the schedule from `now`.
  // REQUIRES: shape_mu_ held exclusively (or construction), mu_ held.
  void build(std::vector<std::unique_ptr<Runtime>> monitors, Instant now);
  // Schedules every monitor's first slot at or after `now` (scheduler not running).
  void reschedule(Instant now);
  void run_scheduler();
  void run_writer();

  // The set of monitors and the indexes over it: changed only by reconfigure() (with shape_mu_
  // held exclusively); read by everyone else with shape_mu_ held shared. Taken at public entry
  // points only (never twice on one thread: a shared_mutex is not recursive).
  mutable std::shared_mutex shape_mu_;
  std::vector<std::unique_ptr<Runtime>> monitors_;
  // Name → index into monitors_ (the names are the specs').
  std::unordered_map<std::string_view, std::size_t> by_name_;
  std::vector<std::string> components_;  // ids that have monitors
  // Per component (parallel to components_), its monitors' indices in configuration order.
  std::vector<std::vector<std::size_t>> component_monitors_;
  ResultsStore* results_;
  const Clock& clock_;
  MonitoringOptions options_;
  Listener listener_;
  std::unique_ptr<probe::ProbeEngine> engine_;
  Instant started_at_;

  mutable std::mutex mu_;             // guards the runtime state in monitors_ and component_status_
  std::condition_variable run_done_;  // with mu_: a run_now round arrived
  std::vector<ComponentStatus> component_status_;  // parallel to components_
  // Per component, how many of its monitors are in each status (indexed by ComponentStatus), so a
  // result updates the component in O(1) however many monitors it has.
  std::vector<std::array<std::int64_t, 5>> status_counts_;
  LatencyHistogram lateness_;   // GUARDED_BY(mu_)
  LatencyHistogram durations_;  // GUARDED_BY(mu_)

  std::mutex pending_mu_;
  std::vector<StoredResult> pending_;                            // GUARDED_BY(pending_mu_)
  std::vector<LocationState> pending_states_;                    // GUARDED_BY(pending_mu_)
  std::vector<std::pair<std::string, Instant>> pending_pushes_;  // GUARDED_BY(pending_mu_)
  std::vector<std::string> live_locations_;                      // GUARDED_BY(mu_), sorted
  std::int64_t shared_version_ = -1;  // writer thread only: the version last read
  bool poked_ = false;                // GUARDED_BY(run_mu_)
  // REQUIRES: mu_ held. The two parts of prometheus_text (metrics_text.cpp).
  void append_aggregate_metrics(std::string& out) const;
  void append_per_monitor_metrics(std::string& out) const;
  // REQUIRES: pending_mu_ held. Drops the oldest beyond max_pending_results, counting them.
  void trim_pending();

  std::atomic<std::int64_t> checks_started_{0};
  std::atomic<std::int64_t> checks_completed_{0};
  std::atomic<std::int64_t> checks_down_{0};
  std::atomic<std::int64_t> slots_skipped_{0};
  std::atomic<std::int64_t> results_dropped_{0};
  std::atomic<int> runs_waiting_{0};  // callers inside run_now, bounded by max_waiting_runs

  // The writer retries every flush_every while the store is away: logged once per outage.
  log::FailureLog flush_log_{"monitor.flush_failed", "monitor.flush_recovered", log::Level::kError};
  log::FailureLog share_log_{"monitor.share_failed", "monitor.share_recovered", log::Level::kError};

  std::mutex run_mu_;
  std::condition_variable run_cv_;
  bool running_ = false;  // GUARDED_BY(run_mu_)
  Schedule schedule_;     // scheduler thread only (and tick())
  std::thread scheduler_, writer_;
};

}  // namespace pharos::monitor
