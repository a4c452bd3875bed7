#include "monitor/monitoring.h"
#include "monitor/runtime.h"

#include <algorithm>
#include <map>

#include "core/duration.h"
#include "core/log.h"

namespace pharos::monitor {
namespace {

// The scheduler's shortest sleep (run_scheduler). Each tick wakes two threads (the scheduler,
// then the probe loop): at 10,000 monitors and 20 ms the scheduler thread alone was 6 % of the
// server's CPU. 50 ms keeps lateness well inside its bar (p99 <= 100 ms).
constexpr Millis kSchedulerTick{50};

}  // namespace

namespace {

Monitoring::SharedSpecs own(std::vector<MonitorSpec> specs) {
  Monitoring::SharedSpecs out;
  out.reserve(specs.size());
  for (auto& spec : specs) out.push_back(std::make_shared<const MonitorSpec>(std::move(spec)));
  return out;
}

}  // namespace

Monitoring::Monitoring(std::vector<MonitorSpec> specs, ResultsStore* results, const Clock& clock,
                       MonitoringOptions options)
    : Monitoring(own(std::move(specs)), results, clock, std::move(options)) {}

Monitoring::Monitoring(SharedSpecs specs, ResultsStore* results, const Clock& clock,
                       MonitoringOptions options)
    : results_(results), clock_(clock), options_(std::move(options)), started_at_(clock.now()) {
  std::vector<std::unique_ptr<Runtime>> monitors;
  monitors.reserve(specs.size());
  for (auto& spec : specs) monitors.push_back(std::make_unique<Runtime>(std::move(spec)));
  {
    std::lock_guard lock(mu_);
    build(std::move(monitors), started_at_);
  }
  if (options_.shared) {
    for (auto& m : monitors_) m->owned.store(false);  // until the leases say otherwise
    live_locations_ = {options_.location};
  }
  pending_.reserve(1024);
  restore_pauses();
  assign_push_tokens();
}

void Monitoring::reschedule(Instant now) {
  schedule_ = Schedule{};
  for (std::size_t i = 0; i < monitors_.size(); ++i)
    schedule_.add(i, monitors_[i]->spec.name, monitors_[i]->spec.interval, now);
}

void Monitoring::build(std::vector<std::unique_ptr<Runtime>> monitors, Instant now) {
  monitors_ = std::move(monitors);
  by_name_.clear();
  components_.clear();
  component_monitors_.clear();
  std::unordered_map<std::string, std::size_t> component_index;
  for (std::size_t i = 0; i < monitors_.size(); ++i) {
    Runtime& m = *monitors_[i];
    auto [it, added] = component_index.emplace(m.spec.component, components_.size());
    m.component = it->second;
    if (added) {
      components_.push_back(m.spec.component);
      component_monitors_.emplace_back();
    }
    component_monitors_[m.component].push_back(i);
    by_name_.emplace(m.spec.name, i);
  }
  reschedule(now);
  // Statuses are the monitors' own (kept monitors keep theirs; new ones are operational).
  component_status_.assign(components_.size(), ComponentStatus::kOperational);
  status_counts_.assign(components_.size(), {});
  for (const auto& m : monitors_) {
    ++status_counts_[m->component][static_cast<std::size_t>(m->status)];
    component_status_[m->component] = worst(component_status_[m->component], m->status);
  }
}

Result<void> Monitoring::reconfigure(std::vector<MonitorSpec> specs) {
  return reconfigure(own(std::move(specs)));
}

Result<void> Monitoring::reconfigure(SharedSpecs specs) {
  bool was_running = false;
  {
    std::lock_guard lock(run_mu_);
    was_running = running_;
  }
  // No scheduler, engine or writer while the set changes (stop() flushes the pending results).
  if (was_running) stop();
  std::vector<ComponentHealth> changed;
  std::size_t kept = 0, fresh = 0, dropped = 0;
  Result<void> started = Ok();
  {
    std::unique_lock shape(shape_mu_);
    std::unordered_map<std::string, std::unique_ptr<Runtime>> old;
    for (auto& m : monitors_) {
      std::string name = m->spec.name;
      old.emplace(std::move(name), std::move(m));
    }
    Instant now = clock_.now();
    std::vector<std::unique_ptr<Runtime>> next;
    next.reserve(specs.size());
    for (auto& spec : specs) {
      auto it = old.find(spec->name);
      if (it != old.end() && it->second->spec == *spec) {
        next.push_back(std::move(it->second));
        old.erase(it);
        ++kept;
        continue;
      }
      auto m = std::make_unique<Runtime>(std::move(spec));
      m->added_at = now;
      if (options_.shared) m->owned.store(false);  // until the leases say otherwise
      next.push_back(std::move(m));
      ++fresh;
    }
    dropped = old.size();
    {
      std::lock_guard lock(mu_);
      std::map<std::string, ComponentStatus> before;
      for (std::size_t c = 0; c < components_.size(); ++c)
        before[components_[c]] = component_status_[c];
      build(std::move(next), now);
      for (std::size_t c = 0; c < components_.size(); ++c) {
        auto it = before.find(components_[c]);
        ComponentStatus was = it == before.end() ? ComponentStatus::kOperational : it->second;
        if (was != component_status_[c]) changed.push_back(health_of(c));
        if (it != before.end()) before.erase(it);
      }
      // A component that lost its last monitor is no longer derived from monitoring: say it is
      // clear, so a listener that tracks it does not keep a stale outage.
      for (const auto& [id, was] : before) {
        if (was != ComponentStatus::kOperational)
          changed.push_back(ComponentHealth{id, ComponentStatus::kOperational, {}, {}});
      }
    }
    // New and changed monitors: their saved pauses and push tokens (kept ones find theirs again).
    restore_pauses();
    assign_push_tokens();
    // Started while the set is still held: no caller (run_now) may reach the engine while
    // start() replaces it.
    if (was_running) started = start();
  }
  log::info("monitor.reconfigured",
            {log::kv("kept", kept), log::kv("started", fresh), log::kv("dropped", dropped)});
  notify(changed);
  return started;
}

Monitoring::~Monitoring() { stop(); }

void Monitoring::set_listener(Listener listener) { listener_ = std::move(listener); }

Result<void> Monitoring::start() {
  std::lock_guard lock(run_mu_);
  if (running_) return Ok();
  if (!options_.submit) {
    engine_ = std::make_unique<probe::ProbeEngine>(
        clock_,
        [this](probe::CheckRound&& round) {
          std::shared_lock shape(shape_mu_);
          ingest_round(static_cast<std::size_t>(round.tag), round.results);
        },
        options_.engine);
    PHAROS_TRY(engine_->start());
  }
  // Checks abandoned by an earlier stop() never reported back; their monitors may run again.
  for (auto& m : monitors_) m->in_flight.store(false);
  // Slots count from now: those that passed since construction (`pharos serve` builds its site
  // in between) are skipped like any missed slot. Otherwise the first tick would submit all of
  // them at once: thousands of transfers in flight, ~20 KB each, the process's peak memory.
  reschedule(clock_.now());
  running_ = true;
  scheduler_ = std::thread([this] { run_scheduler(); });
  writer_ = std::thread([this] { run_writer(); });
  log::info("monitor.started", {log::kv("monitors", monitors_.size())});
  return Ok();
}

void Monitoring::stop() {
  {
    std::lock_guard lock(run_mu_);
    if (!running_) return;
    running_ = false;
  }
  run_cv_.notify_all();
  if (scheduler_.joinable()) scheduler_.join();
  if (engine_) engine_->stop();
  if (writer_.joinable()) writer_.join();
  if (auto flushed = flush(); !flushed) {
    log::error("monitor.flush_failed", {log::kv("error", flushed.error().describe())});
  }
}

void Monitoring::run_scheduler() {
  std::unique_lock lock(run_mu_);
  while (running_) {
    lock.unlock();
    tick();
    lock.lock();
    // Wake at the next slot (at most a second away, so clock jumps are noticed soon), but not
    // sooner than kSchedulerTick: thousands of monitors have a slot every millisecond or two,
    // and waking the scheduler and the probe thread for each cost more CPU (context switches)
    // than the checks. A check starts at most one tick late; its interval is kept from its slot.
    Millis wait(1000);
    if (auto next = schedule_.next_due()) {
      wait = std::clamp(std::chrono::duration_cast<Millis>(*next - clock_.now()), kSchedulerTick,
                        Millis(1000));
    }
    run_cv_.wait_for(lock, wait, [this] { return !running_; });
  }
}

void Monitoring::tick() {
  std::shared_lock shape(shape_mu_);
  Instant now = clock_.now();
  static thread_local std::vector<DueCheck> due;
  due.clear();
  schedule_.pop_due(now, due);
  bool probing = engine_ != nullptr || options_.submit;
  for (const auto& d : due) {
    Runtime& m = *monitors_[d.index];
    if (m.paused.load()) continue;  // not checked at all: its slots are no data
    if (!m.owned.load()) continue;  // another node checks it (several nodes: its lease)
    if (m.spec.kind == MonitorKind::kHeartbeat) {
      evaluate_heartbeat(d.index, now);
      continue;
    }
    if (!probing) continue;
    if (m.in_flight.exchange(true)) {
      slots_skipped_.fetch_add(1);  // still running from the last slot: this one is no data
      continue;
    }
    auto late = std::chrono::duration_cast<std::chrono::microseconds>(now - d.due).count();
    {
      std::lock_guard lock(mu_);
      lateness_.add(late);
      m.last_lateness_us = late;
    }
    submit(d.index);
  }
}

void Monitoring::submit(std::size_t index) {
  checks_started_.fetch_add(1);
  Runtime& m = *monitors_[index];
  if (options_.submit)
    options_.submit(m.spec);
  else
    engine_->submit(m.check, index);
}

void Monitoring::evaluate_heartbeat(std::size_t index, Instant now) {
  Runtime& m = *monitors_[index];
  std::optional<Instant> last, resumed;
  {
    std::lock_guard lock(mu_);
    last = m.last_push;
    resumed = m.resumed_at;
  }
  Instant base = std::max({last.value_or(started_at_), resumed.value_or(started_at_),
                           m.added_at.value_or(started_at_)});
  CheckResult r;
  r.at = now;
  r.outcome = CheckOutcome::kUp;
  if (now > base + m.spec.every + m.spec.grace) {
    r.outcome = CheckOutcome::kDown;
    std::string rule = " (every " + format_duration_config(m.spec.every) + ", grace " +
                       format_duration_config(m.spec.grace) + ")";
    if (resumed && (!last || *resumed > *last)) {
      r.reason = "no heartbeat since the monitor was resumed at " + format_iso_utc(*resumed) + rule;
    } else if (last) {
      r.reason = "no heartbeat since " + format_iso_utc(*last) + rule;
    } else if (m.added_at) {
      r.reason =
          "no heartbeat since the monitor was added at " + format_iso_utc(*m.added_at) + rule;
    } else {
      r.reason = "no heartbeat since Pharos started at " + format_iso_utc(started_at_);
    }
  }
  std::vector<CheckResult> results{std::move(r)};
  ingest_round(index, results);
}

Result<void> Monitoring::push(std::string_view token) {
  std::shared_lock shape(shape_mu_);
  for (std::size_t i = 0; i < monitors_.size(); ++i) {
    const Runtime& m = *monitors_[i];
    if (m.spec.kind != MonitorKind::kHeartbeat || !same_secret(m.push_token, token)) continue;
    Instant now = clock_.now();
    {
      std::lock_guard lock(mu_);
      monitors_[i]->last_push = now;
    }
    if (options_.shared) {
      // Any node may receive the push; the one checking the monitor reads it back (poke).
      {
        std::lock_guard lock(pending_mu_);
        pending_pushes_.emplace_back(m.spec.name, now);
      }
      poke();
    }
    // A paused heartbeat monitor remembers the push (so resuming does not find it overdue) but
    // is not evaluated.
    if (!m.paused.load() && m.owned.load()) evaluate_heartbeat(i, now);
    return Ok();
  }
  return Error::not_found("no heartbeat monitor has this token");
}

std::optional<std::size_t> Monitoring::find(std::string_view name) const {
  auto it = by_name_.find(name);
  if (it == by_name_.end()) return std::nullopt;
  return it->second;
}

Result<void> Monitoring::ingest(std::string_view monitor, std::vector<CheckResult> results) {
  std::shared_lock shape(shape_mu_);
  auto index = find(monitor);
  if (!index) return Error::not_found("unknown monitor '" + std::string(monitor) + "'");
  ingest_round(*index, results);
  return Ok();
}

void Monitoring::apply_trend(Runtime& m, NodeSlot& slot, CheckResult& result) {
  const MetricRule& rule = m.spec.metric;
  if (!result.metric_value || !rule.trend_limit) return;
  if (!slot.samples) slot.samples = std::make_unique<std::deque<Sample>>();
  std::deque<Sample>& samples = *slot.samples;
  samples.push_back({result.at, *result.metric_value});
  while (samples.size() > static_cast<std::size_t>(rule.trend_samples)) samples.pop_front();
  if (result.outcome != CheckOutcome::kUp) return;
  auto eta = time_to_limit(samples, *rule.trend_limit);
  if (!eta || *eta > rule.trend_horizon) return;
  result.outcome = CheckOutcome::kDegraded;
  result.reason = "trend: " + rule.series + " reaches " + std::to_string(*rule.trend_limit) +
                  " in about " + format_duration_short(std::chrono::duration_cast<Seconds>(*eta)) +
                  " (within horizon " + format_duration_config(rule.trend_horizon) + ")";
}

void Monitoring::update_nodes(Runtime& m, std::vector<CheckResult>& results) {
  // The usual round has the nodes of the last one, in the same order: updated in place, with no
  // allocation. Otherwise nodes that left DNS are dropped and new ones start fresh (up).
  bool same_nodes =
      m.nodes.size() == results.size() &&
      std::equal(results.begin(), results.end(), m.nodes.begin(),
                 [](const CheckResult& r, const NodeSlot& s) { return r.node == s.node; });
  if (!same_nodes) {
    std::vector<NodeSlot> next;
    next.reserve(results.size());
    ThresholdRules rules{m.spec.fall, m.spec.rise, m.spec.flap_detection};
    for (auto& r : results) {
      auto it = std::find_if(m.nodes.begin(), m.nodes.end(),
                             [&](const NodeSlot& s) { return s.node == r.node; });
      if (it != m.nodes.end())
        next.push_back(std::move(*it));
      else
        next.push_back(NodeSlot{r.node, NodeHealth(rules), std::nullopt, nullptr});
    }
    m.nodes = std::move(next);
  }
  for (std::size_t i = 0; i < results.size(); ++i) {
    CheckResult& r = results[i];
    NodeSlot& slot = m.nodes[i];
    apply_trend(m, slot, r);
    slot.health.observe(r.outcome, r.at);
    slot.last = r;
    ++m.checks;
    if (r.outcome == CheckOutcome::kDown) ++m.failures;
    m.last_latency_us = r.timing.total_us;
    if (m.spec.kind != MonitorKind::kHeartbeat) durations_.add(r.timing.total_us);
  }
}

ComponentStatus Monitoring::derive_status(const Runtime& m) const {
  std::size_t down = 0, degraded = 0;
  for (const auto& n : m.nodes) {
    if (n.health.state() == CheckOutcome::kDown) ++down;
    if (n.health.state() == CheckOutcome::kDegraded) ++degraded;
  }
  if (down > 0) {
    return down == m.nodes.size() ? ComponentStatus::kMajorOutage : ComponentStatus::kPartialOutage;
  }
  return degraded > 0 ? ComponentStatus::kDegradedPerformance : ComponentStatus::kOperational;
}

std::optional<ComponentHealth> Monitoring::set_status(Runtime& m, ComponentStatus status) {
  ComponentStatus before = m.status;
  m.status = status;
  if (m.status != before) {
    log::info("monitor.status",
              {log::kv("monitor", m.spec.name), log::kv("status", to_string(m.status))});
  }
  auto& counts = status_counts_[m.component];
  --counts[static_cast<std::size_t>(before)];
  ++counts[static_cast<std::size_t>(m.status)];
  ComponentStatus derived = ComponentStatus::kOperational;  // worst with a non-zero count
  for (std::size_t s = 0; s < counts.size(); ++s) {
    if (counts[s] > 0) derived = worst(derived, static_cast<ComponentStatus>(s));
  }
  if (derived == component_status_[m.component]) return std::nullopt;
  component_status_[m.component] = derived;
  return health_of(m.component);
}

void Monitoring::ingest_round(std::size_t index, std::vector<CheckResult>& results) {
  Runtime& m = *monitors_[index];
  std::optional<ComponentHealth> changed;
  std::optional<LocationState> shared;
  bool paused = false, waited = false;
  {
    std::lock_guard lock(mu_);
    // A paused monitor's rounds (one in flight when it was paused, or a run_now) change nothing;
    // nor do those of a monitor another node took over meanwhile.
    paused = m.pause.has_value() || !m.owned.load();
    if (!paused) {
      update_nodes(m, results);
      m.local = derive_status(m);
      if (options_.shared) shared = local_state_change(m);
      changed = set_status(m, confirmed(m));
    }
    if (m.waiter) {
      m.waiter->results = results;
      m.waiter->done = true;
      m.waiter.reset();
      waited = true;
    }
  }
  if (waited) run_done_.notify_all();
  if (paused) {
    m.in_flight.store(false);
    return;
  }
  queue_for_storage(m, results);
  share(std::move(shared));
  checks_completed_.fetch_add(static_cast<std::int64_t>(results.size()));
  for (const auto& r : results) {
    if (r.outcome == CheckOutcome::kDown) checks_down_.fetch_add(1);
  }
  m.in_flight.store(false);
  if (changed && listener_) listener_(*changed);
}

ComponentHealth Monitoring::health_of(std::size_t component) const {
  ComponentHealth h;
  h.component_id = components_[component];
  h.status = component_status_[component];
  if (options_.shared) {
    for (std::size_t index : component_monitors_[component])
      add_location_failures(*monitors_[index], h);
    return h;
  }
  for (std::size_t index : component_monitors_[component]) {
    const Runtime* m = monitors_[index].get();
    for (const auto& n : m->nodes) {
      if (n.health.state() == CheckOutcome::kUp) continue;
      std::string reason = n.last ? n.last->reason : "";
      h.failing.push_back({m->spec.name, n.node, n.health.state(), std::move(reason)});
      auto since = n.health.problem_since();
      if (since && (!h.since || *since < *h.since)) h.since = since;
    }
  }
  return h;
}

std::vector<ComponentHealth> Monitoring::component_health() const {
  std::shared_lock shape(shape_mu_);
  std::lock_guard lock(mu_);
  std::vector<ComponentHealth> out;
  out.reserve(components_.size());
  for (std::size_t c = 0; c < components_.size(); ++c) out.push_back(health_of(c));
  return out;
}

std::optional<MonitorView> Monitoring::monitor(std::string_view name) const {
  std::shared_lock shape(shape_mu_);
  auto index = find(name);
  if (!index) return std::nullopt;
  std::lock_guard lock(mu_);
  return view_of(*monitors_[*index]);
}

std::vector<MonitorView> Monitoring::monitors() const {
  std::shared_lock shape(shape_mu_);
  std::lock_guard lock(mu_);
  std::vector<MonitorView> out;
  out.reserve(monitors_.size());
  for (const auto& m : monitors_) out.push_back(view_of(*m));
  return out;
}

std::vector<MonitorView> Monitoring::troubled() const {
  std::shared_lock shape(shape_mu_);
  std::lock_guard lock(mu_);
  std::vector<MonitorView> out;
  for (const auto& m : monitors_) {
    bool trouble = std::any_of(m->nodes.begin(), m->nodes.end(), [](const NodeSlot& n) {
      return n.health.state() != CheckOutcome::kUp || n.health.flapping();
    });
    if (trouble) out.push_back(view_of(*m));
  }
  return out;
}

MonitorView Monitoring::view_of(const Runtime& m) const {
  MonitorView v;
  v.name = m.spec.name;
  v.component = m.spec.component;
  v.kind = m.spec.kind;
  v.interval = m.spec.kind == MonitorKind::kHeartbeat ? m.spec.every : m.spec.interval;
  v.timeout = m.spec.timeout;
  v.status = m.status;
  v.checks = m.checks;
  v.failures = m.failures;
  v.paused = m.pause;
  v.push_token = m.push_token;
  for (const auto& n : m.nodes) {
    NodeView node;
    node.node = n.node;
    node.state = n.health.state();
    node.flapping = n.health.flapping();
    node.problem_since = n.health.problem_since();
    node.last = n.last;
    v.nodes.push_back(std::move(node));
  }
  if (options_.shared) {
    v.locations = location_views(m);
    v.quorum = quorum_of(m);
  }
  return v;
}

LatencyHistogram Monitoring::lateness() const {
  std::lock_guard lock(mu_);
  return lateness_;
}

void Monitoring::queue_for_storage(const Runtime& m, const std::vector<CheckResult>& results) {
  if (!results_) return;
  std::lock_guard lock(pending_mu_);
  for (const auto& r : results) {
    // Each result covers its monitor until the next check is due (the scheduler's interval,
    // heartbeats included): what reports count as observed.
    pending_.push_back({m.spec.name, r.node, r.at, r.outcome, r.timing.total_us, r.http_status,
                        r.reason, own_location(m), m.spec.interval});
  }
  trim_pending();
}

void Monitoring::trim_pending() {
  if (pending_.size() <= options_.max_pending_results) return;
  // The store has been away (or slow) for long: the oldest unsaved minutes become no data.
  auto drop = pending_.size() - options_.max_pending_results;
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(drop));
  results_dropped_ += static_cast<std::int64_t>(drop);
  log::warn("monitor.results_dropped", {log::kv("count", drop)});
}

