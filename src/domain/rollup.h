#pragma once
// Status roll-up, worst child wins: component → group → page.
//
// The page indicator follows component statuses (Statuspage does the same: an unresolved
// incident of impact major can sit under indicator minor). Blend for leaf components:
//   any major_outage:   all components major_outage  → critical "Major System Outage"
//                       otherwise                     → major    "Partial System Outage"
//   any partial_outage: at least half of components   → major    "Partial System Outage"
//                       fewer                         → minor    "Minor Service Outage"
//   any degraded:       all components degraded       → minor    "Degraded System Service"
//                       otherwise                     → minor    "Partially Degraded Service"
//   any maintenance:                                  → maintenance "Service Under Maintenance"
//   all operational:    an active incident that touches no component decides from its impact
//                       (minor → minor, major → major, critical → critical); an in-progress
//                       maintenance → maintenance; else none "All Systems Operational".
// One component behaves as Statuspage documents: degraded → "Partially Degraded Service",
// partial → "Partial System Outage", major → "Major System Outage".
#include <string>
#include <vector>

#include "domain/model.h"

namespace pharos {

struct PageStatus {
  Indicator indicator = Indicator::kNone;
  std::string description = "All Systems Operational";

  bool operator==(const PageStatus&) const = default;
};

// Worst of the children's statuses; operational for an empty group.
ComponentStatus rollup_status(const std::vector<ComponentStatus>& children);

// `components` are leaf components (groups excluded); `open` are the incidents and maintenances
// that are not closed (a scheduled, not yet started maintenance does not count).
PageStatus page_status(const std::vector<Component>& components, const std::vector<Incident>& open);

}  // namespace pharos
