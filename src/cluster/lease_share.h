#pragma once
// Which share of a lease set a node holds: the pure decision behind a cluster round
// (cluster.h). No database and no clock here, so the spreading and rebalancing rules can be
// tested on their own; Cluster acts on what these return.
//
// The rule: the live nodes competing for a set, sorted by id, split its n leases so that each
// of k holds ⌊n/k⌋ and the first n mod k one more. Every node computes the same shares from the
// same node list, so no coordination is needed beyond claiming free rows: a node above its
// share lets go of the excess, one below claims free leases up to it.
#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "storage/cluster_store.h"

namespace pharos::cluster {

// The ids of the nodes of `live` competing for a set of `location` (empty: every node), with
// `self` among them even when the list read does not show it yet (it has just joined), sorted.
std::vector<std::string> competitors(const std::vector<NodeRecord>& live,
                                     const std::string& location, const std::string& self);

// The number of `leases` that `self` holds among `competitors` (sorted, `self` among them):
// ⌊n/k⌋, one more for the first n mod k.
std::size_t fair_share(std::size_t leases, const std::vector<std::string>& competitors,
                       const std::string& self);

// What a node holding `held` does to reach `share`: let go of the excess (the names that sort
// last) or claim `claim` more free leases. At most one of the two is non-empty.
struct ShareStep {
  std::vector<std::string> release;
  std::size_t claim = 0;
};
ShareStep share_step(const std::set<std::string>& held, std::size_t share);

}  // namespace pharos::cluster
