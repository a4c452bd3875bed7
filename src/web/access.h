#pragma once
// Private pages at the HTTP level: the check a request must pass and the answer when it fails.
// web does not know users, tokens or sessions: the check is composed by the auth module
// (auth/private_access.h) and handed to whoever serves private content (the public site's
// routes, the runtime's subscribe form).
#include <functional>

#include "web/http.h"

namespace pharos::web {

// True when the request may see the page (it carries a valid read token or admin session).
using AccessCheck = std::function<bool(const Request&)>;

// What a private page answers a request its AccessCheck refused: 401 (with
// WWW-Authenticate: Bearer) for API clients and feed readers, a 303 to the admin login (coming
// back to the same place) for browsers. Never cached.
Response refuse_private(const Request& request);

}  // namespace pharos::web
