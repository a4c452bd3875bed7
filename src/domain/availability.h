#pragma once
// What "uptime" means in Pharos: one definition, used by reports, the /uptime page, the admin and
// the public page's 90-day bars. Pure values and functions; docs/reports.md has the
// formulae with worked examples.
//
//   downtime = major_outage time + 0.3 × partial_outage time           (Statuspage's weights:
//              degraded_performance and operational are up)              docs/reports.md cites
//              them)
//   measured = observed time − maintenance time                         (maintenance excluded…)
//   uptime   = 1 − downtime / measured, unset when measured is 0         (…"no data", never 100 %)
//
// With UptimeRule::include_maintenance, maintenance time stays in `measured` and counts as
// downtime in full: the service was not available, planned or not.
//
// "Observed" is time Pharos has data for: for a component with monitors, the time one of its
// monitors was being checked (from each check until the next was due); for one without monitors,
// the time since it was created (people set its status). Everything else in a window is no data:
// shown as such and left out of the percentage, never counted as up.
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "core/time_ranges.h"
#include "domain/status.h"

namespace pharos {

// A stretch of time a component spent in one status. `until` is unset for the current status.
struct StatusSpan {
  ComponentStatus status = ComponentStatus::kOperational;
  Instant from{};
  std::optional<Instant> until;
};

// How much a minute of partial outage counts against uptime, relative to a major outage.
inline constexpr double kPartialOutageWeight = 0.3;

struct UptimeRule {
  bool include_maintenance = false;  // maintenance counts as downtime instead of being left out
};

// Time spent in each status over some stretch, and the time without data.
struct StatusTime {
  Millis operational{0}, degraded{0}, partial{0}, major{0}, maintenance{0};
  Millis no_data{0};

  void add(ComponentStatus status, Millis length);
  StatusTime& operator+=(const StatusTime& other);
  Millis observed() const { return operational + degraded + partial + major + maintenance; }
  // The worst status that took any time (operational when none did).
  ComponentStatus worst() const;
  bool operator==(const StatusTime&) const = default;
};

// major + 0.3 × partial (+ maintenance when the rule includes it), in milliseconds.
double weighted_downtime_ms(const StatusTime& t, UptimeRule rule = {});
// The time uptime is measured over: observed, less maintenance unless the rule includes it.
Millis measured_time(const StatusTime& t, UptimeRule rule = {});
// 1 − downtime / measured, in [0, 1]; unset when nothing was measured (no data).
std::optional<double> uptime_ratio(const StatusTime& t, UptimeRule rule = {});

// Splits a component's status timeline over `window` (spans as Store::component_history gives
// them; an open span lasts until `window.until`). Only time in `observed` is counted by status;
// the rest of the window is no_data. Time in `maintenance` counts as maintenance whatever the
// status said (a maintenance window silences automation, so its status is not evidence).
StatusTime time_in_status(const std::vector<StatusSpan>& spans, const TimeRanges& observed,
                          const TimeRanges& maintenance, TimeRange window);

// The ratio as a percentage with `decimals` digits, truncated rather than rounded, so time with
// any downtime never reads 100: 0.999999 → 99.99 (2 digits), 99.9999 (4 digits).
double uptime_percent(double ratio, int decimals);
// "99.95%": uptime_percent with its digits.
std::string format_uptime_percent(double ratio, int decimals = 2);

}  // namespace pharos
