#pragma once
// The public routes: /healthz, /readyz and, as the router's fallback, every pre-rendered page and
// API document of the SiteCache. The app wiring adds further routes to the same Router.
//
// A private page (config `page: {access: private}`) passes an AccessCheck: every page, history
// page, feed, incident, vendor page and /api/v2 document then needs the check to say yes.
//   browser, no session       GET /history      → 303 /admin/login?next=%2Fhistory
//   API client, no token      GET /api/v2/summary.json (or any request with Authorization,
//                             a feed, a badge or /widget.js) → 401 JSON + WWW-Authenticate: Bearer
//   allowed                   as before, plus Cache-Control: private so shared caches keep out,
//                             and without Access-Control-Allow-Origin
// /healthz and /readyz stay open (probes carry no credentials; /readyz names the nodes of an
// installation with several, nothing more: no addresses, no errors).
// The site does not know users or tokens: the app composes the check from the auth module
// (auth/private_access.h); the refusal is web::refuse_private (web/access.h).
#include <functional>
#include <string>

#include "site/site_cache.h"
#include "web/access.h"
#include "web/router.h"

namespace pharos::site {

// Lines /readyz adds after its first (several nodes: the nodes, their locations, leases and last
// heartbeats). Called per request: must be cheap and must not touch the database.
using ReadinessNote = std::function<std::string()>;

// `cache` must outlive the router. Each request is served from the snapshot of the page it is
// for (SiteCache::resolve: "/internal/…", or a page's Host) after that page's `check` (empty:
// every page public).
void add_public_routes(web::Router& router, const SiteCache& cache, web::AccessCheck check = {},
                       ReadinessNote note = {});

}  // namespace pharos::site
