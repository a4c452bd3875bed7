#include "domain/status.h"

#include "core/enum_names.h"

namespace pharos {
namespace {

// Everything Pharos knows about one value, in one row: its wire name, its human label and, where
// values are ranked for "the worse of", its severity (see status.h).
template <typename E>
struct StatusRow {
  E value;
  std::string_view name;
  std::string_view label;
  int severity = 0;
};

constexpr std::array<StatusRow<ComponentStatus>, 5> kComponentStatuses{{
    {ComponentStatus::kOperational, "operational", "Operational", 0},
    {ComponentStatus::kDegradedPerformance, "degraded_performance", "Degraded Performance", 2},
    {ComponentStatus::kPartialOutage, "partial_outage", "Partial Outage", 3},
    {ComponentStatus::kMajorOutage, "major_outage", "Major Outage", 4},
    {ComponentStatus::kUnderMaintenance, "under_maintenance", "Under Maintenance", 1},
}};
constexpr std::array<StatusRow<IncidentStatus>, 9> kIncidentStatuses{{
    {IncidentStatus::kInvestigating, "investigating", "Investigating"},
    {IncidentStatus::kIdentified, "identified", "Identified"},
    {IncidentStatus::kMonitoring, "monitoring", "Monitoring"},
    {IncidentStatus::kResolved, "resolved", "Resolved"},
    {IncidentStatus::kPostmortem, "postmortem", "Postmortem"},
    {IncidentStatus::kScheduled, "scheduled", "Scheduled"},
    {IncidentStatus::kInProgress, "in_progress", "In progress"},
    {IncidentStatus::kVerifying, "verifying", "Verifying"},
    {IncidentStatus::kCompleted, "completed", "Completed"},
}};
constexpr std::array<StatusRow<Impact>, 5> kImpacts{{
    {Impact::kNone, "none", "None", 0},
    {Impact::kMinor, "minor", "Minor", 2},
    {Impact::kMajor, "major", "Major", 3},
    {Impact::kCritical, "critical", "Critical", 4},
    {Impact::kMaintenance, "maintenance", "Maintenance", 1},
}};
// The indicator has no label of its own: the page shows a description with it (rollup.h).
struct IndicatorRow {
  Indicator value;
  std::string_view name;
  int severity;
};
constexpr std::array<IndicatorRow, 5> kIndicators{{
    {Indicator::kNone, "none", 0},
    {Indicator::kMinor, "minor", 2},
    {Indicator::kMajor, "major", 3},
    {Indicator::kCritical, "critical", 4},
    {Indicator::kMaintenance, "maintenance", 1},
}};

template <typename Row, std::size_t N>
std::string_view label_of(const std::array<Row, N>& table, decltype(Row::value) value) {
  const Row* row = enum_row(table, value);
  return row != nullptr ? row->label : "unknown";
}

template <typename Row, std::size_t N>
int severity_of(const std::array<Row, N>& table, decltype(Row::value) value) {
  const Row* row = enum_row(table, value);
  return row != nullptr ? row->severity : 0;
}

}  // namespace

std::string_view to_string(ComponentStatus s) { return enum_name(kComponentStatuses, s); }
std::string_view to_string(IncidentStatus s) { return enum_name(kIncidentStatuses, s); }
std::string_view to_string(Impact i) { return enum_name(kImpacts, i); }
std::string_view to_string(Indicator i) { return enum_name(kIndicators, i); }
std::string_view to_string(IncidentKind k) {
  return k == IncidentKind::kIncident ? "incident" : "maintenance";
}

std::optional<ComponentStatus> parse_component_status(std::string_view s) {
  return enum_from_name(kComponentStatuses, s);
}
std::optional<IncidentStatus> parse_incident_status(std::string_view s) {
  return enum_from_name(kIncidentStatuses, s);
}
std::optional<Impact> parse_impact(std::string_view s) { return enum_from_name(kImpacts, s); }
std::optional<Indicator> parse_indicator(std::string_view s) {
  return enum_from_name(kIndicators, s);
}

std::string_view label(ComponentStatus s) { return label_of(kComponentStatuses, s); }
std::string_view label(IncidentStatus s) { return label_of(kIncidentStatuses, s); }
std::string_view label(Impact i) { return label_of(kImpacts, i); }

int severity(ComponentStatus s) { return severity_of(kComponentStatuses, s); }
int severity(Impact i) { return severity_of(kImpacts, i); }
int severity(Indicator i) { return severity_of(kIndicators, i); }

ComponentStatus worst(ComponentStatus a, ComponentStatus b) {
  return severity(b) > severity(a) ? b : a;
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
