#pragma once
// Who may see a private status page (config `page: {access: private}`): a request with a Bearer
// token that has at least the read scope (as for the management API), or with a live admin-UI
// session cookie of any role (viewer and up). The web layer asks this check and refuses the
// rest (web::refuse_private); it does not know users, tokens or sessions itself.
//
//   GET /            Authorization: Bearer phr_<read token>      → allowed
//   GET /history     Cookie: pharos_session=<live session>        → allowed
//   GET /            Authorization: Bearer phr_<revoked>          → refused (no fallback to the
//                    cookie: a bad token is a client error to see, not to paper over)
#include "auth/sessions.h"
#include "core/clock.h"
#include "storage/auth_store.h"
#include "web/access.h"

namespace pharos::auth {

// The value of the pharos_session cookie in a request's Cookie headers, or empty.
std::string session_cookie_value(const web::Request& request);

// `auth_store`, `sessions` and `clock` must outlive the returned check. Thread-safe.
web::AccessCheck private_page_check(AuthStore& auth_store, SessionManager& sessions,
                                    const Clock& clock);

}  // namespace pharos::auth
