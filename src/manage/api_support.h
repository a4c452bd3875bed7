#pragma once
// Internal to the manage module: what every /api/manage/v1 route file shares. A resource (the
// incidents, the components, users/tokens/audit, the monitors, …) lives in its own
// routes_<resource>.cpp and exposes one `Resource`: its route table and the part of the OpenAPI
// document that describes it (openapi/<resource>.json, embedded: openapi_parts.h). routes.cpp
// registers every resource and openapi.cpp merges their document parts, so adding a resource is
// one new file, its JSON part and one line in `all_resources()`.
//
// A handler is a plain function (Api&, Request, Principal) → Response. `guard` wraps it with
// authentication and the scope check, so a handler only runs for a caller allowed to call it:
//
//   GET /api/manage/v1/incidents  Authorization: Bearer phr_…
//     guard: token unknown → 401 + WWW-Authenticate; scope below the route's → 403
//     handler: parse the query/body (400 naming the field), one service call (which audits the
//              change, given who.actor()), serialise
#include <algorithm>
#include <boost/json.hpp>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "auth/auth_service.h"
#include "manage/incident_request.h"
#include "manage/manage_api.h"

namespace pharos::manage::detail {

// What a handler acts on. `services` is the caller's struct as given to add_routes, so a field
// added there (an optional pointer) is reachable from every handler without touching this file.
struct Api {
  Store& store;
  IncidentService& incidents;
  auth::AuthService auth;
  const Clock& clock;
  Services services;
  // Buckets per token id and per peer address (see guard).
  std::shared_ptr<auth::RateLimiter> per_token;
  std::shared_ptr<auth::RateLimiter> per_address;
};

using Call = web::Response (*)(Api&, const web::Request&, const auth::Principal&);

struct Route {
  web::Method method;
  const char* path;  // after kApiPrefix, e.g. "/incidents/{id}"
  Scope scope;       // the least scope allowed to call it
  Call call;
};

// One resource: its routes and its part of the OpenAPI document, a JSON object text
// {"paths": {…}, "schemas": {…}} ("schemas" optional) whose $refs may point at the shared
// parameters, responses and schemas in openapi.cpp or at its own schemas.
struct Resource {
  std::span<const Route> routes;
  std::string_view openapi;
};

// The resources, in registration order. routes.cpp defines the list.
std::span<const Resource> all_resources();
Resource component_resource();
Resource incident_resource();
Resource postmortem_resource();
Resource access_resource();  // users, tokens, the audit log
Resource subscriber_resource();
Resource monitor_resource();
Resource probable_cause_resource();
Resource report_resource();  // reliability reports

// Adds Cache-Control: no-store (management answers are never cached).
web::Response no_store(web::Response r);
// The error as JSON {"error":{…}} with its HTTP status; 401s carry WWW-Authenticate.
web::Response fail(const Error& error);
web::Response ok(unsigned status, const boost::json::value& v);

// Service errors name plain fields ("name", "status"); the API names them inside the body
// object `root` ("incident.name"). "id" (the path's) and dotted paths are kept as they are.
Error in_body(Error e, const char* root);

// Records a committed change that no service audits (monitors paused, resumed or run) in the
// audit log: who, `action` ("monitor.pause"), `target` (an id) and the JSON before/after ("" for
// created/deleted), through storage/audit_log.h (a failed write is logged, never an error).
// Incidents, components and subscribers are audited by their services, with who.actor().
void audit(Api& api, const auth::Principal& who, const char* action, const std::string& target,
           std::string before, std::string after);

std::string dump(const boost::json::object& o);

// 429 with Retry-After (whole seconds, at least 1) and {"error":{"code":"rate_limited",…}}.
web::Response too_many(Millis wait, const char* whose);

// Wraps `call` with rate limiting, authentication and the scope check; the response is never
// cached. Order: a peer address whose budget unauthenticated requests spent gets 429 before
// its token is looked up; a failed authentication spends the address's budget; an
// authenticated request spends its token's budget (429 when empty) and not the address's.
web::Handler guard(std::shared_ptr<Api> api, Scope need, Call call);

// Every list route pages the same way: ?page=1..1000000 (default 1) & per_page=1..100 (default
// 25); the body is a plain JSON array (Statuspage's shape); a page shorter than per_page is the
// last, and a page past the end is []. For lists read whole (components, users, tokens) the
// slice is cut here; stores that page in SQL take parse_paging's values directly.
template <typename T, typename View>
boost::json::array page_of(const std::vector<T>& items, const Paging& paging, View view) {
  boost::json::array out;
  std::size_t first = std::min(items.size(), (paging.page - 1) * paging.per_page);
  std::size_t last = std::min(items.size(), first + paging.per_page);
  for (std::size_t n = first; n < last; ++n) out.push_back(view(items[n]));
  return out;
}
Result<Paging> request_paging(const web::Request& r);

// The incident named by the path's {id}, or the error to answer with (404 naming "id").
Result<Incident> path_incident(Api& api, const web::Request& r);

// The shape of every change to the path's incident: finds it (404 naming "id"), runs
// `change(id)` (one IncidentService call, which audits it), answers a failure with its error
// renamed by `place` (in_incident: "incident.<field>") and success with 200 and the incident as it
// is after.
using IncidentChange = std::function<Result<Incident>(const std::string& incident_id)>;
web::Response change_path_incident(Api& api, const web::Request& r, Error (*place)(Error),
                                   const IncidentChange& change);
// The same for a change the request body describes: `parse` reads the body first (a failure
// answers 400 naming the field), then `change(id, parsed)` makes the change.
template <typename Parsed, typename Change>
web::Response change_path_incident(Api& api, const web::Request& r,
                                   Result<Parsed> (*parse)(std::string_view), Error (*place)(Error),
                                   const Change& change) {
  auto parsed = parse(r.body);
  if (!parsed) return fail(parsed.error());
  return change_path_incident(api, r, place,
                              [&](const std::string& id) { return change(id, *parsed); });
}
// in_body(e, "incident"), and `e` as it is.
Error in_incident(Error e);
Error as_is(Error e);

}  // namespace pharos::manage::detail
