// /api/manage/v1/incidents/{id}/postmortem: write a post-mortem as a draft, publish it (quietly,
// or telling subscribers), delete it. The rules (incidents only, publish once resolved) live in
// IncidentService, which also audits each change; these handlers parse, call it once, serialise.
#include "manage/api_support.h"
#include "manage/incident_request.h"

namespace pharos::manage::detail {
namespace {

using M = web::Method;

// The service names the body "body"; the API calls it postmortem.body_draft.
Error in_postmortem(Error e) {
  if (e.field == "body") e.field = "postmortem.body_draft";
  return e;
}

web::Response save_postmortem(Api& api, const web::Request& r, const auth::Principal& who) {
  return change_path_incident(api, r, parse_postmortem_draft, in_postmortem,
                              [&](const std::string& id, const std::string& body) {
                                return api.incidents.save_postmortem(id, body, who.actor());
                              });
}

web::Response publish_postmortem(Api& api, const web::Request& r, const auth::Principal& who) {
  return change_path_incident(
      api, r, parse_postmortem_publish, in_postmortem, [&](const std::string& id, bool notify) {
        return api.incidents.publish_postmortem(
            id, {.notify_subscribers = notify, .author = who.user.name}, who.actor());
      });
}

web::Response delete_postmortem(Api& api, const web::Request& r, const auth::Principal& who) {
  return change_path_incident(api, r, as_is, [&](const std::string& id) {
    return api.incidents.delete_postmortem(id, who.actor());
  });
}

constexpr Route kRoutes[] = {
    {M::kPut, "/incidents/{id}/postmortem", Scope::kWrite, save_postmortem},
    {M::kDelete, "/incidents/{id}/postmortem", Scope::kWrite, delete_postmortem},
    {M::kPost, "/incidents/{id}/postmortem/publish", Scope::kWrite, publish_postmortem},
};

constexpr std::string_view kOpenApi = R"json({
  "paths": {
    "/incidents/{id}/postmortem": {
      "parameters": [{"$ref": "#/components/parameters/Id"}],
      "put": {"summary": "Save the post-mortem (Markdown; a draft until published, a published one is edited in place)", "operationId": "savePostmortem",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PostmortemDraft"}}}},
        "responses": {"200": {"$ref": "#/components/responses/Incident"}, "400": {"$ref": "#/components/responses/Invalid"},
          "404": {"$ref": "#/components/responses/NotFound"}, "409": {"$ref": "#/components/responses/Conflict"}}},
      "delete": {"summary": "Delete the post-mortem, draft or published", "operationId": "deletePostmortem",
        "responses": {"200": {"$ref": "#/components/responses/Incident"}, "404": {"$ref": "#/components/responses/NotFound"},
          "409": {"$ref": "#/components/responses/Conflict"}}}
    },
    "/incidents/{id}/postmortem/publish": {
      "parameters": [{"$ref": "#/components/parameters/Id"}],
      "post": {"summary": "Publish the saved post-mortem of a resolved incident (status becomes postmortem); subscribers are told only with notify_subscribers", "operationId": "publishPostmortem",
        "requestBody": {"required": false, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PostmortemPublish"}}}},
        "responses": {"200": {"$ref": "#/components/responses/Incident"}, "400": {"$ref": "#/components/responses/Invalid"},
          "404": {"$ref": "#/components/responses/NotFound"}, "409": {"$ref": "#/components/responses/Conflict"}}}
    }
  },
  "schemas": {
    "PostmortemDraft": {"type": "object", "required": ["postmortem"], "additionalProperties": false, "properties": {"postmortem": {"type": "object", "required": ["body_draft"], "additionalProperties": false, "properties": {
      "body_draft": {"type": "string", "minLength": 1, "maxLength": 100000, "description": "Markdown; seed 003's sections (Description, Type of Event, Services Impacted, Timeline, Total Duration, Root Cause, Remediation, Preventative Action) as headings"}}}}},
    "PostmortemPublish": {"type": "object", "additionalProperties": false, "properties": {"postmortem": {"type": "object", "additionalProperties": false, "properties": {
      "notify_subscribers": {"type": "boolean", "default": false}}}}}
  }
})json";

}  // namespace

Resource postmortem_resource() { return {kRoutes, kOpenApi}; }

}  // namespace pharos::manage::detail
