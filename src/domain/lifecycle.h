#pragma once
// The incident and maintenance lifecycle: which status transitions are allowed and what each one
// records. Pure functions over domain values; the caller persists the result.
//
// Incident:      investigating ⇄ identified ⇄ monitoring → resolved → postmortem
//                Any active status may move to any other active status or to resolved (real
//                incidents flip back and forth, seed 002). An update that keeps the status is an
//                "Update". resolved → an active status is a *reopen*: recorded on the update and in
//                reopen_count, resolved_at cleared, never a new incident. resolved → postmortem
//                publishes the post-mortem. A postmortem incident is final.
// Maintenance:   scheduled → in_progress → verifying → completed
//                scheduled may be completed directly (cancelled or done early); verifying may go
//                back to in_progress. completed is final.
// What each sets: monitoring_at on the first entry into monitoring/verifying; resolved_at on
// resolved/completed; impact rises with the worst component status set (never falls by itself)
// unless a person fixed it with impact_override.
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "domain/model.h"

namespace pharos {

using ComponentStatusChanges = std::vector<std::pair<std::string, ComponentStatus>>;
// Answers a component's current status, or nullopt when no such component exists.
using ComponentStatusLookup = std::function<std::optional<ComponentStatus>(const std::string&)>;

// Ok when `kind` may move from `from` to `to`; otherwise a kConflict error saying why and what is
// allowed instead.
Result<void> check_transition(IncidentKind kind, IncidentStatus from, IncidentStatus to);

// True when moving from `from` to `to` reopens a closed incident.
bool is_reopen(IncidentStatus from, IncidentStatus to);

// The impact a component status implies: degraded → minor, partial → major, major → critical,
// under_maintenance → maintenance, operational → none.
Impact impact_for(ComponentStatus status);

// The first update of a new incident or maintenance.
struct NewIncident {
  IncidentKind kind = IncidentKind::kIncident;
  std::string name;
  std::optional<IncidentStatus> status;  // default: investigating / scheduled
  std::optional<Impact> impact;          // a person's choice; default derived from components
  ComponentStatusChanges component_statuses;
  std::vector<std::string> component_ids;  // attached without a status change
  std::string body;
  std::optional<Instant> started_at;  // default: now
  std::optional<Instant> detected_at;
  std::optional<Instant> scheduled_for;
  std::optional<Instant> scheduled_until;
  bool auto_transition = true;
  IncidentSource source = IncidentSource::kManual;
  std::string author;
  bool deliver_notifications = true;
};

// One update to an existing incident.
struct UpdateRequest {
  std::optional<IncidentStatus> status;  // absent: keep the current status
  std::string body;
  std::optional<Impact> impact;  // fixes impact_override
  ComponentStatusChanges component_statuses;
  std::optional<Instant> display_at;  // default: now
  std::string author;
  bool deliver_notifications = true;
};

// Builds a validated incident with its first update. `incident_id` and `update_id` are fresh ids.
// Errors: empty or over-long name, a status of the wrong kind, unknown component, missing window.
Result<Incident> open_incident(const NewIncident& request, const ComponentStatusLookup& lookup,
                               Instant now, std::string incident_id, std::string update_id);

// Applies `request` to `incident` and returns the update appended to it. On error `incident` is
// unchanged. Component changes record the status before (from `lookup`) and after.
Result<IncidentUpdate> apply_update(Incident& incident, const UpdateRequest& request,
                                    const ComponentStatusLookup& lookup, Instant now,
                                    std::string update_id);

// Limits on text fields (Statuspage's).
inline constexpr size_t kMaxNameLength = 255;
inline constexpr size_t kMaxBodyLength = 25000;

}  // namespace pharos
