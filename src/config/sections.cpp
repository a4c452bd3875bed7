#include "config/sections.h"

#include "config/monitors.h"
#include "config/node.h"
#include "config/notify.h"
#include "config/vendors.h"

namespace pharos::config {
namespace {

void read_http(Reader& r, const YAML::Node& node, Config& config) {
  if (!node.IsDefined() || node.IsNull()) return;
  if (!r.check_map(node, "http", {"max_connections", "max_connections_per_address"})) return;
  if (auto n = r.integer(node, "max_connections", "http", 1, 10'000'000)) {
    config.http.max_connections = static_cast<std::size_t>(*n);
  }
  if (auto n = r.integer(node, "max_connections_per_address", "http", 0, 10'000'000)) {
    config.http.max_connections_per_address = static_cast<std::size_t>(*n);
  }
}

// metrics: { per_monitor: true } adds a series per monitor and per node to /metrics.
void read_metrics(Reader& r, const YAML::Node& node, Config& config) {
  if (!node.IsDefined() || node.IsNull()) return;
  if (!r.check_map(node, "metrics", {"per_monitor"})) return;
  if (auto b = r.boolean(node, "per_monitor", "metrics")) config.metrics.per_monitor = *b;
}

}  // namespace

void read_extra_sections(Reader& r, const YAML::Node& root, Config& config) {
  read_monitors(r, root["monitors"], config);
  read_notify(r, root["notify"], config);
  read_vendors(r, root, config);
  read_http(r, root["http"], config);
  read_node(r, root["node"], config);
  read_metrics(r, root["metrics"], config);
}

}  // namespace pharos::config
