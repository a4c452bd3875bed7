// /api/manage/v1/users, /tokens and /audit (admin scope). AuthService audits user and token
// changes in the same transaction as the change, so these handlers do not call audit().
#include "auth/auth_json.h"
#include "manage/access_request.h"
#include "manage/api_support.h"
#include "manage/incident_request.h"
#include "manage/openapi_parts.h"

namespace pharos::manage::detail {
namespace {

namespace json = boost::json;
using M = web::Method;

// ---- audit log ----

web::Response list_audit(Api& api, const web::Request& r, const auth::Principal&) {
  auto paging = parse_paging(r.query_param("page"), r.query_param("per_page"));
  if (!paging) return fail(paging.error());
  auto entries = api.auth.audit_log(paging->per_page, (paging->page - 1) * paging->per_page);
  if (!entries) return fail(entries.error());
  json::array out;
  for (const auto& e : *entries) out.push_back(auth::audit_json(e));
  return ok(200, out);
}

// ---- users and tokens (admin scope; AuthService audits them in the same transaction) ----

// The pages a user or token may be limited to: the configured ones, else the main page alone.
std::vector<auth::PageChoice> known_pages(const Api& api) {
  if (api.services.pages) return api.services.pages();
  return {{"", "", "/"}};
}

// A parsed user or token request with its pages checked against the known ones (an unknown
// page is refused naming `field`).
template <typename Request>
Result<Request> with_known_pages(Result<Request> request, const Api& api, const char* field) {
  if (!request) return request;
  auto pages = auth::resolve_pages(request->pages, known_pages(api), field);
  if (!pages) return pages.error();
  request->pages = std::move(*pages);
  return request;
}

web::Response list_users(Api& api, const web::Request& r, const auth::Principal&) {
  auto paging = request_paging(r);
  if (!paging) return fail(paging.error());
  auto users = api.auth.list_users();
  if (!users) return fail(users.error());
  return ok(200, page_of(*users, *paging, [](const User& u) { return auth::user_json(u); }));
}

web::Response create_user(Api& api, const web::Request& r, const auth::Principal& who) {
  auto request = with_known_pages(parse_new_user(r.body), api, "user.pages");
  if (!request) return fail(request.error());
  auto user = api.auth.add_user(*request, who.actor());
  if (!user) return fail(in_body(user.error(), "user"));
  return ok(201, auth::user_json(*user));
}

web::Response remove_user(Api& api, const web::Request& r, const auth::Principal& who) {
  auto removed = api.auth.remove_user(std::string(r.param("name")), who.actor());
  if (!removed) return fail(removed.error());
  return web::Response::json(200, "{\"removed\":true}\n");
}

web::Response list_tokens(Api& api, const web::Request& r, const auth::Principal&) {
  auto paging = request_paging(r);
  if (!paging) return fail(paging.error());
  std::string user = r.query_param("user");
  auto tokens = api.auth.list_tokens(user.empty() ? std::nullopt : std::optional(user));
  if (!tokens) return fail(tokens.error());
  Instant now = api.clock.now();
  return ok(200, page_of(*tokens, *paging,
                         [now](const ApiToken& t) { return auth::token_json(t, now); }));
}

web::Response create_token(Api& api, const web::Request& r, const auth::Principal& who) {
  auto request = with_known_pages(parse_new_token(r.body, api.clock.now()), api, "token.pages");
  if (!request) return fail(request.error());
  auto issued = api.auth.create_token(*request, who.actor());
  if (!issued) return fail(in_body(issued.error(), "token"));
  json::object view = auth::token_json(issued->token, api.clock.now());
  view["token"] = issued->secret;  // the only time it is ever shown
  return ok(201, view);
}

web::Response revoke_token(Api& api, const web::Request& r, const auth::Principal& who) {
  std::string id(r.param("id"));
  auto revoked = api.auth.revoke_token(id, who.actor());
  if (!revoked) return fail(revoked.error());
  return web::Response::json(200, "{\"revoked\":true}\n");
}

constexpr Route kRoutes[] = {
    {M::kGet, "/audit", Scope::kAdmin, list_audit},
    {M::kGet, "/users", Scope::kAdmin, list_users},
    {M::kPost, "/users", Scope::kAdmin, create_user},
    {M::kDelete, "/users/{name}", Scope::kAdmin, remove_user},
    {M::kGet, "/tokens", Scope::kAdmin, list_tokens},
    {M::kPost, "/tokens", Scope::kAdmin, create_token},
    {M::kDelete, "/tokens/{id}", Scope::kAdmin, revoke_token},
};

}  // namespace

Resource access_resource() { return {kRoutes, openapi_access()}; }

}  // namespace pharos::manage::detail
