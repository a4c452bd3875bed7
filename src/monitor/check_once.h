#pragma once
// Runs monitors once, now, and waits for every answer: `pharos check`, the deploy-pipeline smoke
// test (seed 001: every node behind the balancer, not just the balancer).
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "domain/monitor.h"

namespace pharos::monitor {

struct CheckReport {
  const MonitorSpec* spec = nullptr;
  std::vector<CheckResult> results;  // one per node; empty for heartbeat monitors (not checkable)
  bool skipped = false;              // heartbeat: nothing to probe from here
};

// Checks each of `specs` once on all its nodes, concurrently. Returns in spec order. Gives up on
// a check after its own timeout (the engine enforces it); the whole run is bounded by the largest
// timeout plus 10 s for name resolution.
// REQUIRES: `specs` outlives the returned reports.
Result<std::vector<CheckReport>> check_once(const std::vector<const MonitorSpec*>& specs,
                                            const Clock& clock);

}  // namespace pharos::monitor
