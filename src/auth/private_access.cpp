#include "auth/private_access.h"

#include <algorithm>
#include <memory>

#include "auth/auth_service.h"

namespace pharos::auth {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool equals_ci(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string session_cookie_value(const web::Request& request) {
  // Cookie: a=1; pharos_session=VALUE; b=2 — the first pharos_session wins.
  for (const web::Header& header : request.headers) {
    if (!equals_ci(header.name, "Cookie")) continue;
    std::string_view rest = header.value;
    while (!rest.empty()) {
      auto semi = rest.find(';');
      std::string_view pair = trim(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
      auto eq = pair.find('=');
      if (eq != std::string_view::npos && trim(pair.substr(0, eq)) == kSessionCookie) {
        return std::string(trim(pair.substr(eq + 1)));
      }
    }
  }
  return {};
}

web::AccessCheck private_page_check(AuthStore& auth_store, SessionManager& sessions,
                                    const Clock& clock, PrivatePages is_private) {
  auto auth = std::make_shared<AuthService>(auth_store, clock);
  return [auth, &sessions, is_private = std::move(is_private)](const web::Request& request,
                                                               std::string_view slug) {
    using web::Access;
    if (!is_private || !is_private(slug)) return Access::kPublic;
    std::string_view authorization = request.header("Authorization");
    if (!authorization.empty()) {
      auto who = auth->authenticate(authorization);
      if (!who.ok() || who->scope < Scope::kRead) return Access::kNoCredentials;
      if (who->pages.empty()) return Access::kAllowed;
      bool listed = std::find(who->pages.begin(), who->pages.end(), slug) != who->pages.end();
      return listed ? Access::kAllowed : Access::kOtherPage;
    }
    std::string cookie = session_cookie_value(request);
    auto session = cookie.empty() ? std::nullopt : sessions.find(cookie);
    if (!session) return Access::kNoCredentials;
    if (session->pages.empty()) return Access::kAllowed;
    bool listed =
        std::find(session->pages.begin(), session->pages.end(), slug) != session->pages.end();
    return listed ? Access::kAllowed : Access::kOtherPage;
  };
}

}  // namespace pharos::auth
