#pragma once
// k-of-n confirmation: a monitor checked from several locations is down only when enough of
// them say so, so one vantage point's network blip is not an outage.
//
// Each location applies fall/rise (node_health.h) to its own results and derives its own status
// from its nodes, as a single location always did (all up → operational; some down →
// partial_outage; all down → major_outage; some degraded → degraded_performance). The monitor's
// status is the worst status that at least K of its reporting locations share: the K-th worst.
//
// Worked scenario: locations a, b, c, `confirm` unset (a majority of 3: K = 2), fall 2, rise 2.
//   step  raw results a/b/c   location states a/b/c         monitor
//   1     up   up   up        up    up    up                operational
//   2     DOWN up   up        up    up    up                operational   a has one failure
//   3     DOWN up   up        down  up    up                operational   one location is no quorum
//   4     DOWN DOWN up        down  up    up                operational
//   5     DOWN DOWN up        down  down  up                major_outage  two agree (K = 2)
//   6     up   DOWN up        down  down  up                major_outage  a needs rise 2
//   7     up   up   up        up    down  up                operational   only b is left down
//   8     up   SLOW SLOW      up    degr. up                operational   b improves at once; c
//   slow once 9     up   SLOW SLOW      up    degr. degr.             degraded_performance  b and c
//   agree on degraded 10    up   up   up        up    degr. degr.             degraded_performance
//   rise 2 not met yet 11    up   up   up        up    up    up                operational
// (tests/unit/monitor/confirm_test.cpp runs this table.)
//
// Reporting locations: those with a live node (docs/scale-out.md). K is `confirm` when set, else a
// majority of the monitor's listed locations (or of the reporting ones when it lists none), and
// never more than the locations reporting: when locations are lost, those left still detect an
// outage rather than go blind. With one location (SQLite, or one node) K is 1: the monitor's
// status is its location's, exactly as before locations existed.
#include <cstddef>
#include <vector>

#include "domain/status.h"

namespace pharos::monitor {

// How many locations must agree: `confirm` when set (> 0), else a majority of `listed` (the
// monitor's `locations`, 0 when it lists none: then of `reporting`); at most `reporting`, at
// least 1.
int quorum(int confirm, std::size_t listed, std::size_t reporting);

// The worst status at least `k` of `statuses` share (the k-th worst); operational when empty.
// `k` is clamped to [1, size].
ComponentStatus confirmed_status(std::vector<ComponentStatus> statuses, int k);

}  // namespace pharos::monitor
