#include "manage/access_request.h"

#include <boost/json.hpp>
#include <set>

namespace pharos::manage {
namespace {

namespace json = boost::json;

// {"<root>": {...}} with only `known` fields inside.
Result<json::object> body_object(std::string_view body, const std::string& root,
                                 const std::set<std::string_view>& known) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec) return Error::invalid("the body is not valid JSON: " + ec.message(), "body");
  if (!v.is_object()) return Error::invalid("the body must be a JSON object", "body");
  for (const auto& [key, _] : v.as_object()) {
    if (key != root) return Error::invalid("unknown field; expected \"" + root + "\"", key);
  }
  const json::value* inner = v.as_object().if_contains(root);
  if (!inner) return Error::invalid("required", root);
  if (!inner->is_object()) return Error::invalid("must be an object", root);
  for (const auto& [key, _] : inner->as_object()) {
    if (!known.count(key)) return Error::invalid("unknown field", root + "." + std::string(key));
  }
  return inner->as_object();
}

// o[key] as a string: "" when absent; an error naming root.key when not a string.
Result<std::string> text(const json::object& o, const std::string& root, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return std::string();
  if (!v->is_string()) return Error::invalid("must be a string", root + "." + std::string(key));
  return std::string(v->as_string());
}

// o[key] as an array of strings: empty when absent; an error naming root.key otherwise.
Result<std::vector<std::string>> texts(const json::object& o, const std::string& root,
                                       std::string_view key) {
  const json::value* v = o.if_contains(key);
  std::vector<std::string> out;
  if (!v || v->is_null()) return out;
  Error bad = Error::invalid("must be an array of page slugs (\"main\": the main page)",
                             root + "." + std::string(key));
  if (!v->is_array()) return bad;
  for (const auto& item : v->as_array()) {
    if (!item.is_string()) return bad;
    out.emplace_back(item.as_string());
  }
  return out;
}

}  // namespace

Result<auth::NewUser> parse_new_user(std::string_view body) {
  auto o = body_object(body, "user", {"name", "role", "password", "pages"});
  if (!o) return o.error();
  auth::NewUser r;
  auto name = text(*o, "user", "name");
  if (!name) return name.error();
  r.name = *name;
  auto role = text(*o, "user", "role");
  if (!role) return role.error();
  if (!role->empty()) {
    auto parsed = parse_role(*role);
    if (!parsed) return Error::invalid("use admin, responder or viewer", "user.role");
    r.role = *parsed;
  }
  auto password = text(*o, "user", "password");
  if (!password) return password.error();
  r.password = *password;
  auto pages = texts(*o, "user", "pages");
  if (!pages) return pages.error();
  r.pages = *pages;
  return r;
}

Result<auth::NewToken> parse_new_token(std::string_view body, Instant now) {
  auto o = body_object(body, "token", {"user", "label", "scopes", "expires_at", "pages"});
  if (!o) return o.error();
  auth::NewToken r;
  auto user = text(*o, "token", "user");
  if (!user) return user.error();
  if (user->empty()) return Error::invalid("required", "token.user");
  r.user_name = *user;
  auto label = text(*o, "token", "label");
  if (!label) return label.error();
  if (label->size() > 255) return Error::invalid("at most 255 characters", "token.label");
  r.label = *label;
  const json::value* scopes = o->if_contains("scopes");
  if (!scopes || !scopes->is_array() || scopes->as_array().empty()) {
    return Error::invalid("a non-empty array of read, write, admin", "token.scopes");
  }
  for (const auto& s : scopes->as_array()) {
    auto parsed = s.is_string() ? parse_scope(s.as_string()) : std::nullopt;
    if (!parsed) return Error::invalid("a non-empty array of read, write, admin", "token.scopes");
    r.scopes.push_back(*parsed);
  }
  auto expires = text(*o, "token", "expires_at");
  if (!expires) return expires.error();
  if (!expires->empty()) {
    auto at = auth::parse_expiry(*expires, now);
    if (!at) return Error::invalid(at.error().message, "token.expires_at");
    r.expires_at = *at;
  }
  auto pages = texts(*o, "token", "pages");
  if (!pages) return pages.error();
  r.pages = *pages;
  return r;
}

}  // namespace pharos::manage
