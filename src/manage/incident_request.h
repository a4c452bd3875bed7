#pragma once
// Management API bodies → typed requests. Statuspage's field names, one root object
// ({"incident": {...}}, {"component": {...}}). Every field is checked for type and value, unknown
// fields are refused, and each error names its field as a dotted path ("incident.components.api").
// Nothing is stored here: a request that fails parsing changes nothing.
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "domain/lifecycle.h"
#include "incident/incident_service.h"

namespace pharos::manage {

// POST /incidents (kind incident) and POST /maintenances (kind maintenance: scheduled_for and
// scheduled_until required).
Result<NewIncident> parse_new_incident(std::string_view body, IncidentKind kind);
// POST /incidents with "backfilled": true (Statuspage's flag): a past, resolved incident.
//   {"incident":{"name","backfilled":true,"backfill_date":<ISO>,"body",…}}  one resolved update
//       at backfill_date with `body` (Statuspage's shape)
//   {"incident":{…,"incident_updates":[{"status","body","display_at"},…]}}  the whole timeline,
//       oldest first (a Pharos extension; not with "body")
// plus impact_override and component_ids. components (statuses), status and
// deliver_notifications: true are refused: a backfill changes nothing live and notifies nobody.
// nullopt when the body does not ask for a backfill (then parse_new_incident applies).
Result<std::optional<IncidentService::Backfill>> parse_backfill(std::string_view body);
// PATCH /incidents/{id}: status, body, impact_override, components, deliver_notifications.
Result<UpdateRequest> parse_incident_update(std::string_view body);
// POST /incidents/{id}/reopen: like an update; the status defaults to investigating.
Result<UpdateRequest> parse_reopen(std::string_view body);
// POST /incidents/{id}/resolve: an optional {"incident":{"body"}}; an empty request body is fine.
Result<std::string> parse_resolve_body(std::string_view body);
// POST /maintenances/{id}/reschedule: {"incident":{"scheduled_for","scheduled_until"}} (both
// required, ISO 8601) plus optional "body" and "deliver_notifications" (default true).
Result<IncidentService::Reschedule> parse_reschedule(std::string_view body);
// PATCH /components/{id}: {"component":{"status": <status> | "auto"}}; nullopt means automatic.
Result<std::optional<ComponentStatus>> parse_component_patch(std::string_view body);

// PUT /incidents/{id}/postmortem: {"postmortem":{"body_draft": <Markdown>}} (Statuspage's
// name); required, at most kMaxPostmortemLength bytes (emptiness is the service's check).
Result<std::string> parse_postmortem_draft(std::string_view body);
// POST /incidents/{id}/postmortem/publish: an optional {"postmortem":{"notify_subscribers":
// bool}}; notify_subscribers defaults to false (publishing is quiet unless asked).
Result<bool> parse_postmortem_publish(std::string_view body);
// PATCH /incidents/{id}/incident_updates/{update_id}: {"incident_update":{"body","display_at"}},
// at least one of them.
Result<IncidentService::UpdateEdit> parse_update_edit(std::string_view body);
// POST /incidents/{id}/probable_causes: {"probable_cause":{"incident_id":"<vendor incident>"}}.
Result<std::string> parse_probable_cause(std::string_view body);

// Page and per_page query values: page ≥ 1 (default 1), 1 ≤ per_page ≤ 100 (default 25).
struct Paging {
  std::size_t page = 1;
  std::size_t per_page = 25;
};
Result<Paging> parse_paging(const std::string& page, const std::string& per_page);

}  // namespace pharos::manage
