// Several nodes, several locations: which monitors this node checks, each location's confirmed
// state shared through the results store, and a monitor's status confirmed across the
// locations reporting (confirm.h). Only used with MonitoringOptions::shared; with one node a
// monitor's status is its one location's, as monitoring.cpp derives it.
#include <algorithm>
#include <map>
#include <set>

#include "core/log.h"
#include "monitor/confirm.h"
#include "monitor/monitoring.h"
#include "monitor/runtime.h"

namespace pharos::monitor {
namespace {

// What a location state says, for telling whether it changed: status and each node's state.
std::string key_of(const LocationState& s) {
  std::string key(to_string(s.status));
  for (const auto& n : s.nodes) key += "|" + n.node + "=" + std::string(to_string(n.state));
  return key;
}

const LocationState* find_state(const std::vector<LocationState>& states,
                                const std::string& location) {
  for (const auto& s : states) {
    if (s.location == location) return &s;
  }
  return nullptr;
}

}  // namespace

std::string Monitoring::own_location(const Runtime& m) const {
  // A heartbeat is pushed to Pharos, not checked from somewhere: its one "location" is "".
  return m.spec.kind == MonitorKind::kHeartbeat ? std::string() : options_.location;
}

std::vector<std::string> Monitoring::reporting(const Runtime& m) const {
  if (m.spec.kind == MonitorKind::kHeartbeat) return {""};
  if (m.spec.locations.empty()) return live_locations_;
  std::vector<std::string> out;
  for (const auto& l : m.spec.locations) {
    if (std::binary_search(live_locations_.begin(), live_locations_.end(), l)) out.push_back(l);
  }
  return out;
}

int Monitoring::quorum_of(const Runtime& m) const {
  if (m.spec.kind == MonitorKind::kHeartbeat) return 1;
  return quorum(m.spec.confirm, m.spec.locations.size(), reporting(m).size());
}

ComponentStatus Monitoring::confirmed(const Runtime& m) const {
  if (!options_.shared) return m.local;
  if (m.pause) return ComponentStatus::kOperational;
  std::vector<ComponentStatus> statuses;
  std::string here = own_location(m);
  for (const auto& location : reporting(m)) {
    if (location == here && m.owned.load()) {
      statuses.push_back(m.local);
    } else if (const LocationState* s = find_state(m.remote, location)) {
      statuses.push_back(s->status);
    } else {
      statuses.push_back(ComponentStatus::kOperational);  // shared only while not operational
    }
  }
  return confirmed_status(std::move(statuses), quorum_of(m));
}

LocationState Monitoring::local_state(const Runtime& m) const {
  LocationState s;
  s.monitor = m.spec.name;
  s.location = own_location(m);
  s.status = m.pause ? ComponentStatus::kOperational : m.local;
  s.checked_by = options_.node_name;
  s.updated_at = clock_.now();
  if (s.status == ComponentStatus::kOperational) return s;
  for (const auto& n : m.nodes) {
    if (n.health.state() == CheckOutcome::kUp) continue;
    s.nodes.push_back({n.node, n.health.state(), n.last ? n.last->reason : ""});
    auto since = n.health.problem_since();
    if (since && (!s.since || *since < *s.since)) s.since = since;
  }
  return s;
}

std::optional<LocationState> Monitoring::local_state_change(Runtime& m) {
  LocationState s = local_state(m);
  std::string key = s.status == ComponentStatus::kOperational ? "" : key_of(s);
  if (key == m.shared_key) return std::nullopt;
  m.shared_key = std::move(key);
  return s;
}

void Monitoring::share(std::optional<LocationState> state) {
  if (!state) return;
  {
    std::lock_guard lock(pending_mu_);
    // A newer state of the same monitor replaces one not yet written.
    auto it =
        std::find_if(pending_states_.begin(), pending_states_.end(), [&](const LocationState& s) {
          return s.monitor == state->monitor && s.location == state->location;
        });
    if (it != pending_states_.end()) {
      *it = std::move(*state);
    } else {
      pending_states_.push_back(std::move(*state));
    }
  }
  poke();
}

void Monitoring::poke() {
  {
    std::lock_guard lock(run_mu_);
    poked_ = true;
  }
  run_cv_.notify_all();
}

void Monitoring::add_location_failures(const Runtime& m, ComponentHealth& h) const {
  if (m.status == ComponentStatus::kOperational) return;  // not confirmed: nothing failing
  std::string here = own_location(m);
  auto add = [&](const std::string& location, const std::string& node, CheckOutcome state,
                 const std::string& reason, std::optional<Instant> since) {
    h.failing.push_back({m.spec.name, node, state, reason, location});
    if (since && (!h.since || *since < *h.since)) h.since = since;
  };
  for (const auto& location : reporting(m)) {
    if (location == here && m.owned.load()) {
      for (const auto& n : m.nodes) {
        if (n.health.state() == CheckOutcome::kUp) continue;
        add(location, n.node, n.health.state(), n.last ? n.last->reason : "",
            n.health.problem_since());
      }
    } else if (const LocationState* s = find_state(m.remote, location)) {
      for (const auto& n : s->nodes) add(location, n.node, n.state, n.reason, s->since);
    }
  }
}

std::vector<LocationView> Monitoring::location_views(const Runtime& m) const {
  std::vector<LocationView> out;
  std::string here = own_location(m);
  for (const auto& location : reporting(m)) {
    LocationView v;
    v.location = location;
    if (location == here && m.owned.load()) {
      v.here = true;
      v.status = m.local;
      for (const auto& n : m.nodes) {
        if (n.health.state() == CheckOutcome::kUp) continue;
        v.nodes.push_back({n.node, n.health.state(), n.last ? n.last->reason : ""});
        auto since = n.health.problem_since();
        if (since && (!v.since || *since < *v.since)) v.since = since;
      }
      if (v.status != ComponentStatus::kOperational) v.checked_by = options_.node_name;
    } else if (const LocationState* s = find_state(m.remote, location)) {
      v.status = s->status;
      v.since = s->since;
      v.nodes = s->nodes;
      v.checked_by = s->checked_by;
    }
    out.push_back(std::move(v));
  }
  return out;
}

std::vector<ComponentHealth> Monitoring::reconfirm_all() {
  std::vector<ComponentHealth> changed;
  for (auto& m : monitors_) {
    if (auto c = set_status(*m, confirmed(*m))) changed.push_back(std::move(*c));
  }
  return changed;
}

void Monitoring::notify(const std::vector<ComponentHealth>& changed) {
  if (!listener_) return;
  // Only the latest health of each component matters to automation.
  std::set<std::string> seen;
  for (auto it = changed.rbegin(); it != changed.rend(); ++it) {
    if (seen.insert(it->component_id).second) listener_(*it);
  }
}

void Monitoring::set_owned(const std::vector<std::string>& names) {
  std::shared_lock shape(shape_mu_);
  std::set<std::string_view> owned(names.begin(), names.end());
  std::vector<ComponentHealth> changed;
  {
    std::lock_guard lock(mu_);
    for (auto& mp : monitors_) {
      Runtime& m = *mp;
      bool own = owned.count(m.spec.name) > 0;
      if (own == m.owned.load()) continue;
      std::string here = own_location(m);
      auto previous = std::find_if(m.remote.begin(), m.remote.end(),
                                   [&](const LocationState& s) { return s.location == here; });
      if (own) {
        take_over(m, previous == m.remote.end() ? nullptr : &*previous);
        if (previous != m.remote.end()) m.remote.erase(previous);
      } else {
        // Until the next checker shares its own view, this location is what this node saw.
        LocationState mine = local_state(m);
        if (previous != m.remote.end()) m.remote.erase(previous);
        if (mine.status != ComponentStatus::kOperational) m.remote.push_back(std::move(mine));
        m.nodes.clear();
        m.local = ComponentStatus::kOperational;
        m.shared_key.clear();
      }
      m.owned.store(own);
      if (auto c = set_status(m, confirmed(m))) changed.push_back(std::move(*c));
    }
  }
  notify(changed);
}

void Monitoring::take_over(Runtime& m, const LocationState* previous) {
  // Continue where this location's last checker left off: its failing nodes in their states
  // (the others start up, as new nodes do).
  m.nodes.clear();
  m.local = ComponentStatus::kOperational;
  m.shared_key.clear();
  if (!previous) return;
  ThresholdRules rules{m.spec.fall, m.spec.rise, m.spec.flap_detection};
  for (const auto& n : previous->nodes) {
    NodeSlot slot{n.node, NodeHealth(rules), std::nullopt, {}};
    slot.health.resume(n.state, previous->since);
    m.nodes.push_back(std::move(slot));
  }
  m.local = previous->status;
  m.shared_key = key_of(*previous);
}

void Monitoring::set_locations(std::vector<std::string> locations) {
  std::shared_lock shape(shape_mu_);
  if (std::find(locations.begin(), locations.end(), options_.location) == locations.end()) {
    locations.push_back(options_.location);  // this node is alive, whatever the list says
  }
  std::sort(locations.begin(), locations.end());
  locations.erase(std::unique(locations.begin(), locations.end()), locations.end());
  std::vector<ComponentHealth> changed;
  {
    std::lock_guard lock(mu_);
    if (locations == live_locations_) return;
    log::info("monitor.locations", {log::kv("count", locations.size())});
    live_locations_ = std::move(locations);
    changed = reconfirm_all();
  }
  notify(changed);
}

void Monitoring::apply_shared(const SharedMonitorState& state) {
  std::map<std::string_view, std::vector<const LocationState*>> by_monitor;
  for (const auto& s : state.locations) by_monitor[s.monitor].push_back(&s);
  std::map<std::string_view, Instant> pushes;
  for (const auto& [monitor, at] : state.pushes) pushes[monitor] = at;
  std::map<std::string_view, const MonitorPause*> pauses;
  for (const auto& p : state.pauses) pauses[p.monitor] = &p;
  std::vector<ComponentHealth> changed;
  std::vector<std::size_t> heartbeats_due;
  std::vector<LocationState> to_share;
  {
    std::lock_guard lock(mu_);
    for (std::size_t i = 0; i < monitors_.size(); ++i) {
      Runtime& m = *monitors_[i];
      if (auto shared = follow_pause(m, pauses)) to_share.push_back(std::move(*shared));
      std::vector<LocationState> remote;
      std::string here = own_location(m);
      if (auto it = by_monitor.find(m.spec.name); it != by_monitor.end()) {
        for (const LocationState* s : it->second) {
          if (s->location != here || !m.owned.load()) remote.push_back(*s);
        }
      }
      m.remote = std::move(remote);
      if (auto p = pushes.find(m.spec.name); p != pushes.end()) {
        if (!m.last_push || *m.last_push < p->second) {
          m.last_push = p->second;
          if (m.owned.load() && !m.pause) heartbeats_due.push_back(i);
        }
      }
      if (auto c = set_status(m, confirmed(m))) changed.push_back(std::move(*c));
    }
  }
  for (auto& s : to_share) share(std::move(s));
  notify(changed);
  Instant now = clock_.now();
  for (std::size_t i : heartbeats_due) evaluate_heartbeat(i, now);
}

std::optional<LocationState> Monitoring::follow_pause(
    Runtime& m, const std::map<std::string_view, const MonitorPause*>& pauses) {
  auto it = pauses.find(m.spec.name);
  if (it != pauses.end() && !m.pause) {
    // Paused through another node: as pause() does here (monitoring.h's scenario).
    m.pause = *it->second;
    m.paused.store(true);
    m.nodes.clear();
    m.local = ComponentStatus::kOperational;
    log::info("monitor.paused",
              {log::kv("monitor", m.spec.name), log::kv("by", it->second->paused_by)});
    return m.owned.load() ? local_state_change(m) : std::nullopt;
  }
  if (it == pauses.end() && m.pause) {
    m.pause.reset();
    m.paused.store(false);
    m.resumed_at = clock_.now();
    log::info("monitor.resumed", {log::kv("monitor", m.spec.name)});
  }
  return std::nullopt;
}

Result<void> Monitoring::exchange_shared() {
  std::shared_lock shape(shape_mu_);
  if (!results_) return Ok();
  std::vector<LocationState> states;
  std::vector<std::pair<std::string, Instant>> pushes;
  {
    std::lock_guard lock(pending_mu_);
    states.swap(pending_states_);
    pushes.swap(pending_pushes_);
  }
  Result<void> written = results_->save_location_states(states);
  for (std::size_t i = 0; written && i < pushes.size(); ++i) {
    written = results_->record_push(pushes[i].first, pushes[i].second);
  }
  if (!written) {
    // Kept for the next exchange, behind nothing newer: a later change of the same monitor
    // replaces it in share().
    std::lock_guard lock(pending_mu_);
    for (auto& s : states) {
      bool newer =
          std::any_of(pending_states_.begin(), pending_states_.end(), [&](const LocationState& p) {
            return p.monitor == s.monitor && p.location == s.location;
          });
      if (!newer) pending_states_.push_back(std::move(s));
    }
    pending_pushes_.insert(pending_pushes_.begin(), pushes.begin(), pushes.end());
    return written;
  }
  auto shared = results_->shared_state(shared_version_);
  if (!shared) return shared.error();
  if (!*shared) return Ok();
  shared_version_ = (*shared)->version;
  apply_shared(**shared);
  return Ok();
}

}  // namespace pharos::monitor
