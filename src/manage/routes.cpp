// Registers every /api/manage/v1 resource (one routes_<resource>.cpp each) behind the
// authentication and scope guard, plus the unauthenticated OpenAPI document.
#include "manage/api_support.h"

namespace pharos::manage {

namespace detail {

std::span<const Resource> all_resources() {
  // One line per resource file; openapi.cpp documents the same list.
  static const Resource kResources[] = {
      component_resource(), incident_resource(),   postmortem_resource(),     access_resource(),
      monitor_resource(),   subscriber_resource(), probable_cause_resource(), report_resource(),
  };
  return kResources;
}

}  // namespace detail

void add_routes(web::Router& router, const Services& services) {
  auto api = std::make_shared<detail::Api>(detail::Api{
      .store = services.store,
      .incidents = services.incidents,
      .auth = auth::AuthService(services.auth_store, services.clock),
      .clock = services.clock,
      .services = services,
      .per_token = std::make_shared<auth::RateLimiter>(
          services.clock, services.rate_limits.per_token, services.rate_limits.max_tracked),
      .per_address = std::make_shared<auth::RateLimiter>(
          services.clock, services.rate_limits.per_address, services.rate_limits.max_tracked),
  });
  std::string prefix(kApiPrefix);
  for (const auto& resource : detail::all_resources()) {
    for (const auto& route : resource.routes) {
      router.add(route.method, prefix + route.path, detail::guard(api, route.scope, route.call));
    }
  }
  router.add(web::Method::kGet, prefix + "/openapi.json",
             [](const web::Request&) { return web::Response::json(200, openapi_document()); });
}

}  // namespace pharos::manage
