#pragma once
// The `notify:` section of pharos.yaml → NotifySpec (docs/configuration.md lists every key).
// A list; each entry has a `kind`: email, webhook, slack, teams, discord, or delivery (settings).
#include "config/reader.h"

namespace pharos::config {

// Reads `node` (absent or null: no routes, default settings) into config.notify.
void read_notify(Reader& r, const YAML::Node& node, Config& config);

}  // namespace pharos::config
