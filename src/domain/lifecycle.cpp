#include "domain/lifecycle.h"

#include <algorithm>

namespace pharos {
namespace {

bool is_incident_status(IncidentStatus s) { return !is_maintenance_status(s); }

std::string quoted(IncidentStatus s) { return "'" + std::string(to_string(s)) + "'"; }

Result<void> validate_text(const std::string& name, const std::string& body) {
  if (name.size() > kMaxNameLength) {
    return Error::invalid("must be at most 255 characters", "name");
  }
  if (body.size() > kMaxBodyLength) {
    return Error::invalid("must be at most 25000 characters", "body");
  }
  return Ok();
}

// Records the component changes of one update and attaches the components to the incident.
Result<std::vector<ComponentChange>> component_changes(Incident& incident,
                                                       const ComponentStatusChanges& requested,
                                                       const ComponentStatusLookup& lookup) {
  std::vector<ComponentChange> changes;
  for (const auto& [id, new_status] : requested) {
    auto current = lookup(id);
    if (!current) return Error::invalid("unknown component '" + id + "'", "components");
    changes.push_back({id, *current, new_status});
    if (std::find(incident.component_ids.begin(), incident.component_ids.end(), id) ==
        incident.component_ids.end()) {
      incident.component_ids.push_back(id);
    }
  }
  return changes;
}

void raise_impact(Incident& incident, const std::vector<ComponentChange>& changes) {
  if (incident.impact_override) {
    incident.impact = *incident.impact_override;
    return;
  }
  if (incident.is_maintenance()) {
    incident.impact = Impact::kMaintenance;
    return;
  }
  for (const auto& change : changes) {
    if (change.new_status == ComponentStatus::kUnderMaintenance) continue;
    incident.impact = worst(incident.impact, impact_for(change.new_status));
  }
}

void record_status(Incident& incident, IncidentStatus status, Instant at) {
  if ((status == IncidentStatus::kMonitoring || status == IncidentStatus::kVerifying) &&
      !incident.monitoring_at) {
    incident.monitoring_at = at;
  }
  if (status == IncidentStatus::kResolved || status == IncidentStatus::kCompleted) {
    if (!incident.resolved_at) incident.resolved_at = at;
  }
  incident.status = status;
}

}  // namespace

Result<void> check_transition(IncidentKind kind, IncidentStatus from, IncidentStatus to) {
  using S = IncidentStatus;
  if (kind == IncidentKind::kIncident) {
    if (!is_incident_status(to)) {
      return Error::conflict(quoted(to) +
                                 " is a maintenance status; incidents use investigating, "
                                 "identified, monitoring, resolved or postmortem",
                             "status");
    }
    if (from == S::kPostmortem && to != S::kPostmortem) {
      return Error::conflict(
          "the incident has a published post-mortem and is final; open a new "
          "incident instead",
          "status");
    }
    if (to == S::kPostmortem && from != S::kResolved && from != S::kPostmortem) {
      return Error::conflict("resolve the incident before publishing its post-mortem", "status");
    }
    return Ok();
  }
  if (!is_maintenance_status(to)) {
    return Error::conflict(quoted(to) +
                               " is an incident status; maintenance uses scheduled, "
                               "in_progress, verifying or completed",
                           "status");
  }
  if (from == S::kCompleted && to != S::kCompleted) {
    return Error::conflict("the maintenance is completed and final; schedule a new one", "status");
  }
  if (to == S::kScheduled && from != S::kScheduled) {
    return Error::conflict("a maintenance that has started cannot go back to scheduled", "status");
  }
  if (to == S::kVerifying && from == S::kScheduled) {
    return Error::conflict("start the maintenance (in_progress) before verifying it", "status");
  }
  return Ok();
}

bool is_reopen(IncidentStatus from, IncidentStatus to) {
  return from == IncidentStatus::kResolved && is_active(to) && !is_maintenance_status(to);
}

Impact impact_for(ComponentStatus status) {
  switch (status) {
    case ComponentStatus::kOperational:
      return Impact::kNone;
    case ComponentStatus::kDegradedPerformance:
      return Impact::kMinor;
    case ComponentStatus::kPartialOutage:
      return Impact::kMajor;
    case ComponentStatus::kMajorOutage:
      return Impact::kCritical;
    case ComponentStatus::kUnderMaintenance:
      return Impact::kMaintenance;
  }
  return Impact::kNone;
}

Result<Incident> open_incident(const NewIncident& request, const ComponentStatusLookup& lookup,
                               Instant now, std::string incident_id, std::string update_id) {
  Incident incident;
  incident.id = std::move(incident_id);
  incident.kind = request.kind;
  incident.name = std::string(request.name);
  if (incident.name.empty()) return Error::invalid("an incident needs a title", "name");
  PHAROS_TRY(validate_text(incident.name, request.body));
  bool maintenance = request.kind == IncidentKind::kMaintenance;
  IncidentStatus status = request.status.value_or(maintenance ? IncidentStatus::kScheduled
                                                              : IncidentStatus::kInvestigating);
  if (maintenance != is_maintenance_status(status)) {
    return Error::invalid(
        quoted(status) + " is not a valid status for a new " + std::string(to_string(request.kind)),
        "status");
  }
  if (!maintenance && status == IncidentStatus::kPostmortem) {
    return Error::invalid("a new incident cannot start as postmortem", "status");
  }
  if (maintenance) {
    if (!request.scheduled_for || !request.scheduled_until) {
      return Error::invalid("a maintenance needs scheduled_for and scheduled_until",
                            request.scheduled_for ? "scheduled_until" : "scheduled_for");
    }
    if (*request.scheduled_until <= *request.scheduled_for) {
      return Error::invalid("must be after scheduled_for", "scheduled_until");
    }
  }
  incident.scheduled_for = request.scheduled_for;
  incident.scheduled_until = request.scheduled_until;
  incident.auto_transition = request.auto_transition;
  incident.created_at = incident.updated_at = now;
  incident.started_at = request.started_at.value_or(
      maintenance && request.scheduled_for ? *request.scheduled_for : now);
  incident.detected_at = request.detected_at;
  incident.source = request.source;
  incident.controller =
      request.source == IncidentSource::kAutomatic ? Controller::kAutomation : Controller::kHuman;
  incident.impact_override = request.impact;
  incident.impact = maintenance ? Impact::kMaintenance : Impact::kNone;
  for (const auto& id : request.component_ids) {
    if (!lookup(id)) return Error::invalid("unknown component '" + id + "'", "component_ids");
    if (std::find(incident.component_ids.begin(), incident.component_ids.end(), id) ==
        incident.component_ids.end()) {
      incident.component_ids.push_back(id);
    }
  }
  auto changes = component_changes(incident, request.component_statuses, lookup);
  if (!changes) return changes.error();
  raise_impact(incident, *changes);
  record_status(incident, status, now);

  IncidentUpdate update;
  update.id = std::move(update_id);
  update.status = status;
  update.body = request.body;
  update.created_at = update.updated_at = now;
  update.display_at = request.started_at && !maintenance ? *request.started_at : now;
  update.component_changes = std::move(*changes);
  update.deliver_notifications = request.deliver_notifications;
  update.author = request.author;
  incident.updates.push_back(std::move(update));
  return incident;
}

Result<IncidentUpdate> apply_update(Incident& incident, const UpdateRequest& request,
                                    const ComponentStatusLookup& lookup, Instant now,
                                    std::string update_id) {
  IncidentStatus to = request.status.value_or(incident.status);
  PHAROS_TRY(check_transition(incident.kind, incident.status, to));
  PHAROS_TRY(validate_text(incident.name, request.body));
  if (request.body.empty() && request.component_statuses.empty() && !request.status &&
      !request.impact) {
    return Error::invalid("an update needs a body, a status, an impact or component changes",
                          "body");
  }
  if (request.impact == Impact::kMaintenance && !incident.is_maintenance()) {
    return Error::invalid("impact 'maintenance' is for scheduled maintenance only", "impact");
  }

  Incident next = incident;  // work on a copy so that an error leaves the incident unchanged
  auto changes = component_changes(next, request.component_statuses, lookup);
  if (!changes) return changes.error();
  bool reopen = is_reopen(next.status, to);
  if (reopen) {
    next.resolved_at.reset();
    next.reopen_count += 1;
  }
  if (request.impact) next.impact_override = request.impact;
  raise_impact(next, *changes);
  record_status(next, to, now);
  next.updated_at = now;

  IncidentUpdate update;
  update.id = std::move(update_id);
  update.status = to;
  update.body = request.body;
  update.created_at = update.updated_at = now;
  update.display_at = request.display_at.value_or(now);
  update.component_changes = std::move(*changes);
  update.deliver_notifications = request.deliver_notifications;
  update.reopened = reopen;
  update.author = request.author;
  next.updates.push_back(update);
  incident = std::move(next);
  return update;
}

}  // namespace pharos
