#include "manage/views.h"

#include "statuspage/json.h"

namespace pharos::manage {
namespace json = boost::json;
using statuspage::time_or_null;

json::object audit_view(const AuditEntry& e) {
  return {{"seq", e.seq},       {"at", format_iso_utc(e.at)}, {"actor", e.actor},
          {"action", e.action}, {"target", e.target},         {"before", e.before},
          {"after", e.after}};
}

json::object user_view(const User& u) {
  return {{"id", u.id},
          {"name", u.name},
          {"role", to_string(u.role)},
          {"created_at", format_iso_utc(u.created_at)}};
}

json::object token_view(const ApiToken& t, Instant now) {
  json::array scopes;
  for (Scope s : t.scopes) scopes.emplace_back(to_string(s));
  json::object o{{"id", t.id},
                 {"user_id", t.user_id},
                 {"label", t.label},
                 {"hint", t.hint},
                 {"scopes", std::move(scopes)},
                 {"created_at", format_iso_utc(t.created_at)}};
  o["expires_at"] = time_or_null(t.expires_at);
  o["revoked_at"] = time_or_null(t.revoked_at);
  o["active"] = !t.revoked_at && !(t.expires_at && *t.expires_at <= now);
  return o;
}

}  // namespace pharos::manage
