// What people do to one monitor: pause, resume, run now; and the results-store reads behind the
// monitor list (uptime, rollup points). The rules are in monitoring.h's scenario.
#include <algorithm>
#include <random>

#include "core/duration.h"
#include "core/log.h"
#include "monitor/monitoring.h"
#include "monitor/runtime.h"

namespace pharos::monitor {

bool MonitorView::flapping() const {
  return std::any_of(nodes.begin(), nodes.end(), [](const NodeView& n) { return n.flapping; });
}

namespace {

Error unknown(std::string_view name) {
  return Error::not_found("unknown monitor '" + std::string(name) + "'", "name");
}

// 24 random bytes as hex with a recognisable prefix: "hb_" + 48 hex digits.
std::string generate_push_token() {
  std::random_device random;  // the kernel's CSPRNG on Linux
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "hb_";
  for (int i = 0; i < 6; ++i) {
    std::uint32_t v = random();
    for (int b = 0; b < 4; ++b, v >>= 8) {
      out += kHex[(v >> 4) & 0xfu];
      out += kHex[v & 0xfu];
    }
  }
  return out;
}

}  // namespace

bool same_secret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;  // lengths are not secret (generated tokens: fixed)
  unsigned diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff |=
        static_cast<unsigned>(static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i]));
  }
  return diff == 0;
}

void Monitoring::assign_push_tokens() {
  std::vector<PushToken> saved;
  if (results_) {
    auto read = results_->push_tokens();
    if (read)
      saved = std::move(*read);
    else
      log::error("monitor.push_tokens_unreadable", {log::kv("error", read.error().describe())});
  }
  for (auto& m : monitors_) {
    if (m->spec.kind != MonitorKind::kHeartbeat) continue;
    // The old default (the monitor's name) is public knowledge: treated as "no token".
    if (!m->spec.token.empty() && m->spec.token != m->spec.name) {
      m->push_token = m->spec.token;
      continue;
    }
    auto it = std::find_if(saved.begin(), saved.end(),
                           [&](const PushToken& t) { return t.monitor == m->spec.name; });
    if (it != saved.end()) {
      m->push_token = it->token;
      continue;
    }
    PushToken fresh{m->spec.name, generate_push_token(), clock_.now()};
    m->push_token = fresh.token;
    if (results_) {
      auto stored = results_->save_push_token(fresh);
      if (stored)
        m->push_token = *stored;  // another process may have saved one first
      else
        log::error("monitor.push_token_unsaved",
                   {log::kv("monitor", m->spec.name), log::kv("error", stored.error().describe())});
    }
    log::warn("monitor.push_token_generated",
              {log::kv("monitor", m->spec.name),
               log::kv("hint", "see the admin monitor page or GET /api/manage/v1/monitors/" +
                                   m->spec.name)});
  }
}

void Monitoring::restore_pauses() {
  if (!results_) return;
  auto saved = results_->pauses();
  if (!saved) {
    // Start anyway: checking a monitor someone paused is the safe side of this failure.
    log::error("monitor.pauses_unreadable", {log::kv("error", saved.error().describe())});
    return;
  }
  for (auto& p : *saved) {
    auto index = find(p.monitor);
    if (!index) continue;  // no longer configured; the row waits in case it comes back
    Runtime& m = *monitors_[*index];
    std::lock_guard lock(mu_);
    m.pause = std::move(p);
    m.paused.store(true);
  }
}

Result<MonitorView> Monitoring::pause(std::string_view name, std::string_view by) {
  std::shared_lock shape(shape_mu_);
  auto index = find(name);
  if (!index) return unknown(name);
  Runtime& m = *monitors_[*index];
  {
    std::lock_guard lock(mu_);
    if (m.pause) return view_of(m);
  }
  MonitorPause pause;
  pause.monitor = m.spec.name;
  pause.paused_by = std::string(by);
  pause.paused_at = clock_.now();
  // Saved before anything changes in memory: a pause that would not survive a restart is refused.
  if (results_) PHAROS_TRY(results_->save_pause(pause));
  std::optional<ComponentHealth> changed;
  std::optional<LocationState> shared;
  MonitorView view;
  {
    std::lock_guard lock(mu_);
    m.pause = pause;
    m.paused.store(true);
    m.nodes.clear();
    m.local = ComponentStatus::kOperational;
    if (options_.shared && m.owned.load()) shared = local_state_change(m);
    changed = set_status(m, ComponentStatus::kOperational);
    view = view_of(m);
  }
  share(std::move(shared));
  log::info("monitor.paused", {log::kv("monitor", m.spec.name), log::kv("by", pause.paused_by)});
  if (changed && listener_) listener_(*changed);
  return view;
}

