#include "reports/figures.h"

#include <algorithm>
#include <cmath>

namespace pharos::reports {
namespace {

constexpr Millis kHour = std::chrono::hours(1);
constexpr Millis kDay = std::chrono::hours(24);

// Mean of millisecond durations, to the nearest whole second.
std::optional<Seconds> mean_seconds(const std::vector<Millis>& values) {
  if (values.empty()) return std::nullopt;
  double total = 0;
  for (Millis v : values) total += static_cast<double>(v.count());
  return Seconds(std::llround(total / static_cast<double>(values.size()) / 1000.0));
}

std::size_t impact_index(Impact impact) {
  switch (impact) {
    case Impact::kMinor:
      return 1;
    case Impact::kMajor:
      return 2;
    case Impact::kCritical:
      return 3;
    case Impact::kNone:
    case Impact::kMaintenance:
      return 0;
  }
  return 0;
}

// The first update a person wrote after the incident was opened.
std::optional<Instant> first_person_update(const Incident& incident) {
  for (const auto& u : incident.updates) {
    if (is_person(u.author)) return u.created_at;
  }
  return std::nullopt;
}

Millis bucket_length(RollupPeriod period) {
  return period == RollupPeriod::kDay    ? kDay
         : period == RollupPeriod::kHour ? kHour
                                         : Millis(60'000);
}

}  // namespace

bool overlaps(const Incident& incident, TimeRange window) {
  if (incident.started_at >= window.until) return false;
  if (!incident.resolved_at) return true;
  if (*incident.resolved_at > window.from) return true;
  return *incident.resolved_at == incident.started_at && incident.started_at >= window.from;
}

bool is_person(std::string_view author) {
  if (author.empty() || author == "automation") return false;
  return author.rfind("import:", 0) != 0 && author.rfind("vendor:", 0) != 0;
}

IncidentFigures incident_figures(const std::vector<const Incident*>& incidents, Instant now) {
  IncidentFigures f;
  std::vector<Millis> detect, acknowledge, repair;
  Millis longest{-1};
  for (const Incident* i : incidents) {
    ++f.count;
    ++f.by_impact[impact_index(i->impact)];
    if (i->source == IncidentSource::kAutomatic) {
      detect.push_back(std::max(i->created_at - i->started_at, Millis(0)));
      if (auto ack = first_person_update(*i)) {
        acknowledge.push_back(std::max(*ack - i->created_at, Millis(0)));
      }
    } else if (i->source == IncidentSource::kVendor && i->detected_at) {
      detect.push_back(std::max(*i->detected_at - i->started_at, Millis(0)));
    }
    if (i->resolved_at) repair.push_back(std::max(*i->resolved_at - i->started_at, Millis(0)));
    Millis length = std::max(i->resolved_at.value_or(now) - i->started_at, Millis(0));
    if (length > longest) {
      longest = length;
      f.longest_id = i->id;
    }
  }
  f.mttd = mean_seconds(detect);
  f.mtta = mean_seconds(acknowledge);
  f.mttr = mean_seconds(repair);
  f.mttd_count = static_cast<int>(detect.size());
  f.mtta_count = static_cast<int>(acknowledge.size());
  f.mttr_count = static_cast<int>(repair.size());
  if (longest >= Millis(0)) f.longest = std::chrono::round<Seconds>(longest);
  return f;
}

TimeRange maintenance_range(const Incident& maintenance, Instant now) {
  std::optional<Instant> start;
  for (const auto& u : maintenance.updates) {
    if (u.status == IncidentStatus::kInProgress || u.status == IncidentStatus::kVerifying) {
      start = u.display_at;
      break;
    }
  }
  if (!start) return {};
  return {*start, maintenance.resolved_at.value_or(now)};
}

MonitorFigures monitor_figures(const std::vector<RollupCount>& rows, const TimeRanges& covered,
                               const TimeRanges& maintenance, TimeRange window, UptimeRule rule) {
  MonitorFigures f;
  TimeRanges seen = covered.intersect(window);
  TimeRanges in_maintenance = seen.intersect(maintenance);
  TimeRanges measured = rule.include_maintenance ? seen : seen.subtract(in_maintenance);
  f.measured = measured.length();
  f.no_data = window.length() - seen.length();
  if (rule.include_maintenance)
    f.downtime_ms += static_cast<double>(in_maintenance.length().count());
  for (const auto& row : rows) {
    TimeRange bucket{row.start, row.start + bucket_length(row.period)};
    if (row.checks <= 0) continue;
    // Every check in the window counts; a bucket cut by its edge counts in proportion.
    TimeRange inside{std::max(bucket.from, window.from), std::min(bucket.until, window.until)};
    double fraction =
        static_cast<double>(inside.length().count()) / static_cast<double>(bucket.length().count());
    f.checks += std::llround(fraction * static_cast<double>(row.checks));
    f.failures += std::llround(fraction * static_cast<double>(row.failures));
    TimeRanges part = measured.intersect(bucket);
    Millis length = part.length();
    if (rule.include_maintenance) length -= part.intersect(maintenance).length();  // counted
    double share = static_cast<double>(row.failures) / static_cast<double>(row.checks);
    f.downtime_ms += share * static_cast<double>(length.count());
  }
  if (f.measured.count() > 0) {
    f.uptime = std::clamp(1.0 - f.downtime_ms / static_cast<double>(f.measured.count()), 0.0, 1.0);
  }
  return f;
}

Availability availability(const StatusTime& time, UptimeRule rule) {
  return {time, measured_time(time, rule), weighted_downtime_ms(time, rule),
          uptime_ratio(time, rule)};
}

Availability group_availability(const std::vector<Availability>& components) {
  Availability g;
  double measured = 0, down = 0;
  int with_data = 0;
  for (const auto& c : components) {
    g.time += c.time;
    if (c.measured.count() <= 0) continue;
    ++with_data;
    measured += static_cast<double>(c.measured.count());
    down += c.downtime_ms;
  }
  if (with_data == 0) return g;
  g.measured = Millis(std::llround(measured / with_data));
  g.downtime_ms = down / with_data;
  g.uptime = std::clamp(1.0 - down / measured, 0.0, 1.0);
  return g;
}

}  // namespace pharos::reports
