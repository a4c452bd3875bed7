#include "auth/auth_json.h"

#include "statuspage/json.h"

namespace pharos::auth {

namespace json = boost::json;
using statuspage::time_or_null;

json::object user_json(const User& u) {
  json::array pages;
  for (const auto& p : u.pages) pages.emplace_back(p);
  return {{"id", u.id},
          {"name", u.name},
          {"role", to_string(u.role)},
          {"pages", std::move(pages)},
          {"created_at", format_iso_utc(u.created_at)}};
}

json::object token_json(const ApiToken& t) {
  json::array scopes;
  for (Scope s : t.scopes) scopes.emplace_back(to_string(s));
  json::array pages;
  for (const auto& p : t.pages) pages.emplace_back(p);
  return {{"id", t.id},
          {"user_id", t.user_id},
          {"label", t.label},
          {"hint", t.hint},
          {"scopes", std::move(scopes)},
          {"pages", std::move(pages)},
          {"created_at", format_iso_utc(t.created_at)},
          {"expires_at", time_or_null(t.expires_at)},
          {"revoked_at", time_or_null(t.revoked_at)}};
}

json::object token_json(const ApiToken& t, Instant now) {
  json::object o = token_json(t);
  o["active"] = !t.revoked_at && !(t.expires_at && *t.expires_at <= now);
  return o;
}

json::object audit_json(const AuditEntry& e) {
  return {{"seq", e.seq},       {"at", format_iso_utc(e.at)}, {"actor", e.actor},
          {"action", e.action}, {"target", e.target},         {"before", e.before},
          {"after", e.after}};
}

}  // namespace pharos::auth
