#include "cluster/cluster.h"

#include <algorithm>
#include <cstdlib>
#include <random>

#include "cluster/lease_share.h"
#include "core/log.h"

namespace pharos::cluster {
namespace {

using SteadyClock = std::chrono::steady_clock;

// Dead nodes stay listed (admin, /readyz) this many lease ttls, then their rows go.
constexpr int kForgetAfterTtls = 20;
// A round after another node's expiry waits this much beyond it: the database's clock decides.
constexpr Millis kExpirySlack{50};
// While the database is unreachable, rounds are tried this often.
constexpr Millis kRetryUnreachable{500};

std::int64_t steady_ns(SteadyClock::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

SteadyClock::time_point steady_at(std::int64_t ns) {
  return SteadyClock::time_point(
      std::chrono::duration_cast<SteadyClock::duration>(std::chrono::nanoseconds(ns)));
}

// Lease names sorted, for binary search.
std::vector<LeaseSet> sorted(std::vector<LeaseSet> sets) {
  for (auto& set : sets) std::sort(set.names.begin(), set.names.end());
  return sets;
}

}  // namespace

std::string check_scope(const std::string& location) { return "check:" + location; }

Cluster::Cluster(ClusterStore& store, const Clock& clock, ClusterOptions options,
                 std::vector<LeaseSet> sets)
    : store_(store), clock_(clock), options_(std::move(options)), sets_(sorted(std::move(sets))) {
  id_ = new_id();
}

Cluster::~Cluster() { stop(); }

std::string Cluster::new_id() const {
  std::random_device random;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string suffix;
  for (int i = 0; i < 2; ++i) {
    std::uint32_t v = random();
    for (int b = 0; b < 8; ++b, v >>= 4) suffix += kHex[v & 0xfu];
  }
  return options_.name + "/" + suffix;
}

NodeRecord Cluster::record_now() const {
  NodeRecord me;
  me.id = id();
  me.name = options_.name;
  me.location = options_.location;
  me.version = options_.version;
  me.started_at = clock_.now();
  return me;
}

Result<void> Cluster::start() {
  {
    std::lock_guard lock(run_mu_);
    if (running_) return Ok();
  }
  for (const auto& set : sets_) {
    PHAROS_TRY(store_.ensure_leases(set.scope, set.names));
    // A monitor or vendor no longer configured leaves no lease behind to be claimed forever.
    if (set.split == LeaseSet::Split::kShare)
      PHAROS_TRY(store_.retire_leases(set.scope, set.names));
  }
  NodeRecord me = record_now();
  auto sent = SteadyClock::now();
  PHAROS_TRY(store_.join(me, options_.lease_ttl));
  alive_until_ns_ = steady_ns(sent + options_.lease_ttl);
  joined_ = true;
  log::info("cluster.joined", {log::kv("node", me.id), log::kv("location", me.location)});
  round();
  {
    std::lock_guard lock(run_mu_);
    running_ = true;
  }
  thread_ = std::thread([this] { run(); });
  return Ok();
}

void Cluster::stop() {
  {
    std::lock_guard lock(run_mu_);
    if (!running_) return;
    running_ = false;
  }
  run_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::string me = id();
  if (auto left = store_.leave(me); !left) {
    log::warn("cluster.leave_failed", {log::kv("error", left.error().describe())});
  } else {
    log::info("cluster.left", {log::kv("node", me)});
  }
  std::lock_guard lock(mu_);
  held_.clear();
}

void Cluster::poke() {
  {
    std::lock_guard lock(run_mu_);
    poked_ = true;
  }
  run_cv_.notify_all();
}

void Cluster::run() {
  auto next = steady_at(next_round_ns_.load());
  std::unique_lock lock(run_mu_);
  while (running_) {
    run_cv_.wait_until(lock, next, [this] { return !running_ || poked_; });
    if (!running_) break;
    poked_ = false;
    lock.unlock();
    round();
    lock.lock();
    next = steady_at(next_round_ns_.load());  // round() says when the next one is due
  }
}

Result<void> Cluster::renew(bool* expired) {
  std::size_t total = 0;
  std::string me;
  {
    std::lock_guard lock(mu_);
    for (const auto& [scope, names] : held_) total += names.size();
    me = id_;
  }
  Instant local_before = clock_.now();
  auto sent = SteadyClock::now();
  std::int64_t skew;
  {
    std::lock_guard lock(mu_);
    skew = skew_ms_;
  }
  auto renewal = store_.renew(me, options_.lease_ttl, skew, static_cast<std::int64_t>(total));
  if (!renewal) return renewal.error();
  if (!renewal->alive) {
    *expired = true;
    return Ok();
  }
  alive_until_ns_ = steady_ns(sent + options_.lease_ttl);
  Instant local_after = clock_.now();
  Instant local_mid = local_before + (local_after - local_before) / 2;
  note_skew(std::chrono::duration_cast<Millis>(local_mid - renewal->database_now).count());
  last_database_now_ = renewal->database_now;
  return Ok();
}

void Cluster::rejoin() {
  // Declared dead by the others (their claims may already hold what this node held): let go of
  // everything before anything else, then come back as a new node.
  {
    std::lock_guard lock(mu_);
    log::warn("cluster.expired",
              {log::kv("node", id_), log::kv("note",
                                             "this node missed its heartbeat; its leases "
                                             "passed to others; joining again")});
    held_.clear();
    to_release_.clear();
    id_ = new_id();
  }
  if (listener_) listener_();
  NodeRecord me = record_now();
  auto sent = SteadyClock::now();
  if (auto joined = store_.join(me, options_.lease_ttl); !joined) {
    unreachable_.failed(joined.error());
    return;
  }
  alive_until_ns_ = steady_ns(sent + options_.lease_ttl);
}

void Cluster::set_lease_sets(std::vector<LeaseSet> sets) {
  {
    std::lock_guard lock(mu_);
    next_sets_ = sorted(std::move(sets));
  }
  poke();
}

void Cluster::round() {
  std::optional<std::vector<LeaseSet>> next_sets;
  {
    std::lock_guard lock(mu_);
    next_sets.swap(next_sets_);
  }
  if (next_sets) {
    Result<void> ensured = Ok();
    for (const auto& set : *next_sets) {
      if (ensured) ensured = store_.ensure_leases(set.scope, set.names);
      if (ensured && set.split == LeaseSet::Split::kShare) {
        ensured = store_.retire_leases(set.scope, set.names);
      }
    }
    if (ensured) {
      sets_ = std::move(*next_sets);
    } else {
      // Tried again next round; until then the old sets stay in force.
      log::error("cluster.lease_sets_failed", {log::kv("error", ensured.error().describe())});
      std::lock_guard lock(mu_);
      if (!next_sets_) next_sets_ = std::move(next_sets);
    }
  }
  bool expired = false;
  auto renewed = renew(&expired);
  if (renewed && expired) {
    rejoin();
    renewed = renew(&expired);
  }
  if (!renewed || expired) {
    unreachable_.note(renewed ? Result<void>(Error::unavailable("expired again")) : renewed);
    std::lock_guard lock(mu_);
    if (!unreachable_since_) unreachable_since_ = clock_.now();
    next_round_ns_ = steady_ns(SteadyClock::now() + kRetryUnreachable);
    return;
  }
  auto nodes = store_.nodes(options_.lease_ttl * kForgetAfterTtls);
  unreachable_.note(nodes);
  if (!nodes) {
    std::lock_guard lock(mu_);
    if (!unreachable_since_) unreachable_since_ = clock_.now();
    next_round_ns_ = steady_ns(SteadyClock::now() + kRetryUnreachable);
    return;
  }
  std::vector<NodeRecord> live;
  std::vector<std::string> locations;
  for (const auto& n : *nodes) {
    if (!n.alive) continue;
    live.push_back(n);
    locations.push_back(n.location);
  }
  std::sort(locations.begin(), locations.end());
  locations.erase(std::unique(locations.begin(), locations.end()), locations.end());
  bool changed = false;
  {
    std::lock_guard lock(mu_);
    unreachable_since_.reset();
    nodes_ = *nodes;
    if (locations != locations_) {
      locations_ = locations;
      changed = true;
    }
  }
  if (changed && listener_) listener_();
  for (const auto& set : sets_) {
    if (rebalance(set, live) && listener_) listener_();
  }
  next_round_ns_ = steady_ns(after_round(*nodes, last_database_now_));
}

std::chrono::steady_clock::time_point Cluster::after_round(const std::vector<NodeRecord>& nodes,
                                                           Instant database_now) {
  auto now = SteadyClock::now();
  auto next = now + options_.lease_ttl / 3;
  std::string me = id();
  // Wake when another live node would expire, to take its leases over without waiting a round.
  for (const auto& n : nodes) {
    if (!n.alive || n.id == me) continue;
    auto until_expiry = std::chrono::duration_cast<Millis>(n.expires_at - database_now);
    next = std::min(next, now + std::max(Millis(0), until_expiry) + kExpirySlack);
  }
  return next;
}

bool Cluster::rebalance(const LeaseSet& set, const std::vector<NodeRecord>& live) {
  std::string me = id();
  // Releases that did not reach the database last time go first.
  if (auto pending = to_release_.find(set.scope); pending != to_release_.end()) {
    if (store_.release(set.scope, me, pending->second)) to_release_.erase(pending);
  }
  std::set<std::string> held;
  {
    std::lock_guard lock(mu_);
    held = held_[set.scope];
  }
  // A role is held by whoever takes it first (a share of one); checks and vendors are spread.
  std::size_t target = 1;
  if (set.split == LeaseSet::Split::kShare) {
    target = fair_share(set.names.size(), competitors(live, set.location, me), me);
  }
  ShareStep step = share_step(held, target);
  if (!step.release.empty()) {
    // Let go of the excess: first locally (the listener stops checking them), then for real.
    const std::vector<std::string>& excess = step.release;
    {
      std::lock_guard lock(mu_);
      for (const auto& name : excess) held_[set.scope].erase(name);
    }
    if (listener_) listener_();
    if (!store_.release(set.scope, me, excess)) {
      auto& pending = to_release_[set.scope];
      pending.insert(pending.end(), excess.begin(), excess.end());
    }
    log::info("cluster.released", {log::kv("scope", set.scope), log::kv("count", excess.size())});
    return false;  // the listener was told already
  }
  if (step.claim == 0) return false;
  auto claimed = store_.claim(set.scope, me, step.claim);
  if (!claimed || claimed->empty()) return false;
  std::vector<std::string> stale;
  {
    std::lock_guard lock(mu_);
    for (auto& name : *claimed) {
      if (std::binary_search(set.names.begin(), set.names.end(), name)) {
        held_[set.scope].insert(std::move(name));
      } else {
        stale.push_back(std::move(name));  // not configured here: not ours to hold
      }
    }
  }
  if (!stale.empty()) (void)store_.release(set.scope, me, stale);
  log::info("cluster.claimed", {log::kv("scope", set.scope), log::kv("count", claimed->size())});
  return true;
}

void Cluster::note_skew(std::int64_t skew_ms) {
  bool beyond = std::abs(skew_ms) > options_.max_clock_skew.count();
  bool was;
  {
    std::lock_guard lock(mu_);
    skew_ms_ = skew_ms;
    was = skewed_;
    skewed_ = beyond;
  }
  if (beyond && !was) {
    // Loud: checks are due on the same slots on every node, and times on pages and in incidents
    // come from this clock. Fix NTP on this host.
    log::error("cluster.clock_skew",
               {log::kv("skew_ms", skew_ms), log::kv("bound_ms", options_.max_clock_skew.count()),
                log::kv("note",
                        "this node's clock differs from the database's; fix its time "
                        "synchronisation (NTP)")});
  } else if (!beyond && was) {
    log::info("cluster.clock_skew_resolved", {log::kv("skew_ms", skew_ms)});
  }
}

std::vector<std::string> Cluster::held(const std::string& scope) const {
  std::lock_guard lock(mu_);
  auto it = held_.find(scope);
  if (it == held_.end()) return {};
  return {it->second.begin(), it->second.end()};
}

bool Cluster::holds(const std::string& scope, const std::string& name) const {
  std::lock_guard lock(mu_);
  auto it = held_.find(scope);
  return it != held_.end() && it->second.count(name) > 0;
}

std::vector<std::string> Cluster::locations() const {
  std::lock_guard lock(mu_);
  return locations_;
}

bool Cluster::alive() const { return steady_ns(SteadyClock::now()) < alive_until_ns_.load(); }

std::string Cluster::id() const {
  std::lock_guard lock(mu_);
  return id_;
}

ClusterView Cluster::view() const {
  std::lock_guard lock(mu_);
  ClusterView v;
  v.self = id_;
  v.nodes = nodes_;
  v.locations = locations_;
  for (const auto& [scope, names] : held_) v.held[scope] = names.size();
  v.unreachable_since = unreachable_since_;
  v.clock_skew_ms = skew_ms_;
  v.clock_skewed = skewed_;
  v.lease_ttl = options_.lease_ttl;
  return v;
}

}  // namespace pharos::cluster
