// /api/manage/v1/incidents/{id}/probable_causes: people link a vendor incident to an own
// incident as its probable cause, or unlink one automation linked (it then stays unlinked:
// IncidentService remembers the dismissal). Automation links on its own (docs/configuration.md,
// "How automation behaves"); these routes are for what it could not know.
#include "manage/api_support.h"
#include "manage/incident_request.h"
#include "manage/openapi_parts.h"

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

}  // namespace

Resource probable_cause_resource() { return {kRoutes, openapi_probable_causes()}; }

}  // namespace pharos::manage::detail
