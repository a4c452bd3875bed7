#pragma once
// This process as one node of several on one PostgreSQL database (docs/scale-out.md): it joins,
// keeps itself alive with a heartbeat, and holds a fair share of the leases that divide the
// work — each (monitor, location) check, each vendor's polling — plus, for whichever node finds
// it free first, the automation role. storage/cluster_store.h says how leases are kept.
//
// A round (every lease_ttl / 3, and at once when poked — a node joined or left — or when
// another node's expiry is due):
//   1. renew: alive for lease_ttl more. The database's time of it gives this node's clock skew
//      (logged as an error, shown on /readyz and the admin dashboard, while beyond
//      max_clock_skew). A node that finds it had expired (it stalled, or lost the database
//      longer than lease_ttl) drops everything it held and joins again under a new id.
//   2. read the nodes: the live ones, and the locations they are in.
//   3. for each lease set: the live nodes competing for it (a check set: those of its location)
//      sorted by id; this node's fair share is ⌊n/k⌋, one more for the first n mod k. Above it,
//      it releases the excess (after telling the listener, so nothing is checked after the
//      release); below it, it claims free leases up to it. A role is claimed when free.
// Scenario, location eu with 9 checks: nodes A and B hold 5 and 4. C joins eu (its join wakes
// A and B): shares 3/3/3, so A releases 2 and B 1, and C claims 3 in its next round. A is killed
// (kill -9): its row expires lease_ttl after its last renewal; B and C wake at that moment, see
// A dead and claim its 3 (each up to its new share 5/4 — C takes the rest a round later if
// needed). Each check lease taken over is checked from its next slot on: within lease_ttl plus
// one interval of A's death.
//
// While the database is unreachable a node keeps what it holds (so an outage of PostgreSQL does
// not stop the checks; results wait in memory): if only this node is cut off, the others take its
// leases after lease_ttl and those checks run twice until it reconnects, finds it expired and
// lets go (docs/scale-out.md, what is not guaranteed).
//
// Threads: start() runs one heartbeat thread; the listener is called on it. Every public method
// is thread-safe.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/log.h"
#include "core/result.h"
#include "storage/cluster_store.h"

namespace pharos::cluster {

// Leases a node competes for.
struct LeaseSet {
  std::string scope;               // "check:<location>", "heartbeat", "vendor", "role"
  std::vector<std::string> names;  // the leases of the scope this node may hold
  // kShare: spread evenly over the live nodes competing for it; kAny: held by whoever takes it
  // first, until it stops or dies (a role: "automation").
  enum class Split { kShare, kAny } split = Split::kShare;
  std::string location;  // kShare among the nodes of this location only; empty: all nodes
};

// The scope of the checks of `location`.
std::string check_scope(const std::string& location);
inline constexpr const char* kHeartbeatScope = "heartbeat";  // heartbeat monitors: any node
inline constexpr const char* kVendorScope = "vendor";        // vendor polling
inline constexpr const char* kRoleScope = "role";
inline constexpr const char* kAutomationRole = "automation";

struct ClusterOptions {
  std::string name;      // shown in lists
  std::string location;  // where this node checks from
  std::string version;
  Millis lease_ttl{6'000};
  Millis max_clock_skew{1'000};
};

// What /readyz and the admin dashboard show.
struct ClusterView {
  std::string self;  // this node's id
  std::vector<NodeRecord>
      nodes;  // as of the last round: live ones, and dead ones not yet forgotten
  std::vector<std::string> locations;        // of the live nodes
  std::map<std::string, std::size_t> held;   // this node's leases by scope
  std::optional<Instant> unreachable_since;  // the database failed every round since
  std::int64_t clock_skew_ms = 0;            // this node's clock minus the database's
  bool clock_skewed = false;                 // beyond max_clock_skew
  Millis lease_ttl{0};
};

class Cluster {
 public:
  // Called on the heartbeat thread after what this node holds, or the set of live locations,
  // changed (and before a lease it let go is released in the database).
  using Listener = std::function<void()>;

  // `store` and `clock` must outlive it.
  Cluster(ClusterStore& store, const Clock& clock, ClusterOptions options,
          std::vector<LeaseSet> sets);
  ~Cluster();  // stops
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  void set_listener(Listener listener) { listener_ = std::move(listener); }  // before start()

  // Creates the lease rows, joins and runs a first round (so this node holds its share when it
  // returns), then starts the heartbeat thread. kUnavailable when the database cannot be reached.
  Result<void> start();
  // Leaves: frees every lease and removes this node, so the others take over at once. Idempotent.
  void stop();
  // Runs a round now (the change feed: a node joined or left).
  void poke();
  // Replaces the lease sets (a config reload added or removed monitors or vendors). The next
  // round, run at once, creates the new leases and retires the ones no longer named before it
  // rebalances. Thread-safe.
  void set_lease_sets(std::vector<LeaseSet> sets);

  std::vector<std::string> held(const std::string& scope) const;
  bool holds(const std::string& scope, const std::string& name) const;
  std::vector<std::string> locations() const;
  // True while this node's last renewal was sent less than lease_ttl ago (monotonic clock): the
  // window in which no other node can have taken what it holds. Automation acts only then.
  bool alive() const;
  std::string id() const;
  ClusterView view() const;

 private:
  void run();
  void round();
  // This node as it joins the cluster (id, name, location, version, started now).
  NodeRecord record_now() const;
  // Returns when the next round is due (steady clock).
  std::chrono::steady_clock::time_point after_round(const std::vector<NodeRecord>& nodes,
                                                    Instant database_now);
  Result<void> renew(bool* expired);
  void rejoin();
  bool rebalance(const LeaseSet& set, const std::vector<NodeRecord>& live);
  void note_skew(std::int64_t skew_ms);
  std::string new_id() const;

  ClusterStore& store_;
  const Clock& clock_;
  const ClusterOptions options_;
  std::vector<LeaseSet> sets_;  // heartbeat thread only once started (round())
  // A reload's lease sets, taken by the next round. GUARDED_BY(mu_).
  std::optional<std::vector<LeaseSet>> next_sets_;
  Listener listener_;

  mutable std::mutex mu_;
  std::string id_;                                     // GUARDED_BY(mu_)
  std::map<std::string, std::set<std::string>> held_;  // GUARDED_BY(mu_): scope → names
  std::vector<std::string> locations_;                 // GUARDED_BY(mu_)
  std::vector<NodeRecord> nodes_;                      // GUARDED_BY(mu_)
  std::optional<Instant> unreachable_since_;           // GUARDED_BY(mu_)
  std::int64_t skew_ms_ = 0;                           // GUARDED_BY(mu_)
  bool skewed_ = false;                                // GUARDED_BY(mu_)
  std::atomic<std::int64_t> alive_until_ns_{0};        // steady clock
  // Heartbeat thread only: leases let go locally whose release did not reach the database yet.
  std::map<std::string, std::vector<std::string>> to_release_;
  bool joined_ = false;          // heartbeat thread only
  Instant last_database_now_{};  // heartbeat thread only: the database's time at the last renewal
  std::atomic<std::int64_t> next_round_ns_{0};  // steady clock: when the next round is due
  // Rounds retry every half second while the database is away: logged once per outage.
  log::FailureLog unreachable_{"cluster.heartbeat_failed", "cluster.heartbeat_recovered",
                               log::Level::kError};

  std::mutex run_mu_;
  std::condition_variable run_cv_;
  bool running_ = false;  // GUARDED_BY(run_mu_)
  bool poked_ = false;    // GUARDED_BY(run_mu_)
  std::thread thread_;
};

}  // namespace pharos::cluster
