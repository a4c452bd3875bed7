#pragma once
// The enums of the status-page world, with exactly Atlassian Statuspage's wire names so the public
// API, webhooks and imports speak the same language.
#include <optional>
#include <string_view>

namespace pharos {

// Ordered from best to worst except under_maintenance, which is ranked by `severity()`.
enum class ComponentStatus {
  kOperational,
  kDegradedPerformance,
  kPartialOutage,
  kMajorOutage,
  kUnderMaintenance,
};

// One enum for the status of incidents and of scheduled maintenances: an incident update's status
// is drawn from the union of both lifecycles (Statuspage does the same).
enum class IncidentStatus {
  kInvestigating,
  kIdentified,
  kMonitoring,
  kResolved,
  kPostmortem,
  kScheduled,
  kInProgress,
  kVerifying,
  kCompleted,
};

enum class Impact { kNone, kMinor, kMajor, kCritical, kMaintenance };

// The page's overall status indicator (status.json).
enum class Indicator { kNone, kMinor, kMajor, kCritical, kMaintenance };

enum class IncidentKind { kIncident, kMaintenance };

std::string_view to_string(ComponentStatus s);
std::string_view to_string(IncidentStatus s);
std::string_view to_string(Impact i);
std::string_view to_string(Indicator i);
std::string_view to_string(IncidentKind k);

std::optional<ComponentStatus> parse_component_status(std::string_view s);
std::optional<IncidentStatus> parse_incident_status(std::string_view s);
std::optional<Impact> parse_impact(std::string_view s);
std::optional<Indicator> parse_indicator(std::string_view s);

// Human labels: "Degraded Performance", "Partial Outage", "In progress", "Postmortem"…
std::string_view label(ComponentStatus s);
std::string_view label(IncidentStatus s);
std::string_view label(Impact i);

// How bad a component status is for roll-ups: operational 0, under_maintenance 1, degraded 2,
// partial 3, major 4. Maintenance is worse than nothing but better than any failure.
int severity(ComponentStatus s);
ComponentStatus worst(ComponentStatus a, ComponentStatus b);
int severity(Impact i);  // none 0, maintenance 1, minor 2, major 3, critical 4
Impact worst(Impact a, Impact b);
// The page indicator ranked as Impact, for "the worse of" the components' and incidents' views.
int severity(Indicator i);

bool is_maintenance_status(IncidentStatus s);  // scheduled|in_progress|verifying|completed
bool is_active(IncidentStatus s);              // not resolved, postmortem or completed
bool is_closed(IncidentStatus s);              // resolved, postmortem or completed

// The lists of valid names, for error messages: "operational, degraded_performance, …".
std::string_view component_status_names();
std::string_view incident_status_names();
std::string_view impact_names();

}  // namespace pharos
