#pragma once
// Who may see a private status page (config `access: private` of `page:` or an entry of
// `pages:`): a request with a Bearer token that has at least the read scope (as for the
// management API) and, when the token is limited to pages (`pharos token create --page`), names
// this one (a token of a user limited to pages: the user's pages); or with a live session cookie:
// a user of the admin UI (any role, viewer and up) sees every private page, since a person who
// may run the admin UI may read what it manages; a user limited to pages (User::pages, a reader
// of some pages only, as Statuspage's audience-specific page viewers) sees those. The web layer
// asks this check and refuses the rest (web::refuse_private); it does not know users, tokens or
// sessions itself.
//
//   GET /            Authorization: Bearer phr_<read token>      → allowed
//   GET /internal/   Authorization: Bearer phr_<token --page customers> → 403 (other page)
//   GET /history     Cookie: pharos_session=<live session>        → allowed
//   GET /internal/   Cookie: pharos_session=<session of a user --page customers> → 403
//   GET /            Authorization: Bearer phr_<revoked>          → refused (no fallback to the
//                    cookie: a bad token is a client error to see, not to paper over)
#include <functional>
#include <string_view>

#include "auth/sessions.h"
#include "core/clock.h"
#include "storage/auth_store.h"
#include "web/access.h"

namespace pharos::auth {

// The value of the pharos_session cookie in a request's Cookie headers, or empty.
std::string session_cookie_value(const web::Request& request);

// Whether the page `slug` ("" the main page) is private.
using PrivatePages = std::function<bool(std::string_view slug)>;

// `auth_store`, `sessions` and `clock` must outlive the returned check. Thread-safe when
// `is_private` is. A public page answers kPublic without looking at the request.
web::AccessCheck private_page_check(AuthStore& auth_store, SessionManager& sessions,
                                    const Clock& clock, PrivatePages is_private);

}  // namespace pharos::auth
