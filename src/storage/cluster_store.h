#pragma once
// The nodes sharing one database and the leases they hold (docs/scale-out.md, docs/adr/0002).
//
// A node is alive while its row's expires_at, in the database's clock, is ahead of the
// database's now; every heartbeat (renew) moves it ttl ahead, and only while it still is: a node
// that missed its expiry stays dead and joins again under a new id, holding nothing. A lease
// (scope, name) — a (monitor, location) check, a vendor's polling, the automation role — is
// held by the node its row names while that node is alive, and is free otherwise: there is no
// per-lease expiry to renew, so 30,000 check leases cost one row update per heartbeat.
//
// Claiming is safe between nodes without a global lock: claim() first locks the rows of nodes
// that have expired (a node renewing at that very moment is then seen either alive — its
// leases are not taken — or dead, when its renewal finds it expired and it gives up what it
// held), then takes free rows with SELECT … FOR UPDATE SKIP LOCKED, so two nodes claiming at
// once take different rows and neither waits for the other.
//
// Contract as for Store: each method is one transaction; thread-safe; instants are UTC ms.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace pharos {

struct NodeRecord {
  std::string id;        // new at every start: "<name>/<random>"
  std::string name;      // node.name
  std::string location;  // node.location
  std::string version;   // the Pharos version it runs
  Instant started_at{};
  Instant heartbeat_at{};          // database time of its last renewal
  Instant expires_at{};            // database time it is dead after, unless renewed
  std::int64_t clock_skew_ms = 0;  // its clock minus the database's, at its last renewal
  std::int64_t leases = 0;         // leases it said it held at its last renewal
  bool alive = false;              // expires_at was ahead of the database's now when read
};

// A node's renewal: the database's time of it, or that the node had expired (it holds nothing
// now and must join again).
struct Renewal {
  bool alive = false;
  Instant database_now{};
};

// How many leases of `scope` `node` holds.
struct LeaseCount {
  std::string scope;
  std::string node;
  std::int64_t count = 0;
};

class ClusterStore {
 public:
  virtual ~ClusterStore() = default;

  // Adds the node, alive for `ttl` from the database's now (which it returns), and wakes the
  // other nodes (a node joined: shares are rebalanced).
  virtual Result<Instant> join(const NodeRecord& node, Millis ttl) = 0;
  // Keeps the node alive for `ttl` more, recording its clock skew and lease count, when it is
  // still alive; otherwise changes nothing and says so.
  virtual Result<Renewal> renew(const std::string& id, Millis ttl, std::int64_t clock_skew_ms,
                                std::int64_t leases) = 0;
  // Frees every lease the node holds and removes it (a graceful stop), waking the others.
  virtual Result<void> leave(const std::string& id) = 0;
  // Every node, alive or not, by id; rows dead for longer than `forget_after` are deleted first.
  virtual Result<std::vector<NodeRecord>> nodes(Millis forget_after) = 0;

  // Creates the free lease rows of `scope` that do not exist yet.
  virtual Result<void> ensure_leases(const std::string& scope,
                                     const std::vector<std::string>& names) = 0;
  // Deletes the lease rows of `scope` not in `names` (monitors or vendors no longer configured).
  virtual Result<void> retire_leases(const std::string& scope,
                                     const std::vector<std::string>& names) = 0;
  // Takes up to `limit` free leases of `scope` for `node` (see above); the names taken.
  virtual Result<std::vector<std::string>> claim(const std::string& scope, const std::string& node,
                                                 std::size_t limit) = 0;
  // Frees the named leases of `scope` that `node` holds.
  virtual Result<void> release(const std::string& scope, const std::string& node,
                               const std::vector<std::string>& names) = 0;
  // The names of `scope` that `node` holds.
  virtual Result<std::vector<std::string>> held(const std::string& scope,
                                                const std::string& node) = 0;
  // Leases held, per scope and node (alive or not).
  virtual Result<std::vector<LeaseCount>> lease_counts() = 0;
};

// Opens the cluster store on the database `url` names (as open_store), migrating it.
Result<std::unique_ptr<ClusterStore>> open_cluster_store(const std::string& url);

}  // namespace pharos
