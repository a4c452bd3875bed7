#pragma once
// The arithmetic of reports, from values only (no store): incident counts and mean times,
// monitor uptime from rollups, maintenance ranges, groups as their average component. The
// report service (report_service.h) reads the values and calls these; docs/reports.md states
// every formula with the choices made.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "core/time_ranges.h"
#include "domain/availability.h"
#include "domain/model.h"
#include "storage/results_store.h"

namespace pharos::reports {

// Which incidents a window counts: those that overlap it, i.e. started before its end and not
// resolved before its start (an incident spanning the edge counts in both windows; its
// durations are whole, not clipped). A zero-length incident counts where it started.
bool overlaps(const Incident& incident, TimeRange window);

// True for an update written by a person: not automation, an import or a vendor's feed.
bool is_person(std::string_view author);

struct IncidentFigures {
  int count = 0;
  std::array<int, 4> by_impact{};  // none, minor, major, critical (Impact's order)
  // Means over the incidents that have the two moments (counts say how many), whole seconds:
  //   MTTD  own automatic incidents: first failing check (started_at) → opened (created_at);
  //         vendor incidents: the vendor's start → Pharos first saw it (detected_at)
  //   MTTA  own automatic incidents: opened → the first update a person wrote
  //   MTTR  resolved incidents: started_at → resolved_at
  std::optional<Seconds> mttd, mtta, mttr;
  int mttd_count = 0, mtta_count = 0, mttr_count = 0;
  // The longest incident (started → resolved, or → `now` while open) and its id.
  std::optional<Seconds> longest;
  std::string longest_id;
};

// Figures over `incidents` (already chosen: those overlapping the window). `now` ends the ones
// still open.
IncidentFigures incident_figures(const std::vector<const Incident*>& incidents, Instant now);

// When a maintenance was in progress: from its first in_progress/verifying update (as displayed)
// until it completed (or `now`). Empty when it never started.
TimeRange maintenance_range(const Incident& maintenance, Instant now);

// One monitor over a window, from its rollups and coverage.
struct MonitorFigures {
  Millis measured{0};  // covered, less its component's maintenance (unless included)
  Millis no_data{0};   // not covered
  double downtime_ms = 0;
  std::optional<double> uptime;
  std::int64_t checks = 0, failures = 0;
};

// Each rollup (hour or day; any mix, not overlapping) stands for its bucket: the measured
// time inside it counts as down in proportion failures / checks (degraded checks are up).
// Measured time no row covers counts as up. Maintenance is left out, or counted as down with
// rule.include_maintenance.
MonitorFigures monitor_figures(const std::vector<RollupCount>& rows, const TimeRanges& covered,
                               const TimeRanges& maintenance, TimeRange window, UptimeRule rule);

// A window of availability, as components and groups report it.
struct Availability {
  StatusTime time;               // groups: the sum over their components
  Millis measured{0};            // groups: the mean over components with data
  double downtime_ms = 0;        // groups: the mean over components with data
  std::optional<double> uptime;  // 1 − downtime / measured; unset without data
};

Availability availability(const StatusTime& time, UptimeRule rule);
// A group counts as its average component: means of the measured times and downtimes of the
// components that have data (docs/reports.md: Statuspage averages its components' uptimes).
Availability group_availability(const std::vector<Availability>& components);

}  // namespace pharos::reports
