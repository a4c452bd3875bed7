#pragma once
// What the monitors currently say about one component: the input of incident automation.
// Produced by the monitoring engine (worst of the component's monitors, per-node rules applied).
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "domain/status.h"

namespace pharos {

struct FailureDetail {
  std::string monitor;        // monitor name
  std::string node;           // the node (address) that failed; empty for node-less checks
  std::string error;          // why, for people: "HTTP 404 (expected 200)", "connection refused"
  std::string location = {};  // where it was seen failing (several locations); empty with one
};

struct ComponentHealth {
  std::string component_id;
  ComponentStatus status = ComponentStatus::kOperational;  // derived from its monitors
  std::vector<FailureDetail> failures;                     // empty when operational
  std::optional<Instant> failing_since;  // the first failing check of the current failure
};

}  // namespace pharos
