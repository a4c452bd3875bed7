#pragma once
// The `monitors:` section of pharos.yaml → validated MonitorSpecs (docs/configuration.md lists
// every key). Each problem is reported with file:line:column and the field path.
#include "config/reader.h"

namespace pharos::config {

// Reads `node` (absent or null: no monitors) into config.monitors. Components must already be read
// (each monitor names one).
void read_monitors(Reader& r, const YAML::Node& node, Config& config);

}  // namespace pharos::config
