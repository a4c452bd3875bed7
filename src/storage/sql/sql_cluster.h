#pragma once
// What work shared between nodes needs of the node rows (migration 12), for the stores that
// claim rows for a node: check leases (sql_cluster.cpp) and delivery claims (sql_notify.cpp).
#include <string>

#include "storage/db/sql.h"

namespace pharos::sql {

// REQUIRES: a write transaction open on `c`, before claiming anything held by a dead node. Locks
// the rows of the nodes that have expired: a node renewing at that very moment waits, and is
// then either alive (what it holds is not free) or finds itself expired and gives it up.
Result<void> lock_expired_nodes(db::Connection& c);

// "SELECT id FROM cluster_nodes WHERE …": the ids of the nodes alive now, for `NOT IN (…)`.
std::string live_node_ids(const db::Connection& c);

}  // namespace pharos::sql
