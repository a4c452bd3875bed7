#pragma once
// Status roll-up, worst child wins: component → group → page; and the impact automation gives
// the incidents it opens.
//
// The page indicator (status.json's `indicator`, the banner, webhooks' `status_indicator`) is the
// worse of two things, as Statuspage defines its top-level status ("Top-level status and
// incident impact calculations", support.atlassian.com/statuspage/docs/
// top-level-status-and-incident-impact-calculations: the status is calculated from all
// components of the page; a page without components reads All Systems Operational "unless there
// is an active incident"):
//  1. The blend of the leaf components' statuses:
//     any major_outage:   all components major_outage  → critical "Major System Outage"
//                         otherwise                     → major    "Partial System Outage"
//     any partial_outage: at least half of components   → major    "Partial System Outage"
//                         fewer                         → minor    "Minor Service Outage"
//     any degraded:       all components degraded       → minor    "Degraded System Service"
//                         otherwise                     → minor    "Partially Degraded Service"
//     any maintenance:                                  → maintenance "Service Under Maintenance"
//     all operational:                                  → none     "All Systems Operational"
//     One component behaves as Statuspage documents: degraded → "Partially Degraded Service",
//     partial → "Partial System Outage", major → "Major System Outage".
//  2. The impact of every incident still being worked on (investigating or identified):
//     minor → minor "Minor Service Outage", major → major "Partial System Outage", critical →
//     critical "Major System Outage"; an in-progress (or verifying) maintenance → maintenance.
//     An incident in `monitoring` adds nothing: the service is back and the fix is being
//     watched, so recovery never makes the banner worse than the components say. Vendor
//     incidents (source vendor) are a third party's and add nothing either.
// On a tie the component blend's description wins (it says more precisely what is wrong).
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

// The impact automation gives an automatic incident, from the worst status of its components:
//
//   worst component status   ordinary component   component marked `critical: true`
//   degraded_performance     minor                minor
//   partial_outage           minor                major
//   major_outage             major                critical
//   (whole page down: every component of the page in major_outage → critical)
//
// So one of two components down makes a major incident ("Partial System Outage"), never a
// critical one, unless pharos.yaml says that component's failure is the whole service's
// (`critical: true`, docs/configuration.md). Operational and under_maintenance → none.
Impact automatic_impact(ComponentStatus worst, bool critical_component, bool whole_page_down);

}  // namespace pharos
