// /api/manage/v1/incidents and /maintenances: open, update, resolve, reopen, delete.
#include "manage/api_support.h"
#include "manage/incident_request.h"
#include "manage/openapi_parts.h"
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

}  // namespace

Resource incident_resource() { return {kRoutes, openapi_incidents()}; }

}  // namespace pharos::manage::detail
