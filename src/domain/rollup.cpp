#include "domain/rollup.h"

#include <algorithm>

namespace pharos {
namespace {

PageStatus from_components(const std::vector<Component>& components) {
  auto count = [&components](ComponentStatus status) {
    return static_cast<size_t>(
        std::count_if(components.begin(), components.end(),
                      [status](const Component& c) { return c.status == status; }));
  };
  const size_t total = components.size();
  const size_t major = count(ComponentStatus::kMajorOutage);
  const size_t partial = count(ComponentStatus::kPartialOutage);
  const size_t degraded = count(ComponentStatus::kDegradedPerformance);
  const size_t maintenance = count(ComponentStatus::kUnderMaintenance);
  if (major > 0) {
    if (major == total) return {Indicator::kCritical, "Major System Outage"};
    return {Indicator::kMajor, "Partial System Outage"};
  }
  if (partial > 0) {
    if (partial * 2 >= total) return {Indicator::kMajor, "Partial System Outage"};
    return {Indicator::kMinor, "Minor Service Outage"};
  }
  if (degraded > 0) {
    if (degraded == total && total > 1) return {Indicator::kMinor, "Degraded System Service"};
    return {Indicator::kMinor, "Partially Degraded Service"};
  }
  if (maintenance > 0) return {Indicator::kMaintenance, "Service Under Maintenance"};
  return {};
}

PageStatus from_incidents(const std::vector<Incident>& open) {
  Impact worst_impact = Impact::kNone;
  bool maintenance = false;
  for (const auto& incident : open) {
    if (incident.source == IncidentSource::kVendor) continue;  // a third party's, not this page's
    if (incident.is_maintenance()) {
      maintenance |= incident.status == IncidentStatus::kInProgress ||
                     incident.status == IncidentStatus::kVerifying;
      continue;
    }
    // Monitoring: the service is back; only incidents still being worked on count.
    if (incident.status == IncidentStatus::kInvestigating ||
        incident.status == IncidentStatus::kIdentified) {
      worst_impact = worst(worst_impact, incident.impact);
    }
  }
  switch (worst_impact) {
    case Impact::kCritical:
      return {Indicator::kCritical, "Major System Outage"};
    case Impact::kMajor:
      return {Indicator::kMajor, "Partial System Outage"};
    case Impact::kMinor:
      return {Indicator::kMinor, "Minor Service Outage"};
    case Impact::kNone:
    case Impact::kMaintenance:
      break;
  }
  if (maintenance) return {Indicator::kMaintenance, "Service Under Maintenance"};
  return {};
}

}  // namespace

ComponentStatus rollup_status(const std::vector<ComponentStatus>& children) {
  ComponentStatus result = ComponentStatus::kOperational;
  for (auto s : children) result = worst(result, s);
  return result;
}

PageStatus page_status(const std::vector<Component>& components,
                       const std::vector<Incident>& open) {
  PageStatus blend = from_components(components);
  PageStatus incidents = from_incidents(open);
  return severity(incidents.indicator) > severity(blend.indicator) ? incidents : blend;
}

Impact automatic_impact(ComponentStatus worst_status, bool critical_component,
                        bool whole_page_down) {
  switch (worst_status) {
    case ComponentStatus::kDegradedPerformance:
      return Impact::kMinor;
    case ComponentStatus::kPartialOutage:
      return critical_component ? Impact::kMajor : Impact::kMinor;
    case ComponentStatus::kMajorOutage:
      return critical_component || whole_page_down ? Impact::kCritical : Impact::kMajor;
    case ComponentStatus::kOperational:
    case ComponentStatus::kUnderMaintenance:
      break;
  }
  return Impact::kNone;
}

}  // namespace pharos
