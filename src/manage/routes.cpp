// The /api/manage/v1 routes: authentication and scope checks in one wrapper, then one thin
// handler per route.
#include <memory>

#include "core/ids.h"
#include "core/log.h"
#include "manage/access_request.h"
#include "manage/auth_service.h"
#include "manage/incident_request.h"
#include "manage/manage_api.h"
#include "manage/views.h"

namespace pharos::manage {
namespace {

namespace json = boost::json;

struct Api {
  Store& store;
  IncidentService& incidents;
  AuthService auth;
  const Clock& clock;
};

using Call = web::Response (*)(Api&, const web::Request&, const Principal&);

web::Response no_store(web::Response r) {
  r.header("Cache-Control", "no-store");
  return r;
}

web::Response fail(const Error& error) {
  web::Response r = web::error_response(error);
  if (error.code == ErrorCode::kUnauthenticated)
    r.header("WWW-Authenticate", "Bearer realm=\"pharos\"");
  return no_store(std::move(r));
}

web::Response ok(unsigned status, const json::value& v) {
  return web::Response::json(status, json::serialize(v) + "\n");
}

// Service errors name plain fields ("name", "status"); the API names them inside the body.
Error in_body(Error e, const char* root) {
  if (!e.field.empty() && e.field != "id" && e.field.find('.') == std::string::npos) {
    e.field = std::string(root) + "." + e.field;
  }
  return e;
}

// Audits a committed change. The change stands even if the log write fails: it is reported
// loudly instead of turning a done change into an error the client would retry.
void audit(Api& api, const Principal& who, const char* action, const std::string& target,
           std::string before, std::string after) {
  auto recorded = api.auth.record(who.actor(), action, target, std::move(before), std::move(after));
  if (!recorded) {
    log::error("audit.write_failed", {log::kv("action", action), log::kv("target", target),
                                      log::kv("error", recorded.error().describe())});
  }
}

std::string dump(const json::object& o) { return json::serialize(o); }

web::Handler guard(std::shared_ptr<Api> api, Scope need, Call call) {
  return [api = std::move(api), need, call](const web::Request& request) {
    auto who = api->auth.authenticate(request.header("Authorization"));
    if (!who) return fail(who.error());
    if (who->scope < need) {
      return fail({ErrorCode::kPermissionDenied,
                   "this needs the '" + std::string(to_string(need)) +
                       "' scope; this token (with " + "its user's role) allows '" +
                       std::string(to_string(who->scope)) + "'",
                   "Authorization"});
    }
    return no_store(call(*api, request, *who));
  };
}

// The incident named by the path, or the error to answer with.
Result<Incident> path_incident(Api& api, const web::Request& r) {
  std::string id(r.param("id"));
  if (!is_valid_id(id)) return Error::not_found("no incident with id '" + id + "'", "id");
  auto found = api.store.find_incident(id);
  if (!found) return found.error();
  if (!found->has_value()) return Error::not_found("no incident with id '" + id + "'", "id");
  return **found;
}

// ---- components ----

web::Response list_components(Api& api, const web::Request&, const Principal&) {
  auto components = api.store.list_components();
  if (!components) return fail(components.error());
  json::array out;
  for (const auto& c : *components) out.push_back(component_view(c));
  return ok(200, out);
}

web::Response patch_component(Api& api, const web::Request& r, const Principal& who) {
  auto status = parse_component_patch(r.body);
  if (!status) return fail(status.error());
  std::string id(r.param("id"));
  auto before = api.store.find_component(id);
  if (!before) return fail(before.error());
  if (!before->has_value())
    return fail(Error::not_found("no component with id '" + id + "'", "id"));
  auto after = api.incidents.set_component_status(id, *status);
  if (!after) return fail(in_body(after.error(), "component"));
  audit(api, who, "component.update", id, dump(component_view(**before)),
        dump(component_view(*after)));
  return ok(200, component_view(*after));
}

// ---- incidents ----

web::Response list_incidents(Api& api, const web::Request& r, const Principal&) {
  auto paging = parse_paging(r.query_param("page"), r.query_param("per_page"));
  if (!paging) return fail(paging.error());
  IncidentQuery query;
  query.limit = paging->per_page;
  query.offset = (paging->page - 1) * paging->per_page;
  auto incidents = api.store.list_incidents(query);
  if (!incidents) return fail(incidents.error());
  json::array out;
  for (const auto& i : *incidents) out.push_back(incident_view(i));
  return ok(200, out);
}

web::Response get_incident(Api& api, const web::Request& r, const Principal&) {
  auto incident = path_incident(api, r);
  if (!incident) return fail(incident.error());
  return ok(200, incident_view(*incident));
}

web::Response open(Api& api, const web::Request& r, const Principal& who, IncidentKind kind) {
  auto request = parse_new_incident(r.body, kind);
  if (!request) return fail(request.error());
  request->author = who.user.name;
  auto opened = api.incidents.open(*request);
  if (!opened) return fail(in_body(opened.error(), "incident"));
  json::object view = incident_view(*opened);
  audit(api, who, kind == IncidentKind::kMaintenance ? "maintenance.create" : "incident.create",
        opened->id, "", dump(view));
  return ok(201, view);
}

web::Response create_incident(Api& api, const web::Request& r, const Principal& who) {
  return open(api, r, who, IncidentKind::kIncident);
}

web::Response create_maintenance(Api& api, const web::Request& r, const Principal& who) {
  return open(api, r, who, IncidentKind::kMaintenance);
}

// Posts `request` to the path's incident and audits it as `action`.
web::Response post(Api& api, const web::Request& r, const Principal& who, UpdateRequest request,
                   const char* action) {
  auto before = path_incident(api, r);
  if (!before) return fail(before.error());
  request.author = who.user.name;
  auto after = api.incidents.post_update(before->id, request);
  if (!after) return fail(in_body(after.error(), "incident"));
  json::object view = incident_view(*after);
  audit(api, who, action, after->id, dump(incident_view(*before)), dump(view));
  return ok(200, view);
}

web::Response update_incident(Api& api, const web::Request& r, const Principal& who) {
  auto request = parse_incident_update(r.body);
  if (!request) return fail(request.error());
  return post(api, r, who, std::move(*request), "incident.update");
}

web::Response reopen_incident(Api& api, const web::Request& r, const Principal& who) {
  auto request = parse_reopen(r.body);
  if (!request) return fail(request.error());
  auto current = path_incident(api, r);
  if (!current) return fail(current.error());
  if (!is_closed(current->status)) {
    return fail(Error::conflict("the incident is not resolved, so it cannot be reopened", "id"));
  }
  return post(api, r, who, std::move(*request), "incident.reopen");
}

web::Response resolve_incident(Api& api, const web::Request& r, const Principal& who) {
  auto body = parse_resolve_body(r.body);
  if (!body) return fail(body.error());
  auto before = path_incident(api, r);
  if (!before) return fail(before.error());
  auto after = api.incidents.resolve(before->id, *body, who.user.name);
  if (!after) return fail(in_body(after.error(), "incident"));
  json::object view = incident_view(*after);
  audit(api, who, "incident.resolve", after->id, dump(incident_view(*before)), dump(view));
  return ok(200, view);
}

web::Response delete_incident(Api& api, const web::Request& r, const Principal& who) {
  auto before = path_incident(api, r);
  if (!before) return fail(before.error());
  auto deleted = api.store.delete_incident(before->id);
  if (!deleted) return fail(deleted.error());
  json::object view = incident_view(*before);
  audit(api, who, "incident.delete", before->id, dump(view), "");
  return ok(200, view);
}

// ---- audit log ----

web::Response list_audit(Api& api, const web::Request& r, const Principal&) {
  auto paging = parse_paging(r.query_param("page"), r.query_param("per_page"));
  if (!paging) return fail(paging.error());
  auto entries = api.auth.audit_log(paging->per_page, (paging->page - 1) * paging->per_page);
  if (!entries) return fail(entries.error());
  json::array out;
  for (const auto& e : *entries) out.push_back(audit_view(e));
  return ok(200, out);
}

// ---- users and tokens (admin scope; AuthService audits them in the same transaction) ----

web::Response list_users(Api& api, const web::Request&, const Principal&) {
  auto users = api.auth.list_users();
  if (!users) return fail(users.error());
  json::array out;
  for (const auto& u : *users) out.push_back(user_view(u));
  return ok(200, out);
}

web::Response create_user(Api& api, const web::Request& r, const Principal& who) {
  auto request = parse_new_user(r.body);
  if (!request) return fail(request.error());
  auto user = api.auth.add_user(*request, who.actor());
  if (!user) return fail(in_body(user.error(), "user"));
  return ok(201, user_view(*user));
}

web::Response remove_user(Api& api, const web::Request& r, const Principal& who) {
  auto removed = api.auth.remove_user(std::string(r.param("name")), who.actor());
  if (!removed) return fail(removed.error());
  return web::Response::json(200, "{\"removed\":true}\n");
}

web::Response list_tokens(Api& api, const web::Request& r, const Principal&) {
  std::string user = r.query_param("user");
  auto tokens = api.auth.list_tokens(user.empty() ? std::nullopt : std::optional(user));
  if (!tokens) return fail(tokens.error());
  json::array out;
  for (const auto& t : *tokens) out.push_back(token_view(t, api.clock.now()));
  return ok(200, out);
}

web::Response create_token(Api& api, const web::Request& r, const Principal& who) {
  auto request = parse_new_token(r.body, api.clock.now());
  if (!request) return fail(request.error());
  auto issued = api.auth.create_token(*request, who.actor());
  if (!issued) return fail(in_body(issued.error(), "token"));
  json::object view = token_view(issued->token, api.clock.now());
  view["token"] = issued->secret;  // the only time it is ever shown
  return ok(201, view);
}

web::Response revoke_token(Api& api, const web::Request& r, const Principal& who) {
  std::string id(r.param("id"));
  auto revoked = api.auth.revoke_token(id, who.actor());
  if (!revoked) return fail(revoked.error());
  return web::Response::json(200, "{\"revoked\":true}\n");
}

struct Route {
  web::Method method;
  const char* path;  // after kApiPrefix
  Scope scope;
  Call call;
};

using M = web::Method;
constexpr Route kRoutes[] = {
    {M::kGet, "/components", Scope::kRead, list_components},
    {M::kPatch, "/components/{id}", Scope::kWrite, patch_component},
    {M::kGet, "/incidents", Scope::kRead, list_incidents},
    {M::kPost, "/incidents", Scope::kWrite, create_incident},
    {M::kGet, "/incidents/{id}", Scope::kRead, get_incident},
    {M::kPatch, "/incidents/{id}", Scope::kWrite, update_incident},
    {M::kDelete, "/incidents/{id}", Scope::kWrite, delete_incident},
    {M::kPost, "/incidents/{id}/resolve", Scope::kWrite, resolve_incident},
    {M::kPost, "/incidents/{id}/reopen", Scope::kWrite, reopen_incident},
    {M::kPost, "/maintenances", Scope::kWrite, create_maintenance},
    {M::kGet, "/audit", Scope::kAdmin, list_audit},
    {M::kGet, "/users", Scope::kAdmin, list_users},
    {M::kPost, "/users", Scope::kAdmin, create_user},
    {M::kDelete, "/users/{name}", Scope::kAdmin, remove_user},
    {M::kGet, "/tokens", Scope::kAdmin, list_tokens},
    {M::kPost, "/tokens", Scope::kAdmin, create_token},
    {M::kDelete, "/tokens/{id}", Scope::kAdmin, revoke_token},
};

}  // namespace

void add_routes(web::Router& router, const Services& services) {
  auto api = std::make_shared<Api>(Api{services.store, services.incidents,
                                       AuthService(services.auth_store, services.clock),
                                       services.clock});
  std::string prefix(kApiPrefix);
  for (const auto& route : kRoutes) {
    router.add(route.method, prefix + route.path, guard(api, route.scope, route.call));
  }
  router.add(M::kGet, prefix + "/openapi.json",
             [](const web::Request&) { return web::Response::json(200, openapi_document()); });
}

}  // namespace pharos::manage
