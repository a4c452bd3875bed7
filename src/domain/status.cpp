#include "domain/status.h"

#include "core/enum_names.h"

namespace pharos {
namespace {

constexpr std::array<std::pair<ComponentStatus, std::string_view>, 5> kComponentNames{{
    {ComponentStatus::kOperational, "operational"},
    {ComponentStatus::kDegradedPerformance, "degraded_performance"},
    {ComponentStatus::kPartialOutage, "partial_outage"},
    {ComponentStatus::kMajorOutage, "major_outage"},
    {ComponentStatus::kUnderMaintenance, "under_maintenance"},
}};
constexpr std::array<std::pair<ComponentStatus, std::string_view>, 5> kComponentLabels{{
    {ComponentStatus::kOperational, "Operational"},
    {ComponentStatus::kDegradedPerformance, "Degraded Performance"},
    {ComponentStatus::kPartialOutage, "Partial Outage"},
    {ComponentStatus::kMajorOutage, "Major Outage"},
    {ComponentStatus::kUnderMaintenance, "Under Maintenance"},
}};
constexpr std::array<std::pair<IncidentStatus, std::string_view>, 9> kIncidentNames{{
    {IncidentStatus::kInvestigating, "investigating"},
    {IncidentStatus::kIdentified, "identified"},
    {IncidentStatus::kMonitoring, "monitoring"},
    {IncidentStatus::kResolved, "resolved"},
    {IncidentStatus::kPostmortem, "postmortem"},
    {IncidentStatus::kScheduled, "scheduled"},
    {IncidentStatus::kInProgress, "in_progress"},
    {IncidentStatus::kVerifying, "verifying"},
    {IncidentStatus::kCompleted, "completed"},
}};
constexpr std::array<std::pair<IncidentStatus, std::string_view>, 9> kIncidentLabels{{
    {IncidentStatus::kInvestigating, "Investigating"},
    {IncidentStatus::kIdentified, "Identified"},
    {IncidentStatus::kMonitoring, "Monitoring"},
    {IncidentStatus::kResolved, "Resolved"},
    {IncidentStatus::kPostmortem, "Postmortem"},
    {IncidentStatus::kScheduled, "Scheduled"},
    {IncidentStatus::kInProgress, "In progress"},
    {IncidentStatus::kVerifying, "Verifying"},
    {IncidentStatus::kCompleted, "Completed"},
}};
constexpr std::array<std::pair<Impact, std::string_view>, 5> kImpactNames{{
    {Impact::kNone, "none"},
    {Impact::kMinor, "minor"},
    {Impact::kMajor, "major"},
    {Impact::kCritical, "critical"},
    {Impact::kMaintenance, "maintenance"},
}};
constexpr std::array<std::pair<Impact, std::string_view>, 5> kImpactLabels{{
    {Impact::kNone, "None"},
    {Impact::kMinor, "Minor"},
    {Impact::kMajor, "Major"},
    {Impact::kCritical, "Critical"},
    {Impact::kMaintenance, "Maintenance"},
}};
constexpr std::array<std::pair<Indicator, std::string_view>, 5> kIndicatorNames{{
    {Indicator::kNone, "none"},
    {Indicator::kMinor, "minor"},
    {Indicator::kMajor, "major"},
    {Indicator::kCritical, "critical"},
    {Indicator::kMaintenance, "maintenance"},
}};

}  // namespace

std::string_view to_string(ComponentStatus s) { return enum_name(kComponentNames, s); }
std::string_view to_string(IncidentStatus s) { return enum_name(kIncidentNames, s); }
std::string_view to_string(Impact i) { return enum_name(kImpactNames, i); }
std::string_view to_string(Indicator i) { return enum_name(kIndicatorNames, i); }
std::string_view to_string(IncidentKind k) {
  return k == IncidentKind::kIncident ? "incident" : "maintenance";
}

std::optional<ComponentStatus> parse_component_status(std::string_view s) {
  return enum_from_name(kComponentNames, s);
}
std::optional<IncidentStatus> parse_incident_status(std::string_view s) {
  return enum_from_name(kIncidentNames, s);
}
std::optional<Impact> parse_impact(std::string_view s) { return enum_from_name(kImpactNames, s); }
std::optional<Indicator> parse_indicator(std::string_view s) {
  return enum_from_name(kIndicatorNames, s);
}

std::string_view label(ComponentStatus s) { return enum_name(kComponentLabels, s); }
std::string_view label(IncidentStatus s) { return enum_name(kIncidentLabels, s); }
std::string_view label(Impact i) { return enum_name(kImpactLabels, i); }

int severity(ComponentStatus s) {
  switch (s) {
    case ComponentStatus::kOperational:
      return 0;
    case ComponentStatus::kUnderMaintenance:
      return 1;
    case ComponentStatus::kDegradedPerformance:
      return 2;
    case ComponentStatus::kPartialOutage:
      return 3;
    case ComponentStatus::kMajorOutage:
      return 4;
  }
  return 0;
}

ComponentStatus worst(ComponentStatus a, ComponentStatus b) {
  return severity(b) > severity(a) ? b : a;
}

int severity(Impact i) {
  switch (i) {
    case Impact::kNone:
      return 0;
    case Impact::kMaintenance:
      return 1;
    case Impact::kMinor:
      return 2;
    case Impact::kMajor:
      return 3;
    case Impact::kCritical:
      return 4;
  }
  return 0;
}

Impact worst(Impact a, Impact b) { return severity(b) > severity(a) ? b : a; }

bool is_maintenance_status(IncidentStatus s) {
  return s == IncidentStatus::kScheduled || s == IncidentStatus::kInProgress ||
         s == IncidentStatus::kVerifying || s == IncidentStatus::kCompleted;
}

bool is_closed(IncidentStatus s) {
  return s == IncidentStatus::kResolved || s == IncidentStatus::kPostmortem ||
         s == IncidentStatus::kCompleted;
}

bool is_active(IncidentStatus s) { return !is_closed(s); }

std::string_view component_status_names() {
  return "operational, degraded_performance, partial_outage, major_outage, under_maintenance";
}
std::string_view incident_status_names() {
  return "investigating, identified, monitoring, resolved, postmortem (maintenance: scheduled, "
         "in_progress, verifying, completed)";
}
std::string_view impact_names() { return "none, minor, major, critical, maintenance"; }

}  // namespace pharos