Result<MonitorView> Monitoring::resume(std::string_view name) {
  std::shared_lock shape(shape_mu_);
  auto index = find(name);
  if (!index) return unknown(name);
  Runtime& m = *monitors_[*index];
  if (results_) PHAROS_TRY(results_->clear_pause(m.spec.name));
  MonitorView view;
  bool was_paused = false;
  {
    std::lock_guard lock(mu_);
    was_paused = m.pause.has_value();
    m.pause.reset();
    m.paused.store(false);
    // A heartbeat's grace counts from the resume, not from a push long before the pause.
    if (was_paused) m.resumed_at = clock_.now();
    view = view_of(m);
  }
  if (was_paused) log::info("monitor.resumed", {log::kv("monitor", m.spec.name)});
  return view;
}

Result<std::vector<CheckResult>> Monitoring::run_now(std::string_view name) {
  std::shared_lock shape(shape_mu_);
  auto index = find(name);
  if (!index) return unknown(name);
  Runtime& m = *monitors_[*index];
  if (runs_waiting_.fetch_add(1) >= options_.max_waiting_runs) {
    runs_waiting_.fetch_sub(1);
    return Error::unavailable(
        "another run-now is waiting for its result; try again in a few "
        "seconds");
  }
  struct Leave {
    std::atomic<int>& count;
    ~Leave() { count.fetch_sub(1); }
  } leave{runs_waiting_};
  bool heartbeat = m.spec.kind == MonitorKind::kHeartbeat;
  if (!heartbeat) {
    if (!options_.submit) {
      std::lock_guard lock(run_mu_);
      if (!running_) return Error::unavailable("monitoring is not running");
    }
    if (m.in_flight.exchange(true)) {
      return Error::conflict("a check of '" + m.spec.name +
                             "' is already running; try again when it has finished");
    }
  }
  auto waiter = std::make_shared<RunWaiter>();
  {
    std::lock_guard lock(mu_);
    m.waiter = waiter;
  }
  // A heartbeat is "checked" by looking at its last push, here and now.
  if (heartbeat)
    evaluate_heartbeat(*index, clock_.now());
  else
    submit(*index);
  std::unique_lock lock(mu_);
  // Real time on purpose: this bounds how long the caller's thread waits, whatever the clock.
  const Millis wait = m.spec.timeout + options_.run_now_slack;
  bool done = run_done_.wait_for(lock, wait, [&] { return waiter->done; });
  if (!done) {
    if (m.waiter == waiter) m.waiter.reset();
    return Error::unavailable("no result from '" + m.spec.name + "' within " +
                              format_duration_config(wait));
  }
  return std::move(waiter->results);
}

Result<MonitorUptime> Monitoring::uptime(std::string_view name) const {
  std::shared_lock shape(shape_mu_);
  if (!find(name)) return unknown(name);
  if (!results_) return Error::unavailable("check results are not stored");
  using std::chrono::hours;
  Instant now = clock_.now();
  Instant end = period_start(RollupPeriod::kHour, now) + hours(1);
  auto week = results_->rollups(std::string(name), RollupPeriod::kHour, end - hours(24 * 7), end);
  if (!week) return week.error();
  std::vector<RollupRow> day;
  for (const auto& row : *week) {
    if (row.start >= end - hours(24)) day.push_back(row);
  }
  MonitorUptime out;
  out.day = summarize(day).uptime;
  out.week = summarize(*week).uptime;
  return out;
}

Result<std::map<std::string, MonitorUptime, std::less<>>> Monitoring::uptimes() const {
  if (!results_) return Error::unavailable("check results are not stored");
  using std::chrono::hours;
  Instant end = period_start(RollupPeriod::kHour, clock_.now()) + hours(1);
  std::map<std::string, MonitorUptime, std::less<>> out;
  for (auto [span, field] : {std::pair{hours(24), &MonitorUptime::day},
                             std::pair{hours(24 * 7), &MonitorUptime::week}}) {
    auto totals = results_->rollup_totals(RollupPeriod::kHour, end - span, end);
    if (!totals) return totals.error();
    for (const auto& row : *totals) out[row.monitor].*field = summarize({row}).uptime;
  }
  return out;
}

Result<std::vector<RollupRow>> Monitoring::rollups(std::string_view name, RollupPeriod period,
                                                   Instant from, Instant to) const {
  std::shared_lock shape(shape_mu_);
  if (!find(name)) return unknown(name);
  if (!results_) return Error::unavailable("check results are not stored");
  return results_->rollups(std::string(name), period, from, to);
}

}  // namespace pharos::monitor
