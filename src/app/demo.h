#pragma once
// The built-in demo: a realistic page (groups, components, monitors against local targets) used by
// `pharos serve --demo` and `--demo` on every command, and a history to fill it with.
#include <string>

#include "core/result.h"
#include "core/time.h"

namespace pharos {

// The demo's pharos.yaml.
const std::string& demo_config_yaml();

// Fills the demo store with 90 days of history shaped after the seed reports (a minor incident
// with an expired token, a critical multi-day API outage with flapping updates, a cascade from
// token verification, a node silently failing behind a load balancer, a post-mortem), a completed
// and an upcoming maintenance, and one ongoing incident, all relative to `now`. Does nothing when
// the store already holds incidents. Writes through its own connection to `storage_url` with a
// clock it moves through the past, so component status history carries the historic times.
// Returns the number of incidents and maintenances created.
Result<int> seed_demo_history(const std::string& storage_url, Instant now);

}  // namespace pharos
