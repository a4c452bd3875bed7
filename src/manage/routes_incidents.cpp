// /api/manage/v1/incidents and /maintenances: open, update, resolve, reopen, delete.
#include "manage/api_support.h"
#include "manage/incident_request.h"
#include "statuspage/json.h"

namespace pharos::manage::detail {
namespace {

namespace json = boost::json;
using M = web::Method;

web::Response list_incidents(Api& api, const web::Request& r, const auth::Principal&) {
  auto paging = parse_paging(r.query_param("page"), r.query_param("per_page"));
  if (!paging) return fail(paging.error());
  IncidentQuery query;
  query.limit = paging->per_page;
  query.offset = (paging->page - 1) * paging->per_page;
  auto incidents = api.store.list_incidents(query);
  if (!incidents) return fail(incidents.error());
  json::array out;
  for (const auto& i : *incidents) out.push_back(statuspage::incident_json(i));
  return ok(200, out);
}

web::Response get_incident(Api& api, const web::Request& r, const auth::Principal&) {
  auto incident = path_incident(api, r);
  if (!incident) return fail(incident.error());
  return ok(200, statuspage::incident_json(*incident));
}

web::Response open(Api& api, const web::Request& r, const auth::Principal& who, IncidentKind kind) {
  auto request = parse_new_incident(r.body, kind);
  if (!request) return fail(request.error());
  request->author = who.user.name;
  auto opened = api.incidents.open(*request, who.actor());
  if (!opened) return fail(in_body(opened.error(), "incident"));
  json::object view = statuspage::incident_json(*opened);
  return ok(201, view);
}

// A backfill ("backfilled": true) records a past incident; otherwise an incident opens now.
web::Response create_incident(Api& api, const web::Request& r, const auth::Principal& who) {
  auto backfill = parse_backfill(r.body);
  if (!backfill) return fail(backfill.error());
  if (!*backfill) return open(api, r, who, IncidentKind::kIncident);
  (*backfill)->author = who.user.name;
  auto created = api.incidents.backfill(**backfill, who.actor());
  if (!created) return fail(in_body(created.error(), "incident"));
  json::object view = statuspage::incident_json(*created);
  return ok(201, view);
}

web::Response create_maintenance(Api& api, const web::Request& r, const auth::Principal& who) {
  return open(api, r, who, IncidentKind::kMaintenance);
}

// A maintenance's window moved (or, before it starts, cancelled: completed with an update that
// says so; Statuspage has no cancelled status); the service audits it. Service errors name
// fields inside "incident".
web::Response reschedule_maintenance(Api& api, const web::Request& r, const auth::Principal& who) {
  return change_path_incident(api, r, parse_reschedule, in_incident,
                              [&](const std::string& id, IncidentService::Reschedule& request) {
                                request.author = who.user.name;
                                return api.incidents.reschedule(id, request, who.actor());
                              });
}

web::Response cancel_maintenance(Api& api, const web::Request& r, const auth::Principal& who) {
  return change_path_incident(
      api, r, parse_resolve_body, in_incident, [&](const std::string& id, const std::string& body) {
        return api.incidents.cancel_maintenance(id, body, who.user.name, who.actor());
      });
}

// Posts `request` to the path's incident (the service audits it: "incident.update", or
// "incident.reopen" when the update reopened it).
web::Response post(Api& api, const web::Request& r, const auth::Principal& who,
                   UpdateRequest request) {
  request.author = who.user.name;
  return change_path_incident(api, r, in_incident, [&](const std::string& id) {
    return api.incidents.post_update(id, request, who.actor());
  });
}

web::Response update_incident(Api& api, const web::Request& r, const auth::Principal& who) {
  auto request = parse_incident_update(r.body);
  if (!request) return fail(request.error());
  return post(api, r, who, std::move(*request));
}

web::Response reopen_incident(Api& api, const web::Request& r, const auth::Principal& who) {
  auto request = parse_reopen(r.body);
  if (!request) return fail(request.error());
  auto current = path_incident(api, r);
  if (!current) return fail(current.error());
  if (!is_closed(current->status)) {
    return fail(Error::conflict("the incident is not resolved, so it cannot be reopened", "id"));
  }
  return post(api, r, who, std::move(*request));
}

web::Response resolve_incident(Api& api, const web::Request& r, const auth::Principal& who) {
  return change_path_incident(api, r, parse_resolve_body, in_incident,
                              [&](const std::string& id, const std::string& body) {
                                return api.incidents.resolve(id, body, who.user.name, who.actor());
                              });
}

web::Response delete_incident(Api& api, const web::Request& r, const auth::Principal& who) {
  return change_path_incident(
      api, r, as_is, [&](const std::string& id) { return api.incidents.remove(id, who.actor()); });
}

// Statuspage's "edit incident update": the body and the display time of one timeline entry.
// Service errors name "body"/"display_at" (inside incident_update) or "update_id" (the path).
web::Response edit_update(Api& api, const web::Request& r, const auth::Principal& who) {
  auto in_update = [](Error e) {
    return e.field == "update_id" ? e : in_body(std::move(e), "incident_update");
  };
  return change_path_incident(api, r, parse_update_edit, in_update,
                              [&](const std::string& id, const IncidentService::UpdateEdit& edit) {
                                return api.incidents.edit_update(
                                    id, std::string(r.param("update_id")), edit, who.actor());
                              });
}

constexpr Route kRoutes[] = {
    {M::kGet, "/incidents", Scope::kRead, list_incidents},
    {M::kPost, "/incidents", Scope::kWrite, create_incident},
    {M::kGet, "/incidents/{id}", Scope::kRead, get_incident},
    {M::kPatch, "/incidents/{id}", Scope::kWrite, update_incident},
    {M::kDelete, "/incidents/{id}", Scope::kWrite, delete_incident},
    {M::kPost, "/incidents/{id}/resolve", Scope::kWrite, resolve_incident},
    {M::kPost, "/incidents/{id}/reopen", Scope::kWrite, reopen_incident},
    {M::kPatch, "/incidents/{id}/incident_updates/{update_id}", Scope::kWrite, edit_update},
    {M::kPost, "/maintenances", Scope::kWrite, create_maintenance},
    {M::kPost, "/maintenances/{id}/reschedule", Scope::kWrite, reschedule_maintenance},
    {M::kPost, "/maintenances/{id}/cancel", Scope::kWrite, cancel_maintenance},
};

constexpr std::string_view kOpenApi = R"json({
  "paths": {
    "/incidents": {
      "get": {"summary": "List incidents and maintenances, newest first", "operationId": "listIncidents",
        "parameters": [{"$ref": "#/components/parameters/Page"}, {"$ref": "#/components/parameters/PerPage"}],
        "responses": {"200": {"description": "One page", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Incident"}}}}},
          "400": {"$ref": "#/components/responses/Invalid"}}},
      "post": {"summary": "Open an incident, or record a past one with backfilled: true", "operationId": "createIncident",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/IncidentCreate"}}}},
        "responses": {"201": {"$ref": "#/components/responses/Incident"}, "400": {"$ref": "#/components/responses/Invalid"}}}
    },
    "/incidents/{id}": {
      "parameters": [{"$ref": "#/components/parameters/Id"}],
      "get": {"summary": "One incident with its updates", "operationId": "getIncident",
        "responses": {"200": {"$ref": "#/components/responses/Incident"},
          "404": {"$ref": "#/components/responses/NotFound"}}},
      "patch": {"summary": "Post an update: status, body, impact, component statuses", "operationId": "updateIncident",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/IncidentUpdate"}}}},
        "responses": {"200": {"$ref": "#/components/responses/Incident"}, "400": {"$ref": "#/components/responses/Invalid"},
          "404": {"$ref": "#/components/responses/NotFound"}, "409": {"$ref": "#/components/responses/Conflict"}}},
      "delete": {"summary": "Delete an incident (returns it as it was)", "operationId": "deleteIncident",
        "responses": {"200": {"$ref": "#/components/responses/Incident"}, "404": {"$ref": "#/components/responses/NotFound"}}}
    },
    "/incidents/{id}/resolve": {
      "parameters": [{"$ref": "#/components/parameters/Id"}],
      "post": {"summary": "Resolve (maintenance: complete), with an optional closing note", "operationId": "resolveIncident",
        "requestBody": {"required": false, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/IncidentResolve"}}}},
        "responses": {"200": {"$ref": "#/components/responses/Incident"}, "400": {"$ref": "#/components/responses/Invalid"},
          "404": {"$ref": "#/components/responses/NotFound"}, "409": {"$ref": "#/components/responses/Conflict"}}}
    },
    "/incidents/{id}/reopen": {
      "parameters": [{"$ref": "#/components/parameters/Id"}],
      "post": {"summary": "Reopen a resolved incident (status defaults to investigating)", "operationId": "reopenIncident",
        "requestBody": {"required": false, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/IncidentUpdate"}}}},
        "responses": {"200": {"$ref": "#/components/responses/Incident"}, "400": {"$ref": "#/components/responses/Invalid"},
          "404": {"$ref": "#/components/responses/NotFound"}, "409": {"$ref": "#/components/responses/Conflict"}}}
    },
    "/incidents/{id}/incident_updates/{update_id}": {
      "parameters": [{"$ref": "#/components/parameters/Id"}, {"name": "update_id", "in": "path", "required": true, "schema": {"type": "string"}}],
      "patch": {"summary": "Edit a timeline entry: its body and/or the time shown for it (nobody is notified, no status changes)", "operationId": "editIncidentUpdate",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/IncidentUpdateEdit"}}}},
        "responses": {"200": {"$ref": "#/components/responses/Incident"}, "400": {"$ref": "#/components/responses/Invalid"},
          "404": {"$ref": "#/components/responses/NotFound"}, "409": {"$ref": "#/components/responses/Conflict"}}}
    },
    "/maintenances": {
      "post": {"summary": "Schedule a maintenance (a window already over is refused: 400 naming incident.scheduled_until)", "operationId": "createMaintenance",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MaintenanceCreate"}}}},
        "responses": {"201": {"$ref": "#/components/responses/Incident"}, "400": {"$ref": "#/components/responses/Invalid"}}}
    },
    "/maintenances/{id}/reschedule": {
      "parameters": [{"$ref": "#/components/parameters/Id"}],
      "post": {"summary": "Move a maintenance window (only its end once it started); posts one update, subscribers told once", "operationId": "rescheduleMaintenance",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MaintenanceReschedule"}}}},
        "responses": {"200": {"$ref": "#/components/responses/Incident"}, "400": {"$ref": "#/components/responses/Invalid"},
          "404": {"$ref": "#/components/responses/NotFound"}, "409": {"$ref": "#/components/responses/Conflict"}}}
    },
    "/maintenances/{id}/cancel": {
      "parameters": [{"$ref": "#/components/parameters/Id"}],
      "post": {"summary": "Cancel a maintenance that has not started: completed with a cancellation update (Statuspage has no cancelled status)", "operationId": "cancelMaintenance",
        "requestBody": {"required": false, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/IncidentResolve"}}}},
        "responses": {"200": {"$ref": "#/components/responses/Incident"}, "400": {"$ref": "#/components/responses/Invalid"},
          "404": {"$ref": "#/components/responses/NotFound"}, "409": {"$ref": "#/components/responses/Conflict"}}}
    }
  },
  "schemas": {
      "IncidentUpdateView": {"type": "object", "properties": {"id": {"type": "string"}, "status": {"$ref": "#/components/schemas/IncidentStatus"}, "body": {"type": "string"},
        "created_at": {"type": "string", "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"}, "display_at": {"type": "string", "format": "date-time"},
        "deliver_notifications": {"type": "boolean"}, "reopened": {"type": "boolean"}, "author": {"type": "string"},
        "affected_components": {"type": "array", "items": {"type": "object", "properties": {"code": {"type": "string"}, "old_status": {"$ref": "#/components/schemas/ComponentStatus"}, "new_status": {"$ref": "#/components/schemas/ComponentStatus"}}}}}},
      "Incident": {"type": "object", "properties": {"id": {"type": "string"}, "kind": {"type": "string", "enum": ["incident", "maintenance"]}, "name": {"type": "string"},
        "status": {"$ref": "#/components/schemas/IncidentStatus"}, "impact": {"$ref": "#/components/schemas/Impact"},
        "impact_override": {"allOf": [{"$ref": "#/components/schemas/Impact"}], "nullable": true},
        "created_at": {"type": "string", "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"}, "started_at": {"type": "string", "format": "date-time"},
        "monitoring_at": {"type": "string", "format": "date-time", "nullable": true}, "resolved_at": {"type": "string", "format": "date-time", "nullable": true},
        "scheduled_for": {"type": "string", "format": "date-time", "nullable": true}, "scheduled_until": {"type": "string", "format": "date-time", "nullable": true},
        "postmortem_body": {"type": "string", "nullable": true}, "postmortem_body_last_updated_at": {"type": "string", "format": "date-time", "nullable": true},
        "postmortem_published_at": {"type": "string", "format": "date-time", "nullable": true, "description": "null while the post-mortem is a draft"},
        "source": {"type": "string"}, "reopen_count": {"type": "integer"}, "version": {"type": "integer"},
        "component_ids": {"type": "array", "items": {"type": "string"}},
        "probable_causes": {"type": "array", "description": "vendor incidents linked as probable causes, by automation or a person", "items": {"type": "object", "properties": {
          "incident_id": {"type": "string"}, "reason": {"type": "string"}, "linked_at": {"type": "string", "format": "date-time"}, "linked_by": {"type": "string"}}}},
        "incident_updates": {"type": "array", "items": {"$ref": "#/components/schemas/IncidentUpdateView"}, "description": "newest first"}}},
      "IncidentCreate": {"type": "object", "required": ["incident"], "additionalProperties": false, "properties": {"incident": {"type": "object", "required": ["name"], "additionalProperties": false, "properties": {
        "name": {"type": "string", "maxLength": 255}, "status": {"$ref": "#/components/schemas/IncidentStatus"}, "impact_override": {"$ref": "#/components/schemas/Impact"},
        "body": {"type": "string", "maxLength": 25000}, "components": {"$ref": "#/components/schemas/ComponentStatuses"},
        "component_ids": {"type": "array", "items": {"type": "string"}}, "deliver_notifications": {"type": "boolean", "default": true},
        "backfilled": {"type": "boolean", "default": false, "description": "record a past, resolved incident: needs backfill_date; no notifications, component statuses untouched, no status or components"},
        "backfill_date": {"type": "string", "format": "date-time", "description": "backfill: when it started (and, without incident_updates, when it was resolved)"},
        "incident_updates": {"type": "array", "maxItems": 50, "description": "backfill: the timeline, oldest first, ending resolved (instead of body)",
          "items": {"type": "object", "required": ["status", "display_at"], "additionalProperties": false, "properties": {
            "status": {"type": "string", "enum": ["investigating", "identified", "monitoring", "resolved"]}, "body": {"type": "string", "maxLength": 25000},
            "display_at": {"type": "string", "format": "date-time"}}}}}}}},
      "MaintenanceReschedule": {"type": "object", "required": ["incident"], "additionalProperties": false, "properties": {"incident": {"type": "object", "required": ["scheduled_for", "scheduled_until"], "additionalProperties": false, "properties": {
        "scheduled_for": {"type": "string", "format": "date-time"}, "scheduled_until": {"type": "string", "format": "date-time"},
        "body": {"type": "string"}, "deliver_notifications": {"type": "boolean", "default": true}}}}},
      "MaintenanceCreate": {"type": "object", "required": ["incident"], "additionalProperties": false, "properties": {"incident": {"type": "object", "required": ["name", "scheduled_for", "scheduled_until"], "additionalProperties": false, "properties": {
        "name": {"type": "string", "maxLength": 255}, "status": {"$ref": "#/components/schemas/IncidentStatus"}, "impact_override": {"$ref": "#/components/schemas/Impact"},
        "body": {"type": "string", "maxLength": 25000}, "components": {"$ref": "#/components/schemas/ComponentStatuses"},
        "component_ids": {"type": "array", "items": {"type": "string"}}, "deliver_notifications": {"type": "boolean", "default": true},
        "scheduled_for": {"type": "string", "format": "date-time"}, "scheduled_until": {"type": "string", "format": "date-time"},
        "scheduled_auto_transition": {"type": "boolean", "default": true}}}}},
      "IncidentUpdate": {"type": "object", "required": ["incident"], "additionalProperties": false, "properties": {"incident": {"type": "object", "additionalProperties": false, "properties": {
        "status": {"$ref": "#/components/schemas/IncidentStatus"}, "body": {"type": "string", "maxLength": 25000}, "impact_override": {"$ref": "#/components/schemas/Impact"},
        "components": {"$ref": "#/components/schemas/ComponentStatuses"}, "deliver_notifications": {"type": "boolean", "default": true}}}}},
      "IncidentUpdateEdit": {"type": "object", "required": ["incident_update"], "additionalProperties": false, "properties": {"incident_update": {"type": "object", "additionalProperties": false, "minProperties": 1, "properties": {
        "body": {"type": "string", "minLength": 1, "maxLength": 25000}, "display_at": {"type": "string", "format": "date-time", "description": "not in the future"}}}}},
      "IncidentResolve": {"type": "object", "additionalProperties": false, "properties": {"incident": {"type": "object", "additionalProperties": false, "properties": {"body": {"type": "string", "maxLength": 25000}}}}}
  }
})json";

}  // namespace

Resource incident_resource() { return {kRoutes, kOpenApi}; }

}  // namespace pharos::manage::detail
