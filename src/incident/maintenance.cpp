// Automatic transitions of scheduled maintenance along its window (Statuspage's
// scheduled_auto_in_progress / scheduled_auto_completed).
#include "core/ids.h"
#include "core/log.h"
#include "domain/lifecycle.h"
#include "incident/automation.h"

namespace pharos {
namespace {

Result<void> transition(Store& store, Incident& m, IncidentStatus to, ComponentStatus components,
                        const std::string& body, Instant now) {
  UpdateRequest request;
  request.status = to;
  request.body = body;
  request.author = "automation";
  for (const auto& id : m.component_ids) request.component_statuses.emplace_back(id, components);
  auto lookup = [&store](const std::string& id) -> std::optional<ComponentStatus> {
    auto c = store.find_component(id);
    if (!c || !c->has_value()) return std::nullopt;
    return (*c)->status;
  };
  std::int64_t expected = m.version;
  auto update = apply_update(m, request, lookup, now, new_id());
  if (!update) return update.error();
  std::vector<ComponentStatusSet> statuses;
  for (const auto& change : update->component_changes) {
    statuses.push_back({change.component_id, change.new_status, StatusSource::kAutomatic});
  }
  auto version = store.save_incident({m, expected, std::move(statuses)});
  if (!version) return version.error();
  m.version = *version;
  log::info("maintenance.transition", {log::kv("id", m.id), log::kv("status", to_string(to))});
  return Ok();
}

}  // namespace

Result<void> Automation::run_maintenance() {
  IncidentQuery query;
  query.kind = IncidentKind::kMaintenance;
  query.state = IncidentQuery::State::kOpen;
  query.limit = 1000;
  auto maintenances = store_.list_incidents(query);
  if (!maintenances) return maintenances.error();
  Instant now = clock_.now();
  for (auto& m : *maintenances) {
    if (!m.auto_transition || !m.scheduled_for || !m.scheduled_until) continue;
    if (m.status == IncidentStatus::kScheduled && now >= *m.scheduled_for) {
      PHAROS_TRY(transition(store_, m, IncidentStatus::kInProgress,
                            ComponentStatus::kUnderMaintenance,
                            "Scheduled maintenance is currently in progress. We will provide "
                            "updates as necessary.",
                            now));
    }
    if ((m.status == IncidentStatus::kInProgress || m.status == IncidentStatus::kVerifying) &&
        now >= *m.scheduled_until) {
      PHAROS_TRY(transition(store_, m, IncidentStatus::kCompleted, ComponentStatus::kOperational,
                            "The scheduled maintenance has been completed.", now));
    }
  }
  return Ok();
}

}  // namespace pharos
