// Shared by every parser: the rules that make fields mean the same whatever the layout.
#include "importer/parsers.h"

namespace pharos::importer {

Error error_at(const ImportOptions& options, int line, const std::string& message) {
  return Error::invalid(message, options.source_name + ":" + std::to_string(line));
}

namespace {

bool resolves(IncidentStatus s) {
  return s == IncidentStatus::kResolved || s == IncidentStatus::kCompleted ||
         s == IncidentStatus::kPostmortem;
}

// The first update of the final closed run (after the last active update), if the incident ends
// closed.
const ImportedUpdate* resolving_update(const std::vector<ImportedUpdate>& updates) {
  const ImportedUpdate* found = nullptr;
  for (const auto& u : updates) {
    if (!resolves(u.status))
      found = nullptr;
    else if (!found)
      found = &u;
  }
  return found;
}

}  // namespace

void finish_incident(ImportedIncident& incident) {
  auto& updates = incident.updates;
  if (!incident.status && !updates.empty()) incident.status = updates.back().status;
  if (incident.status == IncidentStatus::kResolved && incident.postmortem) {
    incident.status = IncidentStatus::kPostmortem;
  }
  bool maintenance = false;
  for (const auto& u : updates) maintenance = maintenance || is_maintenance_status(u.status);
  if (maintenance) incident.kind = IncidentKind::kMaintenance;
  for (const auto& u : updates) {
    if (u.at && (!incident.started_at || *u.at < *incident.started_at)) incident.started_at = u.at;
    break;  // only the first update competes with the page's start
  }
  if (!incident.status || !is_closed(*incident.status)) {
    incident.resolved_at.reset();
    return;
  }
  const ImportedUpdate* resolving = resolving_update(updates);
  if (resolving && resolving->at) incident.resolved_at = resolving->at;
}

}  // namespace pharos::importer
