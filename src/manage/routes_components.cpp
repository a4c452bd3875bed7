// /api/manage/v1/components and /component-groups: the catalog and hand-set component statuses.
//
// The catalog itself (which components and groups exist, their names, order and dependencies)
// is defined in pharos.yaml and synced into the store at start, so these routes read it and set
// statuses but do not create, rename or delete entries: a second source of truth would disagree
// with the file at the next restart (docs/api.md says so, and how to change the catalog).
#include "domain/rollup.h"
#include "manage/api_support.h"
#include "manage/incident_request.h"
#include "manage/openapi_parts.h"
#include "statuspage/json.h"

namespace pharos::manage::detail {
namespace {

namespace json = boost::json;
using M = web::Method;

web::Response list_components(Api& api, const web::Request& r, const auth::Principal&) {
  auto paging = request_paging(r);
  if (!paging) return fail(paging.error());
  auto components = api.store.list_components();
  if (!components) return fail(components.error());
  return ok(200, page_of(*components, *paging, statuspage::component_json));
}

web::Response patch_component(Api& api, const web::Request& r, const auth::Principal& who) {
  auto status = parse_component_patch(r.body);
  if (!status) return fail(status.error());
  std::string id(r.param("id"));
  auto before = api.store.find_component(id);
  if (!before) return fail(before.error());
  if (!before->has_value())
    return fail(Error::not_found("no component with id '" + id + "'", "id"));
  auto after = api.incidents.set_component_status(id, *status, who.actor());
  if (!after) return fail(in_body(after.error(), "component"));
  return ok(200, statuspage::component_json(*after));
}

web::Response get_component(Api& api, const web::Request& r, const auth::Principal&) {
  std::string id(r.param("id"));
  auto found = api.store.find_component(id);
  if (!found) return fail(found.error());
  if (!found->has_value()) return fail(Error::not_found("no component with id '" + id + "'", "id"));
  return ok(200, statuspage::component_json(**found));
}

// A group as Statuspage shows one (its component ids in order), with the roll-up of their
// statuses, worst wins, that the public page shows for the group.
json::object group_view(const ComponentGroup& g, const std::vector<Component>& components) {
  json::array ids;
  std::vector<ComponentStatus> statuses;
  for (const auto& c : components) {
    if (c.group_id != g.id) continue;
    ids.emplace_back(c.id);
    statuses.push_back(c.status);
  }
  return json::object{{"id", g.id},
                      {"name", g.name},
                      {"description", g.description},
                      {"position", g.position},
                      {"components", std::move(ids)},
                      {"status", to_string(rollup_status(statuses))}};
}

web::Response list_groups(Api& api, const web::Request& r, const auth::Principal&) {
  auto paging = request_paging(r);
  if (!paging) return fail(paging.error());
  auto groups = api.store.list_groups();
  if (!groups) return fail(groups.error());
  auto components = api.store.list_components();
  if (!components) return fail(components.error());
  return ok(200, page_of(*groups, *paging,
                         [&](const ComponentGroup& g) { return group_view(g, *components); }));
}

web::Response get_group(Api& api, const web::Request& r, const auth::Principal&) {
  std::string id(r.param("id"));
  auto groups = api.store.list_groups();
  if (!groups) return fail(groups.error());
  auto components = api.store.list_components();
  if (!components) return fail(components.error());
  for (const auto& g : *groups) {
    if (g.id == id) return ok(200, group_view(g, *components));
  }
  return fail(Error::not_found("no component group with id '" + id + "'", "id"));
}

constexpr Route kRoutes[] = {
    {M::kGet, "/components", Scope::kRead, list_components},
    {M::kGet, "/components/{id}", Scope::kRead, get_component},
    {M::kPatch, "/components/{id}", Scope::kWrite, patch_component},
    {M::kGet, "/component-groups", Scope::kRead, list_groups},
    {M::kGet, "/component-groups/{id}", Scope::kRead, get_group},
};

}  // namespace

Resource component_resource() { return {kRoutes, openapi_components()}; }

}  // namespace pharos::manage::detail
