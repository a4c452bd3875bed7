// /api/manage/v1/components: the catalog and hand-set component statuses.
#include "manage/api_support.h"
#include "manage/incident_request.h"
#include "manage/views.h"

namespace pharos::manage::detail {
namespace {

namespace json = boost::json;
using M = web::Method;

web::Response list_components(Api& api, const web::Request& r, const Principal&) {
  auto paging = request_paging(r);
  if (!paging) return fail(paging.error());
  auto components = api.store.list_components();
  if (!components) return fail(components.error());
  return ok(200, page_of(*components, *paging, component_view));
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

constexpr Route kRoutes[] = {
    {M::kGet, "/components", Scope::kRead, list_components},
    {M::kPatch, "/components/{id}", Scope::kWrite, patch_component},
};

constexpr std::string_view kOpenApi = R"json({
  "paths": {
    "/components": {
      "get": {"summary": "List components", "operationId": "listComponents",
        "parameters": [{"$ref": "#/components/parameters/Page"}, {"$ref": "#/components/parameters/PerPage"}],
        "responses": {"200": {"description": "Components in page order",
          "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Component"}}}}},
          "400": {"$ref": "#/components/responses/Invalid"}, "401": {"$ref": "#/components/responses/Unauthenticated"}}}
    },
    "/components/{id}": {
      "parameters": [{"$ref": "#/components/parameters/Id"}],
      "patch": {"summary": "Set a component's status, or hand it back to automation with \"auto\"", "operationId": "updateComponent",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ComponentPatch"}}}},
        "responses": {"200": {"description": "The component", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Component"}}}},
          "400": {"$ref": "#/components/responses/Invalid"}, "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}}}
    }
  },
  "schemas": {
      "Component": {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "description": {"type": "string"},
        "group_id": {"type": "string", "nullable": true}, "position": {"type": "integer"}, "status": {"$ref": "#/components/schemas/ComponentStatus"},
        "automatic": {"type": "boolean"}, "showcase": {"type": "boolean"}, "only_show_if_degraded": {"type": "boolean"},
        "created_at": {"type": "string", "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"}}},
      "ComponentPatch": {"type": "object", "required": ["component"], "additionalProperties": false, "properties": {"component": {"type": "object", "required": ["status"], "additionalProperties": false,
        "properties": {"status": {"oneOf": [{"$ref": "#/components/schemas/ComponentStatus"}, {"type": "string", "enum": ["auto"]}]}}}}}
  }
})json";

}  // namespace

Resource component_resource() { return {kRoutes, kOpenApi}; }

}  // namespace pharos::manage::detail
