// /api/manage/v1/incidents/{id}/postmortem: write a post-mortem as a draft, publish it (quietly,
// or telling subscribers), delete it. The rules (incidents only, publish once resolved) live in
// IncidentService, which also audits each change; these handlers parse, call it once, serialise.
#include "manage/api_support.h"
#include "manage/incident_request.h"
#include "manage/openapi_parts.h"

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

}  // namespace

Resource postmortem_resource() { return {kRoutes, openapi_postmortems()}; }

}  // namespace pharos::manage::detail
