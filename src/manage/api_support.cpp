// The helpers every management route file shares (see api_support.h).
#include "manage/api_support.h"

#include <algorithm>

#include "core/ids.h"
#include "core/log.h"
#include "statuspage/json.h"
#include "storage/audit_log.h"

namespace pharos::manage::detail {

namespace json = boost::json;

web::Response no_store(web::Response r) {
  r.header("Cache-Control", "no-store");
  return r;
}

web::Response fail(const Error& error) {
  web::Response r = web::error_response(error);
  if (error.code == ErrorCode::kUnauthenticated)
    r.header("WWW-Authenticate", "Bearer realm=\"pharos\"");
  return no_store(std::move(r));
}

web::Response ok(unsigned status, const json::value& v) {
  return web::Response::json(status, json::serialize(v) + "\n");
}

Error in_body(Error e, const char* root) {
  if (!e.field.empty() && e.field != "id" && e.field.find('.') == std::string::npos) {
    e.field = std::string(root) + "." + e.field;
  }
  return e;
}

void audit(Api& api, const auth::Principal& who, const char* action, const std::string& target,
           std::string before, std::string after) {
  AuditLog(api.services.auth_store, api.clock)
      .record(who.actor(), action, target, std::move(before), std::move(after));
}

std::string dump(const json::object& o) { return json::serialize(o); }

web::Response too_many(Millis wait, const char* whose) {
  auto seconds = std::max<std::int64_t>(1, (wait.count() + 999) / 1000);
  json::object error{{"code", "rate_limited"},
                     {"message", std::string("too many requests from this ") + whose +
                                     "; retry after " + std::to_string(seconds) + " s"},
                     {"field", nullptr}};
  web::Response r = ok(429, json::object{{"error", std::move(error)}});
  r.header("Retry-After", std::to_string(seconds));
  return no_store(std::move(r));
}

web::Handler guard(std::shared_ptr<Api> api, Scope need, Call call) {
  return [api = std::move(api), need, call](const web::Request& request) {
    // Unknown addresses (in-process calls) share one bucket rather than escaping the limit.
    std::string address(request.peer_address.empty() ? "-" : request.peer_address);
    if (Millis w = api->per_address->wait(address); w.count() > 0) {
      return too_many(w, "address");
    }
    auto who = api->auth.authenticate(request.header("Authorization"));
    if (!who) {
      api->per_address->take(address);
      return fail(who.error());
    }
    if (Millis w = api->per_token->take(who->token_id); w.count() > 0) {
      return too_many(w, "token");
    }
    if (!who->user.pages.empty()) {
      // A reader of some status pages: the management API would show every page's incidents.
      return fail({ErrorCode::kPermissionDenied,
                   "this token's user reads status pages only, not the management API",
                   "Authorization"});
    }
    if (who->scope < need) {
      return fail({ErrorCode::kPermissionDenied,
                   "this needs the '" + std::string(to_string(need)) +
                       "' scope; this token (with " + "its user's role) allows '" +
                       std::string(to_string(who->scope)) + "'",
                   "Authorization"});
    }
    return no_store(call(*api, request, *who));
  };
}

Result<Paging> request_paging(const web::Request& r) {
  return parse_paging(r.query_param("page"), r.query_param("per_page"));
}

Result<Incident> path_incident(Api& api, const web::Request& r) {
  std::string id(r.param("id"));
  if (!is_valid_id(id)) return Error::not_found("no incident with id '" + id + "'", "id");
  auto found = api.store.find_incident(id);
  if (!found) return found.error();
  if (!found->has_value()) return Error::not_found("no incident with id '" + id + "'", "id");
  return **found;
}

web::Response change_path_incident(Api& api, const web::Request& r, Error (*place)(Error),
                                   const IncidentChange& change) {
  auto before = path_incident(api, r);
  if (!before) return fail(before.error());
  auto after = change(before->id);
  if (!after) return fail(place(after.error()));
  return ok(200, statuspage::incident_json(*after));
}

Error in_incident(Error e) { return in_body(std::move(e), "incident"); }
Error as_is(Error e) { return e; }

}  // namespace pharos::manage::detail
