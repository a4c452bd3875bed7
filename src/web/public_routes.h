#pragma once
// The public routes: /healthz, /readyz and, as the router's fallback, every pre-rendered page and
// API document of the SiteCache. The app wiring adds further routes to the same Router.
#include "web/router.h"
#include "web/site/site_cache.h"

namespace pharos::web {

// `cache` must outlive the router.
void add_public_routes(Router& router, const SiteCache& cache);

}  // namespace pharos::web
