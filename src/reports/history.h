#pragma once
// What the report service reads from the stores for one stretch of time, already shaped for the
// arithmetic: per component its status spans, observed time and maintenance time; incidents and
// monitor coverage. Private to the reports module.
#include <map>
#include <string>
#include <vector>

#include "reports/report_service.h"

namespace pharos::reports {

struct History {
  History() = default;
  History(History&&) = default;  // `touching` points into `incidents`: moving keeps them valid
  History& operator=(History&&) = default;
  History(const History&) = delete;

  TimeRange range;  // what was read, ending at the latest at `now`
  Instant now{};
  std::vector<ComponentGroup> groups;
  std::vector<Component> components;                     // the ones asked for, page order
  std::map<std::string, std::vector<StatusSpan>> spans;  // by component
  std::map<std::string, TimeRanges> observed;            // by component: time with data
  std::map<std::string, TimeRanges> maintenance;         // by component
  std::map<std::string, TimeRanges> coverage;            // by monitor
  std::vector<Incident> incidents;  // kind incident overlapping `range`, own and vendor
  // Own incidents (not vendor) touching each component, oldest first; point into `incidents`.
  std::map<std::string, std::vector<const Incident*>> touching;

  StatusTime status_time(const std::string& component, TimeRange window) const;
  // Own incidents touching any of `components` that overlap `window`, once each, oldest first.
  std::vector<const Incident*> incidents_of(const std::vector<std::string>& ids,
                                            TimeRange window) const;
};

// Every incident of `kind` overlapping `range` as far as the store can tell (vendor incidents
// included; started before its end, not resolved before its start), oldest first.
Result<std::vector<Incident>> incidents_in(Store& store, IncidentKind kind, TimeRange range);

// Reads [range.from, min(range.until, now)) for the components `only` (every component when
// empty). kInvalidArgument (field "component") for an unknown id.
Result<History> load_history(Store& store, ResultsStore& results, const ReportCatalog& catalog,
                             TimeRange range, const std::vector<std::string>& only, Instant now);

}  // namespace pharos::reports
