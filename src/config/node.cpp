#include "config/node.h"

#include "core/ids.h"

namespace pharos::config {

void read_node(Reader& r, const YAML::Node& node, Config& config) {
  if (!node.IsDefined() || node.IsNull()) return;
  if (!r.check_map(node, "node",
                   {"name", "location", "source_address", "lease_ttl", "max_clock_skew"})) {
    return;
  }
  NodeSpec& spec = config.node;
  if (auto name = r.string(node, "name", "node")) spec.name = *name;
  if (auto location = r.string(node, "location", "node")) {
    if (!is_valid_id(*location)) {
      r.error(node["location"], "node.location",
              "locations use lowercase letters, digits, - and _");
    }
    spec.location = *location;
  }
  if (auto address = r.string(node, "source_address", "node")) spec.source_address = *address;
  if (auto ttl = r.duration(node, "lease_ttl", "node")) {
    if (*ttl < std::chrono::seconds(1) || *ttl > std::chrono::minutes(5)) {
      r.error(node["lease_ttl"], "node.lease_ttl", "must be between 1s and 5m");
    }
    spec.lease_ttl = *ttl;
  }
  if (auto skew = r.duration(node, "max_clock_skew", "node")) {
    if (*skew <= std::chrono::milliseconds(0)) {
      r.error(node["max_clock_skew"], "node.max_clock_skew", "must be more than 0");
    }
    spec.max_clock_skew = *skew;
  }
}

}  // namespace pharos::config
