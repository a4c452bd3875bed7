// /api/manage/v1/incidents/{id}/probable_causes: people link a vendor incident to an own
// incident as its probable cause, or unlink one automation linked (it then stays unlinked:
// IncidentService remembers the dismissal). Automation links on its own (docs/configuration.md,
// "How automation behaves"); these routes are for what it could not know.
#include "manage/api_support.h"
#include "manage/incident_request.h"

namespace pharos::manage::detail {
namespace {

using M = web::Method;

// The service names the vendor incident "cause_id"; the API body calls it
// probable_cause.incident_id.
Error in_cause(Error e) {
  if (e.field == "cause_id") e.field = "probable_cause.incident_id";
  return e;
}

web::Response link_cause(Api& api, const web::Request& r, const auth::Principal& who) {
  return change_path_incident(
      api, r, parse_probable_cause, in_cause, [&](const std::string& id, const std::string& cause) {
        return api.incidents.link_probable_cause(id, cause, who.user.name, who.actor());
      });
}

web::Response unlink_cause(Api& api, const web::Request& r, const auth::Principal& who) {
  // "cause_id" in an error is the path's parameter: as it is.
  return change_path_incident(api, r, as_is, [&](const std::string& id) {
    return api.incidents.unlink_probable_cause(id, std::string(r.param("cause_id")), who.actor());
  });
}

constexpr Route kRoutes[] = {
    {M::kPost, "/incidents/{id}/probable_causes", Scope::kWrite, link_cause},
    {M::kDelete, "/incidents/{id}/probable_causes/{cause_id}", Scope::kWrite, unlink_cause},
};

constexpr std::string_view kOpenApi = R"json({
  "paths": {
    "/incidents/{id}/probable_causes": {
      "parameters": [{"$ref": "#/components/parameters/Id"}],
      "post": {"summary": "Link a vendor incident as the probable cause of this incident", "operationId": "linkProbableCause",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ProbableCauseLink"}}}},
        "responses": {"200": {"$ref": "#/components/responses/Incident"}, "400": {"$ref": "#/components/responses/Invalid"},
          "404": {"$ref": "#/components/responses/NotFound"}}}
    },
    "/incidents/{id}/probable_causes/{cause_id}": {
      "parameters": [{"$ref": "#/components/parameters/Id"},
        {"name": "cause_id", "in": "path", "required": true, "schema": {"type": "string"}, "description": "the linked vendor incident's id"}],
      "delete": {"summary": "Unlink a probable cause; automation will not link it again", "operationId": "unlinkProbableCause",
        "responses": {"200": {"$ref": "#/components/responses/Incident"}, "404": {"$ref": "#/components/responses/NotFound"}}}
    }
  },
  "schemas": {
    "ProbableCauseLink": {"type": "object", "required": ["probable_cause"], "additionalProperties": false, "properties": {"probable_cause": {"type": "object", "required": ["incident_id"], "additionalProperties": false, "properties": {
      "incident_id": {"type": "string", "description": "a vendor incident's id (source vendor)"}}}}}
  }
})json";

}  // namespace

Resource probable_cause_resource() { return {kRoutes, kOpenApi}; }

}  // namespace pharos::manage::detail
