// /api/manage/v1/subscribers: who gets notified. Addresses are personal data, so every route
// needs the write scope (responders and admins); adding an email subscriber without the
// confirmation mail (skip_confirmation_notification, Statuspage's name) needs admin.
//
//   GET /subscribers?state=unconfirmed&component=api&page=2   filtered, then paged
//   POST /subscribers {"subscriber":{"kind":"email","address":"ops@acme.example",
//                      "component_ids":["api"]}}              → 201, confirmation mail queued
//   DELETE /subscribers/{id}                                   → 200, queued deliveries cancelled
// Webhook signing secrets appear once, in the POST answer; never in lists or the audit log.
#include "manage/api_support.h"
#include "manage/openapi_parts.h"
#include "notify/subscriber_json.h"
#include "notify/subscription_service.h"

namespace pharos::manage::detail {
namespace {

namespace json = boost::json;
using M = web::Method;

Result<notify::SubscriptionService*> subscriptions(Api& api) {
  if (!api.services.subscriptions) {
    return Error{ErrorCode::kUnavailable, "this process runs without notifications", ""};
  }
  return api.services.subscriptions;
}

Result<notify::SubscribeRequest> parse_subscriber(std::string_view body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) return Error::invalid("the body must be a JSON object", "body");
  for (const auto& [key, _] : v.as_object()) {
    if (key != "subscriber") return Error::invalid("unknown field; expected \"subscriber\"", key);
  }
  const json::value* root = v.as_object().if_contains("subscriber");
  if (!root || !root->is_object()) return Error::invalid("required object", "subscriber");
  notify::SubscribeRequest r;
  for (const auto& [key, value] : root->as_object()) {
    std::string field = "subscriber." + std::string(key);
    if (key == "kind") {
      auto kind = value.is_string() ? parse_subscriber_kind(value.as_string()) : std::nullopt;
      if (!kind) return Error::invalid("use email, webhook, slack, teams or discord", field);
      r.kind = *kind;
    } else if (key == "address") {
      if (!value.is_string() || value.as_string().size() > 2048) {
        return Error::invalid("must be a string of at most 2048 characters", field);
      }
      r.address = std::string(value.as_string());
    } else if (key == "component_ids") {
      if (!value.is_array()) return Error::invalid("must be an array of component ids", field);
      for (const auto& c : value.as_array()) {
        if (!c.is_string()) return Error::invalid("must be an array of component ids", field);
        r.components.emplace_back(c.as_string());
      }
    } else if (key == "skip_confirmation_notification") {
      if (!value.is_bool()) return Error::invalid("must be true or false", field);
      r.skip_confirmation = value.as_bool();
    } else {
      return Error::invalid("unknown field", field);
    }
  }
  if (r.address.empty()) return Error::invalid("required", "subscriber.address");
  return r;
}

web::Response list_subscribers(Api& api, const web::Request& r, const auth::Principal&) {
  auto paging = request_paging(r);
  if (!paging) return fail(paging.error());
  std::string state = r.query_param("state");
  if (!state.empty() && state != "confirmed" && state != "unconfirmed") {
    return fail(Error::invalid("use confirmed or unconfirmed", "state"));
  }
  std::string component = r.query_param("component");
  auto service = subscriptions(api);
  if (!service) return fail(service.error());
  auto all = (*service)->list();
  if (!all) return fail(all.error());
  std::vector<Subscriber> kept;
  for (auto& s : *all) {
    if (!state.empty() && s.confirmed != (state == "confirmed")) continue;
    // A whole-page subscriber hears about every component, so it matches any component filter.
    if (!component.empty() && !s.components.empty() &&
        std::find(s.components.begin(), s.components.end(), component) == s.components.end()) {
      continue;
    }
    kept.push_back(std::move(s));
  }
  return ok(200, page_of(kept, *paging, notify::subscriber_json));
}

web::Response create_subscriber(Api& api, const web::Request& r, const auth::Principal& who) {
  auto request = parse_subscriber(r.body);
  if (!request) return fail(request.error());
  if (request->skip_confirmation && who.scope < Scope::kAdmin) {
    return fail({ErrorCode::kPermissionDenied,
                 "only an admin may add a subscriber without its confirmation",
                 "subscriber.skip_confirmation_notification"});
  }
  auto service = subscriptions(api);
  if (!service) return fail(service.error());
  request->actor = who.actor();
  auto created = (*service)->subscribe(*request);
  if (!created) {
    Error e = created.error();
    if (e.field == "components") e.field = "component_ids";
    return fail(in_body(std::move(e), "subscriber"));
  }
  json::object view = notify::subscriber_json(created->subscriber);
  if (!created->subscriber.secret.empty()) view["secret"] = created->subscriber.secret;
  return ok(201, view);
}

web::Response delete_subscriber(Api& api, const web::Request& r, const auth::Principal& who) {
  auto service = subscriptions(api);
  if (!service) return fail(service.error());
  auto removed = (*service)->remove(std::string(r.param("id")), who.actor());
  if (!removed) return fail(removed.error());
  return ok(200, notify::subscriber_json(*removed));
}

constexpr Route kRoutes[] = {
    {M::kGet, "/subscribers", Scope::kWrite, list_subscribers},
    {M::kPost, "/subscribers", Scope::kWrite, create_subscriber},
    {M::kDelete, "/subscribers/{id}", Scope::kWrite, delete_subscriber},
};

}  // namespace

Resource subscriber_resource() { return {kRoutes, openapi_subscribers()}; }

}  // namespace pharos::manage::detail
