#pragma once
// The management REST API, /api/manage/v1: JSON over Bearer tokens (`pharos token create`).
//
//   401  no token, or a malformed, unknown, revoked or expired one (WWW-Authenticate: Bearer)
//   403  the token's scope or its user's role is too low: reads need `read`, changes `write`,
//        the audit log `admin`
//   400  a body or query field is wrong: {"error":{"code","message","field"}}, field a dotted
//        path ("incident.components.api"); nothing was stored
//   404/409  unknown id / illegal transition or concurrent change
//   429  the token's (or, for unauthenticated requests, the address's) request budget is spent:
//        Retry-After says when to come back (rate_limiter.h)
//
// Every change is made by one service call (one transaction), which then records it in the audit
// log with the user, the time and the thing before and after. Handlers are thin: parse, one call,
// map the error, serialise. The OpenAPI 3 document at /api/manage/v1/openapi.json lists every
// route (tests check it against the router).
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/auth_service.h"
#include "auth/rate_limiter.h"
#include "core/clock.h"
#include "incident/incident_service.h"
#include "storage/auth_store.h"
#include "storage/store.h"
#include "web/router.h"

namespace pharos::monitor {
class Monitoring;
}
namespace pharos::notify {
class SubscriptionService;
}
namespace pharos::reports {
class ReportService;
}

namespace pharos::manage {

inline constexpr std::string_view kApiPrefix = "/api/manage/v1";

// What the routes act on. Every referenced object must outlive the router; the routes may run
// on many threads at once (the stores and services serialise). Optional parts are pointers:
// the routes that need a missing one answer 503 with a message naming it.
struct Services {
  Store& store;
  IncidentService& incidents;
  AuthStore& auth_store;
  const Clock& clock;
  // The running monitors (pause, resume, run now); null: the /monitors routes answer 503.
  monitor::Monitoring* monitoring = nullptr;
  // Subscribers (list, add, remove); null: the /subscribers routes answer 503.
  notify::SubscriptionService* subscriptions = nullptr;
  // Reliability reports; null: /reports routes answer 503.
  reports::ReportService* reports = nullptr;
  // Request budgets per API token and per peer address (429 + Retry-After when spent).
  auth::ApiRateLimits rate_limits{};
  // The status pages of the config in force, for users and tokens limited to pages; unset: only
  // the main page.
  std::function<std::vector<auth::PageChoice>()> pages = {};
};

// Adds every management route to `router`.
void add_routes(web::Router& router, const Services& services);

// The OpenAPI 3.0 document, JSON.
const std::string& openapi_document();

}  // namespace pharos::manage
