#pragma once
// This process as one node of an installation (the `node:` section of pharos.yaml, overridden by
// `pharos serve --location/--source-address` and PHAROS_LOCATION). On SQLite there is one node and
// one location, whatever is written here; on PostgreSQL every `pharos serve` sharing the database
// is a node (docs/scale-out.md).
#include <chrono>
#include <string>

#include "domain/monitor.h"

namespace pharos {

struct NodeSpec {
  std::string name;  // shown in node lists; empty: the host name and the listen port
  std::string location = kDefaultLocation;  // where its checks come from: [a-z0-9_-]
  std::string source_address;  // local address outgoing checks bind to; empty: the system's choice
  // A node that has not renewed its heartbeat for this long is gone: its check leases, delivery
  // claims and the automation lease pass to the others. Heartbeats are sent every third of it.
  std::chrono::milliseconds lease_ttl{std::chrono::seconds(6)};
  // A clock further than this from the database's is reported loudly (log, /readyz, admin).
  std::chrono::milliseconds max_clock_skew{std::chrono::seconds(1)};

  bool operator==(const NodeSpec&) const = default;
};

}  // namespace pharos
