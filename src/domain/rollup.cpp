#include "domain/rollup.h"

#include <algorithm>

namespace pharos {
namespace {

PageStatus from_incidents(const std::vector<Incident>& open) {
  Impact worst_impact = Impact::kNone;
  bool maintenance = false;
  for (const auto& incident : open) {
    if (incident.is_maintenance()) {
      maintenance |= incident.status == IncidentStatus::kInProgress ||
                     incident.status == IncidentStatus::kVerifying;
      continue;
    }
    if (incident.active()) worst_impact = worst(worst_impact, incident.impact);
  }
  switch (worst_impact) {
    case Impact::kCritical: return {Indicator::kCritical, "Major System Outage"};
    case Impact::kMajor: return {Indicator::kMajor, "Partial System Outage"};
    case Impact::kMinor: return {Indicator::kMinor, "Minor Service Outage"};
    case Impact::kNone:
    case Impact::kMaintenance: break;
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

PageStatus page_status(const std::vector<Component>& components, const std::vector<Incident>& open) {
  size_t total = components.size(), major = 0, partial = 0, degraded = 0, maintenance = 0;
  for (const auto& c : components) {
    switch (c.status) {
      case ComponentStatus::kMajorOutage: ++major; break;
      case ComponentStatus::kPartialOutage: ++partial; break;
      case ComponentStatus::kDegradedPerformance: ++degraded; break;
      case ComponentStatus::kUnderMaintenance: ++maintenance; break;
      case ComponentStatus::kOperational: break;
    }
  }
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
  return from_incidents(open);
}

}  // namespace pharos
