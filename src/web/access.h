#pragma once
// Private pages at the HTTP level: the check a request must pass and the answer when it fails.
// web does not know users, tokens or sessions: the check is composed by the auth module
// (auth/private_access.h) and handed to whoever serves private content (the public site's
// routes, the runtime's subscribe form).
#include <functional>
#include <string_view>

#include "web/http.h"

namespace pharos::web {

// What a page's check says of a request.
enum class Access {
  kPublic,         // the page is public: anyone
  kAllowed,        // private, and a valid read token allowed on the page or an admin session
  kNoCredentials,  // none, or an unknown, revoked or expired token
  kOtherPage,      // a valid token restricted to other pages
};

// May `request` see the page `page_slug` (empty: the main page)? An empty check: every page is
// public.
using AccessCheck = std::function<Access(const Request& request, std::string_view page_slug)>;

// What a private page answers a request its AccessCheck refused: for kNoCredentials, 401 (with
// WWW-Authenticate: Bearer) for API clients and feed readers and a 303 to the admin login
// (coming back to the same place) for browsers; for kOtherPage, 403 (logging in would not help).
// Never cached.
Response refuse_private(const Request& request, Access why = Access::kNoCredentials);

}  // namespace pharos::web
