#pragma once
// Reads the `node:` section (config/node_spec.h).
#include "config/reader.h"

namespace pharos::config {

void read_node(Reader& r, const YAML::Node& node, Config& config);

}  // namespace pharos::config
