#pragma once
// The public routes: /healthz, /readyz and, as the router's fallback, every pre-rendered page and
// API document of the SiteCache. The app wiring adds further routes to the same Router.
//
// A private page (config `page: {access: private}`) passes an AccessCheck: every page, history
// page, feed, incident, vendor page and /api/v2 document then needs the check to say yes.
//   browser, no session       GET /history      → 303 /admin/login?next=%2Fhistory
//   API client, no token      GET /api/v2/summary.json (or any request with Authorization,
//                             or a feed)         → 401 JSON + WWW-Authenticate: Bearer
//   allowed                   as before, plus Cache-Control: private so shared caches keep out
// /healthz and /readyz stay open (probes carry no credentials and reveal nothing).
// web does not know users or tokens: the app composes the check from the management side.
#include <functional>

#include "web/router.h"
#include "web/site/site_cache.h"

namespace pharos::web {

// True when the request may see the page (it carries a valid read token or admin session).
using AccessCheck = std::function<bool(const Request&)>;

// `cache` must outlive the router. An empty `private_check` makes the page public.
void add_public_routes(Router& router, const SiteCache& cache, AccessCheck private_check = {});

// What a private page answers a request `allowed` refused: 401 for API clients and feed
// readers, a redirect to the admin login (coming back to the same place) for browsers.
Response refuse_private(const Request& request);

}  // namespace pharos::web
