#pragma once
// Internal to monitor/: the runtime state Monitoring keeps per monitor and per node. Shared by
// monitoring.cpp and metrics_text.cpp only.
#include <atomic>
#include <deque>
#include <memory>

#include "monitor/monitoring.h"

namespace pharos::monitor {

struct Monitoring::NodeSlot {
  std::string node;
  NodeHealth health;
  std::optional<CheckResult> last;
  // Metric trend, only for a metric monitor with a trend rule: an empty std::deque allocates
  // ~600 bytes, which every node of every monitor paid (6 MB at 10,000 monitors).
  std::unique_ptr<std::deque<Sample>> samples;
};

struct Monitoring::Runtime {
  explicit Runtime(std::shared_ptr<const MonitorSpec> s)
      : spec_owner(std::move(s)), spec(*spec_owner), check(spec) {}
  // Shared with the config it came from (`pharos serve`: the Config in force), not copied: at
  // 10,000 monitors a second copy of the specs was 11 MB.
  const std::shared_ptr<const MonitorSpec> spec_owner;
  const MonitorSpec& spec;
  const probe::PreparedCheck check;  // refers to spec
  std::size_t component = 0;         // index into components_
  std::atomic<bool> in_flight{false};
  // GUARDED_BY(mu_):
  std::vector<NodeSlot> nodes;
  ComponentStatus status = ComponentStatus::kOperational;
  std::int64_t checks = 0, failures = 0;
  std::int64_t last_latency_us = 0;
  std::int64_t last_lateness_us = 0;
  std::optional<Instant> last_push;
  std::optional<MonitorPause> pause;
  std::string push_token;             // heartbeat; changed only with shape_mu_ held exclusively
  std::optional<Instant> resumed_at;  // heartbeat: overdue counts from here at the earliest
  std::optional<Instant> added_at;    // set when a reload added it (heartbeat: counts from here)
  std::shared_ptr<RunWaiter> waiter;  // set while a run_now waits for this monitor's round
  // Mirrors `pause` for the scheduler's hot path (read without mu_).
  std::atomic<bool> paused{false};
  // Checked by this node (several nodes: while it holds the lease; set_owned). Read without mu_
  // on the scheduler's hot path; written under mu_.
  std::atomic<bool> owned{true};
  // Several nodes, GUARDED_BY(mu_): this location's status from `nodes` (while owned), the
  // other locations' shared states (and this location's while another node checks it), and
  // what this node last shared for its location ("" : nothing, i.e. operational).
  ComponentStatus local = ComponentStatus::kOperational;
  std::vector<LocationState> remote;
  std::string shared_key;
};

// True when `a` equals `b`, in time that depends on their lengths only (push tokens are
// credentials: a comparison that stops at the first difference tells an attacker how much of a
// guess was right).
bool same_secret(std::string_view a, std::string_view b);

// One run_now call waiting for its round. GUARDED_BY(mu_).
struct Monitoring::RunWaiter {
  bool done = false;
  std::vector<CheckResult> results;
};

}  // namespace pharos::monitor
