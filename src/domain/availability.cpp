#include "domain/availability.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace pharos {

void StatusTime::add(ComponentStatus status, Millis length) {
  switch (status) {
    case ComponentStatus::kOperational:
      operational += length;
      break;
    case ComponentStatus::kDegradedPerformance:
      degraded += length;
      break;
    case ComponentStatus::kPartialOutage:
      partial += length;
      break;
    case ComponentStatus::kMajorOutage:
      major += length;
      break;
    case ComponentStatus::kUnderMaintenance:
      maintenance += length;
      break;
  }
}

StatusTime& StatusTime::operator+=(const StatusTime& other) {
  operational += other.operational;
  degraded += other.degraded;
  partial += other.partial;
  major += other.major;
  maintenance += other.maintenance;
  no_data += other.no_data;
  return *this;
}

ComponentStatus StatusTime::worst() const {
  if (major.count() > 0) return ComponentStatus::kMajorOutage;
  if (partial.count() > 0) return ComponentStatus::kPartialOutage;
  if (degraded.count() > 0) return ComponentStatus::kDegradedPerformance;
  if (maintenance.count() > 0) return ComponentStatus::kUnderMaintenance;
  return ComponentStatus::kOperational;
}

double weighted_downtime_ms(const StatusTime& t, UptimeRule rule) {
  double down = static_cast<double>(t.major.count()) +
                kPartialOutageWeight * static_cast<double>(t.partial.count());
  if (rule.include_maintenance) down += static_cast<double>(t.maintenance.count());
  return down;
}

Millis measured_time(const StatusTime& t, UptimeRule rule) {
  return rule.include_maintenance ? t.observed() : t.observed() - t.maintenance;
}

std::optional<double> uptime_ratio(const StatusTime& t, UptimeRule rule) {
  Millis measured = measured_time(t, rule);
  if (measured.count() <= 0) return std::nullopt;
  double ratio = 1.0 - weighted_downtime_ms(t, rule) / static_cast<double>(measured.count());
  return std::clamp(ratio, 0.0, 1.0);
}

StatusTime time_in_status(const std::vector<StatusSpan>& spans, const TimeRanges& observed,
                          const TimeRanges& maintenance, TimeRange window) {
  StatusTime t;
  for (const auto& span : spans) {
    TimeRange part{std::max(span.from, window.from),
                   std::min(span.until.value_or(window.until), window.until)};
    if (part.empty()) continue;
    Millis seen{0}, in_maintenance{0};
    TimeRanges seen_ranges = observed.intersect(part);
    for (const auto& r : seen_ranges.ranges()) {
      seen += r.length();
      in_maintenance += maintenance.overlap(r);
    }
    t.maintenance += in_maintenance;
    t.add(span.status, seen - in_maintenance);
  }
  // Whatever the spans left uncounted (unobserved, or not covered by any span) is no data.
  t.no_data = window.length() - t.observed();
  return t;
}

double uptime_percent(double ratio, int decimals) {
  double scale = std::pow(10.0, decimals + 2);
  // The epsilon keeps an exact 99.95 % (0.99949999… in binary) from truncating to 99.94 %.
  double units = std::floor(std::clamp(ratio, 0.0, 1.0) * scale + 1e-6);
  if (ratio < 1.0 && units >= scale) units = scale - 1;  // never 100 with any downtime
  return units * 100.0 / scale;
}

std::string format_uptime_percent(double ratio, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f%%", decimals, uptime_percent(ratio, decimals));
  return buf;
}

}  // namespace pharos