Result<void> Monitoring::flush() {
  if (!results_) return Ok();
  std::vector<StoredResult> batch;
  {
    std::lock_guard lock(pending_mu_);
    batch.swap(pending_);
    pending_.reserve(batch.size());
  }
  // In one transaction, or several when another writer (an incident update) queues meanwhile.
  Result<void> written = Ok();
  std::size_t done = 0;
  while (done < batch.size()) {
    auto wrote = results_->write_some(batch, done);
    if (!wrote || *wrote == 0) {
      written = wrote ? Error::internal("the results store wrote nothing") : wrote.error();
      break;
    }
    done += *wrote;
  }
  if (written || batch.empty()) return written;
  // The store is unreachable: what was not written waits for the next flush, ahead of newer
  // results.
  batch.erase(batch.begin(), batch.begin() + static_cast<std::ptrdiff_t>(done));
  std::lock_guard lock(pending_mu_);
  batch.insert(batch.end(), std::make_move_iterator(pending_.begin()),
               std::make_move_iterator(pending_.end()));
  pending_.swap(batch);
  trim_pending();
  return written;
}

void Monitoring::run_writer() {
  Instant last_prune{};
  auto next_flush = std::chrono::steady_clock::now() + options_.flush_every;
  std::unique_lock lock(run_mu_);
  while (running_) {
    // Woken early only to exchange shared state (a location changed here, or a change feed
    // says one changed elsewhere): results are still written once per flush_every.
    run_cv_.wait_until(lock, next_flush, [this] { return !running_ || poked_; });
    poked_ = false;
    lock.unlock();
    if (options_.shared) share_log_.note(exchange_shared());
    if (std::chrono::steady_clock::now() < next_flush) {
      lock.lock();
      continue;
    }
    next_flush = std::chrono::steady_clock::now() + options_.flush_every;
    flush_log_.note(flush());
    Instant now = clock_.now();
    if (results_ && now - last_prune > std::chrono::hours(1)) {
      last_prune = now;
      auto pruned = results_->prune(now - options_.retention);
      if (!pruned)
        log::error("monitor.prune_failed", {log::kv("error", pruned.error().describe())});
    }
    lock.lock();
  }
}

}  // namespace pharos::monitor
